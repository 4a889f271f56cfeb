import { incidentMetricCounts } from "@/lib/db/coverage";
import { getIncident } from "@/lib/db/incidents";
import { found } from "@/lib/http/errors";
import { idParams, sessionRoute } from "@/lib/http/route";
import { commandsFor, domainOfMetric, relevantDomains, type CoverageDomain } from "@/lib/workflow/coverage";

/** Domains x hosts: what evidence the incident's snapshots hold, and what to run for the rest. */
export const GET = sessionRoute({ params: idParams }, async ({ teamId, params }) => {
  const incident = found(await getIncident(teamId, params.id), "No such incident");
  const counts = await incidentMetricCounts(teamId, params.id);
  const domains = relevantDomains(incident.environment);
  const hosts = new Map<string, { id: string; hostname: string; domains: Record<string, { series: number; samples: number; metrics: string[] }> }>();
  for (const c of counts) {
    const host = hosts.get(c.hostId) ?? { id: c.hostId, hostname: c.hostname, domains: {} };
    const d = domainOfMetric(c.metric);
    if (d) {
      const cell = host.domains[d] ?? { series: 0, samples: 0, metrics: [] };
      cell.series += c.series;
      cell.samples += c.samples;
      cell.metrics.push(c.metric);
      host.domains[d] = cell;
    }
    hosts.set(c.hostId, host);
  }
  const missing = new Set<CoverageDomain>();
  for (const h of hosts.values()) for (const d of domains) if (!h.domains[d]) missing.add(d);
  if (hosts.size === 0) for (const d of domains) missing.add(d);
  return {
    domains,
    hosts: [...hosts.values()].sort((a, b) => a.hostname.localeCompare(b.hostname)),
    suggestions: [...missing].map((d) => ({ domain: d, commands: commandsFor(d, incident.environment) })),
  };
});

import type { StepName } from "@/lib/validation/incident";

/**
 * The seven steps of the investigation, in Warroom's words. The method: measure first, find the
 * bottleneck, collect evidence, then change one thing and measure again. Never guess.
 */
export interface StepDefinition {
  name: StepName;
  title: string;
  /** One sentence: why this step exists. */
  purpose: string;
  /** What the team should be able to answer before moving on. */
  questions: string[];
}

export const STEP_DEFINITIONS: readonly StepDefinition[] = [
  {
    name: "identify",
    title: "Identify",
    purpose:
      "Say precisely what is slow or broken, for whom, and since when, before touching anything.",
    questions: [
      "What exactly is slow or failing (an endpoint, a job, a query), and how is it measured?",
      "Who is affected, and how many: all users, one region, one tenant, one host?",
      "When did it start, and did anything change around then (deploy, config, traffic, hardware)?",
      "Which hosts and services are involved, and do they run on bare metal, in VMs or in containers?",
      "How severe is it: what is the business impact right now?",
    ],
  },
  {
    name: "baseline",
    title: "Baseline",
    purpose:
      "Know what normal looks like on these hosts, so that a deviation is a fact and not an impression.",
    questions: [
      "Which capture shows the hosts working well: an earlier snapshot, the sysstat history, a window before the incident?",
      "Is the baseline comparable: same hosts, same time of day, similar traffic?",
      "Which metrics are already far from their baseline?",
    ],
  },
  {
    name: "collect",
    title: "Collect",
    purpose:
      "Gather metrics, kernel messages and system state from every affected host while the problem is happening.",
    questions: [
      "Do we have CPU, memory, disk, network and system evidence for each affected host?",
      "For containers and pods: do we have the cgroup's CPU throttling and memory limit figures?",
      "For VMs: do we have steal time and signs of ballooning?",
      "Are the host clocks in sync, so the captures line up on one time axis?",
    ],
  },
  {
    name: "analyze",
    title: "Analyze",
    purpose:
      "Correlate CPU, memory, disk and network on one time axis, find the bottleneck and state a testable hypothesis.",
    questions: [
      "Which resource is saturated or erroring, and since when?",
      "Which processes drive it?",
      "Which metrics move together with the symptom, and which one moves first?",
      "In which layer is the cause: application, guest OS, hypervisor, container limits, node, hardware?",
      "What hypothesis explains all of the evidence, and what would refute it?",
    ],
  },
  {
    name: "fix",
    title: "Fix",
    purpose:
      "Apply one change at a time, recorded with what, where, when and who, so its effect can be measured.",
    questions: [
      "Which change tests the confirmed hypothesis with the least risk?",
      "On which hosts is it applied, and how is it rolled back?",
    ],
  },
  {
    name: "verify",
    title: "Verify",
    purpose: "Measure again with the same tools and compare with the incident and the baseline.",
    questions: [
      "Are the symptom metrics back to baseline, only improved, unchanged or worse?",
      "Did the fix move a bottleneck somewhere else?",
      "Do the users who reported the problem confirm it is gone?",
    ],
  },
  {
    name: "document",
    title: "Document",
    purpose:
      "Write what happened and why, with the evidence, and turn it into a runbook and an alert for next time.",
    questions: [
      "What was the root cause, with which numbers as evidence?",
      "Which alert would have caught it earlier?",
      "Which action items prevent it from happening again, and who owns them?",
    ],
  },
];

export function stepDefinition(name: StepName): StepDefinition {
  const def = STEP_DEFINITIONS.find((s) => s.name === name);
  if (!def) throw new Error(`unknown step ${name}`);
  return def;
}

import { describe, expect, it } from "vitest";
import { TOPICS } from "@/lib/realtime/channel";
import { targetsFor } from "./use-live-incident";

describe("what each broadcast topic refetches", () => {
  it("keeps every incident view under the incident's key, so a reconnect refetches it all", () => {
    for (const topic of TOPICS)
      for (const { key } of targetsFor("inc1", topic))
        if (key[0] !== "incidents" && key[0] !== "actions")
          expect(key.slice(0, 2)).toEqual(["incident", "inc1"]);
  });

  it("maps topics to the views that show them", () => {
    expect(targetsFor("inc1", "incident")).toEqual([
      { key: ["incident", "inc1"], exact: true },
      { key: ["incidents"] },
    ]);
    expect(targetsFor("inc1", "timeline")).toEqual([{ key: ["incident", "inc1", "timeline"] }]);
    // Findings also feed similar incidents and runbook suggestions (under "findings") and the
    // Verify step's verdicts (under "snapshots").
    expect(targetsFor("inc1", "findings")).toEqual([
      { key: ["incident", "inc1", "findings"] },
      { key: ["incident", "inc1", "snapshots", "verify"] },
    ]);
    expect(targetsFor("inc1", "actions")).toContainEqual({ key: ["actions"] });
    expect(targetsFor("inc1", "participants")).toEqual([
      { key: ["incident", "inc1", "participants"] },
    ]);
  });
});

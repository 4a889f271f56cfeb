// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { SnapshotListItem } from "@/lib/db/snapshot-view";
import { SnapshotWarnings } from "./snapshot-list";

afterEach(cleanup);

function snapshot(over: Partial<SnapshotListItem>): SnapshotListItem {
  return {
    id: "s1",
    role: "incident",
    host: { id: "h1", hostname: "db-1", environment: "vm", nCpu: 2 },
    format: "bundle",
    tool: null,
    fileName: null,
    sizeBytes: 1,
    capturedFrom: null,
    capturedTo: null,
    timeAnchor: "absolute",
    counts: { series: 0, points: 0, events: 0 },
    warnings: [],
    inputs: [],
    createdAt: "2026-12-04T17:00:00Z",
    ...over,
  };
}

describe("SnapshotWarnings", () => {
  it("says none when the parse had nothing to say", () => {
    render(<SnapshotWarnings snapshot={snapshot({})} />);
    expect(screen.getByText("none")).toBeTruthy();
  });

  it("counts the unread files and the snapshot's warnings, and lists them on demand", () => {
    render(
      <SnapshotWarnings
        snapshot={snapshot({
          warnings: ["3 sample(s) not after the previous one of their series were dropped"],
          inputs: [
            {
              path: "cmd/uname.txt",
              tool: null,
              ok: false,
              warnings: ["no parser recognises this output"],
            },
            { path: "cmd/iostat.txt", tool: "iostat", ok: true, warnings: [] },
          ],
        })}
      />,
    );
    const summary = screen.getByText("2", { exact: false, selector: "summary" });
    expect(summary.textContent).toContain("warnings for the incident snapshot of db-1");
    fireEvent.click(summary);
    const items = screen.getAllByRole("listitem").map((li) => li.textContent);
    expect(items).toEqual([
      "cmd/uname.txt: not read: no parser recognises this output",
      "3 sample(s) not after the previous one of their series were dropped",
    ]);
  });
});

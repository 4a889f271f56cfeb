/** Rows of plain values as a markdown table (columns from the first row's keys). */
export function markdownTable(rows: Record<string, string | number | boolean>[]): string {
  const first = rows[0];
  if (!first) return "(no rows)";
  const cols = Object.keys(first);
  const cell = (v: string | number | boolean | undefined) =>
    String(v ?? "")
      .replace(/\|/g, "\\|")
      .replace(/\n/g, " ");
  return [
    `| ${cols.join(" | ")} |`,
    `|${cols.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(" | ")} |`),
  ].join("\n");
}

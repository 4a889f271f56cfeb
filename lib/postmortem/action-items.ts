/**
 * Action items written in a postmortem's "## Action items" section, read back so the Document
 * step can offer to create them as tracked items (owner, due date, status).
 *
 * Reads task-list lines: `- [ ] Add the alert: … — owner: Ana, due 2026-12-11`. Done (`[x]`) and
 * struck-through (`~~…~~`) items are skipped; the " — owner: …" tail the draft writes is dropped.
 */
export function actionItemsInMarkdown(markdown: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+Action items\s*$/i.test(l.trim()));
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2}\s/.test(line.trim())) break;
    const m = /^\s*[-*+]\s+\[ \]\s+(.+)$/.exec(line);
    const text = m?.[1]?.trim();
    if (!text || text.startsWith("~~")) continue;
    const title = text.replace(/\s+—\s+owner:.*$/i, "").trim();
    if (title.length >= 3 && !out.includes(title)) out.push(title.slice(0, 300));
  }
  return out;
}

/**
 * Markdown to HTML for postmortems and runbooks, safe to put into the page.
 *
 * Postmortems are written by people and pasted from chats and terminals: they must never run
 * script in a teammate's browser. markdown-it with `html: false` escapes every raw HTML tag (so
 * `<script>` or `<img onerror>` shows as text), and its link validation refuses `javascript:`,
 * `vbscript:`, `file:` and `data:` URLs (entity-encoded or not), which then stay plain text. Links
 * that survive open without giving the target page a handle on ours.
 *
 * Pure: used by the editor's live preview in the browser and by the print page on the server.
 */
import MarkdownIt from "markdown-it";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token) token.attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/**
 * Task-list items (`- [ ] …`, `- [x] …`) as ballot boxes. Only list items markdown-it itself
 * opened are touched; text can never produce an `<li>` tag, as raw HTML is escaped.
 */
function taskBoxes(html: string): string {
  return html
    .replace(/<li>\[ \] /g, '<li class="task"><span role="img" aria-label="to do">☐</span> ')
    .replace(/<li>\[[xX]\] /g, '<li class="task"><span role="img" aria-label="done">☑</span> ');
}

/** Renders Markdown to sanitised HTML (no raw HTML, no script URLs). */
export function renderMarkdown(source: string): string {
  return taskBoxes(md.render(source));
}

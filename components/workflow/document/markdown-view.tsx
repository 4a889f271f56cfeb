import { cn } from "@/lib/cn";

/**
 * Rendered Markdown (from lib/postmortem/markdown.ts, which escapes raw HTML and drops script
 * URLs) with readable defaults for headings, lists, tables and code. Colours are inherited, so
 * the same view prints black on white.
 */
export function MarkdownView({
  html,
  className,
  label,
}: {
  html: string;
  className?: string;
  label?: string;
}) {
  return (
    <div
      aria-label={label}
      className={cn(
        "text-sm leading-relaxed break-words",
        "[&_h1]:mb-3 [&_h1]:text-xl [&_h1]:font-semibold",
        "[&_h2]:mt-5 [&_h2]:mb-2 [&_h2]:border-b [&_h2]:border-border [&_h2]:pb-1 [&_h2]:text-lg [&_h2]:font-semibold",
        "[&_h3]:mt-4 [&_h3]:mb-1 [&_h3]:font-semibold",
        "[&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5 [&_li]:my-0.5",
        "[&_a]:text-accent [&_a]:underline print:[&_a]:text-inherit",
        "[&_code]:rounded [&_code]:bg-surface-2 [&_code]:px-1 [&_code]:font-mono [&_code]:text-[0.85em] print:[&_code]:bg-transparent",
        "[&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-surface-2 [&_pre]:p-3 [&_pre_code]:bg-transparent [&_pre_code]:p-0 print:[&_pre]:border print:[&_pre]:bg-transparent",
        "[&_blockquote]:border-l-4 [&_blockquote]:border-border [&_blockquote]:pl-3 [&_blockquote]:text-muted",
        "[&_table]:my-3 [&_table]:block [&_table]:max-w-full [&_table]:overflow-x-auto [&_table]:border-collapse [&_table]:text-xs print:[&_table]:table",
        "[&_th]:border [&_th]:border-border [&_th]:px-2 [&_th]:py-1 [&_th]:text-left [&_th]:font-semibold [&_td]:border [&_td]:border-border [&_td]:px-2 [&_td]:py-1 [&_td]:align-top",
        "[&_li.task]:list-none [&_del]:text-muted [&_hr]:my-4 [&_hr]:border-border",
        className,
      )}
      // Safe: renderMarkdown output never holds raw HTML from the text or script URLs.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}

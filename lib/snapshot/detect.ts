/**
 * Which tool printed a text: every registered parser rates the text (0..1); the highest wins, and
 * a tie goes to the parser whose name appears in the file name (the name is only a hint: it never
 * makes a parser that scored 0 win). Parsers' `detect` looks at the first few lines only, and is
 * given no more than the first {@link DETECT_CHARS} characters, so this is cheap for big files and
 * a file read as bytes needs only its head decoded to be detected (bundle.ts).
 */
import type { ToolParser } from "./parsers/parser";
import { PARSERS } from "./parsers/registry";

export interface Detection {
  parser: ToolParser;
  confidence: number;
}

/** What detection reads of a text: its first characters, no more (the sysstat detectors' 80 lines fit). */
export const DETECT_CHARS = 32_768;

/** Below this nothing is claimed: the input is reported as unrecognised. */
export const MIN_CONFIDENCE = 0.3;

function nameHint(parser: ToolParser, fileName: string | undefined): boolean {
  if (fileName === undefined) return false;
  const base = fileName.toLowerCase().replace(/^.*\//, "");
  return base.includes(parser.tool.toLowerCase());
}

export function detectTool(
  text: string,
  fileName?: string,
  parsers: readonly ToolParser[] = PARSERS,
): Detection | undefined {
  const head = text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text;
  let best: Detection | undefined;
  for (const parser of parsers) {
    let confidence = 0;
    try {
      confidence = parser.detect(head, fileName);
    } catch {
      confidence = 0; // a detector must never take detection down
    }
    if (!Number.isFinite(confidence) || confidence <= 0) continue;
    if (
      best === undefined ||
      confidence > best.confidence ||
      (confidence === best.confidence &&
        nameHint(parser, fileName) &&
        !nameHint(best.parser, fileName))
    ) {
      best = { parser, confidence };
    }
  }
  if (best === undefined || best.confidence < MIN_CONFIDENCE) return undefined;
  return best;
}

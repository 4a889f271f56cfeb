import type { ParseContext, ParseResult } from "../types";
import type { FileBytes } from "../util/bytes";

/**
 * One parser per tool output. `detect` looks at the text (the file name is only a hint) and says
 * how sure it is that this parser reads it: 0 = not mine, 1 = certainly mine. `parse` throws a
 * {@link import("../types").ParseError} for text it does not recognise and returns empty series
 * for empty input.
 */
export interface ToolParser {
  /** Name used in `--tool`, in the parse CLI output and in warnings: `iostat`, `sar`, `meminfo`. */
  tool: string;
  detect(text: string, fileName?: string): number;
  parse(text: string, ctx: ParseContext): ParseResult;
  /**
   * `parse` of the file's bytes, without decoding them first: the same result as `parse` of the
   * text read-file.ts `decodeText` makes of them. For parsers of outputs that get big.
   */
  parseBytes?(bytes: FileBytes, ctx: ParseContext): ParseResult;
}

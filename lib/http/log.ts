/** Structured one-line logs on stderr (the server's log). Never log secrets or request bodies. */
export function logError(
  message: string,
  err: unknown,
  fields: Record<string, unknown> = {},
): void {
  const detail =
    err instanceof Error ? { error: err.message, stack: err.stack } : { error: String(err) };
  console.error(
    JSON.stringify({
      level: "error",
      time: new Date().toISOString(),
      message,
      ...fields,
      ...detail,
    }),
  );
}

export function logInfo(message: string, fields: Record<string, unknown> = {}): void {
  console.log(
    JSON.stringify({ level: "info", time: new Date().toISOString(), message, ...fields }),
  );
}

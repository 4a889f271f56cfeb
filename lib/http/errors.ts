/**
 * The one error type of the app. Throw it anywhere below a route handler; the route wrapper turns
 * it into a JSON answer `{ error, code, issues? }` with the status of its code.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  /** Overloaded (the upload queue is full): retry later. */
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const forbidden = (why: string) => new AppError("forbidden", why);
export const badRequest = (why: string, issues?: FieldIssue[]) =>
  new AppError("bad_request", why, issues ? { issues } : {});

/** The value, or a 404 naming what was missing (foreign and unknown ids look the same). */
export function found<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw notFound(what);
  return value;
}

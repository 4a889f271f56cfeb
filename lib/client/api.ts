/** Browser-side JSON calls to Warroom's API, throwing {@link ApiError} with the server's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Message for one field (`title`), from the server's zod issues. */
  fieldError(path: string): string | undefined {
    return this.issues?.find((i) => i.path === path)?.message;
  }
}

export async function api<T>(
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<T> {
  const { json, headers, ...rest } = init;
  const res = await fetch(path, {
    ...rest,
    headers: {
      Accept: "application/json",
      ...(json !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const b = (body ?? {}) as {
      error?: string;
      code?: string;
      issues?: { path: string; message: string }[];
    };
    if (res.status === 401 && typeof window !== "undefined") {
      window.location.assign(
        `/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`,
      );
    }
    throw new ApiError(res.status, b.error ?? `${res.status} ${res.statusText}`, b.code, b.issues);
  }
  return body as T;
}

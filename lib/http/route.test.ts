import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "./errors";
import { toErrorResponse } from "./route";

/** The error Node gives a handler still reading a body when the client closes the connection. */
async function realAbortError(): Promise<Error> {
  let fail!: (err: Error) => void;
  const got = new Promise<Error>((resolve) => (fail = resolve));
  const server = createServer((req: IncomingMessage) => {
    req.on("error", fail);
    req.resume();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const client = request({ port, method: "POST", headers: { "content-length": "1000000" } });
  client.on("error", () => undefined);
  client.write("x".repeat(1000));
  setTimeout(() => client.destroy(), 50);
  try {
    return await got;
  } finally {
    server.close();
  }
}

describe("toErrorResponse", () => {
  it("answers a client that hung up mid-body with 400, logged as info, not as a server error", async () => {
    const err = await realAbortError();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const infos = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const res = toErrorResponse(err, "req-1");
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/connection closed/);
      expect(errors).not.toHaveBeenCalled();
      expect(String(infos.mock.calls[0]?.[0])).toContain("req-1");
    } finally {
      errors.mockRestore();
      infos.mockRestore();
    }
  });

  it("keeps a 500 with a request id for anything unexpected, and maps AppErrors to their status", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const res = toErrorResponse(new Error("boom"), "req-2");
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ code: "internal", requestId: "req-2" });
      expect(errors).toHaveBeenCalledTimes(1);
      expect(toErrorResponse(new AppError("not_found", "Incident not found"), "r").status).toBe(
        404,
      );
    } finally {
      errors.mockRestore();
    }
  });
});

import { isServer, QueryClient } from "@tanstack/react-query";

function make(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server-prefetched data is fresh for a few seconds; live updates invalidate explicitly.
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (count, err) =>
          count < 2 && !(err instanceof Error && "status" in err && Number(err.status) < 500),
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A new client per server request; one shared client in the browser. */
export function getQueryClient(): QueryClient {
  if (isServer) return make();
  browserClient ??= make();
  return browserClient;
}

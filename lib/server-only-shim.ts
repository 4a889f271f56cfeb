// Stand-in for the "server-only" marker package in Vitest (see vitest.config.ts): the marker only
// guards against bundling server code into the browser, which tests do not do.
export {};

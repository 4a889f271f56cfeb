import { existsSync } from "node:fs";

/** The e2e server: its own port and data dir, an admin known to the tests. */
export const e2eServer = {
  port: Number(process.env.E2E_PORT ?? 3117),
  get baseURL() {
    return `http://localhost:${this.port}`;
  },
  get dataDir() {
    return `.data/e2e-${this.port}`;
  },
  /** A second server for the restart test. */
  get restartPort() {
    return this.port + 1;
  },
  /** A third, killed and restarted by the crash test (data in bench-data/crash-<port>). */
  get crashPort() {
    return this.port + 2;
  },
  /** A fourth, for the secrets test (NEXTAUTH_URL https, its log captured). */
  get secretsPort() {
    return this.port + 3;
  },
  admin: { email: "e2e-admin@warroom.test", password: "e2e-admin-password-1" },
};

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium (scripts/test.sh installs it when missing). */
export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(p))
    throw new Error(
      `Chromium not found at ${p}: set CHROMIUM_PATH or install Debian's chromium package`,
    );
  return p;
}

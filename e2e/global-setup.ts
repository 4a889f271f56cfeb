/**
 * Refuses to run against anything but the throwaway local database: the tests create and change
 * data freely. (The web server is started with DATABASE_URL emptied, so it uses .data/e2e.)
 */
export default function globalSetup() {
  const url = process.env.E2E_DATABASE_URL;
  if (url && !/@(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) {
    throw new Error(`e2e tests refuse a non-local database: ${url.replace(/:[^:@/]*@/, ":***@")}`);
  }
}

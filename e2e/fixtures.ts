import {
  test as base,
  expect,
  type APIRequestContext,
  type Page,
  request as pwRequest,
} from "@playwright/test";
import { e2eServer } from "./server-config";

export interface Account {
  email: string;
  password: string;
}

export const admin: Account = e2eServer.admin;

/** Signs in through the real form. */
export async function signIn(page: Page, account: Account) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/incidents/);
}

/** An API client signed in through next-auth's CSRF + credentials flow, as curl would do it. */
export async function apiAs(account: Account): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL: e2eServer.baseURL });
  const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const res = await ctx.post("/api/auth/callback/credentials", {
    form: { csrfToken: csrf.csrfToken, email: account.email, password: account.password },
    maxRedirects: 0,
  });
  expect(res.status(), "credentials callback redirects on success").toBe(302);
  expect(res.headers().location ?? "").not.toContain("error");
  return ctx;
}

let seq = 0;
export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now()}-${++seq}@warroom.test`;
}

export const test = base;
export { expect };

/** Theme preference, kept in a cookie so the server renders the right colours (no flash). */
export const THEME_COOKIE = "warroom-theme";
export type Theme = "dark" | "light";

export function themeClass(value: string | undefined): Theme {
  return value === "light" ? "light" : "dark";
}

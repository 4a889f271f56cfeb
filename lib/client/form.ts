/** A text field of a submitted form ("" when absent; files are not text fields). */
export function formText(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
}

// Catalog names, paths and messages can carry escape sequences; none reaches a terminal raw.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const C1_AND_DEL = /[\u007f-\u009f]/g;

const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(2, '0');

/** Text for a terminal: control characters (but newlines and tabs) shown as `\xNN`. */
export function terminalSafe(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${hex(c)}`);
}

/** JSON for a terminal: JSON.stringify leaves DEL and C1 controls raw, so escape those too. */
export function terminalSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(C1_AND_DEL, (c) => `\\u00${hex(c)}`);
}

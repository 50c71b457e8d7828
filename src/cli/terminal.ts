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

export type Paint = Record<'bold' | 'dim' | 'red' | 'green' | 'cyan', (s: string) => string>;

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

/** ANSI colours, or none: only on a terminal, and never when NO_COLOR is set (see main.ts). */
export function paint(enabled: boolean): Paint {
  if (!enabled) return { bold: plain, dim: plain, red: plain, green: plain, cyan: plain };
  return { bold: sgr(1, 22), dim: sgr(2, 22), red: sgr(31, 39), green: sgr(32, 39), cyan: sgr(36, 39) };
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A one-line spinner on a terminal stream; cleared when stopped. */
export function startSpinner(stream: NodeJS.WriteStream, text: string): () => void {
  let frame = 0;
  const draw = () => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${text}`);
  draw();
  const timer = setInterval(draw, 80);
  return () => {
    clearInterval(timer);
    stream.write('\r\u001b[2K');
  };
}

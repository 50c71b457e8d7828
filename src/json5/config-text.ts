import JSON5 from 'json5';
import { ConfigError } from '../core/errors.js';
import { deepEqual, type JsonObject } from '../core/json.js';
import { editText } from './text-edit.js';
import { DEFAULT_STYLE, detectStyle, type TextStyle } from './text-style.js';

const BOM = '\uFEFF';

/** Strict JSON first (what OpenClaw writes, and 100x faster), JSON5 for hand-edited files. */
export function parseConfigText(text: string): unknown {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') throw new ConfigError('The config file is empty; restore it from a backup or delete it to start fresh.');
  try {
    return JSON.parse(body);
  } catch {
    try {
      return JSON5.parse(body);
    } catch (error) {
      const { lineNumber, columnNumber } = error as { lineNumber?: number; columnNumber?: number };
      const where = lineNumber ? ` at line ${lineNumber}, column ${columnNumber}` : '';
      const reason = (error as Error).message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
      throw new ConfigError(`The config is not valid JSON5${where} (${reason}); fix it, then run again. Nothing was changed.`);
    }
  }
}

export function serializeConfig(config: JsonObject, style: TextStyle): string {
  const json = JSON.stringify(config, null, style.indent) + '\n';
  return (style.bom ? BOM : '') + (style.eol === '\r\n' ? json.replace(/\n/g, '\r\n') : json);
}

export interface RenderedConfig {
  text: string;
  /** False when the surgical edit failed and the file was rewritten whole: comments and formatting are lost. */
  preserved: boolean;
}

/**
 * The new file text. A file exactly as JSON.stringify writes it (OpenClaw's own output) is rewritten
 * whole, which is byte-identical outside our keys and fast; anything else is edited surgically and
 * checked by parsing the result back. Only if that fails is it rewritten whole, and the caller says so.
 */
export function renderConfig(text: string | undefined, before: unknown, after: JsonObject): RenderedConfig {
  if (text === undefined) return { text: serializeConfig(after, DEFAULT_STYLE), preserved: true };
  const style = detectStyle(text);
  if (serializeConfig(before as JsonObject, style) === text) return { text: serializeConfig(after, style), preserved: true };
  try {
    const edited = editText(text, before, after, style);
    if (deepEqual(parseConfigText(edited), after)) return { text: edited, preserved: true };
  } catch {
    // fall through to the whole rewrite
  }
  return { text: serializeConfig(after, style), preserved: false };
}

import { ConfigError } from '../core/errors.js';
import { stripBom, type JsonObject } from '../core/json.js';
import { Json5DepthError, MAX_DEPTH, parseJson5, type ParsedJson5 } from './json5-cst.js';
import { isLineTerminator, Json5SyntaxError } from './scanner.js';
import { stringifyConfig, stringifyJson } from './serialize.js';
import { DEFAULT_STYLE, detectLayout, type Layout } from './text-style.js';
import { editInPlace, type EditedText } from './text-edit.js';
import { parsePlainJson, RepeatedKeyError } from './plain-json.js';
import { duplicateKeys, inFileOrder, readsTheSame, sharingPairings } from './verify.js';
/** What a whole rewrite checks, and so all its warning may claim. */
export const REWRITE_WARNING =
  'The config could not be edited in place, so it was rewritten whole: its comments and formatting are gone, but every setting reads back as before apart from the changes of this run.';

/** The last text read as JSON5 and its tree, so rendering does not parse the same text again. */
let lastParsed: { text: string; parsed: ParsedJson5 } | undefined;

/** The last text JSON.parse read, and its value: the plain-JSON path builds its tree from them. */
let lastJson: { text: string; value: unknown } | undefined;

function parsedTree(text: string): ParsedJson5 {
  if (lastParsed?.text !== text) lastParsed = { text, parsed: parseJson5(text) };
  return lastParsed.parsed;
}

/** Line and column (1-based, counting code points) of `offset`, with every JSON5 line terminator. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (!isLineTerminator(c)) continue;
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    line++;
    start = i + 1;
  }
  // Columns count code points, as editors do.
  return { line, column: Array.from(text.slice(start, offset)).length + 1 };
}

/**
 * Refuses values nested deeper than the CST allows: the JSON fast path does not count while parsing.
 * A recursive walk (at most MAX_DEPTH frames) over what JSON.parse built: several times faster than
 * a stack of [value, depth] pairs, which a cold run pays for on every config.
 */
function assertShallow(value: unknown, depth: number, text: string): void {
  if (depth > MAX_DEPTH) throw tooDeep(text, undefined);
  if (Array.isArray(value)) {
    for (const child of value) if (typeof child === 'object' && child !== null) assertShallow(child, depth + 1, text);
  } else {
    const object = value as Record<string, unknown>;
    for (const key in object) {
      const child = object[key];
      if (typeof child === 'object' && child !== null) assertShallow(child, depth + 1, text);
    }
  }
}

function tooDeep(text: string, offset: number | undefined): ConfigError {
  const where = offset === undefined ? '' : (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(text, offset));
  return new ConfigError(`The config nests more than ${MAX_DEPTH} levels deep${where}, which no OpenClaw config needs, so it was left unchanged; flatten it, then run again.`);
}

/** Strict JSON first (what OpenClaw writes, and fastest), the CST for hand-edited JSON5: one parse either way. */
export function parseConfigText(text: string): unknown {
  const body = stripBom(text);
  if (body.trim() === '') throw new ConfigError('The config file is empty; restore it from a backup or delete it to start fresh.');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    try {
      return parsedTree(text).root.value;
    } catch (error) {
      if (error instanceof Json5DepthError) throw tooDeep(text, error.offset);
      if (!(error instanceof Json5SyntaxError)) throw error;
      const { line, column } = lineAndColumn(text, error.offset);
      throw new ConfigError(`The config is not valid JSON5 at line ${line}, column ${column} (${error.message}); fix it, then run again. Nothing was changed.`);
    }
  }
  if (typeof json === 'object' && json !== null) assertShallow(json, 1, text);
  lastJson = { text, value: json };
  return json;
}

export interface RenderedConfig {
  text: string;
  /** False when the surgical edit failed and the file was rewritten whole: comments and formatting are lost. */
  preserved: boolean;
}

/**
 * True when `edited` reads as `after` to OpenClaw (keys the file had in the file's order) and has no
 * duplicate key that `before` did not have.
 */
function readsAs(edited: EditedText | string, after: unknown, before: ParsedJson5 | undefined): boolean {
  const parsed = typeof edited === 'string' ? parseJson5(edited) : parseJson5(edited.text, edited.kept);
  if (!readsTheSame(parsed.root.value, before ? inFileOrder(before.root.value, after) : after)) return false;
  if (!before) return true;
  // The common case, a file without duplicate keys: the edit's kept containers have none either, so
  // counting in what the read-back parse read is enough.
  if (before.duplicates === 0) return parsed.duplicates === 0;
  const had = duplicateKeys(before.root);
  for (const [path, count] of duplicateKeys(parsed.root)) if (count > (had.get(path) ?? 0)) return false;
  return true;
}

/**
 * The new file text. A file exactly as JSON.stringify writes it (OpenClaw's own output) is rewritten
 * whole, which is byte-identical outside our keys and fast; anything else is edited surgically and
 * checked by parsing the result back. Only if that fails is it rewritten whole, and the caller says so.
 */
export function renderConfig(text: string | undefined, before: unknown, after: JsonObject): RenderedConfig {
  return sharingPairings(() => render(text, before, after));
}

function render(text: string | undefined, before: unknown, after: JsonObject): RenderedConfig {
  if (text === undefined) return { text: stringifyConfig(after, DEFAULT_STYLE), preserved: true };
  const layout: Layout = detectLayout(text);
  // Text the CST had to read is not JSON, so it cannot be JSON.stringify's output: skip the comparison.
  if (lastParsed?.text !== text && stringifyJson(before, layout) === text) return { text: stringifyJson(after, layout), preserved: true };
  // Plain JSON in any other layout: the same edit, on a tree built from JSON.parse's values that
  // reads only the containers the edit opens. A repeated key there, or an edit that does not read
  // back, is left to the full CST below, so this path never decides differently.
  if (lastJson?.text === text && lastJson.value === before) {
    try {
      const plain = parsePlainJson(text, before);
      const edited = editInPlace(text, after, plain);
      if (readsAs(edited, after, plain)) return { text: edited.text, preserved: true };
    } catch (error) {
      if (!(error instanceof RepeatedKeyError) && !(error instanceof Json5SyntaxError)) throw error;
    }
  }
  let parsed: ParsedJson5 | undefined;
  try {
    parsed = parsedTree(text);
    const edited = editInPlace(text, after, parsed);
    if (readsAs(edited, after, parsed)) return { text: edited.text, preserved: true };
  } catch (error) {
    // Text the editor produced that does not parse back falls through to the whole rewrite (and the
    // caller warns); anything else is a bug of ours and must surface, not turn into a silent rewrite.
    if (!(error instanceof Json5SyntaxError)) throw error;
  }
  const whole = stringifyConfig(after, layout);
  if (!readsAs(whole, after, undefined)) {
    throw new ConfigError('Refusing to write: the config could not be rendered so that it reads back the same (a bug; please report it). Nothing was changed.');
  }
  return { text: whole, preserved: false };
}

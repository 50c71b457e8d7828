import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import { normalizeCatalog } from '../src/core/catalog.js';
import type { JsonObject } from '../src/core/json.js';
import { planMerge } from '../src/core/merge.js';
import { buildProvider, type ProviderBlock } from '../src/core/provider.js';
import { parseCatalogText } from '../src/net/fetch-catalog.js';
import { previewUpdate } from '../src/io/config-store.js';
import { parseConfigText } from '../src/json5/config-text.js';
import { fixture, TEST_KEY } from './helpers.js';

/** The provider block a run with `catalog` (a fixture name) writes. */
export function providerFrom(catalog: string): ProviderBlock {
  const { models } = normalizeCatalog(parseCatalogText(readFileSync(fixture('catalog', catalog), 'utf8')));
  return buildProvider('https://api.fastrouter.ai/api/v1', TEST_KEY, models);
}

export interface RunOutcome {
  /** The text after the run (the input when nothing changed). */
  text: string;
  changed: boolean;
  preserved: boolean;
  /** What the text must read as: the merged config, keys the file had in the file's order. */
  after: unknown;
}

/** One setup run on `text`, in process, on the same path from plan to text as the CLI. */
export function setupRun(text: string, provider: ProviderBlock): RunOutcome {
  const snapshot = { path: '/nowhere/openclaw.json', text, config: parseConfigText(text), fingerprint: 'x' };
  const { rendered, after } = previewUpdate(snapshot, (config) => planMerge(config, provider));
  if (!rendered) return { text, changed: false, preserved: true, after: undefined };
  return { text: rendered.text, changed: true, preserved: rendered.preserved, after: rendered.preserved ? inFileOrder(JSON5.parse(text), after) : after };
}

/**
 * `after` with the keys of every object `before` had in `before`'s order, new keys last; in arrays, an
 * entry with the `id` of one `before` had (each used once) in that entry's order.
 */
function inFileOrder(before: unknown, after: unknown): unknown {
  const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const unused = [...before];
    return after.map((item) => {
      const at = isObject(item) && typeof item.id === 'string' ? unused.findIndex((old) => isObject(old) && old.id === item.id) : -1;
      return at === -1 ? item : inFileOrder(unused.splice(at, 1)[0], item);
    });
  }
  if (!isObject(before) || !isObject(after)) return after;
  const keys = [...Object.keys(before).filter((k) => Object.hasOwn(after, k)), ...Object.keys(after).filter((k) => !Object.hasOwn(before, k))];
  const out: JsonObject = {};
  for (const k of keys) Object.defineProperty(out, k, { value: inFileOrder(before[k], after[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/** True when OpenClaw (JSON5.parse) reads `a` and `b` the same: key order too, numbers by Object.is. */
export function sameReading(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameReading(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameReading((a as JsonObject)[k], (b as JsonObject)[k]));
  }
  return false;
}

/** What `before` lost on the way to `after`: the input between their common prefix and suffix. */
export function removedSpan(before: string, after: string): string {
  let p = 0;
  while (p < before.length && p < after.length && before[p] === after[p]) p++;
  let s = 0;
  while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
  return before.slice(p, before.length - s);
}

/** The same document with a BOM, and with CRLF line ends (where it has only LF). */
export function variants(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['as is', text],
    ['with a BOM', '\uFEFF' + text],
  ];
  if (text.includes('\n') && !text.includes('\r')) out.push(['with CRLF', text.replace(/\n/g, '\r\n')]);
  return out;
}

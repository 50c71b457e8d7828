import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainObject, type JsonObject } from '../src/core/json.js';
import { applyChanges } from '../src/core/changes.js';
import { planMerge } from '../src/core/merge.js';
import { parseConfigText, renderConfig } from '../src/json5/config-text.js';
import { parseJson5 } from '../src/json5/json5-cst.js';
import { parsePlainJson, RepeatedKeyError } from '../src/json5/plain-json.js';
import { editInPlace } from '../src/json5/text-edit.js';
import { providerFrom, variants } from './config-runs.js';
import { budget, fixture } from './helpers.js';

// The plain-JSON path (a tree built lazily from JSON.parse's values) must write the very bytes the
// full CST path writes: differential, on every JSON document of the official JSON5 suite and on
// generated plain-JSON configs in many layouts.

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function jsonValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(stripBom(text)) };
  } catch {
    return { ok: false };
  }
}

/** A copy of `root` with `change` applied at `path` (copying only the containers on the way). */
function changedAt(root: unknown, path: Array<string | number>, change: (v: unknown) => unknown): unknown {
  if (path.length === 0) return change(root);
  const [head, ...rest] = path;
  if (Array.isArray(root)) return root.map((v, i) => (i === head ? changedAt(v, rest, change) : v));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(root as object)) {
    const v = (root as Record<string, unknown>)[k];
    Object.defineProperty(out, k, { value: k === head ? changedAt(v, rest, change) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Paths of the containers in `value` (at most `limit`), outermost first. */
function containerPaths(value: unknown, limit = 12): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [];
  const queue: Array<[unknown, Array<string | number>]> = [[value, []]];
  while (queue.length > 0 && out.length < limit) {
    const [v, path] = queue.shift()!;
    if (Array.isArray(v)) v.forEach((c, i) => queue.push([c, [...path, i]]));
    else if (isPlainObject(v)) for (const k of Object.keys(v)) queue.push([v[k], [...path, k]]);
    else continue;
    out.push(path);
  }
  return out;
}

/** Edits of every kind the editor makes, at each container: add, remove the first member, change it, replace the container. */
function mutations(value: unknown): unknown[] {
  const out: unknown[] = [];
  for (const path of containerPaths(value)) {
    out.push(
      changedAt(value, path, (c) => (Array.isArray(c) ? [...c, { id: 'new', n: 1.5 }] : { ...(c as object), 'added key': ['x', { y: null }] })),
      changedAt(value, path, (c) => (Array.isArray(c) ? c.slice(1) : Object.fromEntries(Object.entries(c as object).slice(1)))),
      changedAt(value, path, (c) => (Array.isArray(c) ? ['changed', ...c.slice(1)] : Object.fromEntries(Object.entries(c as object).map(([k, v], i) => [k, i === 0 ? { changed: true } : v])))),
      changedAt(value, path, () => 'replaced'),
    );
  }
  return out;
}

/** What each path writes for `after`: the same bytes, or the plain path steps aside for a repeated key the CST also sees. */
function expectSameEdit(text: string, after: unknown, name: string): void {
  const parsed = jsonValue(text);
  if (!parsed.ok) throw new Error(`${name} is not JSON`);
  const cst = editInPlace(text, after, parseJson5(text)).text;
  let plain: string;
  try {
    plain = editInPlace(text, after, parsePlainJson(text, parsed.value)).text;
  } catch (error) {
    expect(error, name).toBeInstanceOf(RepeatedKeyError);
    expect(parseJson5(text).duplicates, name).toBeGreaterThan(0);
    return;
  }
  expect(plain, name).toBe(cst);
}

/** renderConfig on the plain path (before is JSON.parse's own value of the text) and on the CST path (a copy). */
function expectSameRender(text: string, after: JsonObject, name: string): void {
  const before = parseConfigText(text);
  const viaPlain = renderConfig(text, before, after);
  const viaCst = renderConfig(text, structuredClone(before), after);
  expect(viaPlain, name).toEqual(viaCst);
}

const SUITE = fixture('json5-tests');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const jsonDocs = walk(SUITE)
  .filter((f) => ['.json', '.json5'].includes(extname(f)))
  .map((path) => ({ name: relative(SUITE, path), text: readFileSync(path, 'utf8') }))
  .filter((f) => jsonValue(f.text).ok);

describe('the plain-JSON path writes what the CST path writes', () => {
  const mixed = providerFrom('mixed.json');

  it('has JSON documents to compare', () => {
    expect(jsonDocs.length).toBeGreaterThan(15);
  });

  it(
    'on every JSON document of the JSON5 suite, for every kind of edit at every container',
    () => {
      for (const f of jsonDocs) {
        for (const [how, text] of variants(f.text)) {
          const value = (jsonValue(text) as { value: unknown }).value;
          mutations(value).forEach((after, i) => expectSameEdit(text, after, `${f.name} ${how} #${i}`));
          if (isPlainObject(value)) expectSameRender(text, applied(value, mixed), `${f.name} ${how} setup`);
        }
      }
    },
    budget({ cases: jsonDocs.length * 3 * 20 }),
  );

  it('on hand-made corners: repeated keys, __proto__, lone surrogates, numbers JSON.parse rounds, -0, a BOM, CRLF, empty and inline containers', () => {
    const corners = [
      '{"a": 1, "a": 2, "b": {"c": 1, "c": [1]}}',
      '{"x": {"a": 1}, "x": {"a": 2}}',
      '{"__proto__": {"a": 1}, "b": [{"__proto__": null}]}',
      '{"s": "\\ud800 lone", "t": "\udc00 raw", "u": ["\\u0041\\"\\\\"]}',
      '{"n": 1.0000000000000001, "m": 1e400, "z": -0, "e": 10E-1, "big": 123456789012345678901234567890}',
      '\uFEFF{\r\n  "a": [1,2,3],\r\n  "b": {}\r\n}\r\n',
      '{"a":{},"b":[],"c":[ ],"d":{ }}',
      '  {  "a"  :  [ 1 , { "b" : [ ] } ]  ,  "c" : "d"  }  \n\n',
      '{"k\\u0065y": 1, "key": 2}',
      '[{"id": "a", "v": 1}, {"id": "a", "v": 2}, [], {}]',
    ];
    for (const text of corners) {
      const value = (jsonValue(text) as { value: unknown }).value;
      mutations(value).forEach((after, i) => expectSameEdit(text, after, `${JSON.stringify(text)} #${i}`));
      if (isPlainObject(value)) expectSameRender(text, applied(value, mixed), JSON.stringify(text));
    }
  });

  it(
    'on generated plain-JSON configs in any layout (whitespace, indent, CRLF, BOM, number spellings, raw characters, repeated keys)',
    () => {
      const json = fc.jsonValue({ maxDepth: 3 });
      const config = fc.record({
        meta: fc.dictionary(fc.string(), json, { maxKeys: 3 }),
        models: fc.record({ providers: fc.dictionary(fc.constantFrom('fastrouter', 'local', 'x'), fc.dictionary(fc.string(), json, { maxKeys: 3 })) }),
        agents: fc.record({ defaults: fc.record({ models: fc.dictionary(fc.constantFrom('local/m', 'fastrouter/gone', 'x/y'), fc.constant({})) }) }),
        other: json,
      });
      const layout = fc.record({
        spaces: fc.array(fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', '\n    '), { minLength: 1, maxLength: 7 }),
        numbers: fc.constantFrom('plain', 'exponent', 'decimal'),
        repeat: fc.boolean(),
        bom: fc.boolean(),
      });
      fc.assert(
        fc.property(config, layout, fc.nat(), (value, how, pick) => {
          const text = (how.bom ? '\uFEFF' : '') + writeJson(value, how);
          const read = (jsonValue(text) as { value: unknown }).value;
          const all = mutations(read);
          const after = all[pick % all.length]!;
          expectSameEdit(text, after, text);
          expectSameRender(text, applied(read as JsonObject, mixed), text);
        }),
        { numRuns: 300, seed: 24 },
      );
    },
    budget({ cases: 300 * 20 }),
  );
});

/** The config a setup with `provider` makes of `value`. */
function applied(value: JsonObject, provider: ReturnType<typeof providerFrom>): JsonObject {
  return applyChanges(value, planMerge(value, provider).changes);
}

/**
 * JSON with whitespace taken in turn from `spaces` between tokens, numbers spelled another way, and,
 * with `repeat`, each object's first key written twice (an earlier copy with another value).
 */
function writeJson(value: unknown, how: { spaces: string[]; numbers: string; repeat: boolean }): string {
  let turn = 0;
  const ws = () => how.spaces[turn++ % how.spaces.length]!;
  const str = (s: string) => '"' + s.replace(/["\\\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1)) + '"';
  const num = (n: number) => {
    if (Object.is(n, -0)) return '-0';
    if (how.numbers === 'exponent') return n.toExponential();
    if (how.numbers === 'decimal' && Number.isInteger(n) && Math.abs(n) < 1e15) return `${n}.0`;
    return String(n);
  };
  const write = (v: unknown): string => {
    if (v === null || typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return num(v);
    if (typeof v === 'string') return str(v);
    if (Array.isArray(v)) return `[${ws()}${v.map((x) => write(x) + ws()).join(',' + ws())}]`;
    const keys = Object.keys(v as object);
    const members = keys.map((k) => `${str(k)}${ws()}:${ws()}${write((v as Record<string, unknown>)[k])}${ws()}`);
    if (how.repeat && keys.length > 0) members.unshift(`${str(keys[0]!)}:${ws()}"earlier copy"`);
    return `{${ws()}${members.join(',' + ws())}}`;
  };
  return write(value) + ws();
}

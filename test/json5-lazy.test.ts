import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../src/core/changes.js';
import { isPlainObject, type JsonObject } from '../src/core/json.js';
import { planMerge } from '../src/core/merge.js';
import { parseConfigText } from '../src/json5/config-text.js';
import { parseJson5, type Node, type ParsedJson5 } from '../src/json5/json5-cst.js';
import { editInPlace } from '../src/json5/text-edit.js';
import { duplicateKeys } from '../src/json5/verify.js';
import { providerFrom, sameReading } from './config-runs.js';
import { parseEagerly } from './eager-json5.js';
import { config, render } from './generated-json5.js';
import { fixture } from './helpers.js';

// parseJson5 reads a container's members only when asked for. Opened everywhere, its tree must be
// the one the eager parser (the previous one, kept in eager-json5.ts) builds: the same members,
// offsets, values, style counts, duplicates and errors; and the editor must write the same bytes
// from either tree, and the read-back check of its result decide the same.

function expectSameTree(lazy: Node, eager: Node, where: string): void {
  expect([lazy.kind, lazy.start, lazy.end], where).toEqual([eager.kind, eager.start, eager.end]);
  expect(sameReading(lazy.value, eager.value), `${where}: value`).toBe(true);
  if (lazy.kind === 'scalar' || eager.kind === 'scalar') return;
  expect(lazy.members.length, `${where}: members`).toBe(eager.members.length);
  lazy.members.forEach((m, i) => {
    const e = eager.members[i]!;
    const at = `${where}/${i}`;
    expect([m.key, m.segmentStart, m.bodyStart, m.valueStart, m.comma, m.segmentEnd], at).toEqual([e.key, e.segmentStart, e.bodyStart, e.valueStart, e.comma, e.segmentEnd]);
    expectSameTree(m.value, e.value, at);
  });
}

function expectSameParse(lazy: ParsedJson5, eager: ParsedJson5, name: string): void {
  expect(lazy.counts, `${name}: counts`).toEqual(eager.counts);
  expect(lazy.duplicates, `${name}: duplicates`).toBe(eager.duplicates);
  expect(sameReading(lazy.root.value, eager.root.value), `${name}: value`).toBe(true);
  expect([...duplicateKeys(lazy.root)], `${name}: duplicate paths`).toEqual([...duplicateKeys(eager.root)]);
  expectSameTree(lazy.root, eager.root, name);
}

/** Either parse's outcome: its tree, or the error it throws (class, message, offset). */
function attempt(parse: () => ParsedJson5): ParsedJson5 | { error: [string, string, number | undefined] } {
  try {
    return parse();
  } catch (error) {
    const e = error as Error & { offset?: number };
    return { error: [e.constructor.name, e.message, e.offset] };
  }
}

/** The edit of `after` from both trees: the same bytes, and a read-back parse (kept containers taken as they are) that reads the same. */
function expectSameEdit(text: string, after: unknown, name: string): void {
  const lazy = editInPlace(text, after, parseJson5(text));
  const eager = editInPlace(text, after, parseEagerly(text));
  expect(lazy.text, name).toBe(eager.text);
  expect([...lazy.kept.keys()], `${name}: kept`).toEqual([...eager.kept.keys()]);
  const back = attempt(() => parseJson5(lazy.text, lazy.kept));
  const eagerBack = attempt(() => parseEagerly(eager.text, eager.kept));
  if ('error' in back || 'error' in eagerBack) expect(back, `${name}: read back`).toEqual(eagerBack);
  else expectSameParse(back, eagerBack, `${name}: read back`);
}

const SUITE = fixture('json5-tests');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));

describe('the lazy JSON5 tree against the eager one', () => {
  it('on every document of the official JSON5 suite: the same tree or the same error, and the same edits', () => {
    const files = walk(SUITE);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = file.slice(SUITE.length + 1);
      const lazy = attempt(() => parseJson5(text));
      const eager = attempt(() => parseEagerly(text));
      if ('error' in lazy || 'error' in eager) {
        expect(lazy, name).toEqual(eager);
        continue;
      }
      expectSameParse(lazy, eager, name);
      const value = eager.root.value;
      // An added member, and the document inside a config with one: both edit in place.
      if (isPlainObject(value)) expectSameEdit(text, { ...value, added: [1, { x: 'y' }] }, `${name}: added`);
      if (Array.isArray(value)) expectSameEdit(text, [...value.slice(1), 'added'], `${name}: shifted`);
      const around = `{\n  // the user's\n  a: ${text.trim()},\n  b: [${text.trim()}, ${text.trim()}],\n}\n`;
      const inner = attempt(() => parseEagerly(around));
      if ('error' in inner) continue;
      expectSameParse(parseJson5(around), inner, `${name}: inside a config`);
      expectSameEdit(around, { b: [value, 'changed'], a: value, c: 1 }, `${name}: inside a config, edited`);
    }
  });

  it('on generated hand-written configs (comments everywhere, repeated keys): the same tree, and the same bytes for a setup run', async () => {
    const provider = await providerFrom('mixed.json');
    fc.assert(
      fc.property(config, (c) => {
        const { text } = render(c);
        expectSameParse(parseJson5(text), parseEagerly(text), 'config');
        const before = parseConfigText(text) as JsonObject;
        expectSameEdit(text, applyChanges(before, planMerge(before, provider).changes), 'setup');
        // The first member of the root gone: a removal in place.
        expectSameEdit(text, Object.fromEntries(Object.entries(before).slice(1)), 'first member removed');
      }),
      { numRuns: Number(process.env.JSON5_PROPERTY_CASES ?? 300) },
    );
  }, 60_000);
});

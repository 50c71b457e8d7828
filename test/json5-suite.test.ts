import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/core/errors.js';
import { parseConfigText } from '../src/json5/config-text.js';
import { parseJson5 } from '../src/json5/json5-cst.js';
import { isIdPart, isIdStart, Json5SyntaxError } from '../src/json5/scanner.js';
import { providerFrom, removedSpan, sameReading, setupRun, variants } from './config-runs.js';
import { budget, fixture, runCli, tempDir, TEST_KEY } from './helpers.js';

// The official JSON5 test suite (json5/json5-tests, MIT, vendored in fixtures/json5-tests): .json and
// .json5 files are valid JSON5, .js and .txt files are not. JSON5.parse (the json5 package) is the judge.
const SUITE = fixture('json5-tests');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
const files = walk(SUITE)
  .filter((f) => ['.json', '.json5', '.js', '.txt'].includes(extname(f)))
  .map((path) => ({ name: relative(SUITE, path), text: readFileSync(path, 'utf8'), valid: ['.json', '.json5'].includes(extname(path)) }));
const valid = files.filter((f) => f.valid);
const invalid = files.filter((f) => !f.valid);
const objects = valid.filter((f) => {
  const value = JSON5.parse(f.text);
  return value !== null && typeof value === 'object' && !Array.isArray(value);
});

/** Written with CRLF, our additions use CRLF too: no bare LF appears. */
function expectLineEnds(input: string, output: string) {
  if (input.includes('\r\n') && !/(^|[^\r])\n/.test(input)) expect(/(^|[^\r])\n/.test(output)).toBe(false);
  expect(output.startsWith('\uFEFF')).toBe(input.startsWith('\uFEFF'));
}

/** A realistic hand-written config holding `doc` as the value of a user's own key. */
function configAround(doc: string): { text: string; kept: string } {
  const kept = `// OpenClaw config, edited by hand\n{\n  gateway: { mode: 'local' }, // local only\n  /* my own data */\n  custom: ${doc}\n  ,\n`;
  const text =
    kept +
    `  models: {\n    mode: 'merge',\n    providers: {\n      local: { baseUrl: 'http://127.0.0.1:11434/v1', api: 'openai-completions', models: [] },\n    },\n  },\n` +
    `  agents: { defaults: { models: { 'local/llama': {}, 'fastrouter/stale': {} } } }, // picker\n}\n`;
  return { text, kept };
}

describe('the official JSON5 test suite', async () => {
  const mixed = await providerFrom('mixed.json');
  const updated = await providerFrom('updated.json');

  it('has its files and its license vendored', () => {
    expect(readFileSync(join(SUITE, 'LICENSE.md'), 'utf8')).toMatch(/MIT/);
    expect(valid.length).toBeGreaterThan(60);
    expect(invalid.length).toBeGreaterThan(30);
  });

  it('the CST reads every valid file as JSON5.parse does (key order, NaN, -0 included)', () => {
    for (const f of valid) {
      expect(sameReading(parseJson5(f.text).root.value, JSON5.parse(f.text)), f.name).toBe(true);
      expect(sameReading(parseConfigText(f.text), JSON5.parse(f.text)), f.name).toBe(true);
    }
  });

  it('the CST rejects every invalid file, and the read path says so with exit 5', () => {
    for (const f of invalid) {
      expect(() => JSON5.parse(f.text), f.name).toThrow();
      expect(() => parseJson5(f.text), f.name).toThrow(Json5SyntaxError);
      expect(() => parseConfigText(f.text), f.name).toThrow(ConfigError);
    }
  });

  it(
    'every valid object document survives a setup and a second run: only our keys change',
    () => {
      for (const f of objects) {
        for (const [how, text] of variants(f.text)) {
          const name = `${f.name} ${how}`;
          const first = setupRun(text, mixed);
          expect(first.changed && first.preserved, name).toBe(true);
          expect(sameReading(JSON5.parse(first.text), first.after), name).toBe(true);
          // Nothing of the input is lost but whitespace at the insertion point.
          expect(removedSpan(text, first.text), name).toMatch(/^[\s,]*$/);
          expectLineEnds(text, first.text);
          const second = setupRun(first.text, updated);
          expect(second.changed && second.preserved, name).toBe(true);
          expect(sameReading(JSON5.parse(second.text), second.after), name).toBe(true);
          const head = text.slice(0, commonPrefix(text, first.text));
          expect(second.text.startsWith(head), name).toBe(true);
          expect(setupRun(second.text, updated).changed, name).toBe(false);
        }
      }
    },
    budget({ cases: objects.length * 3 * 10 }),
  );

  it(
    'every valid document, as a value inside a realistic config, stays byte for byte through two runs',
    () => {
      for (const f of valid) {
        for (const [how, doc] of variants(f.text)) {
          const name = `${f.name} ${how}`;
          const { text, kept } = configAround(doc);
          const first = setupRun(text, mixed);
          expect(first.changed && first.preserved, name).toBe(true);
          expect(first.text.startsWith(kept), name).toBe(true);
          expect(first.text).toContain('// picker\n}\n');
          expect(first.text).not.toContain('fastrouter/stale');
          const read = JSON5.parse(first.text);
          expect(sameReading(read, first.after), name).toBe(true);
          expect(sameReading(read.custom, JSON5.parse(doc)), name).toBe(true);
          const second = setupRun(first.text, updated);
          expect(second.changed && second.preserved && second.text.startsWith(kept), name).toBe(true);
          expect(setupRun(second.text, updated).changed, name).toBe(false);
        }
      }
    },
    budget({ cases: valid.length * 3 * 10 }),
  );

  const throughCli = ['misc/readme-example.json5', 'misc/valid-whitespace.json5', 'new-lines/comment-cr.json5', 'comments/block-comment-following-top-level-value.json5'];
  it(
    'a handful through the built CLI: the file is what the pure functions render, and a second run leaves it byte-identical (a null root refused)',
    async () => {
      const dir = await tempDir();
      const config = join(dir, 'openclaw.json');
      for (const name of throughCli) {
        const f = files.find((x) => x.name === name)!;
        for (const [how, text] of variants(f.text).slice(0, 2)) {
          await writeFile(config, text);
          // --no-default: setupRun plans the block and entries only, not a first install's primary.
          const args = ['--config', config, '--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate', '--no-default'];
          const r = await runCli(args, { home: dir });
          if (!objects.includes(f)) {
            // A root that is not an object (this one is null): OpenClaw cannot use it, so it is refused as it is.
            expect(r.code, `${name} ${how}: ${r.stderr}`).toBe(5);
            expect(await readFile(config, 'utf8')).toBe(text);
            continue;
          }
          expect(r.code, `${name} ${how}: ${r.stderr}`).toBe(0);
          expect(r.stderr, name).not.toMatch(/rewritten whole/);
          const written = await readFile(config, 'utf8');
          expect(written, `${name} ${how}`).toBe(setupRun(text, mixed).text);
          const again = await runCli(args, { home: dir });
          expect(again.code, again.stderr).toBe(0);
          expect(await readFile(config, 'utf8')).toBe(written);
        }
      }
    },
    budget({ runs: throughCli.length * 2 * 2 }),
  );
});

function commonPrefix(a: string, b: string): number {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  return p;
}

describe('unquoted keys', () => {
  // json5's own predicates over its generated tables (lib/unicode.js): what OpenClaw's parser accepts.
  const util = createRequire(import.meta.url)('json5/lib/util.js') as { isIdStartChar(c: string): boolean; isIdContinueChar(c: string): boolean };
  const accepts = (text: string) => {
    try {
      parseJson5(text);
      return true;
    } catch {
      return false;
    }
  };

  it('take exactly the characters json5 2.2.3 takes, at every code point', () => {
    const differ: string[] = [];
    for (let cp = 0; cp <= 0x10ffff && differ.length < 10; cp++) {
      const ch = String.fromCodePoint(cp);
      if (isIdStart(cp) !== util.isIdStartChar(ch) || isIdPart(cp) !== util.isIdContinueChar(ch)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it("are read with those tables, raw and as \\u escapes, where they differ from Node's newer ones", () => {
    const newer = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
    const differ: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff && differ.length < 10; cp++) {
      const ch = String.fromCodePoint(cp);
      // Every character where the tables differ, and a sample of the rest.
      if (newer.test(ch) === util.isIdContinueChar(ch) && cp % 64 !== 0) continue;
      if (accepts(`{${ch}:1}`) !== util.isIdStartChar(ch) || accepts(`{a${ch}b:1}`) !== util.isIdContinueChar(ch)) differ.push(cp.toString(16));
      if (cp <= 0xffff && accepts(`{a\\u${cp.toString(16).padStart(4, '0')}:1}`) !== util.isIdContinueChar(ch)) differ.push(`\\u${cp.toString(16)}`);
    }
    expect(differ).toEqual([]);
  }, 60_000);
});

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { parseConfigText, renderConfig } from '../src/json5/config-text.js';
import { stringifyConfig } from '../src/json5/serialize.js';
import { DEFAULT_STYLE } from '../src/json5/text-style.js';
import { REWRITE_WARNING } from '../src/json5/config-text.js';
import { ConfigError } from '../src/core/errors.js';
import { deepEqual } from '../src/core/json.js';
import { planRemoval } from '../src/core/merge.js';
import { previewUpdate } from '../src/io/config-store.js';
import { providerFrom, sameReading, setupRun } from './config-runs.js';
import { fixture, runCli, tempDir, TEST_KEY } from './helpers.js';

/** Renders `change` applied to what `text` holds; JSON5 (the reference parser) is the judge. */
function render(text: string, change: (v: any) => void) {
  const before = JSON5.parse(text);
  const after = structuredClone(before);
  change(after);
  const rendered = renderConfig(text, before, after);
  return rendered;
}

const addFastrouter = (v: any) => (v.models.providers.fastrouter = { baseUrl: 'https://x' });

/** The edit went into the one `models.providers` the file has, and everything before it stayed. */
function expectEditedInPlace(text: string, out: { text: string; preserved: boolean }) {
  expect(out.preserved).toBe(true);
  const head = text.slice(0, text.indexOf('providers: {') + 'providers: {'.length);
  expect(out.text.startsWith(head)).toBe(true);
  expect(out.text.match(/models:/g)).toHaveLength(1);
  expect(JSON5.parse(out.text).models.providers.fastrouter).toEqual({ baseUrl: 'https://x' });
}

// One case per numbered defect of issue 12; each fails on the editor before the rewrite.
describe('issue 12 defects', () => {
  it('1. a // comment ends at a lone CR, U+2028 and U+2029: no second "models" block', () => {
    for (const eol of ['\r', '\u2028', '\u2029']) {
      const text = `{\n  // providers I use${eol}  models: { providers: {} },\n}\n`;
      expectEditedInPlace(text, render(text, addFastrouter));
    }
  });

  it('2. VT, FF, NBSP, BOM and Zs characters are whitespace, not part of a key', () => {
    for (const ws of ['\v', '\f', '\u00a0', '\ufeff', '\u2003', '\u3000']) {
      const text = `{\n  ${ws}gateway: { mode: 'local' }, // gw\n  models: { providers: {} },\n}\n`;
      const out = render(text, addFastrouter);
      expectEditedInPlace(text, out);
      expect(out.text).toMatch(/\}\s*\},\n\}\n$/);
    }
  });

  it('3. NaN and Infinity are kept in place, and a whole rewrite keeps them and -0 too', () => {
    const text = `{\n  // limits\n  x: NaN, y: -Infinity, z: -0,\n  models: { providers: {} },\n}\n`;
    const out = render(text, addFastrouter);
    expectEditedInPlace(text, out);
    const read = JSON5.parse(out.text);
    expect(Object.is(read.x, NaN) && Object.is(read.y, -Infinity) && Object.is(read.z, -0)).toBe(true);

    const whole = stringifyConfig({ x: NaN, y: -Infinity, z: -0, w: [Infinity] }, DEFAULT_STYLE);
    const back = JSON5.parse(whole);
    expect(Object.is(back.x, NaN) && Object.is(back.y, -Infinity) && Object.is(back.z, -0) && back.w[0] === Infinity).toBe(true);
    // The warning may only claim what the whole rewrite checks: what OpenClaw reads, not "intact" content.
    expect(REWRITE_WARNING).not.toMatch(/intact/);
    expect(REWRITE_WARNING).toMatch(/comments/);
  });

  it('4. a comment inside an empty object survives', () => {
    const text = `{\n  models: {\n    providers: { /* add providers here */ },\n  },\n}\n`;
    const out = render(text, addFastrouter);
    expect(out.preserved).toBe(true);
    expect(out.text).toContain('/* add providers here */');
    const line = `{\n  models: {\n    providers: { // add providers here\n    },\n  },\n}\n`;
    expect(render(line, addFastrouter).text).toContain('// add providers here\n');
  });

  it('5. removing an entry never glues the next one onto a line comment, and keeps a comment before a comma', () => {
    const text = `{\n  agents: { defaults: { models: {\n    'local/a': {}, // note\n    'fastrouter/old': {}, 'local/b': {},\n  } } },\n}\n`;
    const out = render(text, (v) => delete v.agents.defaults.models['fastrouter/old']);
    expect(out.preserved).toBe(true);
    expect(out.text).toContain("'local/a': {}, // note\n");
    expect(JSON5.parse(out.text).agents.defaults.models).toEqual({ 'local/a': {}, 'local/b': {} });

    const atEnd = `{\n  a: {}, // note\n  'fastrouter/x': {} }`;
    const closed = render(atEnd, (v) => delete v['fastrouter/x']);
    expect(closed.preserved).toBe(true);
    expect(JSON5.parse(closed.text)).toEqual({ a: {} });

    const beforeComma = `{\n  a: {} /* keep me */ ,\n  'fastrouter/x': {}\n}\n`;
    const kept = render(beforeComma, (v) => delete v['fastrouter/x']);
    expect(kept.preserved).toBe(true);
    expect(kept.text).toContain('a: {} /* keep me */');
  });

  it('6. duplicate keys: the last member (the one OpenClaw reads) is edited, the others stay as written', () => {
    const text = `{\n  models: { providers: {} }, // old\n  models: { providers: { local: {} } }, // current\n}\n`;
    const out = render(text, addFastrouter);
    expect(out.preserved).toBe(true);
    expect(out.text.startsWith(`{\n  models: { providers: {} }, // old\n  models: { providers: { local: {}, fastrouter: {`)).toBe(true);
    expect(out.text.endsWith(`} } }, // current\n}\n`)).toBe(true);
    expect(JSON5.parse(out.text).models.providers).toEqual({ local: {}, fastrouter: { baseUrl: 'https://x' } });
  });

  it.each([', /*', ', //'])(
    '7. style detection is linear: a 1 MB config of "%s" repeats is edited in place',
    (repeat) => {
      const filler = repeat.repeat(Math.ceil(1_000_000 / repeat.length));
      // Quoted keys only, so no early match ends the search for an unquoted key.
      const text = `{\n  // notes\n  "note": "${filler}",\n  "models": { "providers": {} },\n}\n`;
      const out = render(text, addFastrouter);
      expect(out.preserved).toBe(true);
      expect(out.text).toContain(`  "note": "${filler}",\n`);
      expect(JSON5.parse(out.text).models.providers.fastrouter).toEqual({ baseUrl: 'https://x' });
    },
    30_000,
  );

  it('8. bytes that are not UTF-8: exit 5 with one sentence, file byte-identical', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const latin1 = Buffer.concat([Buffer.from('{\n  // caf'), Buffer.from([0xe9]), Buffer.from("\n  gateway: { mode: 'local' },\n}\n")]);
    await writeFile(config, latin1);
    const r = await runCli(['--config', config, '--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/UTF-8/);
    expect((await readFile(config)).equals(latin1)).toBe(true);
  });

  const deep = ['{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}', '{a:' + '['.repeat(100_000) + ']'.repeat(100_000) + ',}'];

  it('a config nested thousands of levels deep is refused with a ConfigError, not a stack overflow', () => {
    for (const text of deep) expect(() => parseConfigText(text)).toThrow(ConfigError);
  });

  it('the CLI says so in one line with exit 5 and leaves the deep file byte-identical', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    for (const text of deep) {
      await writeFile(config, text);
      const r = await runCli(['--config', config, '--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/levels deep/);
      expect(await readFile(config, 'utf8')).toBe(text);
    }
  });
});

// One case per defect of issue 24 (points 1-5); each fails on the editor before its fix.
describe('issue 24 defects', () => {
  const mixed = providerFrom('mixed.json');
  const remove = (text: string) => {
    const snapshot = { path: '/nowhere/openclaw.json', text, config: parseConfigText(text), fingerprint: 'x' };
    return previewUpdate(snapshot, (config) => planRemoval(config, false)).rendered!;
  };
  const model = (fields: string) => `{\n  // keep me\n  models: { providers: { fastrouter: { models: [{ id: 'google/gemma4-26b:free', ${fields} }] } } }, // and me\n}\n`;

  it('1. a kept model entry holding a duplicate key is edited in place', () => {
    const out = setupRun(model('note: 1, note: 2'), mixed);
    expect(out.preserved).toBe(true);
    expect(out.text).toContain('// keep me');
    expect(out.text).toContain('// and me');
    expect(out.text).toMatch(/note: 1, note: 2/);
    expect(sameReading(JSON5.parse(out.text), out.after)).toBe(true);
  });

  it.each(['cost: { output: 2, input: 1, cacheRead: 0, cacheWrite: 0 }', 'cost: { cacheWrite: 0 }'])('1. a model whose cost has another key order or set is edited in place: %s', (cost) => {
    const out = setupRun(model(cost), mixed);
    expect(out.preserved).toBe(true);
    expect(out.text).toContain('// and me');
    expect(sameReading(JSON5.parse(out.text), out.after)).toBe(true);
  });

  it("2. a comment on a container's opening-brace line stays when its first member goes", () => {
    const text = "{\n  agents: {\n    defaults: {\n      models: { // my favourite models\n        'fastrouter/old/gone-1': {},\n        'local/m0': { alias: 'local' },\n      },\n    },\n  },\n}\n";
    const out = setupRun(text, mixed);
    expect(out.preserved).toBe(true);
    expect(out.text).toContain('models: { // my favourite models\n');
    expect(out.text).not.toContain('gone-1');

    const empty = '{\n  models: {\n    providers: { /* add providers here */ },\n  },\n}\n';
    const installed = setupRun(empty, mixed).text;
    const removed = remove(installed);
    expect(removed.preserved).toBe(true);
    expect(removed.text).toContain('providers: { /* add providers here */');
  });

  it("2. a kept member's same-line comment stays when a multi-line comment follows it and the next member goes", () => {
    const text = "{\n  agents: { defaults: { models: {\n    'local/m0': {}, /* about local */ /* next:\n       gone */ 'fastrouter/old/gone-1': {},\n    'vault/x': {},\n  } } },\n}\n";
    const out = setupRun(text, mixed);
    expect(out.preserved).toBe(true);
    expect(out.text).toContain("'local/m0': {}, /* about local */");
    expect(out.text).not.toContain('gone-1');
  });

  it('3. deepEqual compares numbers by Object.is', () => {
    expect(deepEqual({ a: [NaN] }, { a: [NaN] })).toBe(true);
    expect(deepEqual(-0, 0)).toBe(false);
  });

  it('3. a NaN in our block is no change, and in meta or gateway.mode no refusal', () => {
    const text = '{\n  // mine\n  models: { providers: { fastrouter: { timeoutSeconds: NaN } } },\n}\n';
    const first = setupRun(text, mixed);
    expect(first.preserved).toBe(true);
    expect(setupRun(first.text, mixed).changed).toBe(false);
    for (const text of ['{\n  meta: NaN, // m\n}\n', '{\n  gateway: { mode: NaN }, // g\n}\n']) {
      const out = setupRun(text, mixed);
      expect(out.changed && out.preserved).toBe(true);
      expect(sameReading(JSON5.parse(out.text), out.after)).toBe(true);
    }
  });

  const rejected = ['{ a: -I\\u006efinity }', '{ a: +N\\u0061N }', '{ a: I\\u006efinity }', '{ \u0560: 1 }', '{ \u0870: 1 }', '{ \u{31350}: 1 }', '{ a\u0897: 1 }'];

  it.each(rejected)('4. what json5 2.2.3 rejects is refused: %s', (text) => {
    expect(() => JSON5.parse(text)).toThrow(SyntaxError);
    expect(() => parseConfigText(text)).toThrow(ConfigError);
  });

  it('4. the CLI refuses those and a null root with exit 5, the file byte-identical', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    for (const text of [...rejected, 'null', ' null // nothing\n']) {
      await writeFile(config, text);
      const r = await runCli(['--config', config, '--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate']);
      expect(r.code, `${text}: ${r.stderr}`).toBe(5);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(await readFile(config, 'utf8')).toBe(text);
    }
  });

  it.each(['\u2028', '\u2029'])('5. a file whose only line ends are %j gets them in the inserted text', (eol) => {
    const text = `{${eol}  // mine${eol}  models: { providers: {} },${eol}}${eol}`;
    const out = render(text, addFastrouter);
    expect(out.preserved).toBe(true);
    expect(out.text).not.toMatch(/[\n\r]/);
    expect(out.text.split(eol).length).toBeGreaterThan(text.split(eol).length);
    // One inside a string (JSON allows it raw) is no line end; nor is one after a quote in a comment.
    for (const single of [`{ "a": "x${eol}y", "models": { "providers": {} } }`, `/* it's */ { a: 'x${eol}y', models: { providers: {} } }`]) {
      expect(render(single, addFastrouter).text).toContain('\n');
    }
  });
});

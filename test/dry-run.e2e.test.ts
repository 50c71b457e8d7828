// A dry run a person reads (issue 23, point 4): a summary and the diff of everything but the long
// model list (and the picker entries that follow it); --diff gives the whole diff; --json stays small.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticCatalog } from '../fixtures/synthetic.mjs';
import { budget, fixture, KEY_SECRET_PART, runCli, tempDir, TEST_KEY } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');

async function home() {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  const catalog = join(dir, 'catalog-300.json');
  await writeFile(catalog, JSON.stringify(syntheticCatalog(300)));
  const run = (args: string[]) => runCli([...args, '--config', config]);
  return { dir, config, catalog, run };
}

describe('--dry-run for a person', () => {
  it('sums up a first install of hundreds of models in a screenful: counts, the first ids, and every change outside the model list', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, config, catalog, run } = await home();
    await writeFile(config, JSON.stringify({ gateway: { mode: 'local' }, agents: { defaults: { models: { 'other/m1': { alias: 'mine' } }, modelPolicy: { allow: ['other/*'] } } } }, null, 2));
    const before = await readFile(config, 'utf8');
    const r = await run(['--catalog', catalog, '--key', TEST_KEY, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length, r.stdout).toBeLessThan(80);
    expect(r.stdout).toMatch(/Dry run: (2\d\d) models, \1 new, 0 removed, 0 changed in .*\. Nothing was written\./);
    // What is not the model list is shown in full: the key (masked), the base URL, the primary, the policy.
    expect(r.stdout).toContain('+        "apiKey": "sk-v1-…c0de",');
    expect(r.stdout).toContain('+        "baseUrl": "https://api.fastrouter.ai/api/v1",');
    expect(r.stdout).toMatch(/\+ +"primary": "fastrouter\//);
    expect(r.stdout).toMatch(/\+ +"fastrouter\/\*"/);
    expect(r.stdout).toMatch(/\+ +"models": \[ … 2\d\d models \(--dry-run --diff shows them\) … \]/);
    expect(r.stdout).toMatch(/Picker entries \(agents\.defaults\.models\): \+2\d\d fastrouter\/\./);
    expect(r.stdout).toContain('The whole diff, model list included: --dry-run --diff');
    expect(r.stdout).not.toContain(KEY_SECRET_PART);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['catalog-300.json', 'openclaw.json']);

    const full = await run(['--catalog', catalog, '--key', TEST_KEY, '--dry-run', '--diff']);
    expect(full.code).toBe(0);
    expect(full.stdout.split('\n').length).toBeGreaterThan(3000);
    expect(full.stdout).not.toContain('--dry-run --diff shows them');
    expect(full.stdout).not.toContain(KEY_SECRET_PART);
  });

  it('names the models a refresh adds, removes and changes, and folds the list in the diff', { timeout: budget({ runs: 3 }) }, async () => {
    const { run } = await home();
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'])).code).toBe(0);
    const r = await run(['--catalog', UPDATED, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dry run: 12 models, 2 new, 1 removed, \d+ changed \(2 with new prices\) in /);
    expect(r.stdout).toContain('  + x-ai/grok-4');
    expect(r.stdout).toContain('  - openai/gpt-4o-mini');
    expect(r.stdout).toContain('  ~ anthropic/claude-sonnet-4.6');
    expect(r.stdout).toContain('-        "models": [ … 11 models (--dry-run --diff shows them) … ]');
    expect(r.stdout).toContain('+        "models": [ … 12 models (--dry-run --diff shows them) … ]');
    expect(r.stdout).not.toContain('"contextWindow"');
    const json = await run(['--catalog', UPDATED, '--dry-run', '--json']);
    const report = JSON.parse(json.stdout);
    expect(report.counts).toMatchObject({ added: 2, removed: 1 });
    expect(report.counts.changed).toBeGreaterThan(0);
    expect(report.changed).toContain('anthropic/claude-sonnet-4.6');
  });

  it('keeps --json under 2 KB on a first install of hundreds of models', { timeout: budget({ runs: 1 }) }, async () => {
    const { catalog, run } = await home();
    const r = await run(['--catalog', catalog, '--key', TEST_KEY, '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(2048);
    const { counts } = JSON.parse(r.stdout);
    expect(counts.models).toBeGreaterThan(200);
    expect(counts).toMatchObject({ added: counts.models, changed: 0 });
  });

  it('takes --diff only with --dry-run', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await home();
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--diff']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--diff goes with --dry-run');
  });
});

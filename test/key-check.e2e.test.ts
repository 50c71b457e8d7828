// The key, checked with FastRouter before anything is written (issue 20): a mocked FastRouter on a
// real socket answers POST /api/v1/generation as FastRouter does (401 for a bad key, 404 for a good
// one), and the CLI runs as a child process.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, fixture, readJson, runCli, tempDir } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
export const FR_KEY = `sk-fr-${'5e41ce'.repeat(5)}`;

describe('service-account keys (sk-fr-)', () => {
  it('sets up with an sk-fr- key, masks it in every output, and keeps the config owner-only', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{}\n', { mode: 0o644 });
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key-stdin', '--json', '--no-validate'], { input: `${FR_KEY}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).key).toBe(`sk-fr-…${FR_KEY.slice(-4)}`);
    expect(r.stdout + r.stderr).not.toContain(FR_KEY.slice(6, 20));
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toBe(FR_KEY);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect(await readFile(config, 'utf8')).toContain(FR_KEY);
  });

  it('still refuses what is plainly not a key, with the same message', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', 'sk-fr-not-a-key']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not look like a FastRouter API key/);
    await expect(stat(config)).rejects.toThrow();
  });
});

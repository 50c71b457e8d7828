// Issue 22 (point 5, our own folder): odd files in `fastrouter-openclaw/` that status and models meet.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, CLI, fixture, spawnCli, tempDir, TEST_KEY, type RunResult, type SpawnOptions } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const LOCAL = '{"gateway":{"mode":"local"}}\n';

const run = (args: string[], options: SpawnOptions = {}): Promise<RunResult> => spawnCli(CLI, args, { cwd: '/', ...options });
const setup = (config: string, extra: string[] = []) => run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate', ...extra]);

/** A config with a backup before each of these runs: the texts it had, oldest first (the last is the config now). */
async function configWithHistory(includes: readonly string[]): Promise<{ dir: string; config: string; texts: string[] }> {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  await writeFile(config, LOCAL);
  const texts = [LOCAL];
  for (const include of includes) {
    const r = await setup(config, ['--include', include]);
    expect(r.code, r.stderr).toBe(0);
    texts.push(await readFile(config, 'utf8'));
  }
  return { dir, config, texts };
}

describe('22.5 invalid remembered filters are named wherever they are read', () => {
  async function brokenFilters(): Promise<{ config: string; state: string }> {
    const { dir, config } = await configWithHistory(['openai/*']);
    const state = join(dir, 'fastrouter-openclaw', 'openclaw.json.state.json');
    const saved = JSON.parse(await readFile(state, 'utf8'));
    await writeFile(state, JSON.stringify({ ...saved, include: ['/([a-z/'], exclude: ['/\\k<nope>/'] }));
    return { config, state };
  }

  it('status reports them as a problem (exit 6) naming the state file and --reset-filters', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, state } = await brokenFilters();
    const text = await run(['status', '--config', config, '--catalog', MIXED, '--no-validate']);
    expect(text.code, text.stderr).toBe(6);
    expect(text.stdout).toContain(state);
    expect(text.stdout).toMatch(/--reset-filters/);
    const json = await run(['status', '--config', config, '--catalog', MIXED, '--no-validate', '--json']);
    expect(json.code, json.stderr).toBe(6);
    const problems: string[] = JSON.parse(json.stdout).problems;
    expect(problems.some((p) => p.includes(state) && p.includes('--reset-filters'))).toBe(true);
  });

  it('models names them too (exit 2), and --reset-filters gets past them', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, state } = await brokenFilters();
    const r = await run(['models', '--config', config, '--catalog', MIXED]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(state);
    expect(r.stderr).toMatch(/--reset-filters/);
    expect((await run(['models', '--config', config, '--catalog', MIXED, '--reset-filters'])).code).toBe(0);
  });
});

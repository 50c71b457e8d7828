// Issue 22 (points 1 and 5, our backups folder): restores that race, backups dated in the future,
// and the odd files in `fastrouter-openclaw/` that restore --list, status and models meet.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, CLI, fixture, spawnCli, tempDir, TEST_KEY, type RunResult, type SpawnOptions } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const LOCAL = '{"gateway":{"mode":"local"}}\n';

const run = (args: string[], options: SpawnOptions = {}): Promise<RunResult> => spawnCli(CLI, args, { cwd: '/', ...options });
const setup = (config: string, extra: string[] = []) => run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate', ...extra]);
const backupsOf = (dir: string) => join(dir, 'fastrouter-openclaw', 'backups');
const statesOf = (dir: string) => join(dir, 'fastrouter-openclaw', 'backup-states');
/** The backup a `restore` says it put back. */
const restoredFrom = (r: RunResult) => /(?:from|was in) (\S+?\.backup)/.exec(r.stdout)?.[1];

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

async function until(path: string): Promise<void> {
  while (!(await stat(path).catch(() => undefined))) await new Promise((resolve) => setTimeout(resolve, 25));
}

/**
 * A fake `openclaw` on PATH whose check holds until `go` exists: a restore that runs it has written
 * and not yet ended. `started` appears once it runs.
 */
async function heldCheck(dir: string): Promise<{ path: string; started: string; go: string }> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const [started, go] = [join(dir, 'check-started'), join(dir, 'go')];
  await writeFile(join(bin, 'openclaw'), `#!/bin/sh\ntouch "${started}"\nwhile [ ! -e "${go}" ]; do sleep 0.05; done\necho '{"valid":true}'\n`, { mode: 0o755 });
  return { path: `${bin}:${process.env.PATH}`, started, go };
}

describe('22.5 restores that run at the same time each undo one step', () => {
  it('a restore started while another one is in OpenClaw\u2019s check waits for it and goes one step further', { timeout: budget({ runs: 8 }) }, async () => {
    const { dir, config, texts } = await configWithHistory(['openai/*', 'anthropic/*', 'google/*']);
    const held = await heldCheck(dir);
    const first = run(['restore', '--config', config, '--validate'], { env: { PATH: held.path } });
    await until(held.started);
    const second = run(['restore', '--config', config, '--no-validate']);
    // Let the second one run into the first (it either ends or waits), then let the first finish.
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await writeFile(held.go, '');
    const results = await Promise.all([first, second]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const [a, b] = results.map(restoredFrom);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(await readFile(config, 'utf8')).toBe(texts[1]);
    // The next one goes one step further still.
    expect((await run(['restore', '--config', config, '--no-validate'])).code).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(texts[0]);
  });

  it('Ctrl-C while waiting for another restore: exit 130 at once, and that restore ends as it would have', { timeout: budget({ runs: 6 }) }, async () => {
    const { dir, config, texts } = await configWithHistory(['openai/*', 'anthropic/*']);
    const held = await heldCheck(dir);
    const first = run(['restore', '--config', config, '--validate'], { env: { PATH: held.path } });
    await until(held.started);
    const second = spawn(process.execPath, [CLI, 'restore', '--config', config, '--no-validate'], { env: { PATH: process.env.PATH, HOME: dir, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    second.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = new Promise<number | null>((resolve) => second.on('close', resolve));
    // Once it waits (it has looked at the backups), Ctrl-C.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    second.kill('SIGINT');
    expect(await ended, stderr).toBe(130);
    expect(stderr).toMatch(/^fastrouter-openclaw: Interrupted while another restore \(pid \d+\) of .* was running: nothing was changed\.\n$/);
    await writeFile(held.go, '');
    expect((await first).code).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(texts[1]);
  });

  it('a restore killed after its write leaves no hold behind: the next one goes one step further', { timeout: budget({ runs: 6 }) }, async () => {
    const { dir, config, texts } = await configWithHistory(['openai/*', 'anthropic/*']);
    const held = await heldCheck(dir);
    const killed = spawn(process.execPath, [CLI, 'restore', '--config', config, '--validate'], { env: { PATH: held.path, HOME: dir, NO_COLOR: '1' }, stdio: 'ignore' });
    const ended = new Promise((resolve) => killed.on('close', resolve));
    await until(held.started);
    killed.kill('SIGKILL');
    await ended;
    await writeFile(held.go, '');
    expect(await readFile(config, 'utf8')).toBe(texts[1]);
    const r = await run(['restore', '--config', config, '--no-validate']);
    expect(r.code, r.stderr).toBe(0);
    // The killed run saved no state, so this one cannot tell its write from an edit: it puts back
    // FastRouter's part only (everything else as it is), as after any change it did not make.
    expect(restoredFrom(r)).toBeDefined();
    const now = JSON.parse(await readFile(config, 'utf8'));
    expect(now.gateway).toEqual(JSON.parse(texts[0]!).gateway);
    expect(now.models?.providers?.fastrouter).toBeUndefined();
    expect((await readdir(backupsOf(dir))).filter((name) => !name.endsWith('.undone'))).toEqual([]);
  });

  it('two restores started together never both claim one backup: the config ends two steps back', { timeout: budget({ runs: 4 * 5 }) }, async () => {
    for (let round = 0; round < 4; round++) {
      const { config, texts } = await configWithHistory(['openai/*', 'anthropic/*', 'google/*']);
      const results = await Promise.all([0, 1].map(() => run(['restore', '--config', config, '--no-validate'])));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      const [a, b] = results.map(restoredFrom);
      expect(a, `round ${round}`).not.toBe(b);
      expect(await readFile(config, 'utf8'), `round ${round}`).toBe(texts[1]);
    }
  });
});

/** `openclaw.json.<stamp>.999.1.backup` for a time: what a backup taken then is called. */
const backupNameAt = (time: Date) => `openclaw.json.${time.toISOString().replace(/[-:]/g, '').replace('.', '')}.999.1.backup`;
const FAR_FUTURE = new Date('2030-12-31T00:00:00.000Z');

describe('22.5 a backup dated in the future is not the newest, and pushes no real one out', () => {
  it('a copied backup dated 2030: restore undoes the last run, and --list shows it last, as dated in the future', { timeout: budget({ runs: 6 }) }, async () => {
    const { dir, config, texts } = await configWithHistory(['openai/*']);
    const [oldest] = (await readdir(backupsOf(dir))).sort();
    const future = backupNameAt(FAR_FUTURE);
    await cp(join(backupsOf(dir), oldest!), join(backupsOf(dir), future), { preserveTimestamps: true });
    await cp(join(statesOf(dir), oldest!), join(statesOf(dir), future));
    const narrowing = await setup(config, ['--include', 'anthropic/*']);
    expect(narrowing.stdout).toMatch(/Undo with: .* restore --config/);
    const listed = await run(['restore', '--list', '--config', config]);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^ +3 +2030-12-31 00:00:00 UTC \(dated in the future\)/);
    const json = JSON.parse((await run(['restore', '--list', '--config', config, '--json'])).stdout);
    expect(json.points.map((p: { file: string; future?: boolean }) => [p.file === future, p.future ?? false])).toEqual([
      [false, false],
      [false, false],
      [true, true],
    ]);
    const r = await run(['restore', '--config', config, '--no-validate']);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(texts[1]);
  });

  it('five entries dated in the future (copies and links): each run keeps its own backup, and its "Undo with:" undoes that run', { timeout: budget({ runs: 10 }) }, async () => {
    const { dir, config, texts } = await configWithHistory(['openai/*']);
    const [oldest] = (await readdir(backupsOf(dir))).sort();
    const elsewhere = join(await tempDir(), 'other.json');
    await writeFile(elsewhere, LOCAL);
    for (let year = 2995; year < 3000; year++) {
      const name = backupNameAt(new Date(`${year}-12-31T00:00:00.000Z`));
      if (year % 2) await cp(join(backupsOf(dir), oldest!), join(backupsOf(dir), name));
      else await symlink(elsewhere, join(backupsOf(dir), name));
    }
    for (const include of ['anthropic/*', 'google/*']) {
      const r = await setup(config, ['--include', include]);
      expect(r.code, r.stderr).toBe(0);
      texts.push(await readFile(config, 'utf8'));
    }
    // Undone one by one, each run's own backup is still there.
    for (const expected of [texts[2], texts[1], texts[0]]) {
      const r = await run(['restore', '--config', config, '--no-validate']);
      expect(r.code, r.stderr).toBe(0);
      expect(await readFile(config, 'utf8')).toBe(expected);
    }
  });
});

describe('22.5 restore --list meets the same folders as restore', () => {
  it.each(['', 'backups', 'backup-states'])('fastrouter-openclaw/%s as a regular file: --list exits 5 naming the folder, as restore does', { timeout: budget({ runs: 4 }) }, async (sub) => {
    const { dir, config } = await configWithHistory(['openai/*', 'anthropic/*']);
    const folder = join(dir, 'fastrouter-openclaw', sub);
    await rm(folder, { recursive: true });
    await writeFile(folder, 'not a folder');
    for (const args of [
      ['restore', '--list', '--config', config],
      ['restore', '--config', config],
    ]) {
      const r = await run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(5);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${folder.replace(/\/$/, '')}: it is a file, not a folder`);
    }
  });

  it('restore --list --json stays under 2 KB with a 2.8 KB config path, its counts whole', { timeout: budget({ runs: 4 }) }, async () => {
    let dir = await tempDir();
    for (let i = 0; i < 14; i++) dir = join(dir, `${String(i).padStart(2, '0')}${'d'.repeat(198)}`);
    await mkdir(dir, { recursive: true });
    const config = join(dir, 'openclaw.json');
    expect(config.length).toBeGreaterThan(2800);
    await writeFile(config, LOCAL);
    for (const include of ['openai/*', 'anthropic/*', 'google/*']) expect((await setup(config, ['--include', include])).code).toBe(0);
    const r = await run(['restore', '--list', '--config', config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.byteLength(r.stdout.trimEnd())).toBeLessThanOrEqual(2048);
    const json = JSON.parse(r.stdout);
    expect(json.count).toBe(3);
    expect(json.points.map((p: { n: number }) => p.n)).toEqual([1, 2, 3].slice(0, json.points.length));
  });
});

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

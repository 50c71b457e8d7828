// Undo you can see and pick: `restore <n|time>` goes back to any listed point in one write, exactly
// where as many single restores would have led; `restore --dry-run` and `remove --dry-run` show the
// diff and write nothing.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, fixture, readJson, runCli, tempDir, TEST_KEY, KEY_SECRET_PART, snapshot } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');

async function home(initial?: string) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  if (initial !== undefined) await writeFile(config, initial);
  const run = (args: string[]) => runCli([...args, '--config', config, '--no-validate']);
  return { dir, config, run };
}

/**
 * Four runs with OpenClaw-like edits in between (a gateway port, a primary the user chose), so that
 * restores past the edit put back only our part: the case where n single steps and one jump could differ.
 */
async function history() {
  const h = await home(JSON.stringify({ meta: { lastTouchedVersion: '2026.9.6' } }, null, 2));
  const ok = async (args: string[]) => expect((await h.run(args)).code).toBe(0);
  await ok(['--catalog', MIXED, '--key', TEST_KEY]);
  const edited = await readJson(h.config);
  edited.gateway = { port: 19001 };
  edited.agents.defaults.model.primary = 'fastrouter/openai/gpt-5.1';
  await writeFile(h.config, JSON.stringify(edited, null, 2));
  await ok(['--catalog', UPDATED]);
  await ok(['--catalog', UPDATED, '--include', 'anthropic/*,openai/*']);
  await ok(['--catalog', UPDATED, '--exclude', '*mini*']);
  return h;
}

const refreshState = async (h: Awaited<ReturnType<typeof history>>) => {
  const r = await h.run(['--catalog', UPDATED, '--dry-run', '--json']);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr };
  const json = JSON.parse(r.stdout);
  return { status: json.status, models: json.counts.models, filter: json.filter };
};

describe('restore <n>', () => {
  it('ends exactly where n single restores end: the same bytes, the same filters; one write', { timeout: budget({ runs: 34 }) }, async () => {
    for (const n of [2, 4]) {
      const jump = await history();
      const steps = await history();
      const r = await jump.run(['restore', String(n)]);
      expect(r.code, r.stderr).toBe(0);
      for (let i = 0; i < n; i++) expect((await steps.run(['restore'])).code).toBe(0);
      expect(await readFile(jump.config, 'utf8')).toBe(await readFile(steps.config, 'utf8'));
      expect(await refreshState(jump)).toEqual(await refreshState(steps));
      // What the user did in between stays.
      expect((await readJson(jump.config)).gateway).toEqual({ port: 19001 });
      // The points it stepped over are gone from the list, as after n single restores.
      const listed = (h: typeof jump) => h.run(['restore', '--list', '--json']).then((x) => JSON.parse(x.stdout).points.map((p: { models?: number }) => p.models));
      expect(await listed(jump)).toEqual(await listed(steps));
    }
  });

  it('takes the time `restore --list` shows, or enough of it to name one point', { timeout: budget({ runs: 14 }) }, async () => {
    const jump = await history();
    const steps = await history();
    const { points } = JSON.parse((await jump.run(['restore', '--list', '--json'])).stdout);
    // The time as the text list shows it, to the second (two points of one minute are told apart).
    const listed = (await jump.run(['restore', '--list'])).stdout.split('\n')[2]!;
    const shown = /^ +2 +(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC)/.exec(listed)?.[1];
    expect(shown, listed).toBeDefined();
    const byText = await jump.run(['restore', shown!, '--dry-run', '--json']);
    // Our runs here are fast: several points may share that second, and then it says so.
    const sameSecond = points.filter((p: { time: string }) => p.time.slice(0, 19) === points[1].time.slice(0, 19)).length;
    if (sameSecond === 1) expect(JSON.parse(byText.stdout).restoredFrom, byText.stderr).toBe(points[1].file);
    else expect(byText.stderr).toContain(`matches ${sameSecond} backups`);
    const r = await jump.run(['restore', points[1].time]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(points[1].file);
    for (let i = 0; i < 2; i++) await steps.run(['restore']);
    expect(await readFile(jump.config, 'utf8')).toBe(await readFile(steps.config, 'utf8'));
  });

  it('refuses a point that is not there, with what is there; writes nothing', { timeout: budget({ runs: 14 }) }, async () => {
    const h = await history();
    const files = await snapshot(h.dir);
    for (const [arg, message] of [
      ['5', /There are 4 backups of .*: give 1 to 4 \(see restore --list\)/],
      ['0', /give 1 to 4/],
      ['-1', /give 1 to 4|unknown option/],
      ['latest', /"latest" is neither a number from restore --list nor a time it shows/],
      ['1999-01-01', /no backup was taken at 1999-01-01/],
      ['20', /There are 4 backups/],
    ] as const) {
      const r = await h.run(['restore', arg]);
      expect(r.code, `${arg}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    // A time that names several points (they were all taken within one minute).
    const { points } = JSON.parse((await h.run(['restore', '--list', '--json'])).stdout);
    const day = points[0].time.slice(0, 10);
    const several = await h.run(['restore', day]);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/matches 4 backups \(1, 2, 3, 4\)/);
    expect(await snapshot(h.dir)).toEqual(files);
  });
});

describe('restore and the last refresh', () => {
  it('brings back the time of the refresh that wrote the restored config, as status shows it', { timeout: budget({ runs: 6 }) }, async () => {
    const h = await home();
    const state = () => readJson(join(h.dir, 'fastrouter-openclaw', 'openclaw.json.state.json'));
    await h.run(['--catalog', MIXED, '--key', TEST_KEY]);
    const first = (await state()).lastRefresh;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await h.run(['--catalog', UPDATED]);
    expect((await state()).lastRefresh).not.toBe(first);
    expect((await h.run(['restore'])).code).toBe(0);
    expect((await state()).lastRefresh).toBe(first);
    const status = JSON.parse((await h.run(['status', '--catalog', MIXED, '--json'])).stdout);
    expect(status).toMatchObject({ lastRefresh: first, exitCode: 0 });
  });
});

describe('restore and the record of our last write', () => {
  // A compact config: a replay (the file changed since) leaves empty containers where a whole
  // put-back (the file is still what we wrote) gives the original bytes, so the two can be told apart.
  const ORIGINAL = '{"meta":{"lastTouchedVersion":"2026.9.6"}, "gateway": {"mode":"local"}}';

  it('puts the backup back whole when the file is still what setup wrote', { timeout: budget({ runs: 2 }) }, async () => {
    const h = await home(ORIGINAL);
    expect((await h.run(['--catalog', MIXED, '--key', TEST_KEY])).code).toBe(0);
    expect((await h.run(['restore'])).code).toBe(0);
    expect(await readFile(h.config, 'utf8')).toBe(ORIGINAL);
  });

  it('reads the SHA-256 record an earlier version wrote', { timeout: budget({ runs: 2 }) }, async () => {
    const h = await home(ORIGINAL);
    expect((await h.run(['--catalog', MIXED, '--key', TEST_KEY])).code).toBe(0);
    const statePath = join(h.dir, 'fastrouter-openclaw', 'openclaw.json.state.json');
    const state = await readJson(statePath);
    state.wrote.hash = createHash('sha256')
      .update(await readFile(h.config))
      .digest('hex');
    await writeFile(statePath, JSON.stringify(state, null, 2));
    expect((await h.run(['restore'])).code).toBe(0);
    expect(await readFile(h.config, 'utf8')).toBe(ORIGINAL);
  });
});

describe('--dry-run on restore and remove', () => {
  it('restore --dry-run: the diff of what would come back, nothing written; then the real restore brings in what it showed', { timeout: budget({ runs: 10 }) }, async () => {
    const h = await history();
    const files = await snapshot(h.dir);
    const preview = await h.run(['restore', '2', '--dry-run']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^--- /m);
    expect(preview.stdout).toMatch(/Dry run: restore would put back .*; nothing was written\./i);
    expect(preview.stdout).not.toContain(KEY_SECRET_PART);
    const json = await h.run(['restore', '2', '--dry-run', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ dryRun: true, status: 'would-restore' });
    expect(Buffer.byteLength(json.stdout)).toBeLessThan(2048);
    const whole = await h.run(['restore', '2', '--dry-run', '--diff']);
    expect(await snapshot(h.dir)).toEqual(files);
    const real = await h.run(['restore', '2']);
    expect(real.code, real.stderr).toBe(0);
    // Every line the preview said would come in is in the file now.
    const added = whole.stdout.split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++'));
    expect(added.length).toBeGreaterThan(0);
    const restored = await readFile(h.config, 'utf8');
    expect(added.filter((l) => !restored.includes(l.slice(1)))).toEqual([]);
  });

  it('remove --dry-run: the diff with the model list folded, the primary it would put back, nothing written', { timeout: budget({ runs: 8 }) }, async () => {
    const h = await home();
    await h.run(['--catalog', MIXED, '--key', TEST_KEY]);
    const files = await snapshot(h.dir);
    const preview = await h.run(['remove', '--dry-run']);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/^-\s+"fastrouter": \{/m);
    expect(preview.stdout).toContain('models (--dry-run --diff shows them)');
    expect(preview.stdout).toMatch(/Dry run: remove would take FastRouter out of .* \(11 models\)/);
    expect(preview.stdout).toMatch(/default model fastrouter\/anthropic\/claude-sonnet-4\.6/);
    expect(preview.stdout).not.toContain(KEY_SECRET_PART);
    const full = await h.run(['remove', '--dry-run', '--diff']);
    expect(full.stdout).toContain('"id": "openai/gpt-5.1"');
    const json = JSON.parse((await h.run(['remove', '--dry-run', '--json'])).stdout);
    expect(json).toMatchObject({ status: 'would-remove', dryRun: true, counts: { removed: 11 } });
    expect(await snapshot(h.dir)).toEqual(files);
    const none = await (await home()).run(['remove', '--dry-run']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/not configured/);
  });

  it('remove where there is no config says so and creates nothing, not even ~/.openclaw', { timeout: budget({ runs: 2 }) }, async () => {
    const home = await tempDir();
    for (const args of [['remove'], ['remove', '--dry-run']]) {
      const r = await runCli(args, { home });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/FastRouter is not configured in .*openclaw\.json; nothing to remove/);
    }
    expect(await readdir(home)).toEqual([]);
  });
});

// Faults the happy path never meets, reproduced for real (issue 10): a short write under `ulimit -f`
// (SIGXFSZ ignored, so the write fails with EFBIG after a partial write) and, as root, a full tmpfs;
// FIFOs, /dev/zero, dangling symlinks; folders another user owns; huge or hostile catalogs.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticCatalog } from '../fixtures/synthetic.mjs';
import { CLI, fixture, IS_ROOT, KEY_SECRET_PART, NO_HOME, NOBODY, requireOtherUser, sharedWorld, tempDir, spawnCli, TEST_KEY, UNPRIVILEGED, type RunResult, type SpawnOptions } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');

type RunOptions = SpawnOptions & { cli?: string };

/** The built CLI (or a shared world's copy) as a child process, optionally under a file-size limit or as another user. */
const run = (args: string[], options: RunOptions = {}): Promise<RunResult> => spawnCli(options.cli ?? CLI, args, { cwd: '/', ...options });

const setup = (config: string, catalog = MIXED, extra: string[] = [], options: RunOptions = {}) =>
  run(['--config', config, '--catalog', catalog, '--key', TEST_KEY, '--no-validate', ...extra], options);

/** A config of roughly `bytes` bytes that OpenClaw would accept, with a pad of other providers. */
function paddedConfig(bytes: number): string {
  const models: Array<{ id: string; name: string }> = [];
  const text = () => JSON.stringify({ gateway: { mode: 'local' }, models: { providers: { local: { baseUrl: 'http://127.0.0.1:1/v1', api: 'openai-completions', models } } } }, null, 2) + '\n';
  while (text().length < bytes) models.push({ id: `local-model-${models.length}`, name: `Local model number ${models.length}` });
  return text();
}

async function writeCatalog(dir: string, catalog: unknown): Promise<string> {
  const path = join(dir, `catalog-${Math.random().toString(16).slice(2)}.json`);
  await writeFile(path, JSON.stringify(catalog));
  return path;
}

/** Files beside the config that a failed write must not leave: temp files, lock files. */
async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.includes('.lock'));
}

const ownFolder = (dir: string) => join(dir, 'fastrouter-openclaw');
const backupsOf = async (dir: string) => (await readdir(join(ownFolder(dir), 'backups')).catch(() => [] as string[])).sort();

/** One line naming the cause (after any progress lines), never "please report it". */
function expectSentence(r: RunResult, code: number, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  const errors = r.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.endsWith('…'));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/report it|unexpected error/i);
}

describe('1. a full disk never truncates the config or the state', () => {
  it('a short write (ulimit -f) leaves the config byte-identical, no temp file, exit 5 "the disk is full"', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const before = paddedConfig(6_000);
    await writeFile(config, before);
    // The backup (6 KB) fits under 10 KB, the new config (6 KB + the provider block) does not.
    const r = await setup(config, MIXED, [], { fileBlocks: 10 });
    expectSentence(r, 5, /disk is full|file size limit/);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect(await leftovers(dir)).toEqual([]);
    // The backup of a write that never happened is not kept as a restore point.
    expect(await backupsOf(dir)).toEqual([]);
  });

  it('the state file is never truncated: a failed state write is a warning (exit 0) and the old state stays', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    expect((await setup(config, MIXED, ['--include', '*'])).code).toBe(0);
    const statePath = join(ownFolder(dir), 'openclaw.json.state.json');
    const state = await readFile(statePath, 'utf8');
    // The same models (a `*` among the patterns), so only the state changes, and it is over 1 KB.
    // (each part must match a model: one that matches nothing is refused as a typo)
    const long = ['*', ...Array.from({ length: 20 }, (_, i) => `/^(?:a-rather-long-alternative-number-${i}|anthropic\\/claude-sonnet-4\\.6)$/`)];
    const r = await setup(config, MIXED, ['--include', long.join(',')], { fileBlocks: 1 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*(remember|state)/i);
    expect(await readFile(statePath, 'utf8')).toBe(state);
    expect(await leftovers(ownFolder(dir))).toEqual([]);
  });

  it('as root on a 64 KB tmpfs with a 12 KB config: exit 5, config byte-identical', { timeout: 30_000 }, async (ctx) => {
    if (!IS_ROOT) ctx.skip('needs root to mount a tmpfs');
    const dir = await tempDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      ctx.skip('mount -t tmpfs is not allowed here');
    }
    try {
      const config = join(dir, 'openclaw.json');
      const before = paddedConfig(12_000);
      await writeFile(config, before);
      const big = await writeCatalog(tmpdir(), syntheticCatalog(300));
      const r = await setup(config, big);
      await rm(big);
      expectSentence(r, 5, /disk is full/);
      expect(await readFile(config, 'utf8')).toBe(before);
      expect(await leftovers(dir)).toEqual([]);
    } finally {
      execFileSync('umount', [dir]);
    }
  });

  it('with openclaw on PATH, a short write is still "the disk is full", never "the config changed meanwhile"', { timeout: 30_000 }, async () => {
    // A fake `openclaw` that calls any file that does not parse invalid, as the real one does.
    const dir = await tempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const check = `try{JSON.parse(require('fs').readFileSync(process.env.OPENCLAW_CONFIG_PATH,'utf8'));console.log('{"valid":true}')}catch{console.log('{"valid":false,"issues":[{"path":"","message":"JSON5 parse failed"}]}')}`;
    await writeFile(join(bin, 'openclaw'), `#!/bin/sh\nexec "${process.execPath}" -e "${check.replace(/"/g, '\\"')}"\n`, { mode: 0o755 });
    const config = join(dir, 'openclaw.json');
    const before = paddedConfig(6_000);
    await writeFile(config, before);
    const r = await run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY], { fileBlocks: 10, env: { PATH: `${bin}:${process.env.PATH}` } });
    expectSentence(r, 5, /disk is full/);
    expect(r.stderr).not.toMatch(/changed meanwhile/);
    expect(await readFile(config, 'utf8')).toBe(before);
  });

  it('when OpenClaw rejects what we wrote, the previous config is put back and its backup dropped', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'openclaw'), `#!/bin/sh\ngrep -q fastrouter "$OPENCLAW_CONFIG_PATH" && echo '{"valid":false,"issues":[{"path":"models","message":"nope"}]}' || echo '{"valid":true}'\n`, {
      mode: 0o755,
    });
    const config = join(dir, 'openclaw.json');
    const before = paddedConfig(6_000);
    await writeFile(config, before);
    const r = await run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expectSentence(r, 5, /previous config was put back/);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect(await backupsOf(dir)).toEqual([]);
  });
});

describe('2. a full disk while backing up', () => {
  it('leaves no truncated backup, exit 5 with a sentence, config untouched', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const before = paddedConfig(12_000);
    await writeFile(config, before);
    const r = await setup(config, MIXED, [], { fileBlocks: 8 });
    expectSentence(r, 5, /disk is full|file size limit/);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect(await backupsOf(dir)).toEqual([]);
    expect(await leftovers(join(ownFolder(dir), 'backups'))).toEqual([]);
  });

  it('restore refuses a backup that does not parse, and leaves the config as it is', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, paddedConfig(3_000));
    expect((await setup(config)).code).toBe(0);
    const [backup] = await backupsOf(dir);
    const path = join(ownFolder(dir), 'backups', backup!);
    const whole = await readFile(path, 'utf8');
    await writeFile(path, whole.slice(0, 1000)); // what a short write used to leave
    const current = await readFile(config, 'utf8');
    const r = await run(['restore', '--config', config]);
    expectSentence(r, 5, /backup .* (does not parse|is damaged|not valid)/i);
    expect(await readFile(config, 'utf8')).toBe(current);
  });
});

describe('3. a large catalog never locks the user out', () => {
  it('refuses to write a config over the read cap, saying how to narrow it with --include', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    const huge = await writeCatalog(dir, syntheticCatalog(30_000));
    const r = await setup(config, huge);
    expectSentence(r, 5, /--include/);
    expect(r.stderr).toMatch(/10 MB/);
    expect(await readFile(config, 'utf8')).toBe('{"gateway":{"mode":"local"}}\n');
    // Narrowed, it fits.
    const narrowed = await setup(config, huge, ['--include', 'openai/*']);
    expect(narrowed.code, narrowed.stderr).toBe(0);
  });

  it('remove and restore still work on a 13 MB config an older version wrote', { timeout: 120_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const models = Array.from({ length: 40_000 }, (_, i) => ({
      id: `vendor/model-${i}`,
      name: `Model ${i}`,
      reasoning: false,
      input: ['text'],
      cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      contextWindow: 8192,
      maxTokens: 4096,
    }));
    const agentsModels = Object.fromEntries(models.map((m) => [`fastrouter/${m.id}`, {}]));
    const text =
      JSON.stringify(
        {
          gateway: { mode: 'local' },
          models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: TEST_KEY, models } } },
          agents: { defaults: { models: agentsModels } },
        },
        null,
        2,
      ) + '\n';
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
    await writeFile(config, text);
    const removed = await run(['remove', '--config', config]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).not.toMatch(/fastrouter/);
    const restored = await run(['restore', '--config', config]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(text);
    // And a refresh on it says how to get back under the cap instead of a dead end.
    const refresh = await setup(config);
    expectSentence(refresh, 5, /remove|--include/);
  });
});

describe('5. special files are refused before reading', () => {
  it('a FIFO as the config: exit 5 at once, not a hang', { timeout: 20_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    execFileSync('mkfifo', [config]);
    const r = await setup(config);
    expectSentence(r, 5, /not a regular file/);
    expect((await lstat(config)).isFIFO()).toBe(true);
  });

  it('/dev/zero (directly or through a symlink): exit 5, nothing read', { timeout: 20_000 }, async () => {
    const dir = await tempDir();
    const link = join(dir, 'openclaw.json');
    await symlink('/dev/zero', link);
    for (const config of ['/dev/zero', link]) {
      const r = await setup(config);
      expectSentence(r, 5, /not a regular file/);
    }
    expect(await readlink(link)).toBe('/dev/zero');
  });

  it('a dangling symlink stays a symlink: refused clearly, exit 5', { timeout: 20_000 }, async () => {
    const dir = await tempDir();
    const link = join(dir, 'openclaw.json');
    await symlink(join(dir, 'gone', 'real.json'), link);
    const r = await setup(link);
    expectSentence(r, 5, /symlink|symbolic link/);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });

  it('a FIFO among the backups does not hang restore', { timeout: 20_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, paddedConfig(2_000));
    expect((await setup(config)).code).toBe(0);
    const [backup] = await backupsOf(dir);
    const path = join(ownFolder(dir), 'backups', backup!);
    await rm(path);
    execFileSync('mkfifo', [path]);
    const r = await run(['restore', '--config', config]);
    expectSentence(r, 5, /not a regular file/);
  });
});

describe('6. a situation the user can fix is an exit code and a sentence, not "please report it"', () => {
  // As root the child runs as nobody (root would write anyway), from a copy of dist/ and the fixtures
  // it can reach wherever the checkout lives; as anyone else it runs as this user.
  it('HOME not writable (the config folder cannot be made): exit 5', { timeout: 20_000 }, async () => {
    const world = await sharedWorld();
    const home = await world.folder('home', 0o555);
    const r = await run(['--catalog', world.fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate'], { cli: world.cli, node: world.node, home, as: UNPRIVILEGED });
    expectSentence(r, 5, /permission denied/);
  });

  it('the backups folder not writable: exit 5, config untouched', { timeout: 20_000 }, async () => {
    const world = await sharedWorld();
    const dir = await world.folder('cfg');
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    if (UNPRIVILEGED) await chown(config, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
    await mkdir(join(ownFolder(dir), 'backups'), { recursive: true });
    // The user's own folders (one another user owns is refused for that reason).
    if (UNPRIVILEGED) for (const path of [ownFolder(dir), join(ownFolder(dir), 'backups')]) await chown(path, UNPRIVILEGED.uid, UNPRIVILEGED.gid);
    await chmod(join(ownFolder(dir), 'backups'), 0o555);
    const r = await run(['--config', config, '--catalog', world.fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate'], { cli: world.cli, node: world.node, as: UNPRIVILEGED });
    expectSentence(r, 5, /backup.*permission denied/i);
    expect(await readFile(config, 'utf8')).toBe('{"gateway":{"mode":"local"}}\n');
  });
});

describe('7. mixed ownership', () => {
  it('run as root on a config another user owns: our folder goes to that user too, and their next run works', { timeout: 30_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const world = await sharedWorld();
    const { cli } = world;
    const catalog = world.fixture('catalog', 'mixed.json');
    const dir = await world.folder('owned', 0o755);
    await chown(dir, NOBODY.uid, NOBODY.gid);
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n', { mode: 0o600 });
    await chown(config, NOBODY.uid, NOBODY.gid);
    const asRoot = await run(['--config', config, '--catalog', catalog, '--key', TEST_KEY, '--no-validate', '--include', 'openai/*'], { cli });
    expect(asRoot.code, asRoot.stderr).toBe(0);
    for (const path of [
      config,
      ownFolder(dir),
      join(ownFolder(dir), 'backups'),
      ...(await readdir(join(ownFolder(dir), 'backups'))).map((n) => join(ownFolder(dir), 'backups', n)),
      join(ownFolder(dir), 'openclaw.json.state.json'),
    ]) {
      const s = await stat(path);
      expect([s.uid, s.gid], path).toEqual([NOBODY.uid, NOBODY.gid]);
    }
    const asOwner = await run(['--config', config, '--catalog', catalog, '--key', TEST_KEY, '--no-validate'], { cli, node: world.node, as: NOBODY });
    expect(asOwner.code, asOwner.stderr).toBe(0);
    const restore = await run(['restore', '--config', config], { cli, node: world.node, as: NOBODY });
    expect(restore.code, restore.stderr).toBe(0);
  });

  it('a state write that fails after the config was written is a warning, exit 0', { timeout: 20_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await mkdir(join(ownFolder(dir), 'openclaw.json.state.json'), { recursive: true }); // the state cannot be written
    const r = await setup(config, MIXED, ['--json', '--include', '*']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('created');
    expect(report.warnings.join(' ')).toMatch(/remember|state/i);
  });
});

describe('11. backups belong to exactly one config', () => {
  it('openclaw.json and openclaw.json.test in one folder: restore and pruning see only their own', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const main = join(dir, 'openclaw.json');
    const other = join(dir, 'openclaw.json.test');
    await writeFile(other, '{"gateway":{"mode":"local"}}\n');
    for (let i = 0; i < 5; i++) expect((await setup(other, i % 2 ? MIXED : UPDATED)).code).toBe(0);
    const otherBackups = (await backupsOf(dir)).filter((n) => n.startsWith('openclaw.json.test.'));
    expect(otherBackups).toHaveLength(5);
    // Nothing of openclaw.json's own to restore.
    await writeFile(main, '{"gateway":{"mode":"remote"}}\n');
    const r = await run(['restore', '--config', main]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(await readFile(main, 'utf8')).toBe('{"gateway":{"mode":"remote"}}\n');
    // A backup of openclaw.json does not push out the other config's.
    expect((await setup(main)).code).toBe(0);
    expect((await backupsOf(dir)).filter((n) => n.startsWith('openclaw.json.test.'))).toEqual(otherBackups);
  });
});

describe('11. saved states never outlive their backups', () => {
  it('a new backup removes saved states whose backup is gone (of ended runs, this config only)', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    expect((await setup(config)).code).toBe(0);
    const states = join(ownFolder(dir), 'backup-states');
    const ended = spawn('true');
    await new Promise((r) => ended.on('close', r));
    const orphans = [`openclaw.json.20260101T000000000Z.000.${ended.pid}.backup`, `openclaw.json.20260101T000000000Z.001.${ended.pid}.undone`];
    // A run still going (this test's process) may be about to write its backup; another config's are not ours to judge.
    const kept = [`openclaw.json.20260101T000000000Z.002.${process.pid}.backup`, `openclaw.json.test.20260101T000000000Z.000.${ended.pid}.backup`];
    for (const name of [...orphans, ...kept]) await writeFile(join(states, name), '');
    expect((await setup(config, UPDATED)).code).toBe(0);
    const left = await readdir(states);
    for (const name of orphans) expect(left).not.toContain(name);
    for (const name of kept) expect(left).toContain(name);
    // Every other saved state still has its backup.
    expect(left.filter((n) => !kept.includes(n)).sort()).toEqual(await backupsOf(dir));
  });
});

describe('10. nothing secret in the dry-run diff, and --json stays small', () => {
  const GATEWAY_TOKEN = '3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a';
  const OTHER_KEY = 'sk-ant-api03-Zx81kQ2mN4pL6rT8vW0yB3dF5hJ7';
  const BOT_TOKEN = '7712345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
  const PASSWORD = 'correct horse battery staple';
  const config = [
    '{',
    `  "gateway": { "mode": "local", "auth": { "token": "${GATEWAY_TOKEN}", "password": "${PASSWORD}" } },`,
    `  "models": { "providers": { "other": { "baseUrl": "http://127.0.0.1:1/v1", "api": "openai-completions", "apiKey": "${OTHER_KEY}", "models": [] } } },`,
    `  "channels": { "telegram": { "botToken": "${BOT_TOKEN}", "note": "Zq9X2mK7pL4tR8vW1yB6dF3hJ5nC0sG2" } }`,
    '}',
    '',
  ].join('\n');
  const SECRETS = [GATEWAY_TOKEN, OTHER_KEY, BOT_TOKEN, PASSWORD, 'Zq9X2mK7pL4tR8vW1yB6dF3hJ5nC0sG2', KEY_SECRET_PART];

  it('masks apiKey, token, password, secret fields and key-shaped strings on every diff line, text and --json', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const path = join(dir, 'openclaw.json');
    await writeFile(path, config);
    for (const extra of [[], ['--json']]) {
      const r = await setup(path, MIXED, ['--dry-run', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const diff = extra.length ? JSON.parse(r.stdout).diff : r.stdout;
      expect(diff).toMatch(/"token": "…/);
      for (const secret of SECRETS) expect(r.stdout + r.stderr, secret).not.toContain(secret);
    }
    expect(await readFile(path, 'utf8')).toBe(config);
  });

  it('--json stays under 2 KB with 20 ids of 256 characters, long filters and a long path', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const deep = join(dir, 'a'.repeat(200), 'b'.repeat(200));
    await mkdir(deep, { recursive: true });
    const path = join(deep, 'openclaw.json');
    const entry = (i: number) => ({
      id: `vendor/${String(i).padStart(3, '0')}${'x'.repeat(245)}`,
      name: `Model ${i} ${'n'.repeat(200)}`,
      is_active: true,
      context_length: 8192,
      architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    });
    const catalog = await writeCatalog(dir, { data: Array.from({ length: 20 }, (_, i) => entry(i)) });
    const include = ['vendor/*', ...Array.from({ length: 10 }, (_, i) => `vendor/00${i}${'x'.repeat(100)}*`)].join(',');
    for (const extra of [['--dry-run'], []]) {
      const r = await setup(path, catalog, ['--json', '--include', include, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      expect(Buffer.byteLength(r.stdout), r.stdout).toBeLessThanOrEqual(2048);
      const report = JSON.parse(r.stdout);
      expect(report.counts.models).toBe(20);
    }
  });
});

describe('4. a catalog cannot make OpenClaw read the environment', () => {
  it('escapes ${VAR} in names as OpenClaw reads them ($${VAR}), drops ids holding one, and counts both', { timeout: 20_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const entry = (id: string, name: string) => ({ id, name, is_active: true, context_length: 8192, architecture: { input_modalities: ['text'], output_modalities: ['text'] } });
    const catalog = await writeCatalog(dir, {
      data: [entry('evil/name', 'Leak ${OPENCLAW_GATEWAY_TOKEN} and $${HOME} and ${lower} and $5'), entry('evil/${OPENCLAW_GATEWAY_TOKEN}', 'id leak'), entry('ok/model', 'Fine')],
    });
    const r = await setup(config, catalog, ['--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.counts).toMatchObject({ models: 2, skippedEntries: 1, escapedNames: 1 });
    const written = JSON.parse(await readFile(config, 'utf8'));
    const models = written.models.providers.fastrouter.models;
    expect(models.map((m: { id: string }) => m.id)).toEqual(['evil/name', 'ok/model']);
    // OpenClaw turns $${X} into ${X}: this reads back as the catalog's literal text.
    expect(models[0].name).toBe('Leak $${OPENCLAW_GATEWAY_TOKEN} and $$${HOME} and ${lower} and $5');
    expect(JSON.stringify(written)).not.toMatch(/(^|[^$])\$\{[A-Z_][A-Z0-9_]*\}/);
  });
});

describe("8. OpenClaw's config lock, exactly", () => {
  /** A run of ours in the background, with a way to see whether it has finished. */
  function background(args: string[]) {
    let done: RunResult | undefined;
    const finished = run(args).then((r) => (done = r));
    return { finished, isDone: () => done !== undefined };
  }
  const payload = (fields: Record<string, unknown>) => `${JSON.stringify(fields, null, 2)}\n${'\t'.repeat(8)}${' \t'.repeat(64)}\n`;
  const selfStart = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('a symlinked config is locked beside the link, as OpenClaw does: a held lock there makes us wait', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'real'));
    const real = join(dir, 'real', 'settings.json');
    await writeFile(real, '{"gateway":{"mode":"local"}}\n');
    await mkdir(join(dir, 'home'));
    const link = join(dir, 'home', 'openclaw.json');
    await symlink(real, link);
    const lock = join(dir, 'home', 'openclaw.json.lock');
    await writeFile(lock, payload({ pid: process.pid, createdAt: new Date().toISOString(), ...(process.platform === 'linux' ? { starttime: selfStart() } : {}) }));
    const ours = background(['--config', link, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await sleep(1500);
    expect(ours.isDone()).toBe(false);
    expect(await readFile(real, 'utf8')).toBe('{"gateway":{"mode":"local"}}\n');
    await rm(lock);
    const r = await ours.finished;
    expect(r.code, r.stderr).toBe(0);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toMatch(/fastrouter/);
    expect((await readdir(join(dir, 'home'))).filter((n) => n.includes('.lock'))).toEqual([]);
  });

  it('waits while a `.reclaim` guard exists, even with no lock', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{}\n');
    await mkdir(`${config}.lock.reclaim`);
    const ours = background(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await sleep(1500);
    expect(ours.isDone()).toBe(false);
    expect(await readFile(config, 'utf8')).toBe('{}\n');
    await rm(`${config}.lock.reclaim`, { recursive: true });
    expect((await ours.finished).code).toBe(0);
  });

  it('reclaims a lock whose pid was reused (start time differs) or that has only an old createdAt; waits on a fresh one', { timeout: 60_000 }, async (ctx) => {
    if (process.platform !== 'linux') ctx.skip('start times are read from /proc');
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    for (const stale of [{ pid: process.pid, createdAt: new Date().toISOString(), starttime: selfStart() + 1 }, { createdAt: new Date(Date.now() - 60_000).toISOString() }]) {
      await writeFile(`${config}.lock`, payload(stale));
      const r = await setup(config);
      expect(r.code, `${JSON.stringify(stale)}: ${r.stderr}`).toBe(0);
    }
    // Fresh and pid-less: OpenClaw would wait on it, so do we.
    await writeFile(`${config}.lock`, payload({ createdAt: new Date().toISOString() }));
    const ours = background(['--config', config, '--catalog', UPDATED, '--key', TEST_KEY, '--no-validate']);
    await sleep(1500);
    expect(ours.isDone()).toBe(false);
    await rm(`${config}.lock`);
    expect((await ours.finished).code).toBe(0);
  });
});

describe('6. more situations the user can fix: exit 2 or 5 with a sentence', () => {
  it('a config nested 5,000 levels deep (JSON and JSON5): setup, remove and restore say so, exit 5', async () => {
    const dir = await tempDir();
    const depth = 5000;
    const deep = `{"gateway":{"mode":"local"},"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}\n`;
    for (const [name, text] of [
      ['openclaw.json', deep],
      ['openclaw.json5', `// hand-edited\n${deep}`],
    ] as const) {
      const config = join(dir, name);
      await writeFile(config, text);
      expectSentence(await setup(config), 5, /levels deep/);
      expectSentence(await run(['remove', '--config', config]), 5, /levels deep/);
      expect(await readFile(config, 'utf8')).toBe(text);
    }
    // A backup that deep is refused by restore too.
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    expect((await setup(config)).code).toBe(0);
    const [backup] = await backupsOf(dir);
    await writeFile(join(ownFolder(dir), 'backups', backup!), deep);
    expectSentence(await run(['restore', '--config', config]), 5, /levels deep/);
  }, 60_000);

  it('an invalid HTTPS_PROXY: exit 2, and its value (which may hold a password) is not printed', async () => {
    const dir = await tempDir();
    for (const proxy of ['not a url', 'proxy.example:3128', 'socks5://user:hunter2@127.0.0.1:1080']) {
      const r = await run(['--config', join(dir, 'openclaw.json'), '--key', TEST_KEY, '--no-validate', '--timeout', '5'], { env: { HTTPS_PROXY: proxy } });
      expectSentence(r, 2, /HTTPS_PROXY/);
      expect(r.stderr).not.toContain('hunter2');
    }
  }, 30_000);

  it('an unknown SecretRef source: exit 5 naming the field', async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const text =
      JSON.stringify(
        { models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: { source: 'vault', provider: 'default', id: 'FR' }, models: [] } } } },
        null,
        2,
      ) + '\n';
    await writeFile(config, text);
    const r = await run(['--config', config, '--catalog', MIXED, '--no-validate']);
    expectSentence(r, 5, /models\.providers\.fastrouter.*apiKey/);
    expect(await readFile(config, 'utf8')).toBe(text);
  }, 20_000);
});

describe('9. Ctrl-C during the host check', () => {
  /**
   * A slow fake `openclaw` on PATH (the real validate takes seconds of CPU), and a file it touches
   * when asked. It also starts a helper process of its own (`sleep`, output elsewhere, SIGINT
   * ignored as in any background job) and writes its pid to `pids`: what an aborted check or
   * restart must stop too.
   */
  async function slowOpenClaw(dir: string, answer = `echo '{"valid":true}'`): Promise<{ path: string; started: string; pids: string }> {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const started = join(dir, 'check-started');
    const pids = join(dir, 'openclaw-pids');
    await writeFile(join(bin, 'openclaw'), `#!/bin/sh\nsleep 30 >/dev/null 2>&1 &\necho $! >> "${pids}"\ntouch "${started}"\nsleep 30\n${answer}\n`, { mode: 0o755 });
    return { path: `${bin}:${process.env.PATH}`, started, pids };
  }

  /** The helper processes the fake `openclaw` started that are still running (a zombie has ended; nobody may reap it here). */
  async function stillRunning(pids: string): Promise<number[]> {
    const all = (await readFile(pids, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
    const running: number[] = [];
    for (const pid of all) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      if (stat && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') running.push(pid);
    }
    return running;
  }

  /**
   * Runs the CLI with that OpenClaw, sends a real signal once `openclaw` runs (SIGINT to its process
   * group, as Ctrl-C does; SIGTERM to the CLI alone, as `kill` does) and returns how it ended, and
   * which of the fake's helper processes outlived it.
   */
  async function interruptDuringCheck(
    dir: string,
    args: string[],
    whileChecking: () => Promise<void> = async () => {},
    how: 'SIGINT' | 'SIGTERM' = 'SIGINT',
  ): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; survivors: number[] }> {
    const openclaw = await slowOpenClaw(dir);
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: openclaw.path, HOME: NO_HOME, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, as a terminal's foreground job
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    for (let waited = 0; ; waited += 50) {
      if (
        await stat(openclaw.started).then(
          () => true,
          () => false,
        )
      )
        break;
      if (waited > 20_000) throw new Error(`openclaw was never run: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await whileChecking();
    if (how === 'SIGINT') process.kill(-child.pid!, 'SIGINT'); // Ctrl-C: the whole foreground group
    else process.kill(child.pid!, 'SIGTERM');
    const ended = await exited;
    const survivors = await stillRunning(openclaw.pids);
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    return { ...ended, stdout, stderr, survivors };
  }

  /** Every file under the config's folder (our own folder included) with its bytes, for a before/after comparison. */
  async function snapshotFolder(dir: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const sub of ['.', 'fastrouter-openclaw', 'fastrouter-openclaw/backups', 'fastrouter-openclaw/backup-states']) {
      const names = await readdir(join(dir, sub)).catch(() => [] as string[]);
      for (const name of names) {
        const path = join(dir, sub, name);
        if ((await lstat(path)).isFile() && name !== 'check-started' && name !== 'openclaw-pids') files[join(sub, name)] = await readFile(path, 'utf8');
      }
    }
    return files;
  }

  it('a real SIGINT while OpenClaw checks the file: the previous config is put back, exit 130, state untouched', async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const before = '{"gateway":{"mode":"local"},"agents":{"defaults":{"modelPolicy":{"allow":["local/*"]}}}}\n';
    await writeFile(config, before);
    const r = await interruptDuringCheck(dir, ['--config', config, '--catalog', MIXED, '--key', TEST_KEY], async () => {
      expect(await readFile(config, 'utf8')).toMatch(/fastrouter/); // written, now being checked
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/Interrupted: the previous config was put back/);
    expect(r.survivors, 'openclaw config validate outlived the run').toEqual([]);
    expect(await readFile(config, 'utf8')).toBe(before);
    expect(
      await readdir(ownFolder(dir)).then(
        (n) => n.filter((f) => f.endsWith('.state.json')),
        () => [],
      ),
    ).toEqual([]);
  }, 60_000);

  it('remove: a SIGINT during the check puts the config back byte-identical, keeps the state, leaves no temp file, exit 130', async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    expect((await setup(config, MIXED, ['--include', 'openai/*'])).code).toBe(0);
    const before = await snapshotFolder(dir);
    const r = await interruptDuringCheck(dir, ['remove', '--config', config], async () => {
      expect(await readFile(config, 'utf8')).not.toContain('api.fastrouter.ai'); // removed, now being checked
    });
    expect(r, r.stderr).toMatchObject({ code: 130, signal: null });
    expectSentence({ ...r, stdout: '' } as RunResult, 130, /^fastrouter-openclaw: Interrupted: the previous config was put back\.$/);
    // The config (key included), its state and its backups are exactly as before: no temp copy is left.
    expect(await snapshotFolder(dir)).toEqual(before);
  }, 60_000);

  it('restore: a SIGINT during the check puts the config back byte-identical, keeps the backup and the state, exit 130', async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    expect((await setup(config, MIXED)).code).toBe(0);
    expect((await setup(config, UPDATED, ['--include', 'openai/*'])).code).toBe(0);
    const before = await snapshotFolder(dir);
    const r = await interruptDuringCheck(dir, ['restore', '--config', config], async () => {
      expect(await readFile(config, 'utf8')).not.toBe(before['openclaw.json']); // restored, now being checked
    });
    expect(r, r.stderr).toMatchObject({ code: 130, signal: null });
    expectSentence({ ...r, stdout: '' } as RunResult, 130, /^fastrouter-openclaw: Interrupted: the previous config was put back\.$/);
    // The newest backup is still there to restore, nothing was kept as "undone", the filters are as they were.
    expect(await snapshotFolder(dir)).toEqual(before);
  }, 60_000);

  it.each([
    ['setup (a refresh)', 'SIGINT'],
    ['setup (a refresh)', 'SIGTERM'],
    ['remove', 'SIGTERM'],
    ['restore', 'SIGTERM'],
  ] as const)(
    '%s --validate, %s during the check: config, backups and their saved states as before, no check left running, exit 130',
    async (command, how) => {
      const dir = await tempDir();
      const config = join(dir, 'openclaw.json');
      await writeFile(config, '{"gateway":{"mode":"local"}}\n');
      expect((await setup(config, MIXED)).code).toBe(0);
      expect((await setup(config, UPDATED, ['--include', 'openai/*'])).code).toBe(0);
      const before = await snapshotFolder(dir);
      const args = command === 'remove' ? ['remove', '--config', config] : command === 'restore' ? ['restore', '--config', config] : ['--config', config, '--catalog', MIXED, '--key', TEST_KEY];
      const r = await interruptDuringCheck(dir, [...args, '--validate'], async () => {}, how);
      expect(r, r.stderr).toMatchObject({ code: 130, signal: null });
      expectSentence({ ...r } as RunResult, 130, /^fastrouter-openclaw: Interrupted: the previous config was put back\.$/);
      // No saved state is left behind for a backup the rollback dropped.
      expect(await snapshotFolder(dir)).toEqual(before);
      expect(r.survivors, 'openclaw config validate outlived the run').toEqual([]);
    },
    60_000,
  );

  it('Ctrl-C during --restart: the change stands, one line says so and how to undo it (the same config), the restart is stopped, exit 130', async () => {
    const dir = await tempDir();
    const config = join(dir, 'my config.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    expect((await setup(config, MIXED)).code).toBe(0);
    const old = await readFile(config, 'utf8');
    const r = await interruptDuringCheck(dir, ['--config', config, '--catalog', UPDATED, '--key', TEST_KEY, '--no-validate', '--restart'], async () => {
      expect(await readFile(config, 'utf8')).not.toBe(old); // written, now restarting
    });
    expect(r, r.stderr).toMatchObject({ code: 130, signal: null, stdout: '' });
    expectSentence(
      { ...r } as RunResult,
      130,
      /^fastrouter-openclaw: Interrupted during `openclaw gateway restart`: the config change stands; undo with: (?:'[^']*'|\S+) restore --config '[^']*\/my config\.json'$/,
    );
    expect(r.survivors, 'openclaw gateway restart outlived the run').toEqual([]);
    // The undo it names works.
    const undo = await run(['restore', '--config', config]);
    expect(undo.code, undo.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(old);
  }, 60_000);
});

describe('10. restore says when the filters saved with a backup cannot be read', () => {
  it('a saved state that is a FIFO, too large, not JSON or a directory: exit 0, a warning naming it, the current filters kept', async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const statePath = join(ownFolder(dir), 'openclaw.json.state.json');
    for (const [damage, pattern] of [
      [(path: string) => Promise.resolve(execFileSync('mkfifo', [path])), /FIFO/],
      [(path: string) => writeFile(path, ' '.repeat(1024 * 1024 + 1)), /too large/],
      [(path: string) => writeFile(path, '{"include": ["openai/*"'), /not valid JSON/],
      [(path: string) => mkdir(path), /directory/],
    ] as const) {
      await rm(dir + '/fastrouter-openclaw', { recursive: true, force: true });
      await writeFile(config, '{"gateway":{"mode":"local"}}\n');
      expect((await setup(config, MIXED, ['--include', 'openai/*'])).code).toBe(0);
      expect((await setup(config, UPDATED, ['--include', 'anthropic/*'])).code).toBe(0);
      const [, newest] = await backupsOf(dir);
      const sidecar = join(ownFolder(dir), 'backup-states', newest!);
      await rm(sidecar);
      await damage(sidecar);
      const state = await readFile(statePath, 'utf8');
      const r = await run(['restore', '--config', config, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { stateRestored: boolean; warnings: string[] };
      expect(report.stateRestored).toBe(false);
      expect(report.warnings, r.stdout).toHaveLength(1);
      expect(report.warnings[0]).toContain(sidecar);
      expect(report.warnings[0]).toMatch(pattern);
      expect(report.warnings[0]).toMatch(/filters/);
      expect(r.stderr).not.toMatch(/report it|unexpected error/i);
      // Nothing was silently reset: the filters remembered now stay (the record of the write changes).
      const filters = (text: string) => {
        const { include, exclude, policyWildcardAdded } = JSON.parse(text) as Record<string, unknown>;
        return { include, exclude, policyWildcardAdded };
      };
      expect(filters(await readFile(statePath, 'utf8'))).toEqual(filters(state));
    }
  }, 60_000);
});

describe('12. a state file we cannot read is left as it is, with a warning naming it', () => {
  const REMEMBERED = JSON.stringify({ include: ['openai/*'], exclude: [], policyWildcardAdded: true }, null, 2) + '\n';

  it('unreadable for the user running setup (another user owns it, 0600): exit 0, a warning, the file untouched', { timeout: 30_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const world = await sharedWorld();
    const dir = await world.folder('state', 0o755);
    await chown(dir, NOBODY.uid, NOBODY.gid);
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n', { mode: 0o600 });
    await chown(config, NOBODY.uid, NOBODY.gid);
    await mkdir(ownFolder(dir), { mode: 0o755 });
    await chown(ownFolder(dir), NOBODY.uid, NOBODY.gid);
    const state = join(ownFolder(dir), 'openclaw.json.state.json');
    await writeFile(state, REMEMBERED, { mode: 0o600 }); // root's: nobody cannot read it, but could rename over it
    const r = await run(['--config', config, '--catalog', world.fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate', '--json'], { cli: world.cli, node: world.node, as: NOBODY });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings.join(' ')).toContain(`${state} could not be read (permission denied)`);
    expect(await readFile(state, 'utf8')).toBe(REMEMBERED);
    expect((await stat(state)).uid).toBe(0);
  });

  it('over the size cap: exit 0, a warning, the file untouched (also by remove)', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    await mkdir(ownFolder(dir));
    const state = join(ownFolder(dir), 'openclaw.json.state.json');
    const big = REMEMBERED + ' '.repeat(2 * 1024 * 1024);
    await writeFile(state, big);
    const r = await setup(config, MIXED, ['--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings.join(' ')).toMatch(new RegExp(`${state.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be read \\(it is over 1 MB\\)`));
    const removed = await run(['remove', '--config', config]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stderr).toContain(state);
    expect(await readFile(state, 'utf8')).toBe(big);
  });

  it('restore does not claim it brought the filters back when it could not save them', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    expect((await setup(config, MIXED, ['--include', 'openai/*'])).code).toBe(0);
    expect((await setup(config, UPDATED, ['--include', 'anthropic/*'])).code).toBe(0);
    const state = join(ownFolder(dir), 'openclaw.json.state.json');
    const big = REMEMBERED + ' '.repeat(2 * 1024 * 1024);
    await writeFile(state, big);
    const json = await run(['restore', '--config', config, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ stateRestored: false });
    expect(await readFile(state, 'utf8')).toBe(big);
    const text = await run(['restore', '--config', config]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toContain('with the filters remembered then');
  });

  it.each([
    ['not JSON (a hand edit gone wrong)', '{"include": ["openai/*"],', 'it is not valid JSON'],
    ['JSON of another shape (a newer version, a hand edit)', '{"include": "openai/*"}\n', 'it is not in the form this version writes'],
  ])('%s: exit 0, a warning naming it, the file untouched', { timeout: 30_000 }, async (_, text, reason) => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    await mkdir(ownFolder(dir));
    const state = join(ownFolder(dir), 'openclaw.json.state.json');
    await writeFile(state, text);
    const r = await setup(config, MIXED, ['--include', 'anthropic/*', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings.join(' ')).toContain(`${state} could not be read (${reason})`);
    expect(await readFile(state, 'utf8')).toBe(text);
  });
});

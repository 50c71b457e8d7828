// Issue 22: hostile users, odd files and stuck children, reproduced for real. As root, the cross-user
// cases run the CLI as root on a config `nobody` owns (or as `nobody` on a third user's config).
import { chmod, chown, lchown, lstat, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, NOBODY, requireOtherUser, sharedWorld, spawnCli, CLI, tempDir, TEST_KEY, type RunResult, type SpawnOptions } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const LOCAL = '{"gateway":{"mode":"local"}}\n';
/** What root's own config holds: it must never reach a file another user can read. */
const ROOT_SECRET = 'root-only-c0ffee-9f8e7d6c5b4a39281706';

type RunOptions = SpawnOptions & { cli?: string };
const run = (args: string[], options: RunOptions = {}): Promise<RunResult> => spawnCli(options.cli ?? CLI, args, { cwd: '/', ...options });
const setup = (config: string, extra: string[] = [], options: RunOptions = {}) => run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate', ...extra], options);

const ownFolder = (dir: string) => join(dir, 'fastrouter-openclaw');
const FUTURE_BACKUP = 'openclaw.json.29991231T235959999Z.999.1.backup';

/** One line naming the cause (after any progress lines), never "please report it". */
function expectSentence(r: RunResult, code: number, pattern: RegExp): void {
  expect(r.code, r.stderr + r.stdout).toBe(code);
  const errors = r.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.endsWith('…') && !line.includes('warning:'));
  expect(errors, r.stderr).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/report it|unexpected error/i);
}

/** Every file below `dir` (links not followed) with its text. */
async function filesBelow(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (info.isDirectory()) Object.assign(out, await filesBelow(path));
    else if (info.isFile()) out[path] = await readFile(path, 'utf8');
  }
  return out;
}

/** Root's own config with a secret, and its backups (made by a real run). */
async function rootConfig(): Promise<{ dir: string; config: string; text: string }> {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  await writeFile(config, `{"gateway":{"mode":"local","auth":{"token":"${ROOT_SECRET}"}}}\n`, { mode: 0o600 });
  expect((await setup(config)).code).toBe(0);
  expect((await setup(config, ['--include', 'openai/*'])).code).toBe(0);
  return { dir, config, text: await readFile(config, 'utf8') };
}

/** A config `nobody` owns, in a folder `nobody` owns, that root can be asked to update. */
async function nobodysConfig(): Promise<{ dir: string; config: string }> {
  const world = await sharedWorld();
  const dir = await world.folder('victim', 0o755);
  await chown(dir, NOBODY.uid, NOBODY.gid);
  const config = join(dir, 'openclaw.json');
  await writeFile(config, LOCAL, { mode: 0o600 });
  await chown(config, NOBODY.uid, NOBODY.gid);
  return { dir, config };
}

describe('22.1 no secret crosses users through our own folder', () => {
  it('a backup that is a symbolic link is never followed: restore exits 5 and the config stays as it is', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    expect((await setup(config)).code).toBe(0);
    const current = await readFile(config, 'utf8');
    const elsewhere = join(await tempDir(), 'other.json');
    await writeFile(elsewhere, `{"gateway":{"mode":"local","auth":{"token":"${ROOT_SECRET}"}}}\n`);
    await symlink(elsewhere, join(ownFolder(dir), 'backups', FUTURE_BACKUP));
    const r = await run(['restore', '--config', config]);
    expectSentence(r, 5, /symbolic link/);
    expect(await readFile(config, 'utf8')).toBe(current);
  });

  it('root restoring a config nobody owns does not follow their link to root\u2019s config', { timeout: 60_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const root = await rootConfig();
    const victim = await nobodysConfig();
    expect((await setup(victim.config)).code).toBe(0);
    const current = await readFile(victim.config, 'utf8');
    const link = join(ownFolder(victim.dir), 'backups', FUTURE_BACKUP);
    await symlink(root.config, link);
    await lchown(link, NOBODY.uid, NOBODY.gid);
    const r = await run(['restore', '--config', victim.config]);
    expectSentence(r, 5, /symbolic link/);
    expect(await readFile(victim.config, 'utf8')).toBe(current);
    expect(JSON.stringify(await filesBelow(victim.dir))).not.toContain(ROOT_SECRET);
  });

  it('a backup owned by someone else than the config\u2019s owner (a hard link, a moved file) is refused', { timeout: 60_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const victim = await nobodysConfig();
    expect((await setup(victim.config)).code).toBe(0);
    const current = await readFile(victim.config, 'utf8');
    const planted = join(ownFolder(victim.dir), 'backups', FUTURE_BACKUP);
    await writeFile(planted, `{"gateway":{"mode":"local","auth":{"token":"${ROOT_SECRET}"}}}\n`, { mode: 0o600 }); // root's
    const r = await run(['restore', '--config', victim.config]);
    expectSentence(r, 5, /belongs to|owned by|owner/);
    expect(await readFile(victim.config, 'utf8')).toBe(current);
  });

  it('our folder as a link to root\u2019s: restore and setup refuse it, root\u2019s backups stay, nothing of root\u2019s is read', { timeout: 60_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const root = await rootConfig();
    const rootFiles = await filesBelow(ownFolder(root.dir));
    const victim = await nobodysConfig();
    const link = ownFolder(victim.dir);
    await symlink(ownFolder(root.dir), link);
    await lchown(link, NOBODY.uid, NOBODY.gid);
    expectSentence(await run(['restore', '--config', victim.config]), 5, /symbolic link/);
    expect(await readFile(victim.config, 'utf8')).toBe(LOCAL);
    for (let i = 0; i < 6; i++) expectSentence(await setup(victim.config, i % 2 ? ['--include', 'openai/*'] : []), 5, /symbolic link/);
    expect(await filesBelow(ownFolder(root.dir))).toEqual(rootFiles);
    expect(await readFile(root.config, 'utf8')).toBe(root.text);
    expect(await readFile(victim.config, 'utf8')).toBe(LOCAL);
  });

  it('a state file linked to root\u2019s config is not copied into nobody\u2019s backups', { timeout: 60_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const root = await rootConfig();
    const victim = await nobodysConfig();
    expect((await setup(victim.config)).code).toBe(0);
    const state = join(ownFolder(victim.dir), 'openclaw.json.state.json');
    await rm(state, { force: true });
    await symlink(root.config, state);
    await lchown(state, NOBODY.uid, NOBODY.gid);
    const r = await setup(victim.config, ['--include', 'openai/*', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.stringify(await filesBelow(victim.dir))).not.toContain(ROOT_SECRET);
    expect(JSON.parse(r.stdout).warnings.join(' ')).toMatch(/symbolic link/);
    expect((await lstat(state)).isSymbolicLink()).toBe(true);
  });
});

describe('22.2 --dry-run masks secrets by what they are, and never model ids', () => {
  const CATALOG = {
    data: ['qwen/qwen3-coder', 'openai/gpt-5.1'].map((id) => ({ id, name: id, is_active: true, context_length: 8192, architecture: { input_modalities: ['text'], output_modalities: ['text'] } })),
  };
  // Each shape sits on the lines right before where the fastrouter block goes, so the diff shows it as context.
  const SHAPES: Array<[string, string, string]> = [
    ['apiKey with its value on the next line', `other: { api: 'openai-completions', apiKey:\n        'Nx7Secret-next-line-Value-0001', models: [] },`, 'Nx7Secret-next-line-Value-0001'],
    ['a value split by a line continuation', `other: { apiKey: 'sk-ant-api03-firsthalf\\\nsecondhalf-Zz9', models: [] },`, 'secondhalf-Zz9'],
    ['a password in another baseUrl', `other: { baseUrl: 'https://user:Hunter2Pass@proxy.example/v1', models: [] },`, 'Hunter2Pass'],
    ['a key inside a comment', `other: { models: [] },\n      // the old key was sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12`, 'sk-proj-Ab12Cd34Ef56Gh78Ij90Kl12'],
    ['an apiKeys array', `other: { apiKeys: ['k3y-one-secret-aaaa', 'k3y-two-secret-bbbb'], models: [] },`, 'k3y-two-secret-bbbb'],
    ['an escaped key name', `other: { "api\\u004bey": 'esc4ped-secret-value', models: [] },`, 'esc4ped-secret-value'],
    ['pwd, pass, auth, $secret', `other: { pwd: 'pwd-s3cret', pass: 'pass-s3cret', auth: 'auth-s3cret', $secret: 'dollar-s3cret', models: [] },`, 'pwd-s3cret|pass-s3cret|auth-s3cret|dollar-s3cret'],
  ];

  it.each(SHAPES)('%s: masked in text and --json; the model id of the new primary is shown whole', { timeout: 30_000 }, async (_, provider, secrets) => {
    const dir = await tempDir();
    const catalog = join(dir, 'catalog.json');
    await writeFile(catalog, JSON.stringify(CATALOG));
    const config = join(dir, 'openclaw.json');
    const text = `{\n  gateway: { mode: 'local' },\n  models: {\n    providers: {\n      ${provider}\n    },\n  },\n}\n`;
    await writeFile(config, text);
    for (const extra of [[], ['--json']]) {
      const r = await run(['--config', config, '--catalog', catalog, '--key', TEST_KEY, '--no-validate', '--dry-run', '--default', 'qwen/qwen3-coder', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const diff: string = extra.length ? JSON.parse(r.stdout).diff : r.stdout;
      expect(diff).toContain('other: {');
      for (const secret of secrets.split('|')) expect(r.stdout + r.stderr, secret).not.toContain(secret);
      // --json cuts a long diff to stay under 2 KB; the text one is whole.
      if (!extra.length) expect(diff).toContain("primary: 'fastrouter/qwen/qwen3-coder'");
    }
    expect(await readFile(config, 'utf8')).toBe(text);
  });
});

describe('22.3 modes and owners are kept, and the contract refuses what it says', () => {
  it('a 0444 config is read-only, even for root: exit 5, bytes and mode unchanged', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    await chmod(config, 0o444);
    expectSentence(await setup(config), 5, /read-only/);
    expect(await readFile(config, 'utf8')).toBe(LOCAL);
    expect((await stat(config)).mode & 0o777).toBe(0o444);
  });

  it('a 0666 config another user owns, in a 0777 folder: refused (exit 5), it stays theirs and readable', { timeout: 30_000 }, async (ctx) => {
    const as = await requireOtherUser(ctx);
    const world = await sharedWorld();
    const dir = await world.folder('shared', 0o777);
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    await chmod(config, 0o666);
    const third = 4242;
    await chown(config, third, third);
    const r = await run(['--config', config, '--catalog', world.fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate'], { cli: world.cli, node: world.node, as });
    expectSentence(r, 5, /belongs to|owner/);
    const info = await stat(config);
    expect([info.uid, info.gid, info.mode & 0o777]).toEqual([third, third, 0o666]);
    expect(await readFile(config, 'utf8')).toBe(LOCAL);
  });

  it('root keeps the owner, the group and the mode of another user\u2019s config', { timeout: 30_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const victim = await nobodysConfig();
    await chown(victim.config, NOBODY.uid, 0);
    await chmod(victim.config, 0o640);
    expect((await run(['--config', victim.config, '--catalog', MIXED, '--key-ref', 'env', '--no-validate'], { env: { FASTROUTER_API_KEY: TEST_KEY } })).code).toBe(0);
    const info = await stat(victim.config);
    expect([info.uid, info.gid, info.mode & 0o777]).toEqual([NOBODY.uid, 0, 0o640]);
  });
});

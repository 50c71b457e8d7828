// Issue 22: hostile users, odd files and stuck children, reproduced for real. As root, the cross-user
// cases run the CLI as root on a config `nobody` owns (or as `nobody` on a third user's config).
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { chmod, chown, lchown, lstat, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, NO_HOME, NOBODY, requireOtherUser, serve, sharedWorld, spawnCli, CLI, tempDir, TEST_KEY, type RunResult, type SpawnOptions } from './helpers.js';

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

  it('restore --list does not follow a backup that is a symbolic link either: nothing of its target is shown', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    expect((await setup(config)).code).toBe(0);
    const elsewhere = join(await tempDir(), 'other.json');
    await writeFile(elsewhere, `{"models":{"providers":{"fastrouter":{"models":[{"id":"${ROOT_SECRET}"}]}}}}\n`);
    await symlink(elsewhere, join(ownFolder(dir), 'backups', FUTURE_BACKUP));
    const r = await run(['restore', '--list', '--config', config, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const linked = JSON.parse(r.stdout).points.find((p: { file: string }) => p.file === FUTURE_BACKUP);
    expect(linked).toMatchObject({ damaged: expect.stringMatching(/symbolic link/) });
    expect(linked).not.toHaveProperty('models');
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

  it('the config path as nobody\u2019s link to root\u2019s config: every command refuses it, root\u2019s file stays as it was', { timeout: 120_000 }, async (ctx) => {
    await requireOtherUser(ctx);
    const root = await rootConfig();
    const victim = await nobodysConfig();
    expect((await setup(victim.config)).code).toBe(0); // backups of nobody's own config, for restore to take
    await rm(victim.config);
    await symlink(root.config, victim.config);
    await lchown(victim.config, NOBODY.uid, NOBODY.gid);
    const before = await stat(root.config);
    for (const args of [[], ['--include', 'openai/*'], ['remove'], ['restore'], ['status', '--catalog', MIXED, '--no-validate'], ['restore', '--list']]) {
      const r = args.length === 0 || args[0] === '--include' ? await setup(victim.config, args) : await run([...args, '--config', victim.config]);
      expectSentence(r, 5, /symbolic link .*belongs to/);
    }
    expect(await readFile(root.config, 'utf8')).toBe(root.text);
    expect((await stat(root.config)).mode).toBe(before.mode);
    expect(JSON.stringify(await filesBelow(victim.dir))).not.toContain(ROOT_SECRET);
  });

  it(
    'a folder on the config path as nobody\u2019s link to root\u2019s: refused too; root\u2019s own links and nobody\u2019s links to their own files still work',
    { timeout: 120_000 },
    async (ctx) => {
      await requireOtherUser(ctx);
      const root = await rootConfig();
      const victim = await nobodysConfig();
      const hop = join(victim.dir, 'dot-openclaw');
      await symlink(root.dir, hop);
      await lchown(hop, NOBODY.uid, NOBODY.gid);
      expectSentence(await setup(join(hop, 'openclaw.json')), 5, /symbolic link .*belongs to/);
      expect(await readFile(root.config, 'utf8')).toBe(root.text);
      // nobody's link to nobody's own file: root may update it (it stays nobody's).
      const own = join(victim.dir, 'linked.json');
      await symlink(victim.config, own);
      await lchown(own, NOBODY.uid, NOBODY.gid);
      expect((await setup(own)).code).toBe(0);
      expect((await stat(victim.config)).uid).toBe(NOBODY.uid);
      // root's own link to root's file (a dotfiles repository): as before.
      const rootLink = join(root.dir, 'via-link.json');
      await symlink(root.config, rootLink);
      expect((await setup(rootLink, ['--include', 'anthropic/*'])).code).toBe(0);
    },
  );

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
  // More models than a dry run shows unfolded: the new text then holds the one-line fold.
  const CATALOG = {
    data: ['qwen/qwen3-coder', 'openai/gpt-5.1', 'openai/gpt-5.1-mini', 'anthropic/claude-sonnet-4.6'].map((id) => ({
      id,
      name: id,
      is_active: true,
      context_length: 8192,
      architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    })),
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

  it.each(SHAPES)('%s: masked in text and --json; the model id of the new primary is shown whole', { timeout: 60_000 }, async (_, provider, secrets) => {
    // Also as the last member without its comma: the insertion changes that line, so the diff shows it from the folded new text.
    for (const shape of provider.endsWith(',') ? [provider, provider.slice(0, -1)] : [provider]) await maskedIn(shape, secrets);
  });

  async function maskedIn(provider: string, secrets: string) {
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
  }

  // Human-chosen secrets (nothing in their look gives them away) beside our block, as `remove` sees them.
  const HUMAN_CHOSEN = ['Summer2026!', 'CorrectHorse', 'my-team-token-2026', '12345678', '0x1F2E', 'Pa55word', 'SasSig2026', 'FragTok2026', 'Hunter2'];
  const BESIDE_OUR_BLOCK = `{
  gateway: { mode: "local" },
  models: {
    providers: {
      fastrouter: {
        baseUrl: "https://api.fastrouter.ai/api/v1",
        apiKey: "${TEST_KEY}",
        api: "openai-completions",
        headers: { "Authorisation": "Basic Pa55word", "Ocp-Apim-Subscription-Key": "Summer2026!", "X-Signature": "CorrectHorseBatteryStaple" },
        apiKey2: "CorrectHorseBatteryStaple",
        other: { "apiK\\u0065y2": "Summer2026!", headers: ["Authorization: Bearer Pa55word"], jwt: "Summer2026!", pin: "12345678" },
        tokens: ["my-team-token-2026"],
        secrets: { db: "Summer2026!" },
        credentials: { value: "Summer2026!" },
        password: 12345678,
        pwd: 0x1F2E,
        q: "https://gw.example.com/v1?api_key=Summer2026!&sig=SasSig2026#access_token=FragTok2026",
        mirror: "//user:Hunter2@host.example/x",
        models: [{ id: "qwen/qwen3-coder", name: "Qwen3 Coder", contextWindow: 262144 }],
      },
    },
  },
  agents: { defaults: { model: { primary: "fastrouter/qwen/qwen3-coder" } } },
}
`;

  it('remove --dry-run (text and --json) masks header values, secret-like names, values below them, numbers and URL parameters', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, BESIDE_OUR_BLOCK, { mode: 0o600 });
    for (const extra of [[], ['--json']]) {
      const r = await run(['remove', '--dry-run', '--config', config, '--no-validate', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      for (const secret of HUMAN_CHOSEN) expect(r.stdout + r.stderr, secret).not.toContain(secret);
      const diff: string = extra.length ? JSON.parse(r.stdout).diff : r.stdout;
      expect(diff).toContain('baseUrl: "https://api.fastrouter.ai/api/v1"');
      expect(diff).toContain('"fastrouter/qwen/qwen3-coder"');
      if (extra.length) expect(Buffer.byteLength(r.stdout)).toBeLessThan(2048);
    }
    expect(await readFile(config, 'utf8')).toBe(BESIDE_OUR_BLOCK);
  });

  it('status and a failing setup never print a base URL\u2019s user info or secret parameters', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const text = `{ gateway: { mode: "local" }, models: { providers: { fastrouter: { baseUrl: "https://bob:Summer2026@127.0.0.1:1/api/v1?api_key=Pa55word", apiKey: "${TEST_KEY}", api: "openai-completions", models: [{ id: "a/b", name: "b" }] } } } }\n`;
    await writeFile(config, text, { mode: 0o600 });
    for (const args of [['status'], ['status', '--json'], [], ['--json']]) {
      const r = await run([...args, '--config', config, '--no-validate', '--timeout', '2']);
      // status shows the URL without its secrets; setup refuses it, naming the field.
      expect(r.stdout + r.stderr, args.join(' ')).toMatch(args[0] === 'status' ? /https:\/\/…@127\.0\.0\.1:1\/api\/v1\?api_key=…/ : /baseUrl" must not carry credentials/);
      for (const secret of ['Summer2026', 'Pa55word']) expect(r.stdout + r.stderr, `${args.join(' ')}: ${secret}`).not.toContain(secret);
      if (args.join(' ') === 'status --json') expect(JSON.parse(r.stdout).baseUrl).toBe('https://…@127.0.0.1:1/api/v1?api_key=…');
    }
  });

  it('a refused key or a refused catalog: the quoted reply loses the header values we sent, and the key', { timeout: 60_000 }, async () => {
    let catalogStatus = 200;
    const server = await serve((req, res) => {
      if (req.method === 'GET' && catalogStatus === 200) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CATALOG));
      const echoed = Object.entries(req.headers).map(([name, value]) => `${name}=${value}`);
      res.writeHead(req.method === 'GET' ? catalogStatus : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `denied; you sent: ${echoed.join('; ')}` } }));
    });
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const text = `{ gateway: { mode: "local" }, models: { providers: { fastrouter: { baseUrl: "${server.url}/api/v1", apiKey: "${TEST_KEY}", api: "openai-completions", headers: { "Ocp-Apim-Subscription-Key": "Summer2026!", "X-Gw": "CorrectHorse" }, models: [] } } } }\n`;
    await writeFile(config, text, { mode: 0o600 });
    const given = `sk-v1-${'fedcba9876543210'.repeat(2)}`;
    for (const extra of [[], ['--json']]) {
      const r = await run(['--config', config, '--no-validate', '--timeout', '10', '--key', given, ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout + r.stderr).toMatch(/refused the key sk-v1-…3210/);
      expect(r.stdout + r.stderr).toMatch(/denied; you sent/);
      for (const secret of ['Summer2026!', 'CorrectHorse', given.slice(6, 20)]) expect(r.stdout + r.stderr, secret).not.toContain(secret);
    }
    for (const status of [401, 500]) {
      catalogStatus = status;
      const r = await run(['--config', config, '--no-validate', '--timeout', '10', '--no-key-check', '--json']);
      expect(r.code, r.stderr).not.toBe(0);
      for (const secret of ['Summer2026!', 'CorrectHorse', TEST_KEY.slice(6, 20)]) expect(r.stdout + r.stderr, `${status}: ${secret}`).not.toContain(secret);
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

/**
 * A fake `openclaw` on PATH: `body` is its shell script. `escapee` starts a process that leaves the
 * fake's process group and session (setsid) and keeps its stdout and stderr open for 30 s, then
 * touches `marker`: what a daemonizing launcher might leave behind.
 */
async function fakeOpenClaw(dir: string, body: (escapee: string) => string): Promise<{ path: string; marker: string; pids: string }> {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const marker = join(dir, 'escapee-finished');
  const pids = join(dir, 'escapee-pids');
  const escapee = `setsid sh -c 'echo $$ >> "${pids}"; sleep 30; touch "${marker}"' &`;
  await writeFile(join(bin, 'openclaw'), `#!/bin/sh\n${body(escapee)}\n`, { mode: 0o755 });
  return { path: `${bin}:${process.env.PATH}`, marker, pids };
}

async function killEscapees(pids: string): Promise<void> {
  for (const pid of (await readFile(pids, 'utf8').catch(() => '')).split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone
    }
  }
}

describe('22.7 deadlines hold whatever the children do, and say so', () => {
  it('a check that answers but leaves a process holding its output: the run ends with the answer, not with that process', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const fake = await fakeOpenClaw(dir, (escapee) => `${escapee}\necho '{"valid":true}'`);
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    try {
      const r = await run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--validate', '--json'], { env: { PATH: fake.path } });
      expect(r.code, r.stderr).toBe(0);
      expect(await stat(fake.marker).catch(() => undefined), 'the run waited for the escaped process').toBeUndefined();
      expect(JSON.parse(r.stdout).warnings.join(' ')).not.toMatch(/validate/);
    } finally {
      await killEscapees(fake.pids);
    }
  });

  it('--restart whose child leaves a process holding stderr: "restarted" as soon as the restart is done', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const fake = await fakeOpenClaw(dir, (escapee) => `[ "$1" = gateway ] && ${escapee}\nexit 0`);
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    try {
      const r = await run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate', '--restart', '--json'], { env: { PATH: fake.path } });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).restart).toEqual({ status: 'restarted' });
      expect(await stat(fake.marker).catch(() => undefined), 'the run waited for the escaped process').toBeUndefined();
    } finally {
      await killEscapees(fake.pids);
    }
  });

  it('a check that never answers, with a process holding its output: stopped at the 60 s limit and called a timeout', { timeout: 150_000 }, async () => {
    const dir = await tempDir();
    const fake = await fakeOpenClaw(dir, (escapee) => `${escapee}\nsleep 120`);
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    try {
      const r = await run(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--validate', '--json'], { env: { PATH: fake.path } });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).warnings.join(' ')).toMatch(/did not answer within 60 s/);
      expect(JSON.parse(r.stdout).warnings.join(' ')).not.toMatch(/unexpected output/);
    } finally {
      await killEscapees(fake.pids);
    }
  });
});

describe('22.6 Ctrl-C ends the run at once, and a problem already in the config is not blamed on us', () => {
  /** The CLI in a process group of its own, as a terminal's foreground job: `interrupt` is Ctrl-C to the whole group. */
  function foreground(args: string[], env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', HOME: NO_HOME, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const ended = new Promise<RunResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
    return { ended, interrupt: () => process.kill(-child.pid!, 'SIGINT') };
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const exists = (path: string) =>
    stat(path).then(
      () => true,
      () => false,
    );
  async function waitFor(path: string): Promise<void> {
    for (let waited = 0; !(await exists(path)); waited += 50) {
      if (waited > 20_000) throw new Error(`${path} never appeared`);
      await sleep(50);
    }
  }
  const selfStart = () => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]);
  /** OpenClaw's lock, held by this (live) test process. */
  const holdLock = (config: string) =>
    writeFile(
      `${config}.lock`,
      `${JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString(), ...(process.platform === 'linux' ? { starttime: selfStart() } : {}) }, null, 2)}\n${'\t'.repeat(8)}${' \t'.repeat(64)}\n`,
    );

  it('a problem already in the config, Ctrl-C while the old text is being checked: exit 130 and the old config back, not "OpenClaw rejected"', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const started = join(dir, 'old-check-started');
    const answered = join(dir, 'new-check-answered');
    const fake = await fakeOpenClaw(
      dir,
      () => `case "$OPENCLAW_CONFIG_PATH" in *.tmp) touch "${started}"; sleep 30;; *) touch "${answered}";; esac
echo '{"valid":false,"issues":[{"path":"<root>","message":"Unrecognized key: \\"bogus\\""}]}'`,
    );
    const config = join(dir, 'openclaw.json');
    const before = '{"gateway":{"mode":"local"},"bogus":1}\n';
    await writeFile(config, before);
    const cli = foreground(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--validate'], { PATH: fake.path });
    await waitFor(started);
    await waitFor(answered);
    cli.interrupt();
    const r = await cli.ended;
    expectSentence(r, 130, /^fastrouter-openclaw: Interrupted: the previous config was put back\.$/);
    expect(await readFile(config, 'utf8')).toBe(before);
  });

  it('Ctrl-C while OpenClaw\u2019s lock is busy: exit 130 at once, nothing changed', { timeout: 60_000 }, async (ctx) => {
    if (process.platform !== 'linux') ctx.skip('the lock records start times from /proc');
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    await holdLock(config);
    const cli = foreground(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await sleep(1500); // waiting for the lock by now
    cli.interrupt();
    const r = await cli.ended;
    expectSentence(r, 130, /Interrupted while waiting for OpenClaw's lock .*nothing was changed/);
    expect(await readFile(config, 'utf8')).toBe(LOCAL);
  });

  it('Ctrl-C during the check, the lock then busy, Ctrl-C again: exit 130 at once, with an undo command naming this config', { timeout: 60_000 }, async (ctx) => {
    if (process.platform !== 'linux') ctx.skip('the lock records start times from /proc');
    const dir = await tempDir();
    const started = join(dir, 'check-started');
    const fake = await fakeOpenClaw(dir, () => `touch "${started}"\nsleep 30\necho '{"valid":true}'`);
    const config = join(dir, 'my config.json');
    await writeFile(config, LOCAL);
    const cli = foreground(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--validate'], { PATH: fake.path });
    await waitFor(started);
    await holdLock(config);
    cli.interrupt();
    await sleep(1000); // the rollback waits for the lock by now
    cli.interrupt();
    const r = await cli.ended;
    expectSentence(r, 130, /the change stands.*undo with: (?:'[^']*\.cjs'|\S+\.cjs) restore --config '[^']*\/my config\.json'/);
    await rm(`${config}.lock`);
    const undo = /undo with: (.*)$/.exec(r.stderr.trim())![1]!;
    const restored = await run(['restore', '--config', config]);
    expect(undo).toContain(config);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(LOCAL);
  });
});

describe('22.5 what used to be a raw error is a sentence naming its cause', () => {
  it.each(['', 'backup-states', 'backups'])('fastrouter-openclaw/%s as a regular file: setup, remove and restore exit 5 saying it is a file', { timeout: 60_000 }, async (sub) => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    expect((await setup(config)).code).toBe(0);
    expect((await setup(config, ['--include', 'openai/*'])).code).toBe(0);
    await rm(join(ownFolder(dir), sub), { recursive: true });
    await writeFile(join(ownFolder(dir), sub), 'not a folder');
    const text = await readFile(config, 'utf8');
    for (const args of [
      ['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--no-validate', '--include', 'anthropic/*'],
      ['remove', '--config', config],
      ['restore', '--config', config],
    ]) {
      const r = await run(args);
      if (r.code === 0 || r.code === 2) continue; // nothing of that folder needed (restore with no backups says so: exit 2)
      expectSentence(r, 5, /is a file, not a folder/);
      expect(await readFile(config, 'utf8')).toBe(text);
    }
  });

  it('an invalid regex among the remembered filters names the state file and --reset-filters (exit 2), which gets past it', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    expect((await setup(config, ['--include', 'openai/*'])).code).toBe(0);
    const state = join(ownFolder(dir), 'openclaw.json.state.json');
    await writeFile(state, JSON.stringify({ include: ['/(unclosed/'], exclude: [], policyWildcardAdded: false }));
    expectSentence(await setup(config), 2, new RegExp(`${state.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*--reset-filters`));
    expect((await setup(config, ['--reset-filters'])).code).toBe(0);
  });

  it('restores run at the same time: each exits 0 (or says there is nothing left), none calls a backup unreadable', { timeout: 240_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    // A race: one restore lists the newest backup just before another takes it. Ten at a time hit it about every other round.
    for (let round = 0; round < 5; round++) {
      for (const include of ['openai/*', 'anthropic/*', 'google/*', 'deepseek/*', 'qwen/*', 'mistralai/*']) expect((await setup(config, ['--include', include])).code).toBe(0);
      const results = await Promise.all(Array.from({ length: 10 }, () => run(['restore', '--config', config])));
      for (const r of results) {
        expect(r.stderr).not.toMatch(/cannot be read|Delete that backup|unexpected error/);
        expect([0, 2], r.stderr).toContain(r.code);
      }
    }
  });
});

describe('22.4 --catalog reads regular files only, and only so far', () => {
  it.each([
    ['/dev/zero', () => '/dev/zero', /not a regular file|device/],
    ['a FIFO', (dir: string) => (execFileSync('mkfifo', [join(dir, 'catalog.fifo')]), join(dir, 'catalog.fifo')), /FIFO/],
    ['a folder', (dir: string) => dir, /directory|folder/],
  ] as const)('%s: exit 3 at once, naming what it is', { timeout: 30_000 }, async (_, make, pattern) => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    const r = await run(['--config', config, '--catalog', make(dir), '--key', TEST_KEY, '--no-validate']);
    expectSentence(r, 3, pattern);
    expect(r.stderr).toContain('--catalog');
    expect(await readFile(config, 'utf8')).toBe(LOCAL);
  });
});

describe('22.9 small holes', () => {
  it('a key accepted is a key: a 0644 config holding a short one is made private too', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, LOCAL);
    await chmod(config, 0o644);
    const r = await run(['--config', config, '--catalog', MIXED, '--key', 'sk-v1-abcdef1', '--no-validate']);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
  });

  it('catalog ids with zero-width or bidi characters are refused, never shown as a look-alike', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const entry = (id: string) => ({ id, name: id, is_active: true, context_length: 8192, architecture: { input_modalities: ['text'], output_modalities: ['text'] } });
    const catalog = join(dir, 'catalog.json');
    await writeFile(
      catalog,
      JSON.stringify({
        data: [
          { ...entry('anthropic/claude-sonnet-4.6'), name: 'Claude \u202eSonnet' },
          entry('anthropic/claude-sonnet-4.6\u200b'),
          entry('openai/\u202egpt-5.1'),
          entry('openai/gpt\u2066-5\u2069'),
          // Default-ignorable (a grapheme joiner, a variation selector, Hangul fillers), a blank braille cell, private use.
          ...['\u034f', '\ufe0f', '\u3164', '\uffa0', '\u1160', '\u2800', '\ue000'].map((c) => entry(`anthropic/claude-sonnet-4.6${c}`)),
        ],
      }),
    );
    const config = join(dir, 'openclaw.json');
    for (const extra of [['--json'], []]) {
      const r = await run(['--config', config, '--catalog', catalog, '--key', TEST_KEY, '--no-validate', ...extra]);
      expect(r.code, r.stderr).toBe(0);
      for (const c of ['\u200b', '\u202e', '\u2066', '\u2069', '\u034f', '\ufe0f', '\u3164', '\uffa0', '\u1160', '\u2800', '\ue000']) expect(r.stdout + r.stderr).not.toContain(c);
      if (extra.length) expect(JSON.parse(r.stdout).counts).toMatchObject({ models: 1, skippedEntries: 10 });
    }
    const models = JSON.parse(await readFile(config, 'utf8')).models.providers.fastrouter.models;
    expect(models.map((m: { id: string }) => m.id)).toEqual(['anthropic/claude-sonnet-4.6']);
    // A name is shown wherever OpenClaw lists models: no bidi override reorders it there.
    expect(models[0].name).toBe('Claude Sonnet');
  });

  it('remove --json stays under 2 KB with 40 warnings, its counts whole', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const ids = Array.from({ length: 40 }, (_, i) => `vendor/model-${i}-${'x'.repeat(40)}`);
    await writeFile(
      config,
      JSON.stringify({
        gateway: { mode: 'local' },
        models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: TEST_KEY, models: ids.map((id) => ({ id, name: id })) } } },
        agents: { defaults: { model: { primary: `fastrouter/${ids[0]}`, fallbacks: ids.slice(1).map((id) => `fastrouter/${id}`) } } },
      }),
    );
    const r = await run(['remove', '--config', config, '--json', '--no-validate']);
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(2048);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('removed');
    expect(report.counts).toMatchObject({ removed: 40, stillReferenced: 40 });
  });

  it('a redirect from loopback to plain http on another host is refused without --allow-insecure-http', { timeout: 30_000 }, async () => {
    const dir = await tempDir();
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://fastrouter.example/v1/models' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const r = await run(['--config', join(dir, 'openclaw.json'), '--base-url', `http://127.0.0.1:${port}`, '--key', TEST_KEY, '--no-validate', '--timeout', '5'], {
        env: { HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '' },
      });
      expectSentence(r, 3, /plain http.*--allow-insecure-http/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each(['0x10', '0b1', '0o7', '1e1', ' 5'])('--timeout %s is refused (exit 2)', { timeout: 20_000 }, async (value) => {
    const dir = await tempDir();
    const r = await run(['--config', join(dir, 'openclaw.json'), '--catalog', MIXED, '--key', TEST_KEY, '--no-validate', '--timeout', value]);
    expectSentence(r, 2, /--timeout/);
  });
});

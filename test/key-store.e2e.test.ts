// --key-ref store (issue 20): the key goes into OpenClaw's secret store through `openclaw secrets
// store set` (key on stdin, never argv) and the config gets a store SecretRef. A stand-in `openclaw`
// on PATH records its argv and stdin and keeps its "store" in a JSON file; the real one is the judge
// in test/openclaw/key.mjs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, CLI, fixture, NO_HOME, readJson, REFUSED_KEY, runCli, serveFile, tempDir, TEST_KEY } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const OTHER_KEY = `sk-fr-${'a0b1c2d3'.repeat(4)}`;
const REF = { source: 'store', provider: 'default', id: 'FASTROUTER_API_KEY' };

/** `openclaw` that keeps a store in store.json, logs each call's argv (calls.log), and fails `set` when told to. */
async function fakeOpenClaw(dir: string, { failSet = false } = {}) {
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  const script = `#!/usr/bin/env node
const fs = require('fs');
const dir = ${JSON.stringify(dir)};
const args = process.argv.slice(2);
fs.appendFileSync(dir + '/calls.log', JSON.stringify(args) + '\\n');
const storePath = dir + '/store.json';
const store = fs.existsSync(storePath) ? JSON.parse(fs.readFileSync(storePath, 'utf8')) : {};
const [a, b, c, name] = args;
if (a === 'config' && b === 'validate') { console.log(JSON.stringify({ valid: true })); process.exit(0); }
if (a === 'secrets' && b === 'store' && c === 'set') {
  if (${failSet}) { console.error('Store validation failed: database is locked'); process.exit(2); }
  const value = fs.readFileSync(0, 'utf8');
  const hosts = args.flatMap((x, i) => (args[i - 1] === '--allow-host' ? [x] : []));
  store[name] = { value, hosts };
  fs.writeFileSync(storePath, JSON.stringify(store));
  console.log('Stored ' + name + ' (secret).');
  process.exit(0);
}
if (a === 'secrets' && b === 'store' && c === 'list') { console.log(JSON.stringify(Object.keys(store).map((n) => ({ name: n, kind: 'secret', allowedHosts: store[n].hosts })))); process.exit(0); }
process.exit(1);
`;
  await writeFile(join(bin, 'openclaw'), script);
  await chmod(join(bin, 'openclaw'), 0o755);
  return {
    env: { PATH: `${bin}:${process.env.PATH}` },
    store: async () => JSON.parse(await readFile(join(dir, 'store.json'), 'utf8').catch(() => '{}')),
    calls: async () =>
      (await readFile(join(dir, 'calls.log'), 'utf8').catch(() => ''))
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]),
  };
}

async function setupDir(text?: string) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  if (text !== undefined) await writeFile(config, text, { mode: 0o600 });
  return { dir, config };
}

describe('--key-ref store', () => {
  it('puts the key into the store (stdin, bound to the host in use) and writes only a SecretRef', { timeout: budget({ runs: 1 }) }, async () => {
    const server = await serveFile(MIXED);
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    const r = await runCli(['--config', config, '--base-url', server.url, '--key-stdin', '--key-ref', 'store', '--json'], { input: TEST_KEY, env: openclaw.env });
    expect(r.code, r.stderr).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toEqual(REF);
    expect(await readFile(config, 'utf8')).not.toContain(TEST_KEY);
    expect(await openclaw.store()).toEqual({ FASTROUTER_API_KEY: { value: TEST_KEY, hosts: ['127.0.0.1'] } });
    const set = (await openclaw.calls()).find((args) => args.includes('set'));
    expect(set).toEqual(['secrets', 'store', 'set', 'FASTROUTER_API_KEY', '--kind', 'secret', '--value-file', '-', '--allow-host', '127.0.0.1']);
    expect(JSON.stringify(await openclaw.calls())).not.toContain(TEST_KEY.slice(6));
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ key: 'FASTROUTER_API_KEY (store SecretRef)', keyCheck: { status: 'verified' } });
    expect(report.warnings.join(' ')).toMatch(/in OpenClaw's secret store as FASTROUTER_API_KEY.*openclaw secrets reload/);
    expect(r.stdout + r.stderr).not.toContain(TEST_KEY.slice(6));
  });

  it("uses the config's own default store alias (secrets.defaults.store)", { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config } = await setupDir(JSON.stringify({ secrets: { defaults: { store: 'team' }, providers: { team: { source: 'store' } } } }));
    const openclaw = await fakeOpenClaw(dir);
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--key-ref', 'store'], { env: openclaw.env });
    expect(r.code, r.stderr).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toEqual({ ...REF, provider: 'team' });
  });

  it('a refresh keeps the ref; a new key given on a refresh goes into the store, never the config', { timeout: budget({ runs: 3 }) }, async () => {
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    const run = (args: string[]) => runCli(['--config', config, '--catalog', MIXED, ...args], { env: openclaw.env });
    expect((await run(['--key', TEST_KEY, '--key-ref', 'store'])).code).toBe(0);
    const refresh = await run(['--json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toEqual(REF);
    const rotated = await run(['--key', OTHER_KEY, '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toEqual(REF);
    expect((await openclaw.store()).FASTROUTER_API_KEY.value).toBe(OTHER_KEY);
    expect(await readFile(config, 'utf8')).not.toContain(OTHER_KEY);
  });

  it('a FASTROUTER_API_KEY merely set here, on a config that reads the store: neither checked nor stored, and said so', { timeout: budget({ runs: 3 }) }, async () => {
    const server = await serveFile(MIXED);
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    const run = (args: string[], env: Record<string, string> = {}) => runCli(['--config', config, '--base-url', server.url, ...args], { env: { ...openclaw.env, ...env } });
    expect((await run(['--key', TEST_KEY, '--key-ref', 'store'])).code).toBe(0);
    const posts = () => server.requests.filter((q) => q.method === 'POST').length;
    const before = posts();
    // A stale key in the environment: the refresh does not fail on a key the config never reads.
    const stale = await run(['--json'], { FASTROUTER_API_KEY: REFUSED_KEY });
    expect(stale.code, stale.stderr).toBe(0);
    const report = JSON.parse(stale.stdout);
    expect(report.keyCheck.status).not.toBe('verified');
    expect(report.warnings.join('\n')).toMatch(
      /FASTROUTER_API_KEY is set here, but the config reads the key from OpenClaw's secret store \(FASTROUTER_API_KEY\); it was neither checked nor stored: pass --key-ref store to put it there/,
    );
    expect(posts()).toBe(before);
    expect((await openclaw.store()).FASTROUTER_API_KEY.value).toBe(TEST_KEY);
    // On purpose, it goes in.
    expect((await run(['--key-ref', 'store'], { FASTROUTER_API_KEY: OTHER_KEY })).code).toBe(0);
    expect((await openclaw.store()).FASTROUTER_API_KEY.value).toBe(OTHER_KEY);
  });

  it('a config it cannot write (0444: refused even as root) leaves the store as it was; no openclaw on PATH is exit 2', { timeout: budget({ runs: 3 }) }, async () => {
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    expect((await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--key-ref', 'store'], { env: openclaw.env })).code).toBe(0);
    await chmod(config, 0o444);
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', OTHER_KEY, '--include', 'anthropic/*'], { env: openclaw.env });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/read-only/);
    expect((await openclaw.store()).FASTROUTER_API_KEY.value).toBe(TEST_KEY);
    await chmod(config, 0o600);
    const noOpenClaw = await runCli(['--config', config, '--catalog', MIXED, '--key', OTHER_KEY], { env: { PATH: join(dir, 'nothing-here') } });
    expect(noOpenClaw.code).toBe(2);
    expect(noOpenClaw.stderr).toMatch(/This config keeps the key in OpenClaw's secret store, which needs the `openclaw` command on PATH/);
  });

  it('remove says the key stays in the store, with the command that takes it out', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    expect((await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--key-ref', 'store'], { env: openclaw.env })).code).toBe(0);
    const removed = await runCli(['remove', '--config', config, '--no-validate', '--json'], { env: openclaw.env });
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout).warnings.join('\n')).toContain(
      "The FastRouter key stays in OpenClaw's secret store as FASTROUTER_API_KEY; take it out with `openclaw secrets store rm FASTROUTER_API_KEY`",
    );
  });

  it('without a key, refers to an entry already in the store, and says the key could not be checked', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    const missing = await runCli(['--config', config, '--catalog', MIXED, '--key-ref', 'store'], { env: openclaw.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/OpenClaw's secret store has no FASTROUTER_API_KEY: give the key with --key-stdin/);
    expect(await readdir(dir)).not.toContain('openclaw.json');
    await writeFile(join(dir, 'store.json'), JSON.stringify({ FASTROUTER_API_KEY: { value: TEST_KEY, hosts: [] } }));
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key-ref', 'store', '--json'], { env: openclaw.env });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).keyCheck).toEqual({ status: 'not-verified', reason: "the key is in OpenClaw's secret store, which this tool never reads" });
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toEqual(REF);
  });

  it('exit 2 without openclaw on PATH, and nothing written', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config } = await setupDir();
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--key-ref', 'store'], { env: { PATH: join(dir, 'nothing-here') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--key-ref store keeps the key in OpenClaw's secret store, which needs the `openclaw` command on PATH/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a store that refuses the key: exit 5 naming what openclaw said, the config unchanged', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config } = await setupDir('{}\n');
    const openclaw = await fakeOpenClaw(dir, { failSet: true });
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--key-ref', 'store'], { env: openclaw.env });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/Could not put the key into OpenClaw's secret store \(openclaw secrets store set: exit 2: Store validation failed: database is locked\)/);
    expect(await readFile(config, 'utf8')).toBe('{}\n');
  });

  it('a key FastRouter refuses never reaches the store', { timeout: budget({ runs: 1 }) }, async () => {
    const server = await serveFile(MIXED);
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    const r = await runCli(['--config', config, '--base-url', server.url, '--key', REFUSED_KEY, '--key-ref', 'store'], { env: openclaw.env });
    expect(r.code).toBe(2);
    expect(await openclaw.store()).toEqual({});
  });
});

describe('plaintext copies, once the key leaves the config', () => {
  it('names our backups and OpenClaw’s copies that still hold the key; --scrub-backups rewrites ours so restore still works', { timeout: budget({ runs: 4 }) }, async () => {
    const { dir, config } = await setupDir();
    const openclaw = await fakeOpenClaw(dir);
    const run = (args: string[]) => runCli(['--config', config, '--catalog', MIXED, ...args], { env: openclaw.env });
    expect((await run(['--key', TEST_KEY])).code).toBe(0);
    await writeFile(`${config}.bak`, await readFile(config, 'utf8'));
    await writeFile(`${config}.bak.1`, '{}');
    const moved = await run(['--key-ref', 'env', '--json']);
    expect(moved.code, moved.stderr).toBe(0);
    const warnings = JSON.parse(moved.stdout).warnings.join('\n');
    expect(warnings).toMatch(/One of our backups in .*fastrouter-openclaw\/backups still holds your FastRouter key in plain text; pass --scrub-backups/);
    expect(warnings).toMatch(/OpenClaw's own openclaw\.json\.bak beside the config still holds your FastRouter key in plain text; .*left alone/);
    expect(warnings).not.toContain('.bak.1');

    const scrubbed = await run(['--key-ref', 'store', '--key', TEST_KEY, '--scrub-backups', '--json']);
    expect(scrubbed.code, scrubbed.stderr).toBe(0);
    expect(JSON.parse(scrubbed.stdout).warnings.join('\n')).toMatch(/Replaced the key in one of our backups with the reference the config now uses/);
    const backups = join(dir, 'fastrouter-openclaw', 'backups');
    for (const name of await readdir(backups)) expect(await readFile(join(backups, name), 'utf8')).not.toContain(TEST_KEY);
    expect(await readFile(`${config}.bak`, 'utf8')).toContain(TEST_KEY);
    // The newest backup (the env-ref config) and the one before (plaintext, now the store ref): both restore to a working reference.
    expect((await runCli(['restore', '--config', config], { env: openclaw.env })).code).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toEqual({ source: 'env', provider: 'default', id: 'FASTROUTER_API_KEY' });
  });

  it(
    "--scrub-backups replaces only FastRouter's apiKey; the key where the user put it (env.vars, a header) is named, never rewritten, so restore still gives a valid config",
    { timeout: budget({ runs: 4 }) },
    async () => {
      const user = { env: { vars: { FASTROUTER_API_KEY: TEST_KEY } } };
      const { dir, config } = await setupDir(JSON.stringify(user, null, 2));
      const openclaw = await fakeOpenClaw(dir);
      const run = (args: string[]) => runCli(['--config', config, '--catalog', MIXED, ...args], { env: openclaw.env });
      expect((await run(['--key', TEST_KEY])).code).toBe(0);
      const withHeader = await readJson(config);
      withHeader.models.providers.fastrouter.headers = { 'X-Team-Token': `Bearer ${TEST_KEY}` };
      await writeFile(config, JSON.stringify(withHeader, null, 2));
      const moved = await run(['--key-ref', 'env', '--scrub-backups', '--json']);
      expect(moved.code, moved.stderr).toBe(0);
      const warnings = JSON.parse(moved.stdout).warnings.join('\n');
      // The config itself still holds it: said, and the backups are left alone (scrubbing them would hide nothing).
      expect(warnings).toMatch(/The config still holds your FastRouter key in plain text at env\.vars\.FASTROUTER_API_KEY, models\.providers\.fastrouter\.headers\.X-Team-Token/);
      expect(warnings).not.toMatch(/Replaced the key/);
      // The user's own copies come back as they were: a valid config, the header a real token, the variable a string.
      expect((await runCli(['restore', '--config', config, '--no-validate'], { env: openclaw.env })).code).toBe(0);
      const restored = await readJson(config);
      expect(restored.env.vars.FASTROUTER_API_KEY).toBe(TEST_KEY);
      expect(restored.models.providers.fastrouter.headers['X-Team-Token']).toBe(`Bearer ${TEST_KEY}`);

      // Once the config holds it nowhere: only the apiKey in our backups is replaced; one that also holds it elsewhere is named.
      const clean = await readJson(config);
      delete clean.models.providers.fastrouter.headers;
      await writeFile(config, JSON.stringify(clean, null, 2));
      delete clean.env;
      await writeFile(config, JSON.stringify(clean, null, 2));
      const scrubbed = await run(['--key-ref', 'env', '--scrub-backups', '--json']);
      const notes = JSON.parse(scrubbed.stdout).warnings.join('\n');
      expect(notes).toMatch(/Replaced the key in .* with the reference the config now uses/);
      expect(notes).toMatch(/still hold.* your FastRouter key in plain text outside FastRouter's apiKey \(env\.vars\.FASTROUTER_API_KEY/);
      const backups = join(dir, 'fastrouter-openclaw', 'backups');
      for (const name of await readdir(backups)) {
        const backup = await readFile(join(backups, name), 'utf8');
        expect(backup).not.toMatch(/"FASTROUTER_API_KEY": \{/);
        expect(backup).not.toContain('sk-v1-…');
      }
    },
  );

  it('remove says which copies still hold the key', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, config } = await setupDir();
    const run = (args: string[]) => runCli(['--config', config, ...args], { env: { PATH: join(dir, 'no-openclaw') } });
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY])).code).toBe(0);
    const removed = await run(['remove', '--json']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout).warnings.join('\n')).toMatch(/One of our backups in .* still holds your FastRouter key in plain text; restore uses them/);
  });
});

describe('Ctrl-C while the key goes into the store', () => {
  it('stops openclaw and whatever it started, exit 130, the config unchanged', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, config } = await setupDir('{}\n');
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const started = join(dir, 'started');
    const pids = join(dir, 'pids');
    await writeFile(join(bin, 'openclaw'), `#!/bin/sh\nsleep 30 >/dev/null 2>&1 &\necho $! >> "${pids}"\ntouch "${started}"\nsleep 30\n`, { mode: 0o755 });
    const child = spawn(process.execPath, [CLI, '--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--key-ref', 'store'], {
      env: { PATH: `${bin}:${process.env.PATH}`, HOME: NO_HOME, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let waited = 0; !(await stat(started).catch(() => undefined)); waited += 50) {
      if (waited > 20_000) throw new Error(`openclaw was never run: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited, stderr).toBe(130);
    expect(stderr).toMatch(/Interrupted while storing the key in OpenClaw's secret store; .* was not changed/);
    const survivors = (await readFile(pids, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map(Number)
      .filter((pid) => {
        try {
          process.kill(pid, 0);
          return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
        } catch {
          return false;
        }
      });
    for (const pid of survivors) process.kill(pid, 'SIGKILL');
    expect(survivors).toEqual([]);
    expect(await readFile(config, 'utf8')).toBe('{}\n');
  });
});

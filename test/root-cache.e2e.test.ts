// Root runs us for another user (HOME=/home/u): the OpenClaw we start must not leave root-owned
// folders in that home. The real OpenClaw creates its cache (`${XDG_CACHE_HOME:-$HOME/.cache}/openclaw`,
// and `openclaw-<uid>` beside it) 0700; root's copy then locks the user's own OpenClaw out of it.
// A stand-in `openclaw` on PATH does the same and logs which cache it was given.
import { chmod, chown, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, fixture, IS_ROOT, NOBODY, runCli, tempDir, TEST_KEY } from './helpers.js';

async function rootOwned(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    const info = await lstat(path);
    if (info.uid === 0) found.push(path);
    if (info.isDirectory()) found.push(...(await rootOwned(path)));
  }
  return found;
}

async function installOpenClaw(dir: string) {
  const bin = join(dir, 'bin');
  await mkdir(bin);
  const log = join(dir, 'caches.log');
  // As the real one: \`models status\` and \`secrets\` open its state database, creating it if need be.
  await writeFile(
    join(bin, 'openclaw'),
    `#!/bin/sh
cache="\${XDG_CACHE_HOME:-$HOME/.cache}"
mkdir -p "$cache/openclaw" && chmod 700 "$cache" "$cache/openclaw"
echo "$1 $2 cache=\${XDG_CACHE_HOME:-unset}" >> '${log}'
case "$1 $2" in
  "models status"|"secrets store") mkdir -p "\${OPENCLAW_STATE_DIR:-$HOME/.openclaw}/state" && touch "\${OPENCLAW_STATE_DIR:-$HOME/.openclaw}/state/openclaw.sqlite" ;;
esac
echo '{"valid":true}'
`,
    { mode: 0o755 },
  );
  return { env: { PATH: `${bin}:${process.env.PATH}` }, caches: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean) };
}

/** A home of another user (nobody), private, whose OpenClaw config holds `text`. */
async function anotherUsersHome(text: string) {
  const dir = await tempDir();
  const home = join(dir, 'home');
  await mkdir(join(home, '.openclaw'), { recursive: true });
  const config = join(home, '.openclaw', 'openclaw.json');
  await writeFile(config, text);
  for (const path of [home, join(home, '.openclaw'), config]) await chown(path, NOBODY.uid, NOBODY.gid);
  await chmod(home, 0o700);
  return { dir, home, config };
}

describe('root on another user’s config', () => {
  it('leaves nothing of OpenClaw’s owned by root in their home', { timeout: budget({ runs: 3 }) }, async (ctx) => {
    if (!IS_ROOT) ctx.skip('needs root: only a root run can leave root-owned files in another user’s home');
    const { dir, home } = await anotherUsersHome(await readFile(fixture('config', 'other-provider.json'), 'utf8'));
    const oc = await installOpenClaw(dir);

    const setup = await runCli(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--validate'], { home, env: oc.env });
    expect(setup.code, setup.stderr).toBe(0);
    const status = await runCli(['status', '--catalog', fixture('catalog', 'mixed.json')], { home, env: oc.env });
    expect(status.stderr).not.toMatch(/unexpected error/i);
    expect(status.stdout).toMatch(/not asked \(its state belongs to the config's owner, not root/);
    const remove = await runCli(['remove'], { home, env: oc.env });
    expect(remove.code, remove.stderr).toBe(0);

    expect(await rootOwned(home)).toEqual([]);
    const caches = await oc.caches();
    expect(caches.map((line) => line.split(' cache=')[0])).toContain('config validate');
    expect(caches.map((line) => line.split(' cache=')[0])).not.toContain('models status');
    for (const line of caches) {
      const cache = line.split(' cache=')[1]!;
      expect(cache, line).toMatch(/^\//);
      expect(existsSync(cache), `${cache} left behind`).toBe(false);
    }
  });

  it('does not have OpenClaw open their state as root: --key-ref store and an auth profile say to run as that user', { timeout: budget({ runs: 3 }) }, async (ctx) => {
    if (!IS_ROOT) ctx.skip('needs root: only a root run can leave root-owned files in another user’s home');
    const original = JSON.stringify({ gateway: { mode: 'local' }, auth: { profiles: { 'fastrouter:manual': { provider: 'fastrouter', mode: 'api_key' } } } }, null, 2) + '\n';
    const { dir, home, config } = await anotherUsersHome(original);
    const oc = await installOpenClaw(dir);

    const stored = await runCli(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--key-ref', 'store', '--no-validate'], { home, env: oc.env });
    expect(stored.code, stored.stderr).toBe(2);
    expect(stored.stderr).toMatch(/secret store .* run this as that user/);
    const profiled = await runCli(['--catalog', fixture('catalog', 'mixed.json'), '--no-validate'], { home, env: oc.env });
    expect(profiled.code, profiled.stderr).toBe(2);
    expect(profiled.stderr).toMatch(/auth profile fastrouter:manual was not used: .*run this as that user/);

    expect(await readFile(config, 'utf8')).toBe(original);
    expect(await rootOwned(home)).toEqual([]);
    expect((await oc.caches()).map((line) => line.split(' cache=')[0])).toEqual([]);
  });

  it('a first install into their home gives them the new config, our folder and its files', { timeout: budget({ runs: 2 }) }, async (ctx) => {
    if (!IS_ROOT) ctx.skip('needs root: only a root run can leave root-owned files in another user’s home');
    const { home, config } = await anotherUsersHome('');
    await rm(config);
    const setup = await runCli(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--no-validate'], { home });
    expect(setup.code, setup.stderr).toBe(0);
    expect((await lstat(config)).uid).toBe(NOBODY.uid);
    expect(await rootOwned(home)).toEqual([]);
    // A refresh as root keeps it so.
    expect((await runCli(['--catalog', fixture('catalog', 'updated.json'), '--no-validate'], { home })).code).toBe(0);
    expect(await rootOwned(home)).toEqual([]);
  });
});

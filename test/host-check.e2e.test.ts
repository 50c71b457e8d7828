// The check with the installed OpenClaw: asked only when it could say something new (a new version,
// a new shape of what we write, --validate, or a config that had problems), old and new text judged
// at the same time, progress on stderr. A stand-in `openclaw` (a Node script in a fake package with a
// package.json, linked onto PATH like npm does) logs every call.
import { spawn, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { budget, CLI, fixture, runCli, shellQuote, tempDir, TEST_KEY } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');
// Each case spawns a few runs of ours and of the stand-in on a loaded machine.
const BUDGET = 60_000;

/**
 * The stand-in's answer: a script body with `text` (the file asked about), `isTemp` (a copy beside
 * the config, i.e. the text before our write) and `log(line)`; it prints the JSON OpenClaw would.
 */
async function installOpenClaw(dir: string, version: string, answer: string, { shim = false } = {}) {
  const pkg = join(dir, 'lib', 'node_modules', 'openclaw');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'openclaw', version }));
  const log = join(dir, 'calls.log');
  await writeFile(
    join(pkg, 'openclaw.mjs'),
    `#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
const file = process.env.OPENCLAW_CONFIG_PATH;
const isTemp = path.basename(file) !== 'openclaw.json';
const log = (line) => fs.appendFileSync(${JSON.stringify(log)}, line + '\\n');
log(['call', process.argv.slice(2).join(' '), isTemp ? 'before' : 'after', 'respawn=' + (process.env.OPENCLAW_NO_RESPAWN ? 'off' : 'on')].join(' '));
const text = fs.readFileSync(file, 'utf8');
const say = (verdict) => console.log(JSON.stringify(verdict));
${answer}
`,
  );
  await chmod(join(pkg, 'openclaw.mjs'), 0o755);
  const bin = join(dir, 'bin');
  await mkdir(bin, { recursive: true });
  if (shim) {
    await writeFile(join(bin, 'openclaw'), `#!/bin/sh\nexec "${process.execPath}" "${join(pkg, 'openclaw.mjs')}" "$@"\n`, { mode: 0o755 });
  } else {
    await symlink('../lib/node_modules/openclaw/openclaw.mjs', join(bin, 'openclaw'));
  }
  return {
    env: { PATH: `${bin}:${process.env.PATH}` },
    calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter((l) => l.startsWith('call ')),
    log: () => readFile(log, 'utf8').catch(() => ''),
    setVersion: (v: string) => writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'openclaw', version: v })),
  };
}

const VALID = `say({ valid: true });`;

/** Waits until the stand-in says it has started checking (it writes `path`). */
async function untilExists(path: string): Promise<void> {
  while (
    !(await stat(path).then(
      () => true,
      () => false,
    ))
  )
    await new Promise((r) => setTimeout(r, 50));
}

async function setupDir(fixtureName = 'hand-edited.json5') {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  await copyFile(fixture('config', fixtureName), config);
  const run = (args: string[], env: Record<string, string>) => runCli(['--config', config, ...args], { env });
  return { dir, config, run };
}

const report = (stdout: string) => JSON.parse(stdout) as { hostCheck?: { status: string; openclaw?: string }; warnings: string[] };

describe('asking OpenClaw only when it could say something new', () => {
  it('checks the first run, skips a refresh on the same version, checks again on a new version', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);

    const first = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(first.code, first.stderr).toBe(0);
    expect(report(first.stdout).hostCheck).toEqual({ status: 'accepted', openclaw: '2026.9.6' });
    const after = async () => (await oc.calls()).filter((c) => c.includes('after')).length;
    expect(await after()).toBe(1);

    // A refresh whose catalog changed the model list, not the shape of what we write.
    const refresh = await run(['--catalog', UPDATED, '--json'], oc.env);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(report(refresh.stdout).hostCheck).toEqual({ status: 'known', openclaw: '2026.9.6' });
    expect(await after()).toBe(1);

    await oc.setVersion('2026.10.1');
    const upgraded = await run(['--catalog', MIXED, '--json'], oc.env);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(report(upgraded.stdout).hostCheck).toEqual({ status: 'accepted', openclaw: '2026.10.1' });
    expect(await after()).toBe(2);
  });

  it('checks again with --validate, and on a new shape (a SecretRef key instead of a plain one)', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY], oc.env)).code).toBe(0);
    const after = async () => (await oc.calls()).filter((c) => c.includes('after')).length;
    expect(await after()).toBe(1);

    const forced = await run(['--catalog', UPDATED, '--validate', '--json'], oc.env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(report(forced.stdout).hostCheck?.status).toBe('accepted');
    expect(await after()).toBe(2);

    const secretRef = await run(['--catalog', MIXED, '--key-ref', 'env', '--json'], { ...oc.env, FASTROUTER_API_KEY: TEST_KEY });
    expect(secretRef.code, secretRef.stderr).toBe(0);
    expect(report(secretRef.stdout).hostCheck?.status).toBe('accepted');
    expect(await after()).toBe(3);
  });

  it("passes on OpenClaw's warnings about our block (not others'), and asks again next time", { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const warns = `say({ valid: true, warnings: [{ path: 'models.providers.fastrouter.apiKey', message: 'Missing env var "FASTROUTER_API_KEY" - feature using this value will be unavailable' }, { path: 'channels.telegram.botToken', message: 'Missing env var "TG"' }] });`;
    const oc = await installOpenClaw(dir, '2026.9.6', warns);
    const first = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(first.code, first.stderr).toBe(0);
    expect(report(first.stdout).hostCheck).toEqual({ status: 'accepted', openclaw: '2026.9.6', warned: true });
    const fromOpenClaw = report(first.stdout).warnings.filter((w) => w.startsWith('OpenClaw'));
    expect(fromOpenClaw).toEqual([
      'OpenClaw 2026.9.6 warns about the FastRouter settings: models.providers.fastrouter.apiKey: Missing env var "FASTROUTER_API_KEY" - feature using this value will be unavailable.',
    ]);
    const text = await run(['--catalog', UPDATED], oc.env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toContain('warns about the FastRouter settings: models.providers.fastrouter.apiKey');
    expect(text.stdout).toMatch(/^Checked: OpenClaw 2026\.9\.6 accepts the new config, but warns about the FastRouter settings/m);
    expect((await oc.calls()).filter((c) => c.includes('after'))).toHaveLength(2);
  });

  it('says what to do next for the version it found: nothing from 2026.7.35 on, a restart before', { timeout: BUDGET }, async () => {
    for (const [version, next] of [
      ['2026.7.35', /^Next: nothing to restart; OpenClaw 2026\.7\.35 reloads models\.\* on its own\.$/m],
      ['2026.9.6', /^Next: nothing to restart; OpenClaw 2026\.9\.6 reloads models\.\* on its own\.$/m],
      ['2026.6.2', /^Next: OpenClaw 2026\.6\.2 picks this up after `openclaw gateway restart` \(or pass --restart\)\.$/m],
    ] as const) {
      const { dir, run } = await setupDir();
      const oc = await installOpenClaw(dir, version, VALID);
      const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'], oc.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(next);
    }
  });

  it('keeps checking a config that had problems of its own', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', `say({ valid: false, issues: [{ path: 'gateway', message: 'Unrecognized key: "x"' }] });`);
    const first = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(first.code, first.stderr).toBe(0);
    expect(report(first.stdout).hostCheck?.status).toBe('problems-before');
    expect(report(first.stdout).warnings.join()).toMatch(/there before this change: gateway/);
    const second = await run(['--catalog', UPDATED, '--json'], oc.env);
    expect(second.code, second.stderr).toBe(0);
    expect(report(second.stdout).hostCheck?.status).toBe('problems-before');
    expect((await oc.calls()).filter((c) => c.includes('after'))).toHaveLength(2);
  });

  it('finds the version through a launcher script on PATH too', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID, { shim: true });
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY], oc.env)).code).toBe(0);
    const refresh = await run(['--catalog', UPDATED, '--json'], oc.env);
    expect(report(refresh.stdout).hostCheck).toEqual({ status: 'known', openclaw: '2026.9.6' });
  });

  it('finds the version through a launcher script whose quoted path holds a space', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(join(dir, 'Application Support'), '2026.9.6', VALID, { shim: true });
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY], oc.env)).code).toBe(0);
    const refresh = await run(['--catalog', UPDATED, '--json'], oc.env);
    expect(report(refresh.stdout).hostCheck).toEqual({ status: 'known', openclaw: '2026.9.6' });
  });

  // A folder holding a single quote (a home named o'brien) is quoted '…'\''…' by the launcher.
  it.each(['', "o'brien"])("finds the version through a gateway's agent-cli launcher, which names the bin link without an extension (in %j)", { timeout: BUDGET }, async (sub) => {
    const { dir: top, run } = await setupDir();
    const dir = join(top, sub);
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    // What a gateway puts first on exec's PATH (~/.openclaw/tmp/agent-cli/openclaw): its own node and
    // argv[1], here npm's bin link `openclaw` -> ../lib/node_modules/openclaw/openclaw.mjs.
    const agentCli = join(dir, 'agent-cli');
    await mkdir(agentCli);
    // Quoted as OpenClaw's renderPosixShim does (dist/openclaw-cli-shim-*.mjs): bare when safe, else '…'.
    const quote = (value: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/u.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);
    await writeFile(join(agentCli, 'openclaw'), `#!/bin/sh\nset -eu\n\nexec ${quote(process.execPath)} ${quote(join(dir, 'bin', 'openclaw'))} "$@"\n`, { mode: 0o700 });
    const env = { PATH: `${agentCli}:${oc.env.PATH}` };
    const first = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(report(first.stdout).hostCheck).toEqual({ status: 'accepted', openclaw: '2026.9.6' });
    const refresh = await run(['--catalog', UPDATED, '--json'], env);
    expect(report(refresh.stdout).hostCheck).toEqual({ status: 'known', openclaw: '2026.9.6' });
  });

  it('says what an OpenClaw that refuses to start printed (a Node too old), not "unexpected output"', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const refusal = 'openclaw: Node.js >=22.22.3 <23, >=24.15.0 <25, or >=25.9.0 is required (current: v20.19.0).';
    const oc = await installOpenClaw(dir, '2026.7.35', `process.stderr.write(${JSON.stringify(refusal + '\nIf you use nvm, run:\n  nvm install 24\n')}); process.exit(1);`);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(r.code, r.stderr).toBe(0);
    const { hostCheck, warnings } = report(r.stdout);
    expect(hostCheck).toMatchObject({ status: 'unavailable', openclaw: '2026.7.35' });
    expect(warnings.join('\n')).toContain(refusal);
    expect(warnings.join('\n')).not.toContain('unexpected output');
  });

  it("reads OpenClaw's whole answer, however long (a wide config's warnings run to hundreds of KB)", { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(
      dir,
      '2026.9.6',
      `say({ valid: true, warnings: Array.from({ length: 3000 }, (_, i) => ({ path: 'models.providers.p' + i + '.apiKey', message: 'Environment variable P' + i + '_API_KEY is not set; the value stays empty until it is.' })) });`,
    );
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(r.code, r.stderr).toBe(0);
    expect(report(r.stdout).hostCheck).toEqual({ status: 'accepted', openclaw: '2026.9.6' });
  });

  it('always asks an openclaw whose version cannot be read from its files', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const bin = join(dir, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'openclaw'), `#!/bin/sh\necho call >> "${join(dir, 'calls.log')}"\necho '{"valid":true}'\n`, { mode: 0o755 });
    const env = { PATH: `${bin}:${process.env.PATH}` };
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY], env)).code).toBe(0);
    const refresh = await run(['--catalog', UPDATED, '--json'], env);
    expect(report(refresh.stdout).hostCheck).toEqual({ status: 'accepted' });
    expect((await readFile(join(dir, 'calls.log'), 'utf8')).trim().split('\n').length).toBeGreaterThanOrEqual(3);
  });
});

describe('how OpenClaw is asked', () => {
  it('judges the old text at the same time as the new file, not after it', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    // The check of the new file answers only once the check of the old text has started: run one
    // after the other, the new check would give up and call the file invalid.
    const oc = await installOpenClaw(
      dir,
      '2026.9.6',
      `if (!isTemp) {
        const until = Date.now() + 40000;
        while (!fs.readFileSync(${JSON.stringify(join(dir, 'calls.log'))}, 'utf8').includes('before') && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        if (Date.now() >= until) { say({ valid: false, issues: [{ path: 'sequential', message: 'old text not judged concurrently' }] }); process.exit(1); }
      }
      say({ valid: false, issues: [{ path: 'gateway', message: 'Unrecognized key: "x"' }] });`,
    );
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(r.code, r.stderr).toBe(0);
    expect(report(r.stdout).hostCheck?.status).toBe('problems-before');
  });

  it('stops judging the old text once the new file passes, and leaves no copy behind', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', `if (isTemp) { await new Promise((r) => setTimeout(r, 120000)); log('old check finished'); }\nsay({ valid: true });`);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(r.code, r.stderr).toBe(0);
    expect(report(r.stdout).hostCheck?.status).toBe('accepted');
    expect(await oc.log()).not.toContain('old check finished');
    expect((await readdir(dir)).sort()).toEqual(['bin', 'calls.log', 'fastrouter-openclaw', 'lib', 'openclaw.json']);
  });

  it('runs OpenClaw without its self-respawn', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY], oc.env)).code).toBe(0);
    const calls = await oc.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call).toMatch(/^call config validate --json (after|before) respawn=off$/);
  });

  it('shows one progress line on stderr while it runs and names the version that accepted the change', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    const json = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json'], oc.env);
    expect(json.stderr).toBe('fastrouter-openclaw: Checking the new config with OpenClaw 2026.9.6 (openclaw config validate)…\n');
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    const text = await run(['--catalog', UPDATED, '--validate'], oc.env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Checked: OpenClaw 2026.9.6 accepts the new config.');
    const skipped = await run(['--catalog', MIXED], oc.env);
    expect(skipped.stderr).toBe('');
    expect(skipped.stdout).toContain('OpenClaw 2026.9.6 accepted this kind of change before; not asked again');
  });

  it.skipIf(spawnSync('script', ['--version']).status !== 0)('shows a spinner instead on a terminal, and clears it', { timeout: BUDGET }, async () => {
    const { dir, config } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    // script(1) runs a shell line: quote every path, a clone may live below a folder with a space.
    const command = [process.execPath, CLI, '--config', config, '--catalog', MIXED, '--key', TEST_KEY].map(shellQuote).join(' ');
    const tty = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, ...oc.env, TERM: 'xterm', NO_COLOR: '1' } });
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/\r[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Checking the new config with OpenClaw 2026\.9\.6/);
    expect(tty.stdout).toContain('\r\u001b[2K');
    expect(tty.stdout).not.toContain('fastrouter-openclaw: Checking');
    expect(tty.stdout).toContain('Checked: OpenClaw 2026.9.6 accepts the new config.');
  });

  it('refuses --validate with --no-validate', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await setupDir();
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--validate', '--no-validate'], {});
    expect(r.code).toBe(2);
  });
});

describe('remove and restore are checked too', () => {
  it('checks a remove, rolls back one OpenClaw rejects, and skips a restore to a shape it accepted', { timeout: BUDGET }, async () => {
    const { dir, config, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY], oc.env)).code).toBe(0);
    const installed = await readFile(config, 'utf8');

    const removed = await run(['remove', '--json'], oc.env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout).hostCheck).toEqual({ status: 'accepted', openclaw: '2026.9.6' });

    // Back to the installed config: that shape was accepted on this version.
    const restored = await run(['restore', '--json'], oc.env);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout).hostCheck).toEqual({ status: 'known', openclaw: '2026.9.6' });
    expect(await readFile(config, 'utf8')).toBe(installed);
    expect((await oc.calls()).filter((c) => c.includes('after'))).toHaveLength(2);
  });

  it('rolls back a remove that OpenClaw rejects because of it', { timeout: BUDGET }, async () => {
    const { dir, config, run } = await setupDir();
    const ok = await installOpenClaw(dir, '2026.9.6', `say(text.includes('fastrouter') ? { valid: true } : { valid: false, issues: [{ path: 'agents.defaults.model', message: 'unknown model' }] });`);
    // --no-default: a primary left naming fastrouter would keep 'fastrouter' in the text.
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-default'], ok.env)).code).toBe(0);
    const installed = await readFile(config, 'utf8');
    const removed = await run(['remove'], ok.env);
    expect(removed.code).toBe(5);
    expect(removed.stderr).toMatch(/OpenClaw 2026.9.6 rejected the updated config \(agents.defaults.model: unknown model\); the previous config was put back/);
    expect(await readFile(config, 'utf8')).toBe(installed);
  });

  it('--no-validate skips the check for remove', { timeout: BUDGET }, async () => {
    const { dir, run } = await setupDir();
    const oc = await installOpenClaw(dir, '2026.9.6', VALID);
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'], oc.env)).code).toBe(0);
    const removed = await run(['remove', '--no-validate', '--json'], oc.env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(await oc.calls()).toHaveLength(0);
  });
});

describe('a run stopped before its change stands leaves the folder as it found it', () => {
  /** The config's bytes and mode, and what our own folder beside it holds (nothing, if it is not there). */
  async function footprint(dir: string, config: string) {
    const ours = await readdir(join(dir, 'fastrouter-openclaw'), { recursive: true }).catch(() => 'no folder');
    return { bytes: await readFile(config, 'utf8'), mode: ((await stat(config)).mode & 0o777).toString(8), ours };
  }

  it('a change OpenClaw rejects: same bytes, mode 0644 kept, no empty backup folders', { timeout: BUDGET }, async () => {
    const { dir, config, run } = await setupDir();
    await chmod(config, 0o644);
    const before = await footprint(dir, config);
    const oc = await installOpenClaw(dir, '2026.9.6', `say(isTemp ? { valid: true } : { valid: false, issues: [{ path: 'models.providers.fastrouter', message: 'rejected' }] });`);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY], oc.env);
    expect(r.code, r.stderr).toBe(5);
    expect(await footprint(dir, config)).toEqual(before);
  });

  it('Ctrl-C while OpenClaw checks: same bytes, mode 0644 kept, no empty backup folders', { timeout: BUDGET }, async () => {
    const { dir, config } = await setupDir();
    await chmod(config, 0o644);
    const before = await footprint(dir, config);
    const started = join(dir, 'check-started');
    const oc = await installOpenClaw(dir, '2026.9.6', `if (!isTemp) { fs.writeFileSync(${JSON.stringify(started)}, ''); await new Promise((r) => setTimeout(r, 30_000)); }\nsay({ valid: true });`);
    const child = spawn(process.execPath, [CLI, '--config', config, '--catalog', MIXED, '--key', TEST_KEY], { env: { ...process.env, ...oc.env }, stdio: 'ignore', detached: true });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await untilExists(started);
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    expect(await footprint(dir, config)).toEqual(before);
  });
});

describe('two runs of ours at once', () => {
  it('remember the filters of the run whose config stands, so the next refresh changes nothing, and so does a restore', { timeout: BUDGET }, async () => {
    const { dir, config, run } = await setupDir();
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'], {})).code).toBe(0);
    const started = join(dir, 'check-started');
    const go = join(dir, 'go');
    // The first run's check waits until the second run has written its config and its state.
    const oc = await installOpenClaw(
      dir,
      '2026.9.6',
      `if (!isTemp) { fs.writeFileSync(${JSON.stringify(started)}, ''); while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 50)); }\nsay({ valid: true });`,
    );
    const first = spawn(process.execPath, [CLI, '--config', config, '--catalog', MIXED, '--include', 'anthropic/*', '--validate', '--json'], {
      env: { ...process.env, ...oc.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let firstOut = '';
    first.stdout.on('data', (chunk) => (firstOut += chunk));
    const firstExit = new Promise<number | null>((resolve) => first.on('close', resolve));
    await untilExists(started);
    const second = await run(['--catalog', MIXED, '--include', 'openai/*', '--no-validate', '--json'], {});
    expect(second.code, second.stderr).toBe(0);
    await writeFile(go, '');
    expect(await firstExit).toBe(0);
    expect(report(firstOut).warnings.join(' ')).toContain('Another run of fastrouter-openclaw changed the config after this one');
    const ids = JSON5.parse(await readFile(config, 'utf8')).models.providers.fastrouter.models.map((m: { id: string }) => m.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id: string) => !id.startsWith('openai/'))).toEqual([]);
    const unchanged = async () => {
      const refresh = await run(['--catalog', MIXED, '--dry-run', '--json'], {});
      expect(refresh.code, refresh.stderr).toBe(0);
      expect(JSON.parse(refresh.stdout)).toMatchObject({ status: 'unchanged' });
    };
    await unchanged();
    // The second run backed up the first run's config before the first had saved its filters.
    const restored = await run(['restore'], {});
    expect(restored.code, restored.stderr).toBe(0);
    const back = JSON5.parse(await readFile(config, 'utf8')).models.providers.fastrouter.models.map((m: { id: string }) => m.id);
    expect(back.length).toBeGreaterThan(0);
    expect(back.filter((id: string) => !id.startsWith('anthropic/'))).toEqual([]);
    await unchanged();
  });
});

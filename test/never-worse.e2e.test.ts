// The user's OpenClaw is never worse after setup: every model they could pick stays selectable
// (OpenClaw's "non-empty agents.defaults.models is an allowlist" rule), and a config that now holds
// a plaintext key is not left readable by others. The real OpenClaw judges the same in
// test/openclaw/conformance.mjs; these run the CLI against fixtures only.
import { readFileSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { NO_KEY_HELP } from '../src/core/key-source.js';
import { budget, fixture, runCli, tempDir, TEST_KEY } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
// Another provider's models and no agents.defaults.models: the config the allowlist trap locks out.
const OTHER_ONLY = JSON.parse(readFileSync(fixture('config', 'other-provider.json'), 'utf8'));

async function configWith(content: unknown, mode = 0o600) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  await writeFile(config, JSON.stringify(content, null, 2) + '\n', { mode });
  const run = (args: string[]) => runCli(['--config', config, '--catalog', MIXED, ...args]);
  return { config, run, read: async () => JSON5.parse(await readFile(config, 'utf8')) };
}

describe('never worse: model allowlist', () => {
  it('does not start an allowlist where there was none, and says so', { timeout: budget({ runs: 2 }) }, async () => {
    const { run, read } = await configWith(OTHER_ONLY);
    const r = await run(['--key', TEST_KEY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const after = await read();
    expect(after.agents.defaults.models).toBeUndefined();
    expect(after.agents.defaults.model).toEqual({ primary: 'other/m1' });
    expect(after.models.providers.fastrouter.models.length).toBe(11);
    expect(JSON.parse(r.stdout).warnings.join(' ')).toMatch(/not added to agents\.defaults\.models.*selectable as fastrouter\/<id>/);
    const again = await run(['--key', TEST_KEY, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', warnings: [] });
  });

  it('undoes the lock-out an earlier run caused (only bare fastrouter entries in the map)', { timeout: budget({ runs: 1 }) }, async () => {
    const locked = structuredClone(OTHER_ONLY) as any;
    locked.agents.defaults.models = { 'fastrouter/openai/gpt-5.1': {}, 'fastrouter/old/model': {} };
    const { run, read } = await configWith(locked);
    const r = await run(['--key', TEST_KEY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await read()).agents.defaults.models).toEqual({});
    expect(JSON.parse(r.stdout).warnings.join(' ')).toMatch(/Removed the fastrouter\/ entries an earlier run put in agents\.defaults\.models/);
  });

  it('extends an allowlist the user had, and remove takes exactly our entries out again', { timeout: budget({ runs: 2 }) }, async () => {
    const allow = structuredClone(OTHER_ONLY) as any;
    allow.agents.defaults.models = { 'other/m1': { alias: 'one' } };
    const { run, read, config } = await configWith(allow);
    expect((await run(['--key', TEST_KEY])).code).toBe(0);
    const keys = Object.keys((await read()).agents.defaults.models);
    expect(keys[0]).toBe('other/m1');
    expect(keys.length).toBe(12);
    expect((await runCli(['remove', '--config', config])).code).toBe(0);
    expect((await read()).agents.defaults.models).toEqual({ 'other/m1': { alias: 'one' } });
  });
});

describe('never worse: file mode', () => {
  it('tightens a group/other-readable config to owner-only once it holds the key, and says so', { timeout: budget({ runs: 1 }) }, async () => {
    const { run, config } = await configWith(OTHER_ONLY, 0o644);
    const r = await run(['--key', TEST_KEY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(r.stdout).warnings.join(' ')).toMatch(/mode 0644.*now 0600/);
  });

  it('leaves the mode alone when the key is not written in plain text (--key-ref env)', { timeout: budget({ runs: 1 }) }, async () => {
    const { run, config } = await configWith(OTHER_ONLY, 0o640);
    const r = await run(['--key-ref', 'env', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(config)).mode & 0o777).toBe(0o640);
  });
});

describe('the agent path: the command SKILL.md gives', () => {
  it('runs as a plain executable (no `node` in front), and without node on PATH fails in one line, writing nothing', { timeout: budget({ runs: 2 }) }, async () => {
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('./helpers.js');
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const env = { HOME: dir, NO_COLOR: '1', FASTROUTER_API_KEY: TEST_KEY, OPENCLAW_CONFIG_PATH: config };
    const ok = spawnSync(CLI, ['--catalog', MIXED, '--json'], { env: { ...env, PATH: `${dirname(process.execPath)}:/usr/bin:/bin` }, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).keySource).toBe('env');
    const missing = join(dir, 'missing.json');
    const noNode = spawnSync(CLI, ['--catalog', MIXED, '--json'], { env: { ...env, OPENCLAW_CONFIG_PATH: missing, PATH: join(dir, 'no-such-dir') }, encoding: 'utf8' });
    expect(noNode.status).toBe(127);
    expect(noNode.stderr.trim().split('\n')).toHaveLength(1);
    expect(noNode.stderr).toMatch(/node/);
    await expect(stat(missing)).rejects.toThrow();
  });

  it("quotes the runner's own no-key answer, and no check that needs a gateway", () => {
    const skill = readFileSync(new URL('../SKILL.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    // The agent asks for a key with the secrets tool only once the runner says it was given none.
    const quoted = /Only if it exits 2 with `([^`]+)`/.exec(skill)?.[1];
    expect(quoted && NO_KEY_HELP.startsWith(quoted)).toBe(true);
    // `openclaw agent --local` runs have no gateway: `approvals get --gateway` fails there.
    expect(skill).toContain('`openclaw approvals get`');
    expect(skill).not.toMatch(/approvals get --gateway/);
  });
});

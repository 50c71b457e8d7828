import { chmod, copyFile, lstat, mkdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { COMMANDS, FLAGS } from '../src/cli/flags.js';
import { budget, catalogRequests, fixture, KEY_SECRET_PART, readJson, runCli, serve, serveFile, tempDir, TEST_KEY, type RunResult } from './helpers.js';

const MIXED_IDS = 11;

function expectNoKey(...results: RunResult[]) {
  for (const r of results) {
    expect(r.stdout).not.toContain(KEY_SECRET_PART);
    expect(r.stderr).not.toContain(KEY_SECRET_PART);
  }
}

async function setupRun(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  return { dir, config, run: (extra: string[] = []) => runCli(['--config', config, ...args, ...extra], opts) };
}

describe('setup against a loopback catalog', () => {
  it('creates a config from nothing, mode 0600 in a 0700 folder, and reports in JSON', { timeout: budget({ runs: 1 }) }, async () => {
    const server = await serveFile(fixture('catalog', 'mixed.json'));
    const dir = await tempDir();
    const config = join(dir, 'new', 'openclaw.json');
    const r = await runCli(['--config', config, '--key', TEST_KEY, '--base-url', `${server.url}/api/v1`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expectNoKey(r);
    expect(server.requests.map((q) => `${q.method} ${q.path}`).sort()).toEqual(['GET /v1/models', 'POST /api/v1/generation']);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      status: 'created',
      configPath: config,
      key: 'sk-v1-…c0de',
      counts: { models: MIXED_IDS, added: MIXED_IDS, removed: 0, skippedEntries: 9, unsuitableEntries: 9, catalogEntries: 29 },
      restart: { status: 'not-requested' },
    });
    expect(report.suggestions).toEqual(['fastrouter/anthropic/claude-sonnet-4.6', 'fastrouter/openai/gpt-5.1', 'fastrouter/google/gemini-2.5-pro', 'fastrouter/deepseek/deepseek-v3.2']);
    const written = await readJson(config);
    expect(written.models.providers.fastrouter).toMatchObject({ baseUrl: `${server.url}/api/v1`, api: 'openai-completions', apiKey: TEST_KEY });
    expect(Object.keys(written.models.providers.fastrouter)).toEqual(['baseUrl', 'api', 'apiKey', 'models']);
    // No agents.defaults.models: on a config without one, entries would start an allowlist.
    expect(written.agents?.defaults?.models).toBeUndefined();
    expect(written.models.providers.fastrouter.models).toHaveLength(MIXED_IDS);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'new'))).mode & 0o777).toBe(0o700);
  });

  it('prints a short human report with the switch command and picks', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${MIXED_IDS} models`);
    expect(r.stdout).toContain('/model fastrouter/<id>');
    expect(r.stdout).toContain('/model fastrouter/anthropic/claude-sonnet-4.6');
    expect(r.stdout).toContain('openclaw gateway restart');
    expect(r.stderr).toMatch(/^fastrouter-openclaw: warning: FastRouter's models were not added to agents\.defaults\.models[^\n]*\n$/);
    expectNoKey(r);
  });

  it('is idempotent: the second run leaves the file byte-identical and reports no changes', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    await run();
    const first = await readFile(config);
    const again = await run(['--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', counts: { added: 0, removed: 0 } });
    expect((await readFile(config)).equals(first)).toBe(true);
  });

  it('updates with the stored key: reports new and removed models, keeps aliases of kept ones', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json')]);
    await copyFile(fixture('config', 'stale-fastrouter.json'), config);
    const r = await run(['--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'updated', keySource: 'config', counts: { models: MIXED_IDS, added: 10, removed: 1 }, removed: ['openai/gpt-3.5-turbo'] });
    const written = await readJson(config);
    const stale = await readJson(fixture('config', 'stale-fastrouter.json'));
    expect(written.models.providers.fastrouter.apiKey).toBe(stale.models.providers.fastrouter.apiKey);
    expect(written.agents.defaults.models['fastrouter/openai/gpt-4o-mini']).toEqual({ alias: 'mini', params: { temperature: 0.2 } });
    expect(written.agents.defaults.models['fastrouter/openai/gpt-3.5-turbo']).toBeUndefined();
    expect(written.agents.defaults.models['local/llama3.3']).toEqual({ alias: 'llama' });
    expect(written.agents.defaults.modelPolicy.allow).toEqual(['local/*', 'fastrouter/*']);
    for (const key of ['meta', 'gateway']) expect(written[key]).toEqual(stale[key]);
    expect(written.models.providers.local).toEqual(stale.models.providers.local);
    expect(written.agents.defaults.model).toEqual(stale.agents.defaults.model);

    const next = await runCli(['--config', config, '--catalog', fixture('catalog', 'updated.json')]);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/12 models, 2 new, 1 removed/);
    expect(next.stdout).toContain('+ openai/gpt-5.1-codex');
    expect(next.stdout).toContain('- openai/gpt-4o-mini');
  });

  it('edits a hand-edited JSON5 config in place: comments and style kept, settings intact', { timeout: budget({ runs: 1 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    const original = await readFile(fixture('config', 'hand-edited.json5'), 'utf8');
    await writeFile(config, original, { mode: 0o600 });
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^fastrouter-openclaw: warning: FastRouter's models were not added to agents\.defaults\.models[^\n]*\n$/);
    const text = await readFile(config, 'utf8');
    const written = JSON5.parse(text);
    expect(written.gateway).toEqual({ mode: 'local', port: 18789 });
    expect(written.models.mode).toBe('merge');
    expect(written.models.providers.local.models).toEqual([{ id: 'llama3.3', name: 'Llama 3.3' }]);
    expect(written.models.providers.fastrouter.apiKey).toBe(TEST_KEY);
    // Everything before the first change is byte-identical, comments included.
    const firstChange = original.indexOf("models: [{ id: 'llama3.3'");
    expect(text.slice(0, firstChange)).toBe(original.slice(0, firstChange));
    expect(text).toContain("mode: 'local', // keep local");
    expect(text).toContain('/* Other providers stay exactly as they are. */');
    expect(text).toContain("fastrouter: {\n        baseUrl: 'https://api.fastrouter.ai/api/v1',");
  });

  it('keeps every comment outside what it removes, inside the fastrouter block too', { timeout: budget({ runs: 1 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json')]);
    await copyFile(fixture('config', 'commented-fastrouter.json5'), config);
    await chmod(config, 0o600);
    const r = await run(['--json']);
    expect(r.code, r.stderr).toBe(0);
    // The alias the user set on the gone model leaves with it, and the report says so.
    expect(JSON.parse(r.stdout)).toMatchObject({ warnings: [expect.stringMatching(/fastrouter\/openai\/gpt-3.5-turbo.*alias "old".*restore/)], removed: ['openai/gpt-3.5-turbo'] });
    const text = await readFile(config, 'utf8');
    for (const kept of [
      '// Comments everywhere',
      '// before models',
      '// the providers',
      '// base URL comment',
      '/* api comment */',
      '// key comment',
      '// local comment',
      '// after models',
      '// llama alias',
      '// mini alias',
      '// gateway comment',
      '// trailing comment',
    ]) {
      expect(text).toContain(kept);
    }
    for (const gone of ['// old alias', 'gpt-3.5-turbo']) expect(text).not.toContain(gone);
    const written = JSON5.parse(text);
    expect(written.agents.defaults.models['fastrouter/openai/gpt-4o-mini']).toEqual({ alias: 'mini' });
    expect(written.models.providers.fastrouter.models).toHaveLength(MIXED_IDS);
  });

  it('edits a config with duplicate keys in place: the copy OpenClaw reads changes, the other stays as written', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    const original = '// mine\n{ gateway: { mode: "local" }, gateway: { mode: "local", port: 1 }, models: { mode: "x" }, models: {} }\n';
    await writeFile(config, original, { mode: 0o600 });
    const r = await run(['--json']);
    expect(r.code, r.stderr).toBe(0);
    // Edited in place: none of the warnings (file mode, allowlist) may be the whole-rewrite one.
    const rewritten = (stdout: string) => (JSON.parse(stdout).warnings as string[]).filter((w) => /rewritten whole/.test(w));
    expect(rewritten(r.stdout)).toEqual([]);
    const text = await readFile(config, 'utf8');
    expect(text.startsWith('// mine\n{ gateway: { mode: "local" }, gateway: { mode: "local", port: 1 }, models: { mode: "x" }, models: {')).toBe(true);
    const written = JSON5.parse(text);
    expect(written.gateway).toEqual({ mode: 'local', port: 1 });
    expect(written.models.mode).toBeUndefined();
    expect(written.models.providers.fastrouter.models).toHaveLength(MIXED_IDS);
    const again = await runCli(['--config', config, '--catalog', fixture('catalog', 'updated.json'), '--json']);
    expect(rewritten(again.stdout)).toEqual([]);
  });

  it('takes the key out of a message, or from FASTROUTER_API_KEY', { timeout: budget({ runs: 2 }) }, async () => {
    const a = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--message', `configure fastrouter with API key ${TEST_KEY}.`]);
    expect((await a.run()).code).toBe(0);
    expect((await readJson(a.config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
    const b = await setupRun(['--catalog', fixture('catalog', 'mixed.json')], { env: { FASTROUTER_API_KEY: TEST_KEY } });
    expect((await b.run()).code).toBe(0);
    expect((await readJson(b.config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
  });

  it('reads the key from stdin, trimming the newline of a paste', { timeout: budget({ runs: 1 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key-stdin'], { input: `${TEST_KEY}\n` });
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
  });

  it('writes through a symlinked config and keeps the link and the mode (owner bits; the key makes it private)', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    const target = join(dir, 'real.json');
    await writeFile(target, '{"gateway":{"mode":"local"}}\n');
    await chmod(target, 0o640);
    await symlink(target, config);
    expect((await run()).code).toBe(0);
    expect((await lstat(config)).isSymbolicLink()).toBe(true);
    expect(await readlink(config)).toBe(target);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    await chmod(target, 0o400 | 0o200 | 0o100);
    expect((await run(['--key-ref', 'env'])).code).toBe(0);
    expect((await stat(target)).mode & 0o777).toBe(0o700);
    expect((await readJson(target)).gateway).toEqual({ mode: 'local' });
  });

  it('finds the config through OPENCLAW_CONFIG_PATH and --profile', { timeout: budget({ runs: 2 }) }, async () => {
    const home = await tempDir();
    const viaEnv = join(home, 'elsewhere.json');
    const r1 = await runCli(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY], { home, env: { OPENCLAW_CONFIG_PATH: viaEnv } });
    expect(r1.code).toBe(0);
    expect((await readJson(viaEnv)).models.providers.fastrouter).toBeDefined();
    const r2 = await runCli(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY, '--profile', 'work'], { home });
    expect(r2.code).toBe(0);
    expect((await readJson(join(home, '.openclaw-work', 'openclaw.json'))).models.providers.fastrouter).toBeDefined();
  });
});

describe('failures: exit code, one line, nothing touched, no key', () => {
  async function expectUntouched(config: string, before: Buffer | undefined) {
    if (before === undefined) await expect(stat(config)).rejects.toThrow();
    else expect((await readFile(config)).equals(before)).toBe(true);
  }

  it.each([
    ['a malformed key', ['--key', 'sk-v1-nothex'], 2, /double-check.*sk-v1-/],
    ['a key that is not FastRouter', ['--key', 'sk-proj-abc'], 2, /double-check/],
    // Never point at --key: a key in argv shows in the process list, and an agent relays the hint.
    ['no key at all', [], 2, /^(?!.*--key sk-v1).*FASTROUTER_API_KEY.*--key-stdin/m],
    ['two different keys', ['--key', TEST_KEY, '--key', 'sk-v1-abcd'], 2, /Two different/],
    ['an unknown flag', ['--nope'], 2, /--help/],
    ['a flag typo', ['--dryrun'], 2, /^fastrouter-openclaw: unknown option --dryrun; did you mean --dry-run\?$/m],
    ['a flag without its value', ['--timeout'], 2, /--timeout needs a value <seconds>, e\.g\. --timeout 30/],
    ['a flag whose value looks like a flag', ['--message', '--json'], 2, /--message is followed by --json/],
    ['a switch given a value', ['--dry-run=yes'], 2, /--dry-run is a switch/],
    ['an unknown command', ['frobnicate'], 2, /Unknown command/],
    ['a key as a stray argument', ['setup', TEST_KEY], 2, /Unexpected argument/],
    ['a bad timeout', ['--timeout', '0', '--key', TEST_KEY], 2, /--timeout/],
    // Values a timer cannot hold or honour: refused with the accepted range, never a crash or a false timeout.
    ['a timeout past what a timer holds', ['--timeout', '10000000', '--key', TEST_KEY], 2, /^fastrouter-openclaw: --timeout takes a number of seconds from 0\.1 to 3600/m],
    ['a timeout finer than a millisecond', ['--timeout', '0.0001', '--key', TEST_KEY], 2, /^fastrouter-openclaw: --timeout takes a number of seconds from 0\.1 to 3600/m],
    ['a timeout that would overflow into an instant one', ['--timeout', '3000000', '--key', TEST_KEY], 2, /^fastrouter-openclaw: --timeout takes a number of seconds from 0\.1 to 3600/m],
    ['a timeout just past the cap', ['--timeout', '3600.5', '--key', TEST_KEY], 2, /from 0\.1 to 3600/],
    ['a non-http base URL', ['--base-url', 'ftp://x', '--key', TEST_KEY], 2, /https/],
    ['plain http to a remote host', ['--base-url', 'http://fastrouter.example', '--key', TEST_KEY], 2, /allow-insecure-http/],
    ['a catalog without data', ['--catalog', fixture('catalog', 'no-data.json'), '--key', TEST_KEY], 3, /no "data" array/],
    ['a catalog with no text models', ['--catalog', fixture('catalog', 'no-text-models.json'), '--key', TEST_KEY], 4, /No text or image models/],
  ])(
    '%s',
    async (_name, args, code, message) => {
      const { config } = await setupRun(args);
      await copyFile(fixture('config', 'hand-edited.json5'), config);
      const before = await readFile(config);
      const r = await runCli(['--config', config, ...args], { env: {} });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expectNoKey(r);
      await expectUntouched(config, before);
    },
    budget({ runs: 1 }),
  );

  it.each([
    ['a syntax error, with line and column', 'syntax-error.json5', /line 5, column 53/],
    ['models that is not an object', 'models-not-object.json', /"models" in the config is not an object/],
    ['a root $include', 'include-root.json5', /\$include/],
  ])(
    'exit 5 for %s, file byte-identical',
    async (_name, file, message) => {
      const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
      await copyFile(fixture('config', file), config);
      const before = await readFile(config);
      const r = await run();
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(message);
      expectNoKey(r);
      await expectUntouched(config, before);
    },
    budget({ runs: 1 }),
  );

  // A read-only file or folder: reliability.e2e.test.ts, which runs that child as an unprivileged user for root too.
  it('exit 5 for a path that is a directory', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'isdir.json'));
    const asDir = await runCli(['--config', join(dir, 'isdir.json'), '--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY]);
    expect(asDir.code).toBe(5);
    expect(asDir.stderr).toMatch(/is a directory/);
  });

  it('exit 5 naming the path when a stored SecretRef would not pass OpenClaw\'s schema (not "unexpected error: [")', { timeout: budget({ runs: 1 }) }, async () => {
    const { config, run } = await setupRun(['--catalog', fixture('catalog', 'mixed.json'), '--no-validate']);
    const apiKey = { source: 'env', provider: 'Default', id: 'FASTROUTER_API_KEY' };
    await writeFile(config, JSON.stringify({ models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey, models: [] } } } }));
    const before = await readFile(config);
    const r = await run();
    expect(r.code, r.stderr).toBe(5);
    // Caught when the stored key is read (merge.ts storedApiKey), before the block is built.
    expect(r.stderr).toMatch(/^fastrouter-openclaw: The SecretRef at "models\.providers\.fastrouter\.apiKey" needs "provider" in lowercase letters.*\n$/);
    expect((await readFile(config)).equals(before)).toBe(true);
  });

  it('checks the key and the filters before touching any file', { timeout: budget({ runs: 2 }) }, async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'isdir.json'));
    // Reading this "config" would fail with exit 5; a bad key or pattern must fail first, with 2.
    for (const args of [
      ['--key', 'sk-v1-zz'],
      ['--key', TEST_KEY, '--include', '/(/'],
    ]) {
      const r = await runCli(['--config', join(dir, 'isdir.json'), '--catalog', fixture('catalog', 'mixed.json'), ...args]);
      expect(r.code, r.stderr).toBe(2);
    }
  });

  it('exit 3 with the status when the server answers 500 every time, after retrying', { timeout: budget({ runs: 1 }) }, async () => {
    const server = await serve((_q, res) => res.writeHead(500).end('boom'));
    const { config, run } = await setupRun(['--base-url', server.url, '--key', TEST_KEY]);
    const r = await run();
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/HTTP 500.*may be down.*try again later/i);
    expect(catalogRequests(server)).toHaveLength(3);
    await expectUntouched(config, undefined);
  });

  it('retries a 429, then succeeds', { timeout: budget({ runs: 1 }) }, async () => {
    const body = await readFile(fixture('catalog', 'mixed.json'));
    let calls = 0;
    const server = await serve((_q, res) => {
      if (calls++ === 0) res.writeHead(429, { 'retry-after': '0' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    const { run } = await setupRun(['--base-url', server.url, '--key', TEST_KEY]);
    const r = await run();
    expect(r.code, r.stderr).toBe(0);
    expect(catalogRequests(server)).toHaveLength(2);
  });

  it('gives up on a server that hangs, within the total timeout', async () => {
    const server = await serve(() => {});
    const { config, run } = await setupRun(['--base-url', server.url, '--key', TEST_KEY, '--timeout', '0.5']);
    const r = await run();
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/timed out/);
    await expectUntouched(config, undefined);
  });

  it('accepts the ends of the --timeout range, and fractions a timer cannot count exactly', { timeout: budget({ runs: 3 }) }, async () => {
    const server = await serveFile(fixture('catalog', 'mixed.json'));
    // 1.001 * 1000 is 1000.9999999999999 in floating point, which a timer refuses.
    for (const seconds of ['3600', '1.001', '0.1']) {
      const { run } = await setupRun(['--base-url', server.url, '--key', TEST_KEY, '--no-validate', '--timeout', seconds]);
      const r = await run();
      // 0.1 s, or even 1 s, may not be enough on a loaded machine: a real timeout is fine, a refusal or a crash is not.
      expect([0, 3], r.stderr).toContain(r.code);
      if (r.code === 3) expect(r.stderr).toContain(`timed out after ${seconds} s`);
      expect(r.stderr).not.toMatch(/Warning|unexpected/);
    }
  });

  it('exit 3 for an HTML page served as 200', { timeout: budget({ runs: 1 }) }, async () => {
    const server = await serve((_q, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><h1>Maintenance</h1>'));
    const { run } = await setupRun(['--base-url', server.url, '--key', TEST_KEY]);
    const r = await run();
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/HTML instead of JSON/);
  });

  it('exit 3 when nothing listens', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await setupRun(['--base-url', 'http://127.0.0.1:1', '--key', TEST_KEY, '--timeout', '5']);
    const r = await run();
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/127\.0\.0\.1:1 refused the connection.*check --base-url/);
    expect(r.stderr).not.toMatch(/may be down/);
  });

  it('honours HTTPS_PROXY for the default host', { timeout: budget({ runs: 1 }) }, async () => {
    const proxy = await serve((_q, res) => res.writeHead(502).end());
    const { run } = await setupRun(['--key', TEST_KEY, '--timeout', '3'], { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '' } });
    const r = await run();
    expect(r.code).toBe(3);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(proxy.requests[0]).toMatchObject({ method: 'CONNECT', path: 'api.fastrouter.ai:443' });
  });
});

describe('help and version', () => {
  it('--help lists every flag and the exit codes', { timeout: budget({ runs: 1 }) }, async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const [name, spec] of Object.entries(FLAGS)) {
      expect(r.stdout).toContain(`--${name}`);
      expect(r.stdout).toContain(spec.help.split('\n')[0]);
    }
    for (const command of COMMANDS) expect(r.stdout).toContain(command);
    expect(r.stdout).toMatch(/Exit codes[\s\S]*5 config/);
  });
});

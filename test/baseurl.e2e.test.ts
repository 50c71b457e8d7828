import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { budget, fixture, KEY_SECRET_PART, runCli, serveFile, tempDir, TEST_KEY } from './helpers.js';

// How setup reads the baseUrl already in the config (a user-attack review): a `${VAR}` that expands
// to the wrong path, plain http to another host, an empty variable, a variable that says the same as
// FASTROUTER_BASE_URL, and values that are not substituted. Each test failed on the build before the fix.

const MIXED = fixture('catalog', 'mixed.json');
const PROCESS_BUDGET = 60_000;

async function configWith(baseUrl: string) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  const text = JSON.stringify({ models: { providers: { fastrouter: { baseUrl, api: 'openai-completions', apiKey: TEST_KEY, models: [] } } } });
  await writeFile(config, text);
  const run = (args: string[], env: Record<string, string> = {}) => runCli(['--config', config, ...args], { env });
  const baseUrlNow = async () => JSON5.parse(await readFile(config, 'utf8')).models.providers.fastrouter.baseUrl as string;
  return { config, text, run, baseUrlNow };
}

const warningsOf = (stdout: string): string[] => JSON.parse(stdout).warnings;

describe('a ${VAR} baseUrl that expands to a host rather than its API root', () => {
  it.each(['', '/v1', '/v1/'])(
    '(value <host>%s) is kept, with a warning to set the variable to <host>/api/v1',
    async (suffix) => {
      const mock = await serveFile(MIXED);
      const { run, baseUrlNow } = await configWith('${FR_URL}');
      const r = await run(['--json'], { FR_URL: `${mock.url}${suffix}` });
      expect(r.code, r.stderr).toBe(0);
      expect(mock.requests.map((q) => q.path)).toEqual(['/v1/models']);
      expect(await baseUrlNow()).toBe('${FR_URL}');
      const warning = warningsOf(r.stdout).find((w) => w.includes('$FR_URL'));
      expect(warning).toContain(`set $FR_URL to ${mock.url}/api/v1`);
      expect(warning).not.toContain('\n');
    },
    PROCESS_BUDGET,
  );

  it(
    'says nothing when the variable already holds <host>/api/v1',
    async () => {
      const mock = await serveFile(MIXED);
      const { run } = await configWith('${FR_URL}');
      const r = await run(['--json'], { FR_URL: `${mock.url}/api/v1` });
      expect(r.code, r.stderr).toBe(0);
      expect(warningsOf(r.stdout).filter((w) => w.includes('FR_URL'))).toEqual([]);
    },
    PROCESS_BUDGET,
  );

  it(
    'with more around the variable, says what the whole value must expand to',
    async () => {
      const mock = await serveFile(MIXED);
      const { run, baseUrlNow } = await configWith('${FR_HOST}/v1');
      const r = await run(['--json'], { FR_HOST: mock.url });
      expect(r.code, r.stderr).toBe(0);
      expect(await baseUrlNow()).toBe('${FR_HOST}/v1');
      expect(warningsOf(r.stdout).join('\n')).toContain(`expands to ${mock.url}/api/v1`);
    },
    PROCESS_BUDGET,
  );
});

describe('a config baseUrl on plain http to a host that is not loopback', () => {
  it.each([
    { baseUrl: 'http://fastrouter.internal.example/api/v1', env: {} as Record<string, string> },
    { baseUrl: '${FR_URL}', env: { FR_URL: 'http://fastrouter.internal.example/api/v1' } },
  ])(
    '($baseUrl) is kept with a warning naming the host, silenced by --allow-insecure-http',
    async ({ baseUrl, env }) => {
      const { run, baseUrlNow } = await configWith(baseUrl);
      const r = await run(['--json', '--catalog', MIXED], env);
      expect(r.code, r.stderr).toBe(0);
      expect(await baseUrlNow()).toBe(baseUrl);
      const warning = warningsOf(r.stdout).find((w) => w.includes('http://fastrouter.internal.example'));
      expect(warning).toMatch(/unencrypted/);
      expect(warning).toContain('--allow-insecure-http');
      expect(r.stdout).not.toContain(KEY_SECRET_PART);

      const quiet = await run(['--json', '--catalog', MIXED, '--allow-insecure-http'], env);
      expect(quiet.code, quiet.stderr).toBe(0);
      expect(warningsOf(quiet.stdout).join('\n')).not.toMatch(/unencrypted/);
    },
    PROCESS_BUDGET,
  );

  it(
    'the catalog request never carries the key (it is public)',
    async () => {
      const mock = await serveFile(MIXED);
      const { run } = await configWith(`${mock.url}/api/v1`);
      expect((await run([])).code).toBe(0);
      expect(mock.requests).toHaveLength(1);
      expect(JSON.stringify(mock.requests[0]!.headers)).not.toContain(KEY_SECRET_PART);
      expect(mock.requests[0]!.headers).not.toHaveProperty('authorization');
    },
    PROCESS_BUDGET,
  );

  it(
    'says nothing for loopback or https',
    async () => {
      const mock = await serveFile(MIXED);
      const { run } = await configWith(`${mock.url}/api/v1`);
      const r = await run(['--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(warningsOf(r.stdout).join('\n')).not.toMatch(/unencrypted/);
      const https = await configWith('https://fastrouter.internal.example/api/v1');
      const fromFile = await https.run(['--json', '--catalog', MIXED]);
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(warningsOf(fromFile.stdout).join('\n')).not.toMatch(/unencrypted/);
    },
    PROCESS_BUDGET,
  );
});

describe('a ${VAR} baseUrl whose variable is set but empty', () => {
  it(
    'is called empty, not "not set"',
    async () => {
      const { run, baseUrlNow } = await configWith('${FR_URL}');
      const r = await run(['--json', '--catalog', MIXED], { FR_URL: '' });
      expect(r.code, r.stderr).toBe(0);
      expect(await baseUrlNow()).toBe('${FR_URL}');
      const text = warningsOf(r.stdout).join('\n');
      expect(text).toMatch(/\$FR_URL, which is empty here/);
      expect(text).not.toMatch(/not set/);
    },
    PROCESS_BUDGET,
  );
});

describe('a literal baseUrl that is a host or <host>/v1 rather than the API root', () => {
  it.each(['', '/v1', '/v1/', '/api/v1/'])(
    '(value <host>%s) is rewritten to <host>/api/v1 and the change reported, in --json and in text',
    async (suffix) => {
      const mock = await serveFile(MIXED);
      const stored = `${mock.url}${suffix}`;
      const { run, baseUrlNow } = await configWith(stored);
      const r = await run(['--json', '--no-validate']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ baseUrl: `${mock.url}/api/v1`, baseUrlChangedFrom: stored });
      expect(await baseUrlNow()).toBe(`${mock.url}/api/v1`);

      const again = await configWith(stored);
      const text = await again.run(['--no-validate']);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain(`FastRouter base URL: ${mock.url}/api/v1 (was ${stored}).`);
    },
    budget({ runs: 2 }),
  );

  it(
    'says nothing when it already is <host>/api/v1',
    async () => {
      const mock = await serveFile(MIXED);
      const { run } = await configWith(`${mock.url}/api/v1`);
      const r = await run(['--json', '--no-validate']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).not.toHaveProperty('baseUrlChangedFrom');
    },
    budget({ runs: 1 }),
  );
});

describe('$FASTROUTER_BASE_URL saying what the ${VAR} baseUrl already expands to', () => {
  it(
    'is no change: the template stays and nothing is reported as moved',
    async () => {
      const mock = await serveFile(MIXED);
      const { config, run, baseUrlNow } = await configWith('${FR_URL}');
      const env = { FR_URL: `${mock.url}/api/v1` };
      expect((await run([], env)).code).toBe(0);
      const before = await readFile(config, 'utf8');
      for (const same of [`${mock.url}/api/v1`, mock.url]) {
        const r = await run(['--json'], { ...env, FASTROUTER_BASE_URL: same });
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ status: 'unchanged', baseUrl: '${FR_URL}' });
        expect(JSON.parse(r.stdout)).not.toHaveProperty('baseUrlChangedFrom');
        expect(await baseUrlNow()).toBe('${FR_URL}');
        expect(await readFile(config, 'utf8')).toBe(before);
      }
    },
    PROCESS_BUDGET,
  );

  it(
    'a different URL still replaces it, reported as a change',
    async () => {
      const mock = await serveFile(MIXED);
      const { run, baseUrlNow } = await configWith('${FR_URL}');
      const r = await run(['--json'], { FR_URL: 'http://127.0.0.1:9/api/v1', FASTROUTER_BASE_URL: mock.url });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ baseUrl: `${mock.url}/api/v1`, baseUrlChangedFrom: '${FR_URL}' });
      expect(await baseUrlNow()).toBe(`${mock.url}/api/v1`);
    },
    PROCESS_BUDGET,
  );
});

describe('a baseUrl OpenClaw does not substitute', () => {
  it.each([
    { baseUrl: '$${FR_URL}', why: /\$\$\{FR_URL\}.*escape/ },
    { baseUrl: '${fr_url}', why: /\$\{fr_url\}.*uppercase/ },
    { baseUrl: '${fr_url}/api/v1', why: /\$\{fr_url\}.*uppercase/ },
  ])(
    '($baseUrl) exits 5 showing the value and saying why, config untouched',
    async ({ baseUrl, why }) => {
      const { config, text, run } = await configWith(baseUrl);
      const r = await run(['--catalog', MIXED], { FR_URL: 'https://api.fastrouter.ai', fr_url: 'https://api.fastrouter.ai' });
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain(`"${baseUrl}"`);
      expect(r.stderr).toMatch(why);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(await readFile(config, 'utf8')).toBe(text);
    },
    PROCESS_BUDGET,
  );

  it(
    'shows a key-shaped value masked',
    async () => {
      const { run } = await configWith(TEST_KEY);
      const r = await run(['--catalog', MIXED]);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain('sk-v1-');
      expect(r.stderr).not.toContain(KEY_SECRET_PART);
    },
    PROCESS_BUDGET,
  );
});

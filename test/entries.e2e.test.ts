// Issue 19's entry points, end to end: key references OpenClaw writes, the provider's headers on the
// catalog request, what a refusal says.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { budget, fixture, KEY_SECRET_PART, runCli, serve, tempDir, TEST_KEY } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const read = async (path: string) => JSON5.parse(await readFile(path, 'utf8'));

async function configured(edit: (provider: Record<string, unknown>, config: Record<string, any>) => void) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  const run = (args: string[], env: Record<string, string> = {}) => runCli(['--config', config, ...args], { env });
  const first = await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-default']);
  expect(first.code, first.stderr).toBe(0);
  const json = await read(config);
  edit(json.models.providers.fastrouter, json);
  await writeFile(config, JSON.stringify(json, null, 2) + '\n');
  return { config, run };
}

describe('apiKey references OpenClaw writes', () => {
  for (const [form, value, said] of [
    ['an auth-profile id', 'fastrouter:manual', /auth profile fastrouter:manual/],
    ['the env shorthand', '$FASTROUTER_API_KEY', /\$FASTROUTER_API_KEY, read from the environment/],
    ['a ${VAR} template', '${FASTROUTER_API_KEY}', /substituted by OpenClaw/],
  ] as const) {
    it(`keeps ${form} with no key given and with $FASTROUTER_API_KEY set`, { timeout: budget({ runs: 3 }) }, async () => {
      const { config, run } = await configured((provider) => (provider.apiKey = value));
      const bare = await run(['--catalog', MIXED, '--json']);
      expect(bare.code, bare.stderr).toBe(0);
      expect(JSON.parse(bare.stdout).key).toMatch(said);
      const withEnv = await run(['--catalog', fixture('catalog', 'updated.json'), '--json'], { FASTROUTER_API_KEY: TEST_KEY });
      expect(withEnv.code, withEnv.stderr).toBe(0);
      expect((await read(config)).models.providers.fastrouter.apiKey).toBe(value);
      expect(await readFile(config, 'utf8')).not.toContain(KEY_SECRET_PART);
    });
  }

  it('says where a given key belongs when the config reads an auth profile', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configured((provider, json) => {
      provider.apiKey = 'team-key';
      json.auth = { profiles: { 'team-key': { provider: 'fastrouter', mode: 'api_key' } } };
    });
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /was not written: the config reads it through OpenClaw auth profile team-key\. To change the key in that profile, run `printf %s "\$KEY" \| openclaw models auth paste-api-key --provider fastrouter --profile-id team-key`\./,
    );
    expect((await read(config)).models.providers.fastrouter.apiKey).toBe('team-key');
  });

  it('sets up with the key OpenClaw already holds in an auth profile (paste-api-key before any setup), never a given one instead', { timeout: budget({ runs: 6 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    // What `openclaw models auth paste-api-key --provider fastrouter` leaves in a config with no FastRouter block.
    const auth = { profiles: { 'openrouter:default': { provider: 'openrouter', mode: 'api_key' }, 'fastrouter:manual': { provider: 'fastrouter', mode: 'api_key' } } };
    const fresh = () => writeFile(config, JSON.stringify({ gateway: { mode: 'local' }, auth }, null, 2));
    // OpenClaw's own word on whether the profile holds a key for the default agent: `openclaw models status --json`.
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const answerWith = async (labels: string[]) => {
      const report = {
        auth: { missingProvidersInUse: [], providers: [{ provider: 'fastrouter', effective: { kind: labels.length ? 'profiles' : 'none' }, profiles: { count: labels.length, labels } }] },
      };
      await writeFile(join(bin, 'openclaw'), `#!/bin/sh\n[ "$1 $2" = "models status" ] && echo '${JSON.stringify(report)}'\n`, { mode: 0o755 });
    };
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const run = (args: string[], extra: Record<string, string> = {}) => runCli(['--config', config, '--no-validate', ...args], { env: { ...env, ...extra } });

    await fresh();
    await answerWith(['fastrouter:manual=sk-v1-01...89abcdef']);
    const r = await run(['--catalog', MIXED, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).key).toMatch(/auth profile fastrouter:manual/);
    expect((await read(config)).models.providers.fastrouter.apiKey).toBe('fastrouter:manual');

    // Listed, but holding no key for the default agent (pasted for another agent, a copied config): not named.
    await fresh();
    const before = await readFile(config, 'utf8');
    await answerWith([]);
    const empty = await run(['--catalog', MIXED]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(
      "No FastRouter API key given: set the FASTROUTER_API_KEY environment variable, or pipe the key to --key-stdin. (OpenClaw's auth profile fastrouter:manual was not used: OpenClaw holds no key in it for the default agent.)",
    );
    expect(await readFile(config, 'utf8')).toBe(before);
    const noOpenClaw = await runCli(['--config', config, '--no-validate', '--catalog', MIXED], { env: { PATH: '/usr/bin:/bin' } });
    expect(noOpenClaw.code).toBe(2);
    expect(noOpenClaw.stderr).toContain('openclaw is not on PATH to say whether it holds one');

    // A key given on purpose is the one written, as on any first setup, with word that OpenClaw prefers its profile.
    await fresh();
    const given = await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-key-check']);
    expect(given.code, given.stderr).toBe(0);
    expect((await read(config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
    expect(given.stderr).toContain(
      'OpenClaw sends the FastRouter key its auth profile fastrouter:manual holds, not the one in the config: to use this key, run `printf %s "$KEY" | openclaw models auth paste-api-key --provider fastrouter --profile-id fastrouter:manual`, or take the profile out with `openclaw models auth logout fastrouter:manual --yes`.',
    );
    expect(given.stderr).not.toContain(KEY_SECRET_PART);
  });

  it('still refuses a stored value that is neither a key nor a reference', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await configured((provider) => (provider.apiKey = 'sk-v1-nothex'));
    const r = await run(['--catalog', MIXED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not look like a FastRouter API key/);
  });
});

describe("the provider's headers on the catalog request", () => {
  const catalog = () => readFile(MIXED);

  it('sends literal, ${VAR}, $VAR and env SecretRef headers to the host, never the key', { timeout: budget({ runs: 2 }) }, async () => {
    const body = await catalog();
    const server = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const { run } = await configured((provider) => {
      provider.baseUrl = `${server.url}/api/v1`;
      provider.headers = {
        'X-Team': 'blue',
        'X-Token': '${GATE_TOKEN}',
        'X-Short': '$GATE_TOKEN',
        'X-Ref': { source: 'env', provider: 'default', id: 'GATE_TOKEN' },
        'X-File': { source: 'file', provider: 'vault', id: '/gate' },
        'X-Key': TEST_KEY,
      };
    });
    const r = await run(['--json'], { GATE_TOKEN: 'gate-secret' });
    expect(r.code, r.stderr).toBe(0);
    const sent = server.requests.at(-1)!.headers;
    expect(sent).toMatchObject({ 'x-team': 'blue', 'x-token': 'gate-secret', 'x-short': 'gate-secret', 'x-ref': 'gate-secret' });
    expect(sent['x-file']).toBeUndefined();
    expect(sent['x-key']).toBeUndefined();
    expect(sent.authorization).toBeUndefined();
    const warnings = JSON.parse(r.stdout).warnings.join('\n');
    expect(warnings).toContain('without the header "X-File"');
    expect(warnings).toContain('without the header "X-Key"');
    expect(r.stdout + r.stderr).not.toContain('gate-secret');
  });

  it('sends them with --base-url too (the early request gives way), and not across a redirect to another host', { timeout: budget({ runs: 2 }) }, async () => {
    const body = await catalog();
    const elsewhere = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    const server = await serve((_req, res) => res.writeHead(302, { location: `${elsewhere.url}/v1/models` }).end());
    const { run } = await configured((provider) => (provider.headers = { 'X-Team': 'blue' }));
    const r = await run(['--base-url', server.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests.at(-1)!.headers['x-team']).toBe('blue');
    expect(elsewhere.requests.at(-1)!.headers['x-team']).toBeUndefined();
  });

  it('a 401 or 403 says the host wants credentials and names the headers, not "may be down"', { timeout: budget({ runs: 2 }) }, async () => {
    const server = await serve((_req, res) => res.writeHead(401).end());
    const { run } = await configured((provider) => {
      provider.baseUrl = `${server.url}/api/v1`;
    });
    const bare = await run([]);
    expect(bare.code).toBe(3);
    expect(bare.stderr).toMatch(/asks for authentication \(HTTP 401\); FastRouter's catalog needs no key, so something in between .* models\.providers\.fastrouter\.headers/);
    expect(bare.stderr).not.toMatch(/may be down/);
    const forbidden = await serve((_req, res) => res.writeHead(403).end());
    const { run: run2 } = await configured((provider) => {
      provider.baseUrl = `${forbidden.url}/api/v1`;
      provider.headers = { 'X-Gate': 'old' };
    });
    const withHeaders = await run2([]);
    expect(withHeaders.code).toBe(3);
    expect(withHeaders.stderr).toMatch(/refused access \(HTTP 403\); check the headers in models\.providers\.fastrouter\.headers \(sent: x-gate\)/);
  });
});

describe('model entries as OpenClaw writes them, and what a refresh says about them', () => {
  const catalogWith = async (entries: Array<Record<string, unknown>>) => {
    const dir = await tempDir();
    const path = join(dir, 'catalog.json');
    const base = { is_active: true, architecture: { input_modalities: ['text'], output_modalities: ['text'] }, pricing: { prompt: '0.000001', completion: '0.000002' } };
    await writeFile(path, JSON.stringify({ data: entries.map((e) => ({ ...base, context_length: 128000, ...e })) }));
    return path;
  };

  it("reasoning from the catalog, a user's reasoning: true kept, no maxTokens without one", { timeout: budget({ runs: 2 }) }, async () => {
    const catalog = await catalogWith([
      { id: 'a/thinker', supported_parameters: ['tools', 'include_reasoning'], top_provider: { context_length: 64000, max_completion_tokens: 4000 } },
      { id: 'a/plain', supported_parameters: ['tools'] },
    ]);
    const { config, run } = await configured((provider) => {
      provider.models = [{ id: 'a/plain', name: 'Plain', reasoning: true, input: ['text'], cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 }, contextWindow: 128000, maxTokens: 8192 }];
    });
    const r = await run(['--catalog', catalog]);
    expect(r.code, r.stderr).toBe(0);
    const models = (await read(config)).models.providers.fastrouter.models;
    expect(models.find((m: any) => m.id === 'a/thinker')).toMatchObject({ reasoning: true, contextWindow: 64000, maxTokens: 4000 });
    const plain = models.find((m: any) => m.id === 'a/plain');
    expect(plain.reasoning).toBe(true);
    expect(plain).not.toHaveProperty('maxTokens');
  });

  it('reports price changes, and a hand-set contextWindow set back with a pointer to contextTokens', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configured(() => {});
    const json = await read(config);
    const gpt = json.models.providers.fastrouter.models.find((m: any) => m.id === 'openai/gpt-5.1');
    gpt.cost.input = 7;
    gpt.contextWindow = 100000;
    gpt.contextTokens = 90000;
    await writeFile(config, JSON.stringify(json, null, 2));
    const r = await run(['--catalog', MIXED]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/11 models, 0 new, 0 removed, 1 with new prices/);
    expect(r.stdout).toContain('  ~ openai/gpt-5.1');
    expect(r.stderr).toMatch(/contextWindow follows the catalog, so this refresh set it back \(openai\/gpt-5\.1 100000 → 400000\); .*contextTokens/);
    expect((await read(config)).models.providers.fastrouter.models.find((m: any) => m.id === 'openai/gpt-5.1').contextTokens).toBe(90000);
    const again = await run(['--catalog', MIXED, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', counts: { added: 0, removed: 0 } });
  });

  it('leaves out ids OpenClaw rewrites, counts them, and a refresh after its rewrite settles', { timeout: budget({ runs: 3 }) }, async () => {
    const catalog = await catalogWith([{ id: 'google/gemini-3.1-flash-lite-preview' }, { id: 'openai/gpt-5.1' }]);
    const { config, run } = await configured((provider) => {
      // What OpenClaw's writer leaves of an earlier run that wrote the preview id.
      provider.models = [{ id: 'google/gemini-3.1-flash-lite', name: 'Lite', reasoning: false, input: ['text'], cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 }, contextWindow: 128000 }];
    });
    const r = await run(['--catalog', catalog, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.counts).toMatchObject({ models: 1, rewrittenIds: 1 });
    expect(report.rewrittenIds).toEqual(['google/gemini-3.1-flash-lite-preview → google/gemini-3.1-flash-lite']);
    expect((await read(config)).models.providers.fastrouter.models.map((m: any) => m.id)).toEqual(['openai/gpt-5.1']);
    const text = await run(['--catalog', catalog]);
    expect(text.stdout).toMatch(/Left out 1 model whose id OpenClaw rewrites into another \(google\/gemini-3\.1-flash-lite-preview → google\/gemini-3\.1-flash-lite\)/);
    expect(text.stdout).toMatch(/up to date/);
  });

  it('a dangling primary is pointed at `openclaw models set`, not /model', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await configured((_provider, json) => {
      json.agents = { defaults: { model: { primary: 'fastrouter/openai/gpt-4o-mini' } } };
    });
    const r = await run(['--catalog', MIXED, '--exclude', '*4o*']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/agents\.defaults\.model names fastrouter\/openai\/gpt-4o-mini.*`openclaw models set <provider\/model>`/);
    expect(r.stderr).not.toMatch(/e\.g\. \/model/);
  });
});

describe('remove says what it leaves of OpenClaw and what it takes of the user', () => {
  it('names the OpenClaw auth profiles that still hold a FastRouter key, with the command that takes them out', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await configured((provider, json) => {
      provider.apiKey = 'fastrouter:manual';
      json.auth = {
        profiles: {
          'fastrouter:manual': { provider: 'fastrouter', mode: 'api_key' },
          'fastrouter:team': { provider: 'fastrouter', mode: 'api_key' },
          'openrouter:default': { provider: 'openrouter', mode: 'api_key' },
        },
      };
    });
    const r = await run(['remove', '--no-validate', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const warnings: string[] = JSON.parse(r.stdout).warnings;
    expect(warnings.join('\n')).toContain(
      "OpenClaw's auth profiles fastrouter:manual, fastrouter:team still hold a FastRouter key (in OpenClaw's auth store); take them out with `openclaw models auth logout fastrouter:manual --yes` (and the same for fastrouter:team) if nothing else uses them.",
    );
    expect(warnings.join('\n')).not.toContain('openrouter:default');
  });

  it('warns, in one line, about aliases and params the user set on the fastrouter/ entries it takes out', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await configured((_provider, json) => {
      const entries: Record<string, unknown> = {};
      json.agents = { defaults: { models: entries } };
      entries['fastrouter/openai/gpt-5.1'] = { alias: 'fav' };
      entries['fastrouter/anthropic/claude-sonnet-4.6'] = { params: { temperature: 0.2 } };
      for (let i = 0; i < 40; i++) entries[`fastrouter/x/m${i}`] = { alias: `a${i}` };
      entries['fastrouter/deepseek/deepseek-r1'] = {};
    });
    const r = await run(['remove', '--no-validate', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeLessThan(2048);
    const warnings: string[] = JSON.parse(r.stdout).warnings.filter((w: string) => w.includes('agents.defaults.models'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^42 entries of agents\.defaults\.models held your settings \(aliases "fav", "a0", "a1" and 38 more\) and left with FastRouter: fastrouter\/openai\/gpt-5\.1, fastrouter\/anthropic\/claude-sonnet-4\.6, fastrouter\/x\/m0 and 39 more; restore brings them back\.$/,
    );
  });
});

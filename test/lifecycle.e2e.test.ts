import { realpathSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../src/core/config-path.js';
import { answerAsFastRouter, budget, catalogRequests, CLI, fixture, KEY_SECRET_PART, runCli, serve, tempDir, TEST_KEY } from './helpers.js';

// A config's whole life (issue 11): the second run, the user's own changes, the default model,
// undo, and messages a user can act on. Each test failed on the build before the fix.

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');
const read = async (path: string) => JSON5.parse(await readFile(path, 'utf8'));
const NO_PROXY_ENV = { HTTPS_PROXY: '', HTTP_PROXY: '' };

async function configAt(text?: string) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  if (text !== undefined) await writeFile(config, text);
  const run = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) => runCli(['--config', config, ...args], opts);
  return { dir, config, run, provider: async () => (await read(config)).models.providers.fastrouter };
}

/** A mock FastRouter whose catalog can be swapped. */
async function mockFastRouter(path = MIXED) {
  let body = await readFile(path);
  const server = await serve((req, res) => {
    if (answerAsFastRouter(req, res)) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  return { ...server, serve: async (next: string) => void (body = await readFile(next)) };
}

describe('a refresh keeps', () => {
  it('a custom base URL when no flag or variable is given, and says so when a flag changes it', { timeout: budget({ runs: 4 }) }, async () => {
    const mock = await mockFastRouter();
    const { run, provider } = await configAt();
    expect((await run(['--base-url', mock.url, '--key', TEST_KEY])).code).toBe(0);
    expect((await provider()).baseUrl).toBe(`${mock.url}/api/v1`);
    const before = mock.requests.length;
    const refresh = await run(['--json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect((await provider()).baseUrl).toBe(`${mock.url}/api/v1`);
    expect(mock.requests.length).toBe(before + 1);
    expect(JSON.parse(refresh.stdout)).not.toHaveProperty('baseUrlChangedFrom');

    const other = await mockFastRouter();
    const moved = await run(['--base-url', `${other.url}/v1/`]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toContain(`FastRouter base URL: ${other.url}/api/v1 (was ${mock.url}/api/v1).`);
    const viaEnv = await run(['--json'], { env: { FASTROUTER_BASE_URL: mock.url } });
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ baseUrl: `${mock.url}/api/v1`, baseUrlChangedFrom: `${other.url}/api/v1` });
  });

  it('a base URL the user set by hand behind a proxy prefix, reading the catalog below it', { timeout: budget({ runs: 1 }) }, async () => {
    const mock = await mockFastRouter();
    const proxied = `${mock.url}/fastrouter/api/v1`;
    const { run, provider } = await configAt(JSON.stringify({ models: { providers: { fastrouter: { baseUrl: proxied, api: 'openai-completions', apiKey: TEST_KEY, models: [] } } } }));
    const refresh = await run(['--json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect((await provider()).baseUrl).toBe(proxied);
    expect(mock.requests.map((r) => r.path)).toEqual(['/fastrouter/api/v1/models']);
  });

  it('a ${VAR} key and a ${VAR} base URL as written, with or without the variable set', { timeout: budget({ runs: 2 }) }, async () => {
    const mock = await mockFastRouter();
    const { run, provider } = await configAt(
      JSON.stringify({ models: { providers: { fastrouter: { baseUrl: '${FR_BASE}/api/v1', api: 'openai-completions', apiKey: '${FASTROUTER_API_KEY}', models: [] } } } }),
    );
    const withVar = await run(['--json'], { env: { FASTROUTER_API_KEY: TEST_KEY, FR_BASE: mock.url } });
    expect(withVar.code, withVar.stderr).toBe(0);
    expect(catalogRequests(mock)).toHaveLength(1);
    expect(await provider()).toMatchObject({ apiKey: '${FASTROUTER_API_KEY}', baseUrl: '${FR_BASE}/api/v1' });
    expect(JSON.parse(withVar.stdout).key).toBe('${FASTROUTER_API_KEY}, substituted by OpenClaw');
    const without = await run(['--catalog', UPDATED]);
    expect(without.code, without.stderr).toBe(0);
    expect((await provider()).apiKey).toBe('${FASTROUTER_API_KEY}');
    expect(await readFile((await configAt()).config, 'utf8').catch(() => '')).not.toContain(KEY_SECRET_PART);
  });

  it('a ${VAR} base URL behind a proxy prefix reads the catalog below it, as the same URL written plainly does', { timeout: budget({ runs: 1 }) }, async () => {
    const mock = await mockFastRouter();
    const { run, provider } = await configAt(JSON.stringify({ models: { providers: { fastrouter: { baseUrl: '${FR_URL}', api: 'openai-completions', apiKey: TEST_KEY, models: [] } } } }));
    const refresh = await run(['--json'], { env: { FR_URL: `${mock.url}/prefix/api/v1` } });
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(mock.requests.map((r) => r.path)).toEqual(['/prefix/api/v1/models']);
    expect((await provider()).baseUrl).toBe('${FR_URL}');
  });

  it('a ${VAR} base URL whose value is no FastRouter URL: exit 5 naming the variable, config untouched', { timeout: budget({ runs: 1 }) }, async () => {
    const text = JSON.stringify({ models: { providers: { fastrouter: { baseUrl: '${FR_URL}', api: 'openai-completions', apiKey: TEST_KEY, models: [] } } } });
    const { config, run } = await configAt(text);
    const r = await run([], { env: { FR_URL: 'http://127.0.0.1:9/v1/models' } });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/\$FR_URL/);
    expect(await readFile(config, 'utf8')).toBe(text);
  });

  it('a ${VAR} base URL with the variable unset: the catalog comes from the default host, and the messages name the variable', { timeout: budget({ runs: 3 }) }, async () => {
    const { run } = await configAt(JSON.stringify({ models: { providers: { fastrouter: { baseUrl: '${FR_URL}/api/v1', api: 'openai-completions', apiKey: TEST_KEY, models: [] } } } }));
    // A proxy that refuses the tunnel to the default host: the failure names $FR_URL, not "the baseUrl in the config".
    const proxy = await serve((_q, res) => res.writeHead(502).end());
    const failed = await run(['--timeout', '5'], { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '' } });
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(/\$FR_URL.*not set/);
    expect(failed.stderr).not.toMatch(/baseUrl in the config/);
    const fromFile = await run(['--json', '--catalog', MIXED]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).warnings.join(' ')).toMatch(/\$FR_URL.*not set/);
  });

  it.each([
    { source: 'env', provider: 'default', id: 'FR_KEY' },
    { source: 'file', provider: 'filemain', id: '/providers/fastrouter/apiKey' },
    { source: 'exec', provider: 'vault', id: 'fastrouter/key' },
    { source: 'store', provider: 'default', id: 'FASTROUTER' },
  ])('a $source SecretRef', async (ref) => {
    const { run, provider } = await configAt(
      JSON.stringify({ models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: ref, models: [] } } } }),
    );
    const r = await run(['--catalog', MIXED], { env: { FASTROUTER_API_KEY: TEST_KEY } });
    expect(r.code, r.stderr).toBe(0);
    expect((await provider()).apiKey).toEqual(ref);
  });

  it('refuses a SecretRef source it does not know with exit 5 naming the field, changing nothing', { timeout: budget({ runs: 1 }) }, async () => {
    const text = JSON.stringify({
      models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: { source: 'vault', provider: 'default', id: 'X' }, models: [] } } },
    });
    const { config, run } = await configAt(text);
    const r = await run(['--catalog', MIXED]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/"models\.providers\.fastrouter\.apiKey\.source" is "vault"/);
    expect(r.stderr).not.toMatch(/unexpected/);
    expect(await readFile(config, 'utf8')).toBe(text);
  });

  it('what the user added inside the provider block; per-model extras leave only with their model', { timeout: budget({ runs: 2 }) }, async () => {
    const mock = await mockFastRouter();
    const { config, run } = await configAt();
    await run(['--base-url', mock.url, '--key', TEST_KEY]);
    const edited = await read(config);
    const block = edited.models.providers.fastrouter;
    Object.assign(block, { timeoutSeconds: 300, headers: { 'X-Team': 'ml' }, maxTokens: 4096 });
    const sonnet = block.models.find((m: { id: string }) => m.id === 'anthropic/claude-sonnet-4.6');
    Object.assign(sonnet, { params: { temperature: 0.2 }, compat: { requiresStringContent: true }, thinkingLevelMap: { high: 'max' } });
    const gone = block.models.find((m: { id: string }) => m.id === 'openai/gpt-4o-mini');
    gone.params = { top_p: 0.5 };
    await writeFile(config, JSON.stringify(edited, null, 2));
    await mock.serve(UPDATED);
    const r = await run([]);
    expect(r.code, r.stderr).toBe(0);
    const after = (await read(config)).models.providers.fastrouter;
    expect(after).toMatchObject({ timeoutSeconds: 300, headers: { 'X-Team': 'ml' }, maxTokens: 4096 });
    expect(after.models.find((m: { id: string }) => m.id === 'anthropic/claude-sonnet-4.6')).toMatchObject({
      params: { temperature: 0.2 },
      compat: { requiresStringContent: true },
      thinkingLevelMap: { high: 'max' },
    });
    expect(after.models.some((m: { id: string }) => m.id === 'openai/gpt-4o-mini')).toBe(false);
    expect(JSON.stringify(after)).not.toContain('top_p');
  });

  it("the user's order of the models (favourite first), new models after them", { timeout: budget({ runs: 2 }) }, async () => {
    const mock = await mockFastRouter();
    const { config, run } = await configAt();
    await run(['--base-url', mock.url, '--key', TEST_KEY]);
    const edited = await read(config);
    const models: Array<{ id: string }> = edited.models.providers.fastrouter.models;
    const favourite = models.findIndex((m) => m.id === 'deepseek/deepseek-v3.2');
    models.unshift(...models.splice(favourite, 1));
    await writeFile(config, JSON.stringify(edited, null, 2).replace('"models": [', '"models": [ // my favourite first'));
    await mock.serve(UPDATED);
    const r = await run([]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(config, 'utf8');
    expect(text).toContain('// my favourite first');
    const ids = JSON5.parse(text).models.providers.fastrouter.models.map((m: { id: string }) => m.id);
    // The favourite first, the rest as they were, the new models (x-ai/grok-4 among them) after them.
    const kept = models.map((m) => m.id).filter((id) => ids.includes(id));
    expect(ids.slice(0, kept.length)).toEqual(kept);
    expect(ids.slice(kept.length)).toContain('x-ai/grok-4');
    expect(ids.slice(kept.length)).toEqual(ids.slice(kept.length).sort());
  });

  it('refuses a $include inside the provider block with exit 5', { timeout: budget({ runs: 1 }) }, async () => {
    const text = '{ models: { providers: { fastrouter: { $include: "./fastrouter.json5" } } } }\n';
    const { config, run } = await configAt(text);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/\$include" at "models\.providers\.fastrouter"/);
    expect(await readFile(config, 'utf8')).toBe(text);
  });
});

describe('a refresh that drops the primary or a fallback', () => {
  it('warns on stderr and in --json warnings, like remove', { timeout: budget({ runs: 4 }) }, async () => {
    const { config, run } = await configAt();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--default', 'openai/gpt-4o-mini']);
    const edited = await read(config);
    edited.agents.defaults.model.fallbacks = ['fastrouter/google/gemini-2.5-pro'];
    await writeFile(config, JSON.stringify(edited));
    const text = await run(['--catalog', UPDATED]);
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/warning: agents\.defaults\.model names fastrouter\/openai\/gpt-4o-mini, which is no longer among the FastRouter models in this config/);
    const json = await run(['--catalog', MIXED, '--exclude', 'google/*', '--json']);
    expect(JSON.parse(json.stdout).warnings.join('\n')).toMatch(/names fastrouter\/google\/gemini-2\.5-pro, which is no longer among the FastRouter models in this config/);
    // An identical run changes nothing, and the warning stays true: it no longer says "this run".
    const again = await run(['--catalog', MIXED, '--exclude', 'google/*', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged' });
    expect(JSON.parse(again.stdout).warnings.join('\n')).toMatch(/names fastrouter\/google\/gemini-2\.5-pro, which is no longer among/);
  });
});

describe('restore', () => {
  it('brings back the filters that went with the config', { timeout: budget({ runs: 4 }) }, async () => {
    const { run } = await configAt();
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    await run(['--catalog', MIXED, '--include', 'anthropic/*']);
    const restored = await run(['restore']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/with the filters remembered then/);
    const refresh = await run(['--catalog', MIXED, '--json']);
    expect(JSON.parse(refresh.stdout)).toMatchObject({ status: 'unchanged', counts: { models: 11, filteredOut: 0 } });
    expect(JSON.parse(refresh.stdout)).not.toHaveProperty('filter');
  });

  it('a second restore keeps what OpenClaw changed before the first, and a primary the user chose', { timeout: budget({ runs: 5 }) }, async () => {
    const { config, run } = await configAt(JSON.stringify({ meta: { lastTouchedVersion: '2026.9.6' } }, null, 2));
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    // As `openclaw config set gateway.port 19001` and `openclaw models set …` would, between our runs.
    const edited = await read(config);
    edited.gateway = { port: 19001 };
    edited.agents.defaults.model.primary = 'fastrouter/openai/gpt-5.1';
    await writeFile(config, JSON.stringify(edited, null, 2));
    await run(['--catalog', MIXED, '--include', 'anthropic/*,openai/*']);
    for (let i = 0; i < 2; i++) {
      const restored = await run(['restore']);
      expect(restored.code, restored.stderr).toBe(0);
    }
    const after = await read(config);
    expect(after.gateway).toEqual({ port: 19001 });
    expect(after.agents.defaults.model.primary).toBe('fastrouter/openai/gpt-5.1');
    expect(after.models.providers.fastrouter).toBeUndefined();
  });

  it('undoing a refresh keeps the key form and the settings OpenClaw wrote since, and says so', { timeout: budget({ runs: 4 }) }, async () => {
    const { config, run } = await configAt(JSON.stringify({ meta: { lastTouchedVersion: '2026.9.6' }, agents: { defaults: { models: { 'other/m': {} } } } }, null, 2));
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY])).code).toBe(0);
    expect((await run(['--catalog', UPDATED])).code).toBe(0);
    // As `openclaw models auth paste-api-key`, `openclaw config set … timeoutSeconds 120` and `openclaw models aliases add` would.
    const edited = await read(config);
    edited.models.providers.fastrouter.apiKey = 'fastrouter:manual';
    edited.models.providers.fastrouter.timeoutSeconds = 120;
    edited.agents.defaults.models['fastrouter/openai/gpt-5.1'] = { alias: 'gpt' };
    await writeFile(config, JSON.stringify(edited, null, 2));
    const restored = await run(['restore', '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    const after = await read(config);
    expect(after.models.providers.fastrouter).toMatchObject({ apiKey: 'fastrouter:manual', timeoutSeconds: 120 });
    expect(after.agents.defaults.models['fastrouter/openai/gpt-5.1']).toEqual({ alias: 'gpt' });
    expect(JSON.parse(restored.stdout).warnings.join(' ')).toContain('Kept as they are now, since OpenClaw or you changed them after that run: models.providers.fastrouter.apiKey');
    expect(restored.stdout).not.toContain(KEY_SECRET_PART);
  });

  /** First install (it picks a primary), the user picks another, a refresh from `seen` sees it, the user picks setup's again; then a refresh from `then`, if given. */
  async function primaryTakenOver(seen: string, then?: string) {
    const { config, run } = await configAt(JSON.stringify({ gateway: { mode: 'local' } }, null, 2));
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY])).code).toBe(0);
    const chosen = (await read(config)).agents.defaults.model.primary;
    const setPrimary = async (primary: string) => {
      const edited = await read(config);
      edited.agents.defaults.model.primary = primary;
      await writeFile(config, JSON.stringify(edited, null, 2));
    };
    await setPrimary('fastrouter/openai/gpt-5.1');
    expect((await run(['--catalog', seen])).code).toBe(0);
    await setPrimary(chosen);
    if (then !== undefined) expect((await run(['--catalog', then])).code).toBe(0);
    return { config, run, chosen };
  }

  it.each([
    ['writes', UPDATED],
    ['has nothing to write', MIXED],
  ])('a primary the user took over (a refresh that %s saw it) stays theirs on remove and restore, even when they pick setup\u2019s again', { timeout: budget({ runs: 8 }) }, async (_, catalog) => {
    for (const undo of ['remove', 'restore']) {
      const { config, run, chosen } = await primaryTakenOver(catalog);
      const undone = await run([undo]);
      expect(undone.code, undone.stderr).toBe(0);
      expect(undone.stdout, undo).not.toMatch(/which setup had chosen|default model .* was taken out/);
      expect((await read(config)).agents.defaults.model?.primary, undo).toBe(chosen);
    }
  });

  it('restore undoes a remove byte for byte, bringing back the primary --default set over the user\u2019s own', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configAt(await readFile(fixture('config', 'rich.json5'), 'utf8'));
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--default', 'openai/gpt-5.1'])).code).toBe(0);
    const beforeRemove = await readFile(config, 'utf8');
    expect((await read(config)).agents.defaults.model.primary).toBe('fastrouter/openai/gpt-5.1');
    expect((await run(['remove'])).code).toBe(0);
    expect((await read(config)).agents.defaults.model.primary).toBe('local/llama3.3');
    const restored = await run(['restore']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(beforeRemove);
  });

  it('a primary the user took over stays theirs through restore then remove, and restore 2 lands where two restores do', { timeout: budget({ runs: 16 }) }, async () => {
    for (const undo of [['restore', 'remove'], ['restore', 'restore'], ['restore 2']]) {
      const { config, run, chosen } = await primaryTakenOver(MIXED, UPDATED);
      for (const command of undo) {
        const r = await run(command.split(' '));
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout, undo.join(', ')).not.toMatch(/which setup had chosen|default model .* was taken out/);
      }
      expect((await read(config)).agents.defaults.model?.primary, undo.join(', ')).toBe(chosen);
    }
  });

  it('steps back through filters too, and redo-by-refresh keeps working', { timeout: budget({ runs: 4 }) }, async () => {
    const { run, provider } = await configAt();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'openai/*']);
    await run(['--catalog', MIXED, '--include', 'google/*']);
    await run(['restore']);
    await run(['--catalog', MIXED]);
    expect((await provider()).models.map((m: { id: string }) => m.id)).toEqual(['openai/gpt-4o-mini', 'openai/gpt-5.1']);
  });
});

describe("OpenClaw's clobber guard after a shrinking write", () => {
  it('warns that OpenClaw may put .bak back, except for a config with an $include, which OpenClaw never restores', { timeout: budget({ runs: 4 }) }, async () => {
    for (const include of [false, true]) {
      const { dir, config, run } = await configAt(JSON.stringify({ gateway: { mode: 'local' }, ...(include ? { hooks: { $include: './hooks.json5' } } : {}) }, null, 2));
      if (include) await writeFile(join(dir, 'hooks.json5'), '{}\n');
      expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'])).code).toBe(0);
      // OpenClaw's own copy of the config as it last wrote or read it.
      await writeFile(`${config}.bak`, await readFile(config));
      const removed = await run(['remove', '--no-validate']);
      expect(removed.code, removed.stderr).toBe(0);
      // containsConfigIncludeDirective in OpenClaw's io.factory-*.mjs: no suspicious-read recovery for such a config.
      if (include) expect(removed.stderr).not.toContain('OpenClaw may undo this change');
      else expect(removed.stderr).toContain('OpenClaw may undo this change');
    }
  });
});

describe('first install', () => {
  it('makes the top pick the primary when none is set, and says so', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configAt();
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(0);
    expect((await read(config)).agents.defaults.model).toEqual({ primary: 'fastrouter/anthropic/claude-sonnet-4.6' });
    expect(r.stdout).toMatch(/Default model: fastrouter\/anthropic\/claude-sonnet-4\.6 \(no primary model was set; .*--no-default/);
    const json = await (await configAt()).run(['--catalog', MIXED, '--key', TEST_KEY, '--json']);
    expect(JSON.parse(json.stdout).primarySet).toBe('fastrouter/anthropic/claude-sonnet-4.6');
  });

  it('leaves a set primary alone, lets --default win, and --no-default opts out', { timeout: budget({ runs: 5 }) }, async () => {
    const set = await configAt(JSON.stringify({ agents: { defaults: { model: 'other/m' } } }));
    await set.run(['--catalog', MIXED, '--key', TEST_KEY]);
    expect((await read(set.config)).agents.defaults.model).toBe('other/m');
    const chosen = await configAt();
    await chosen.run(['--catalog', MIXED, '--key', TEST_KEY, '--default', 'openai/gpt-5.1']);
    expect((await read(chosen.config)).agents.defaults.model).toEqual({ primary: 'fastrouter/openai/gpt-5.1' });
    const none = await configAt();
    const r = await none.run(['--catalog', MIXED, '--key', TEST_KEY, '--no-default']);
    expect(r.code, r.stderr).toBe(0);
    expect((await read(none.config)).agents?.defaults?.model).toBeUndefined();
    await none.run(['--catalog', UPDATED]);
    expect((await read(none.config)).agents?.defaults?.model).toBeUndefined();
    expect((await none.run(['--catalog', MIXED, '--default', 'openai/gpt-5.1', '--no-default'])).code).toBe(2);
  });
});

describe('messages', () => {
  // No package is published: the runner is started by its path (the skill folder, a clone), and a
  // hint naming `fastrouter-openclaw` would find nothing. The bare name only when PATH has this runner.
  const SELF = shellQuote(realpathSync(CLI));

  it('undo hints name this runner as a person would start it: its path, or its name when PATH has it', { timeout: budget({ runs: 3 }) }, async () => {
    const home = await tempDir();
    const bin = join(home, 'bin');
    await mkdir(bin);
    await symlink(CLI, join(bin, 'fastrouter-openclaw'));
    await runCli(['--catalog', MIXED, '--key', TEST_KEY], { home });
    const refreshed = await runCli(['--catalog', UPDATED, '--json'], { home, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    expect(JSON.parse(refreshed.stdout).undoCommand).toBe('fastrouter-openclaw restore');
    const byPath = await runCli(['--catalog', MIXED, '--json'], { home });
    expect(JSON.parse(byPath.stdout).undoCommand).toBe(`${SELF} restore`);
  });

  it("status's hints name this runner the same way", { timeout: budget({ runs: 1 }) }, async () => {
    const home = await tempDir();
    const r = await runCli(['status', '--no-validate', '--catalog', MIXED], { home });
    expect(r.stdout).toContain(`Set it up: printf %s "$KEY" | ${SELF} --key-stdin`);
  });

  it('undo hints name the same config', { timeout: budget({ runs: 6 }) }, async () => {
    const home = await tempDir();
    const viaProfile = (args: string[]) => runCli([...args, '--profile', 'work'], { home });
    await viaProfile(['--catalog', MIXED, '--key', TEST_KEY]);
    const removed = await viaProfile(['remove']);
    expect(removed.stdout).toContain(`Undo with: ${SELF} restore --profile work`);
    const { config, run } = await configAt();
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    const refreshed = await run(['--catalog', UPDATED]);
    // Quoted only when the path needs it (TMPDIR may hold a space); the spaced case below pins the quoting.
    const hint = refreshed.stdout.split('\n').find((line) => line.startsWith('Undo with: '));
    expect([`Undo with: ${SELF} restore --config ${config}`, `Undo with: ${SELF} restore --config '${config}'`]).toContain(hint);
    const spaced = join(home, 'my configs', 'openclaw.json');
    await runCli(['--config', spaced, '--catalog', MIXED, '--key', TEST_KEY]);
    const json = JSON.parse((await runCli(['--config', spaced, 'remove', '--json'])).stdout);
    expect(json.undoCommand).toBe(`${SELF} restore --config '${spaced}'`);
  });

  it.each(['/api', '/api/', '/v1/models', '/prefix/api/v1'])('--base-url <host>%s is refused with exit 2', async (path) => {
    const { config, run } = await configAt();
    const r = await run(['--base-url', `http://127.0.0.1:1${path}`, '--key', TEST_KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not FastRouter's API root/);
    await expect(readFile(config)).rejects.toThrow();
  });

  it('says what happened and what to check for DNS failure, HTTP 404, a TLS name mismatch and a file that is not a catalog', { timeout: 60_000 }, async () => {
    const { run } = await configAt();
    const dns = await run(['--base-url', 'https://fastrouter.invalid', '--key', TEST_KEY, '--timeout', '10'], { env: NO_PROXY_ENV });
    expect(dns.code).toBe(3);
    expect(dns.stderr).toMatch(/the host fastrouter\.invalid was not found \(DNS lookup failed\); check --base-url/);
    const missing = await serve((_q, res) => res.writeHead(404).end('not found'));
    const notFound = await run(['--base-url', missing.url, '--key', TEST_KEY]);
    expect(notFound.stderr).toMatch(/answered HTTP 404 \(no catalog there\); check --base-url/);
    const [key, cert] = await Promise.all([readFile(fixture('tls', 'key.pem')), readFile(fixture('tls', 'cert.pem'))]);
    const tls = createHttpsServer({ key, cert }, (_q, res) => res.end('{"data":[]}'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.2', resolve));
    try {
      const mismatch = await run(['--base-url', `https://127.0.0.2:${(tls.address() as AddressInfo).port}`, '--key', TEST_KEY], {
        env: { ...NO_PROXY_ENV, NODE_EXTRA_CA_CERTS: fixture('tls', 'cert.pem') },
      });
      expect(mismatch.code).toBe(3);
      expect(mismatch.stderr).toMatch(/TLS certificate of 127\.0\.0\.2 is for a different name; check --base-url/);
    } finally {
      tls.closeAllConnections();
      tls.close();
    }
    const file = await run(['--catalog', fixture('config', 'rich.json5'), '--key', TEST_KEY]);
    expect(file.code).toBe(3);
    expect(file.stderr).toMatch(/The --catalog file .*rich\.json5 is not a FastRouter model catalog \(not JSON\); pass a saved response/);
    for (const r of [dns, notFound, file]) {
      expect(r.stderr).not.toMatch(/may be down/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('--default with a typo suggests the nearest ids; one the remembered filters hide is named as such', { timeout: budget({ runs: 3 }) }, async () => {
    const { run } = await configAt();
    const typo = await run(['--catalog', MIXED, '--key', TEST_KEY, '--default', 'claude-sonet-4.6']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean anthropic\/claude-sonnet-4\.6[,?]/);
    expect(typo.stderr).not.toMatch(/for example/);
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'openai/*']);
    const hidden = await run(['--catalog', MIXED, '--default', 'anthropic/claude-sonnet-4.6']);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toMatch(/is in the catalog, but the remembered filters \(openai\/\*\) leave it out.*--reset-filters/);
  });

  it('says when new --include/--exclude replace the remembered filters', { timeout: budget({ runs: 3 }) }, async () => {
    const { run } = await configAt();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'anthropic/*', '--exclude', '*:free']);
    const r = await run(['--catalog', MIXED, '--exclude', '*opus*', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).warnings).toContainEqual(expect.stringMatching(/replace the remembered filters \(anthropic\/\*, not \*:free\)/));
    const same = await run(['--catalog', MIXED, '--exclude', '*opus*', '--json']);
    expect(JSON.parse(same.stdout).warnings.join(' ')).not.toMatch(/remembered filters/);
  });

  it("--include claude that matches nothing hints at '*claude*', and a part that matches nothing is refused before anything is written", { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configAt();
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'claude']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean '\*claude\*'\?/);
    const partly = await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'openai/*,gemini']);
    expect(partly.code).toBe(2);
    expect(partly.stderr).toMatch(/--include gemini .*'\*gemini\*'/);
    await expect(readFile(config)).rejects.toThrow();
    expect(await readdir(join(config, '..'))).toEqual([]);
  });

  it('names each typo in --include/--exclude with the nearest ids, and remembers none of it', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configAt();
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY])).code).toBe(0);
    const before = await readFile(config);
    const r = await run(['--catalog', MIXED, '--include', 'anthropic/*,opneai/gpt-*', '--exclude', '*:fre', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--include opneai\/gpt-\* matches none of the 11 FastRouter models; nearest ids: openai\/gpt-4o-mini, openai\/gpt-5\.1\./);
    expect(r.stderr).toMatch(/--exclude \*:fre matches none of the 11 FastRouter models; nearest ids: google\/gemma4-26b:free\./);
    expect(r.stderr).toMatch(/Nothing was changed: fix these patterns, or leave them out\.$/m);
    expect((await readFile(config)).equals(before)).toBe(true);
    const after = await run(['--catalog', MIXED, '--json']);
    expect(JSON.parse(after.stdout)).not.toHaveProperty('filter');
  });

  it('masks key-shaped text everywhere it could be echoed, and never stores it', { timeout: budget({ runs: 6 }) }, async () => {
    const { dir, run } = await configAt();
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    for (const flag of ['--include', '--exclude']) {
      const r = await run(['--catalog', MIXED, flag, TEST_KEY, '--json']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/looks like an API key/);
      expect(r.stdout + r.stderr).not.toContain(KEY_SECRET_PART);
    }
    const state = await readdir(join(dir, 'fastrouter-openclaw'))
      .catch(() => [] as string[])
      .then((names) => Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readFile(join(dir, 'fastrouter-openclaw', n), 'utf8'))));
    expect(state.join('')).not.toContain(KEY_SECRET_PART);
    // A state file from an older version that did store one is still masked on output.
    const statePath = join(dir, 'fastrouter-openclaw', 'openclaw.json.state.json');
    await mkdir(join(dir, 'fastrouter-openclaw'), { recursive: true });
    await writeFile(statePath, JSON.stringify({ include: ['*', TEST_KEY], exclude: [], policyWildcardAdded: false }));
    for (const args of [
      ['--catalog', MIXED],
      ['--catalog', MIXED, '--json'],
    ]) {
      const r = await run(args);
      expect(r.stdout + r.stderr).not.toContain(KEY_SECRET_PART);
    }
    const home = await tempDir();
    const profile = await runCli(['--profile', TEST_KEY.slice(0, 20), '--catalog', MIXED, '--key', TEST_KEY], { home });
    expect(profile.code).toBe(2);
    expect(profile.stdout + profile.stderr).not.toContain(TEST_KEY.slice(6, 20));
    expect(await readdir(home)).toEqual([]);
  });

  it('masking leaves fixed text alone', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await configAt();
    const r = await run(['--key-stdin', '--catalog', MIXED], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No FastRouter API key (sk-v1-… or sk-fr-…) found in standard input.');
  });

  it('--profile with $OPENCLAW_CONFIG_PATH picks the file openclaw --profile picks', { timeout: budget({ runs: 2 }) }, async () => {
    const home = await tempDir();
    const elsewhere = join(home, 'elsewhere', 'openclaw.json');
    await mkdir(join(home, 'elsewhere'));
    const r = await runCli(['--profile', 'work', '--catalog', MIXED, '--key', TEST_KEY, '--json'], { home, env: { OPENCLAW_CONFIG_PATH: elsewhere } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).configPath).toBe(elsewhere);
    const inherited = await runCli(['--profile', 'work', '--catalog', MIXED, '--key', TEST_KEY, '--json'], { home, env: { OPENCLAW_CONFIG_PATH: join(home, '.openclaw', 'openclaw.json') } });
    expect(JSON.parse(inherited.stdout).configPath).toBe(join(home, '.openclaw-work', 'openclaw.json'));
  });
});

import { describe, expect, it } from 'vitest';
import { applyChanges } from '../src/core/changes.js';
import type { JsonObject } from '../src/core/json.js';
import { assertMergeable, isEnvTemplate, planMerge, storedApiKey } from '../src/core/merge.js';
import { ENV_KEY_REF } from '../src/core/provider.js';
import type { Model } from '../src/core/catalog.js';

const model = (id: string): Model => ({
  id,
  name: id,
  reasoning: false,
  input: ['text'],
  cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 1000,
  maxTokens: 100,
});
const provider = (...ids: string[]) => ({ baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions' as const, apiKey: 'sk-v1-abcd', models: ids.map(model) });
const merge = (config: JsonObject, block = provider('a/x', 'b/y')) => {
  const plan = planMerge(config, block);
  return { ...plan, config: applyChanges(config, plan.changes) };
};

describe('planMerge', () => {
  it('builds the provider in an empty config, and no agents.defaults.models that would become an allowlist', () => {
    const { config, added, removed, picker } = merge({});
    expect(config).toEqual({ models: { providers: { fastrouter: provider('a/x', 'b/y') } } });
    expect(picker).toBe('skipped');
    expect(added).toEqual(['a/x', 'b/y']);
    expect(removed).toEqual([]);
  });

  it('lays its fields over the fastrouter block and leaves everything else alone', () => {
    const before = {
      meta: { lastTouchedVersion: '1' },
      gateway: { mode: 'local' },
      models: { mode: 'replace', providers: { other: { baseUrl: 'u' }, fastrouter: { baseUrl: 'old', name: 'bad', models: [{ id: 'gone/z' }] } } },
      agents: { defaults: { model: { primary: 'other/m' }, models: { 'other/m': { alias: 'o' } } }, list: [{ id: 'main' }] },
      channels: { telegram: { token: '${TG_TOKEN}' } },
    };
    const frozen = structuredClone(before);
    const { config, removed } = merge(before);
    expect(before).toEqual(frozen);
    expect(config.models).toEqual({ mode: 'replace', providers: { other: { baseUrl: 'u' }, fastrouter: { ...provider('a/x', 'b/y'), name: 'bad' } } });
    expect(config.meta).toBe(before.meta);
    expect(config.gateway).toBe(before.gateway);
    expect(config.channels).toBe(before.channels);
    expect((config.agents as any).list).toBe(before.agents.list);
    expect((config.agents as any).defaults.model).toBe(before.agents.defaults.model);
    expect(removed).toEqual(['gone/z']);
  });

  it('keeps settings of offered models, drops entries of gone ones, never touches other providers', () => {
    const { config, added, removed } = merge(
      {
        models: { providers: { fastrouter: provider('a/x', 'gone/z') } },
        agents: { defaults: { models: { 'other/m': { alias: 'o' }, 'fastrouter/a/x': { alias: 'ax', params: { t: 1 } }, 'fastrouter/gone/z': { alias: 'z' }, 'fastrouter/b/y': null } } },
      },
      provider('a/x', 'b/y'),
    );
    expect((config.agents as any).defaults.models).toEqual({ 'other/m': { alias: 'o' }, 'fastrouter/a/x': { alias: 'ax', params: { t: 1 } }, 'fastrouter/b/y': {} });
    expect(added).toEqual(['b/y']);
    expect(removed).toEqual(['gone/z']);
  });

  it('keeps a "__proto__" entry as a plain key', () => {
    const config = JSON.parse('{"agents":{"defaults":{"models":{"__proto__":{"alias":"odd"}}}}}');
    const models = (merge(config).config.agents as any).defaults.models;
    expect(Object.keys(models)).toEqual(['__proto__', 'fastrouter/a/x', 'fastrouter/b/y']);
    expect(JSON.stringify(models)).toContain('"__proto__":{"alias":"odd"}');
  });

  it('keeps a "__proto__" key plain, in its place, in every object it copies on the way to a change', () => {
    const config = JSON.parse('{"__proto__":{"a":1},"models":{"__proto__":{"b":2},"providers":{"__proto__":{"c":3},"other":{}}}}');
    const after = merge(config).config as any;
    for (const object of [after, after.models, after.models.providers]) {
      expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
      expect(Object.keys(object)[0]).toBe('__proto__');
    }
    expect(Object.keys(after.models.providers)).toEqual(['__proto__', 'other', 'fastrouter']);
    expect(JSON.stringify(after)).toContain('"__proto__":{"a":1}');
  });

  it('adds fastrouter/* to a non-empty allow list only', () => {
    const allowOf = (c: JsonObject) => (c.agents as any).defaults.modelPolicy.allow;
    expect(allowOf(merge({ agents: { defaults: { modelPolicy: { allow: ['local/*'] } } } }).config)).toEqual(['local/*', 'fastrouter/*']);
    expect(allowOf(merge({ agents: { defaults: { modelPolicy: { allow: [] } } } }).config)).toEqual([]);
    expect(merge({ agents: { defaults: { modelPolicy: { allow: ['fastrouter/*'] } } } }).changes.some((e) => e.path.includes('allow'))).toBe(false);
  });

  it('is idempotent: a second merge plans no changes', () => {
    const once = merge({ agents: { defaults: { modelPolicy: { allow: ['x/*'] } } } }).config;
    expect(planMerge(once, provider('a/x', 'b/y')).changes).toEqual([]);
  });
});

describe('a refresh keeps what the user added inside the provider', () => {
  const customized = () => ({
    models: {
      providers: {
        fastrouter: {
          baseUrl: 'https://api.fastrouter.ai/api/v1',
          api: 'openai-completions',
          apiKey: 'sk-v1-abcd',
          timeoutSeconds: 300,
          headers: { 'X-Team': 'ml' },
          maxTokens: 4096,
          models: [
            { ...model('a/x'), name: 'old name', params: { temperature: 0.2 }, compat: { requiresStringContent: true, supportsTools: false }, thinkingLevelMap: { high: 'max' }, reasoning: true },
            { ...model('gone/z'), params: { top_p: 0.9 } },
          ],
        },
      },
    },
  });

  it('keeps provider settings and per-model extras, takes catalog fields from the catalog', () => {
    const { config } = merge(customized(), provider('a/x', 'b/y'));
    const block = (config.models as any).providers.fastrouter;
    expect(block).toMatchObject({ timeoutSeconds: 300, headers: { 'X-Team': 'ml' }, maxTokens: 4096 });
    expect(block.models).toEqual([{ ...model('a/x'), params: { temperature: 0.2 }, compat: { requiresStringContent: true }, thinkingLevelMap: { high: 'max' }, reasoning: true }, model('b/y')]);
  });

  it("drops a model's extras only with the model, and is idempotent", () => {
    const { config } = merge(customized(), provider('a/x', 'b/y'));
    expect(JSON.stringify(config)).not.toContain('top_p');
    expect(planMerge(config, provider('a/x', 'b/y')).changes).toEqual([]);
  });

  it("sets compat.supportsTools from the catalog next to the user's compat settings", () => {
    const noTools = { ...provider('a/x'), models: [{ ...model('a/x'), compat: { supportsTools: false as const } }] };
    const { config } = merge(customized(), noTools);
    expect((config.models as any).providers.fastrouter.models[0].compat).toEqual({ requiresStringContent: true, supportsTools: false });
  });

  it("adds the catalog's reasoning-effort settings where the entry has none, and keeps the user's", () => {
    const mandatory = {
      ...provider('a/x'),
      models: [{ ...model('a/x'), reasoning: true, compat: { supportsReasoningEffort: true, supportedReasoningEfforts: ['low', 'high'] }, thinkingLevelMap: { off: null } }],
    };
    const first = (config: JsonObject) => (config.models as any).providers.fastrouter.models[0];
    const fresh = first(merge(customized(), mandatory).config);
    expect(fresh.compat).toEqual({ requiresStringContent: true, supportsReasoningEffort: true, supportedReasoningEfforts: ['low', 'high'] });
    expect(fresh.thinkingLevelMap).toEqual({ high: 'max', off: null });
    const own = customized() as any;
    own.models.providers.fastrouter.models[0].thinkingLevelMap = { off: 'low' };
    own.models.providers.fastrouter.models[0].compat = { supportedReasoningEfforts: ['high'] };
    const kept = first(merge(own, mandatory).config);
    expect(kept.thinkingLevelMap).toEqual({ off: 'low' });
    expect(kept.compat).toEqual({ supportedReasoningEfforts: ['high'], supportsReasoningEffort: true });
  });

  it('warns about a primary or fallback it takes out', () => {
    const base = customized() as JsonObject;
    (base as any).agents = { defaults: { model: { primary: 'fastrouter/gone/z', fallbacks: ['other/m', 'fastrouter/a/x', 'fastrouter/never/was'] } } };
    expect(merge(base, provider('a/x')).droppedReferences).toEqual(['fastrouter/gone/z', 'fastrouter/never/was']);
    expect(merge({ agents: { defaults: { model: 'fastrouter/gone/z' } } }, provider('a/x')).droppedReferences).toEqual(['fastrouter/gone/z']);
  });
});

describe('a refresh keeps the order of the models the user has', () => {
  const ids = (config: JsonObject) => ((config.models as any).providers.fastrouter.models as Array<{ id: string }>).map((m) => m.id);
  const withOrder = (...order: string[]) => merge({}, provider(...order)).config;

  it('keeps a hand-made order, favourites first, with new models after it in catalog order', () => {
    const { config } = merge(withOrder('c/z', 'a/x'), provider('0/new', 'a/x', 'b/y', 'c/z'));
    expect(ids(config)).toEqual(['c/z', 'a/x', '0/new', 'b/y']);
  });

  it('drops gone models in place', () => {
    const { config } = merge(withOrder('c/z', 'b/y', 'a/x'), provider('a/x', 'c/z'));
    expect(ids(config)).toEqual(['c/z', 'a/x']);
  });

  it("keeps the catalog's order for a list that was in it", () => {
    const { config } = merge(withOrder('a/x', 'c/z'), provider('a/x', 'b/y', 'c/z', 'd/w'));
    expect(ids(config)).toEqual(['a/x', 'b/y', 'c/z', 'd/w']);
  });

  it('plans nothing on a second run with the same catalog', () => {
    const { config } = merge(withOrder('c/z', 'a/x'), provider('a/x', 'b/y', 'c/z'));
    expect(planMerge(config, provider('a/x', 'b/y', 'c/z')).changes).toEqual([]);
  });
});

describe('the primary model on a first install', () => {
  const first = (config: JsonObject, options = {}) => {
    const plan = planMerge(config, provider('a/x', 'b/y'), { firstInstallPrimary: 'b/y', ...options });
    return { plan, config: applyChanges(config, plan.changes) as any };
  };

  it('becomes the top pick when no primary is set anywhere', () => {
    const { plan, config } = first({});
    expect(config.agents.defaults.model).toEqual({ primary: 'fastrouter/b/y' });
    expect(plan.primarySet).toBe('b/y');
    expect(first({ agents: { defaults: { model: { fallbacks: ['o/m'] } } } }).config.agents.defaults.model).toEqual({ fallbacks: ['o/m'], primary: 'fastrouter/b/y' });
  });

  it('leaves a set primary alone, and --default still wins', () => {
    for (const model of ['other/m', { primary: 'other/m' }]) {
      const { plan, config } = first({ agents: { defaults: { model } } });
      expect(config.agents.defaults.model).toEqual(model);
      expect(plan.primarySet).toBeUndefined();
    }
    expect(first({}, { defaultModel: 'a/x' }).config.agents.defaults.model).toEqual({ primary: 'fastrouter/a/x' });
  });

  it('is only for a first install: a refresh does not set one', () => {
    const installed = merge({}).config;
    expect(first(installed).plan.primarySet).toBeUndefined();
  });
});

describe("planMerge and OpenClaw's model allowlist", () => {
  const entriesOf = (c: JsonObject) => (c.agents as any)?.defaults?.models;
  const otherOnly = { models: { providers: { other: { baseUrl: 'u', models: [{ id: 'm1' }, { id: 'm2' }] } } }, agents: { defaults: { model: { primary: 'other/m1' } } } };

  it('never starts an allowlist where there was none (modelPolicy absent): the user keeps every model', () => {
    const { config, picker } = merge(otherOnly);
    expect(entriesOf(config)).toBeUndefined();
    expect((config.agents as any).defaults.model).toEqual({ primary: 'other/m1' });
    expect(picker).toBe('skipped');
    expect(entriesOf(merge({ agents: { defaults: { models: {} } } }).config)).toEqual({});
  });

  it('takes out bare fastrouter entries an earlier run left as the only ones (they had locked the user out)', () => {
    const { config, picker } = merge({ ...otherOnly, agents: { defaults: { models: { 'fastrouter/a/x': {}, 'fastrouter/gone/z': {} } } } });
    expect(entriesOf(config)).toEqual({});
    expect(picker).toBe('unlocked');
  });

  it('keeps fastrouter entries the user gave settings to (then the allowlist is theirs)', () => {
    const { config, picker } = merge({ agents: { defaults: { models: { 'fastrouter/a/x': { alias: 'ax' } } } } });
    expect(entriesOf(config)).toEqual({ 'fastrouter/a/x': { alias: 'ax' }, 'fastrouter/b/y': {} });
    expect(picker).toBeUndefined();
  });

  it("does not count a stale fastrouter entry with settings as the user's: a second run changes nothing", () => {
    const first = merge({ agents: { defaults: { models: { 'fastrouter/gone/z': { alias: 'z' } } } } });
    expect(entriesOf(first.config)).toEqual({});
    expect(planMerge(first.config, provider('a/x', 'b/y')).changes).toEqual([]);
  });

  it('extends an allowlist the user already had', () => {
    const { config, picker } = merge({ agents: { defaults: { models: { 'other/m1': {} } } } });
    expect(Object.keys(entriesOf(config))).toEqual(['other/m1', 'fastrouter/a/x', 'fastrouter/b/y']);
    expect(picker).toBeUndefined();
  });

  it('adds entries where the map no longer restricts: modelPolicy present, or OpenClaw recorded the migration', () => {
    for (const config of [{ agents: { defaults: { modelPolicy: {} } } }, { agents: { defaults: { modelPolicy: { allow: [] } } } }, { meta: { migrations: { modelPolicyAllowlist: true } } }]) {
      expect(Object.keys(entriesOf(merge(config).config))).toEqual(['fastrouter/a/x', 'fastrouter/b/y']);
    }
  });

  it('is idempotent when the only entry with settings is for a model that leaves', () => {
    const once = merge({ agents: { defaults: { models: { 'fastrouter/gone/z': { alias: 'z' } } } } }).config;
    expect(merge(once).changes).toEqual([]);
  });

  it('is idempotent without entries too', () => {
    const once = merge(otherOnly).config;
    expect(merge(once).changes).toEqual([]);
  });
});

describe('assertMergeable', () => {
  it.each([
    [[], /not a JSON object/],
    [null, /not a JSON object/],
    [{ models: [] }, /"models"/],
    [{ models: { providers: 'x' } }, /"models.providers"/],
    [{ agents: 1 }, /"agents"/],
    [{ agents: { defaults: [] } }, /"agents.defaults"/],
    [{ agents: { defaults: { models: 'x' } } }, /"agents.defaults.models"/],
    [{ $include: './a.json5' }, /\$include/],
    [{ models: { $include: './m.json5' } }, /\$include" at "models"/],
    [{ agents: { $include: './a.json5' } }, /\$include" at "agents"/],
    [{ models: { providers: { $include: './p.json5' } } }, /\$include" at "models.providers"/],
    [{ models: { providers: { fastrouter: { $include: './f.json5' } } } }, /\$include" at "models.providers.fastrouter", inside/],
    [{ models: { providers: { fastrouter: { headers: { $include: './h.json5' } } } } }, /"models.providers.fastrouter.headers"/],
    [{ models: { providers: { fastrouter: { models: [{ id: 'a', $include: './m.json5' }] } } } }, /"models.providers.fastrouter.models.0"/],
    // The path names only where the include is, not the siblings walked before it.
    [
      {
        models: {
          providers: {
            fastrouter: {
              models: [
                { id: 'a', cost: { input: 1 } },
                { id: 'b', params: { x: [1, { $include: './p.json5' }] } },
              ],
            },
          },
        },
      },
      /at "models.providers.fastrouter.models.1.params.x.1", inside/,
    ],
  ])('refuses %j with exit 5', (config, message) => {
    expect(() => assertMergeable(config)).toThrow(expect.objectContaining({ exitCode: 5, message: expect.stringMatching(message) }));
  });

  it('accepts $include elsewhere', () => {
    expect(() => assertMergeable({ channels: { $include: './c.json5' } })).not.toThrow();
  });
});

describe('storedApiKey', () => {
  it('finds a plaintext key or a SecretRef', () => {
    expect(storedApiKey({ models: { providers: { fastrouter: { apiKey: 'sk-v1-ab' } } } })).toBe('sk-v1-ab');
    expect(storedApiKey({ models: { providers: { fastrouter: { apiKey: ENV_KEY_REF } } } })).toEqual(ENV_KEY_REF);
    expect(storedApiKey({ models: { providers: { fastrouter: { apiKey: '' } } } })).toBeUndefined();
    expect(storedApiKey({})).toBeUndefined();
  });

  const at = (apiKey: unknown) => ({ models: { providers: { fastrouter: { apiKey } } } });

  it('returns every form OpenClaw accepts as stored', () => {
    expect(storedApiKey(at('${FASTROUTER_API_KEY}'))).toBe('${FASTROUTER_API_KEY}');
    for (const ref of [
      { source: 'env', provider: 'default', id: 'FR_KEY' },
      { source: 'file', provider: 'filemain', id: '/providers/fastrouter/apiKey' },
      { source: 'exec', provider: 'vault', id: 'fastrouter/key' },
      { source: 'store', provider: 'default', id: 'FASTROUTER' },
    ])
      expect(storedApiKey(at(ref))).toEqual(ref);
  });

  it.each([
    [{ source: 'vault', provider: 'default', id: 'X' }, /apiKey.source" is "vault"/],
    [{ provider: 'default', id: 'X' }, /apiKey.source" is undefined/],
    [{ source: 'env', provider: 'Default', id: 'X' }, /"provider"/],
    [{ source: 'env', provider: 'default', id: 'lower' }, /UPPER_CASE/],
    [{ source: 'file', provider: 'default', id: '' }, /needs an "id"/],
    [{ source: 'env', provider: 'default', id: 'X', extra: 1 }, /unknown field "extra"/],
    [42, /neither a key nor a SecretRef/],
  ])('refuses %j naming the field, with exit 5', (apiKey, message) => {
    expect(() => storedApiKey(at(apiKey))).toThrow(expect.objectContaining({ exitCode: 5, message: expect.stringMatching(message) }));
    expect(() => storedApiKey(at(apiKey))).toThrow(/models\.providers\.fastrouter\.apiKey/);
  });
});

describe('isEnvTemplate', () => {
  it('tells OpenClaw substitutions from plain text', () => {
    expect(isEnvTemplate('${FASTROUTER_API_KEY}')).toBe(true);
    expect(isEnvTemplate('Bearer ${A_1}')).toBe(true);
    expect(isEnvTemplate('$${ESCAPED}')).toBe(false);
    expect(isEnvTemplate('${lower}')).toBe(false);
    expect(isEnvTemplate('sk-v1-abcd')).toBe(false);
  });
});

describe('planMerge idempotence on a settings-only entry of a gone model', () => {
  it('found by the property test (seed 186533017): an alias on a model the catalog dropped does not hold the map open', () => {
    const before: JsonObject = { agents: { defaults: { models: { 'fastrouter/a/x': { alias: '' } } } } };
    const once = applyChanges(before, planMerge(before, provider('a/y')).changes);
    expect((once.agents as any).defaults.models).toEqual({});
    expect(planMerge(once, provider('a/y')).changes).toEqual([]);
  });
});

describe('settings on a FastRouter picker entry whose model leaves', () => {
  it('are named in the plan, so the user hears their alias went with the model', () => {
    const before: JsonObject = {
      models: { providers: { fastrouter: provider('a/x', 'a/y') } },
      agents: { defaults: { models: { 'other/m': {}, 'fastrouter/a/x': { alias: 'g5', params: { temperature: 0.1 } }, 'fastrouter/a/y': {} } } },
    };
    const plan = planMerge(before, provider('a/y'));
    expect(plan.droppedSettings).toEqual([{ ref: 'fastrouter/a/x', alias: 'g5' }]);
    expect(planMerge(before, provider('a/x', 'a/y')).droppedSettings).toEqual([]);
  });
});

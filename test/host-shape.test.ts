import { describe, expect, it } from 'vitest';
import { ownedShape } from '../src/core/host-shape.js';

const model = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: id,
  reasoning: false,
  input: ['text'],
  cost: { input: 1, output: 2, cacheRead: 0, cacheWrite: 0 },
  contextWindow: 1000,
  maxTokens: 100,
  ...extra,
});
const config = (models: unknown[], apiKey: unknown = 'sk-v1-00', extra: Record<string, unknown> = {}) => ({
  models: { providers: { fastrouter: { baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey, models } } },
  agents: { defaults: { models: Object.fromEntries(models.map((m) => [`fastrouter/${(m as { id: string }).id}`, {}])) } },
  ...extra,
});

describe('ownedShape', () => {
  it('ignores what a catalog refresh or a new key changes: ids, names, numbers, how many models, the key, the URL', () => {
    const a = ownedShape(config([model('a'), model('b')]));
    const b = config([model('x', { name: 'X', contextWindow: 5, input: ['text', 'image'] })], 'sk-v1-ff');
    (b.models.providers.fastrouter as { baseUrl: string }).baseUrl = 'http://127.0.0.1:1/api/v1';
    expect(ownedShape(b)).toBe(a);
  });

  it('changes with the structure OpenClaw judges: a new model key, a SecretRef key, a fastrouter primary, removal', () => {
    const a = ownedShape(config([model('a')]));
    expect(ownedShape(config([model('a'), model('b', { compat: { supportsTools: true } })]))).not.toBe(a);
    expect(ownedShape(config([model('a')], { source: 'env', provider: 'default', id: 'FASTROUTER_API_KEY' }))).not.toBe(a);
    expect(ownedShape(config([model('a')], { source: 'file', provider: 'default', id: 'FASTROUTER_API_KEY' }))).not.toBe(
      ownedShape(config([model('a')], { source: 'env', provider: 'default', id: 'FASTROUTER_API_KEY' })),
    );
    expect(ownedShape({ ...config([model('a')]), agents: { defaults: { model: { primary: 'fastrouter/a' } } } })).not.toBe(
      ownedShape({ ...config([model('a')]), agents: { defaults: { model: { primary: 'local/x' } } } }),
    );
    expect(ownedShape({ gateway: {} })).not.toBe(a);
  });

  it('is the same for any config without us, whatever else it holds', () => {
    expect(ownedShape({ gateway: { mode: 'local' } })).toBe(ownedShape({ models: { providers: { other: { api: 'x' } } } }));
  });
});

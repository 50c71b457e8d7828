import { describe, expect, it } from 'vitest';
import { buildProvider, ENV_KEY_REF } from '../src/core/provider.js';
import { ProviderBlock } from '../src/lazy/schemas.js';

const model = { id: 'a/b', name: 'B', reasoning: false as const, input: ['text' as const], cost: { input: 0 as const, output: 0 as const, cacheRead: 0 as const, cacheWrite: 0 as const }, contextWindow: 10, maxTokens: 5 };

describe('buildProvider', () => {
  it('writes exactly baseUrl, api, apiKey and models, in that order, with no provider-level name', async () => {
    const block = await buildProvider('https://api.fastrouter.ai/api/v1', 'sk-v1-ab', [model]);
    expect(Object.keys(block)).toEqual(['baseUrl', 'api', 'apiKey', 'models']);
    expect(block).toEqual({ baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: 'sk-v1-ab', models: [model] });
  });

  it('accepts a SecretRef key', async () => {
    expect((await buildProvider('https://h/api/v1', ENV_KEY_REF, [model])).apiKey).toEqual(ENV_KEY_REF);
  });

  it('refuses, through zod, a block OpenClaw would reject', async () => {
    await expect(buildProvider('ftp://h', 'sk-v1-ab', [model])).rejects.toThrow();
    await expect(buildProvider('https://h/api/v1', '', [model])).rejects.toThrow();
    await expect(buildProvider('https://h/api/v1', 'k', [{ ...model, name: '' }])).rejects.toThrow();
  });

  it('rejects what OpenClaw would reject: unknown keys at either level, missing names, empty lists', () => {
    const good = { baseUrl: 'https://h/api/v1', api: 'openai-completions', apiKey: 'k', models: [model] };
    expect(ProviderBlock.safeParse(good).success).toBe(true);
    expect(ProviderBlock.safeParse({ ...good, name: 'FastRouter' }).success).toBe(false);
    expect(ProviderBlock.safeParse({ ...good, models: [{ ...model, extra: 1 }] }).success).toBe(false);
    expect(ProviderBlock.safeParse({ ...good, models: [{ ...model, name: '' }] }).success).toBe(false);
    expect(ProviderBlock.safeParse({ ...good, models: [] }).success).toBe(false);
    expect(ProviderBlock.safeParse({ ...good, apiKey: { source: 'env', provider: 'default', id: 'X', extra: 1 } }).success).toBe(false);
  });
});

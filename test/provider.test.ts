import { describe, expect, it } from 'vitest';
import { buildProvider, ENV_KEY_REF } from '../src/core/provider.js';
import { ProviderBlock } from '../src/lazy/schemas.js';
import { ShapeError } from '../src/core/checks.js';
import { ExitCode } from '../src/core/errors.js';

const model = {
  id: 'a/b',
  name: 'B',
  reasoning: false as const,
  input: ['text' as const],
  cost: { input: 0 as const, output: 0 as const, cacheRead: 0 as const, cacheWrite: 0 as const },
  contextWindow: 10,
  maxTokens: 5,
};

describe('buildProvider', () => {
  it('writes exactly baseUrl, api, apiKey and models, in that order, with no provider-level name', () => {
    const block = buildProvider('https://api.fastrouter.ai/api/v1', 'sk-v1-ab', [model]);
    expect(Object.keys(block)).toEqual(['baseUrl', 'api', 'apiKey', 'models']);
    expect(block).toEqual({ baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: 'sk-v1-ab', models: [model] });
  });

  it('accepts a SecretRef key', () => {
    expect(buildProvider('https://h/api/v1', ENV_KEY_REF, [model]).apiKey).toEqual(ENV_KEY_REF);
  });

  it("refuses a block OpenClaw would reject with exit 5, naming zod's path once explained", async () => {
    const explained = async (build: () => unknown) => {
      try {
        build();
      } catch (error) {
        expect(error).toBeInstanceOf(ShapeError);
        expect((error as ShapeError).exitCode).toBe(ExitCode.config);
        return (await (error as ShapeError).explain()).message;
      }
      throw new Error('accepted');
    };
    expect(await explained(() => buildProvider('ftp://h', 'sk-v1-ab', [model]))).toMatch(
      /^The models\.providers\.fastrouter block would not pass OpenClaw's schema \(baseUrl: .+\); nothing was changed\.$/,
    );
    expect(await explained(() => buildProvider('https://h/api/v1', '', [model]))).toMatch(/\(apiKey: /);
    expect(await explained(() => buildProvider('https://h/api/v1', 'k', [{ ...model, name: '' }]))).toMatch(/\(models\.0\.name: /);
    expect(await explained(() => buildProvider('https://h/api/v1', { source: 'env', provider: 'Default', id: 'X' } as never, [model]))).toMatch(/\(apiKey\.provider: /);
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

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeCatalog, perMillion } from '../src/core/catalog.js';
import { CatalogError } from '../src/core/errors.js';
import { parseCatalogText } from '../src/net/fetch-catalog.js';
import { fixture } from './helpers.js';

const mixed = parseCatalogText(readFileSync(fixture('catalog', 'mixed.json'), 'utf8'));
const entry = (overrides: Record<string, unknown>) => ({
  id: 'p/m',
  name: 'M',
  is_active: true,
  context_length: 1000,
  architecture: { input_modalities: ['text'], output_modalities: ['text'] },
  ...overrides,
});

describe('perMillion', () => {
  it('scales USD per token to per million, rounding binary noise away', () => {
    expect(perMillion('0.000003')).toBe(3);
    expect(perMillion('0.0000003')).toBe(0.3);
    expect(perMillion('0.00000375')).toBe(3.75);
    expect(perMillion(0.000015)).toBe(15);
    expect(perMillion('1.2e-7')).toBe(0.12);
    expect(perMillion('0.0000000000001')).toBe(0);
  });
  it('is 0 for what is not a price', () => {
    for (const bad of [undefined, null, '', ' ', '0', 'n/a', '-1', -1, NaN, Infinity, '1e400', {}, [], true]) expect(perMillion(bad)).toBe(0);
  });
});

describe('normalizeCatalog', () => {
  const { models, stats } = normalizeCatalog(mixed);
  const byId = Object.fromEntries(models.map((m) => [m.id, m]));

  it('keeps active text-out models with text or image in, sorted by id', () => {
    expect(models.map((m) => m.id)).toEqual([
      'anthropic/claude-opus-4.1',
      'anthropic/claude-sonnet-4.6',
      'deepseek/deepseek-r1',
      'deepseek/deepseek-v3.2',
      'google/gemini-2.5-pro',
      'google/gemma4-26b:free',
      'meta-llama/llama-4-maverick',
      'mistralai/mistral-small',
      'openai/gpt-4o-mini',
      'openai/gpt-5.1',
      'qwen/qwen3-vl',
    ]);
  });

  it('counts what it skipped, by reason', () => {
    expect(stats).toEqual({ entries: 29, malformed: 5, unsuitable: 9, invalidIds: 3, duplicates: 1, envReferenceIds: 0, escapedNames: 0, rewrittenIds: [] });
  });

  it('writes the OpenClaw model shape', () => {
    expect(byId['anthropic/claude-sonnet-4.6']).toEqual({
      id: 'anthropic/claude-sonnet-4.6',
      name: 'Claude Sonnet 4.6',
      reasoning: false,
      input: ['text', 'image'],
      cost: { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
      contextWindow: 1000000,
      maxTokens: 64000,
    });
  });

  it('writes real costs in USD per million tokens, 0 for free, empty, null or unparsable prices', () => {
    expect(byId['openai/gpt-5.1']!.cost).toEqual({ input: 1, output: 2, cacheRead: 0, cacheWrite: 0 });
    expect(byId['google/gemma4-26b:free']!.cost).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
    expect(byId['mistralai/mistral-small']!.cost).toEqual({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 });
  });

  it('marks models whose parameters lack tools with compat.supportsTools false, and only those', () => {
    expect(byId['google/gemma4-26b:free']!.compat).toEqual({ supportsTools: false });
    expect(byId['anthropic/claude-sonnet-4.6']).not.toHaveProperty('compat');
  });

  it('reads modalities case-insensitively and keeps only text and image, in that order', () => {
    expect(byId['openai/gpt-4o-mini']!.input).toEqual(['text', 'image']);
    expect(byId['google/gemini-2.5-pro']!.input).toEqual(['text', 'image']);
    expect(byId['qwen/qwen3-vl']!.input).toEqual(['text', 'image']);
  });

  it("reads an image-only model as text and image, as OpenClaw's OpenRouter mapping does", () => {
    const image = entry({ architecture: { input_modalities: ['image'], output_modalities: ['text'] } });
    expect(normalizeCatalog([image]).models[0]!.input).toEqual(['text', 'image']);
  });

  it('reads architecture.modality when the modality lists are missing or empty, as OpenClaw does', () => {
    const read = (architecture: unknown) => normalizeCatalog([entry({ architecture })]);
    expect(read({ modality: 'text+image->text' }).models[0]!.input).toEqual(['text', 'image']);
    expect(read({ modality: 'text->text', input_modalities: [], output_modalities: [] }).models[0]!.input).toEqual(['text']);
    expect(read({ modality: 'text->image' })).toMatchObject({ models: [], stats: { unsuitable: 1 } });
    expect(read({ modality: 'text+image->text', input_modalities: ['text'] }).models[0]!.input).toEqual(['text']);
  });

  it('falls back for names: trimmed, else the id', () => {
    expect(byId['google/gemma4-26b:free']!.name).toBe('Gemma 4 26B (free)');
    expect(byId['mistralai/mistral-small']!.name).toBe('mistralai/mistral-small');
    expect(byId['qwen/qwen3-vl']!.name).toBe('qwen/qwen3-vl');
    expect(byId['meta-llama/llama-4-maverick']!.name).toBe('Llama 4 Maverick');
  });

  it("reads limits as OpenClaw's OpenRouter mapping does: top_provider first, no maxTokens when the catalog gives none", () => {
    expect(byId['deepseek/deepseek-v3.2']).toMatchObject({ contextWindow: 131072, maxTokens: 8192 });
    expect(byId['deepseek/deepseek-r1']).toMatchObject({ contextWindow: 163840, maxTokens: 32768 });
    expect(byId['meta-llama/llama-4-maverick']).toMatchObject({ contextWindow: 1048576 });
    expect(byId['meta-llama/llama-4-maverick']).not.toHaveProperty('maxTokens');
    expect(byId['google/gemma4-26b:free']).not.toHaveProperty('maxTokens');
    expect(normalizeCatalog([entry({ context_length: 4096 })]).models[0]).not.toHaveProperty('maxTokens');
    const served = normalizeCatalog([entry({ context_length: 1000000, top_provider: { context_length: 200000, max_completion_tokens: 0 } })]).models[0]!;
    expect(served.contextWindow).toBe(200000);
    expect(served).not.toHaveProperty('maxTokens');
  });

  it('falls back to max_output_tokens for maxTokens, after top_provider and max_completion_tokens', () => {
    const limits = (overrides: Record<string, unknown>) => normalizeCatalog([entry(overrides)]).models[0]!.maxTokens;
    expect(limits({ max_output_tokens: 2222 })).toBe(2222);
    expect(limits({ max_output_tokens: 2222, max_completion_tokens: 3333 })).toBe(3333);
    expect(limits({ max_output_tokens: 2222, top_provider: { max_completion_tokens: 4444 } })).toBe(4444);
    expect(limits({ max_output_tokens: 'x' })).toBeUndefined();
  });

  it('reads limits as positive safe integers only, as OpenClaw does', () => {
    const model = normalizeCatalog([entry({ context_length: 5000, top_provider: { context_length: 1500.5, max_completion_tokens: 99.5 }, max_completion_tokens: 800 })]).models[0]!;
    expect(model).toMatchObject({ contextWindow: 5000, maxTokens: 800 });
  });

  it('sets reasoning from supported_parameters (reasoning or include_reasoning)', () => {
    const reasoning = (supported_parameters: unknown) => normalizeCatalog([entry({ supported_parameters })]).models[0]!.reasoning;
    expect(reasoning(['tools', 'reasoning'])).toBe(true);
    expect(reasoning(['include_reasoning'])).toBe(true);
    expect(reasoning(['tools', 'temperature'])).toBe(false);
    expect(reasoning(undefined)).toBe(false);
  });

  it("reads a catalog reasoning object as OpenClaw's normalizeOpenRouterModelReasoning does", () => {
    const model = (reasoning: unknown) => normalizeCatalog([entry({ supported_parameters: ['tools'], reasoning })]).models[0]!;
    expect(model({ mandatory: true, supported_efforts: ['low', 'none', 'high'] })).toMatchObject({
      reasoning: true,
      compat: { supportsReasoningEffort: true, supportedReasoningEfforts: ['low', 'high'] },
      thinkingLevelMap: { off: null },
    });
    const optional = model({ mandatory: false, supported_efforts: null });
    expect(optional).toMatchObject({ reasoning: true, compat: { supportsReasoningEffort: true, supportedReasoningEfforts: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] } });
    expect(optional).not.toHaveProperty('thinkingLevelMap');
    const bare = model({ mandatory: true });
    expect(bare).toMatchObject({ reasoning: true, compat: { supportsReasoningEffort: false }, thinkingLevelMap: { off: null } });
    expect(bare.compat).not.toHaveProperty('supportedReasoningEfforts');
    for (const ignored of [undefined, null, true, {}, { mandatory: 'yes' }, { mandatory: true, supported_efforts: 'low' }]) {
      expect(model(ignored)).toEqual(expect.objectContaining({ reasoning: false }));
      expect(model(ignored)).not.toHaveProperty('thinkingLevelMap');
      expect(model(ignored).compat ?? {}).not.toHaveProperty('supportsReasoningEffort');
    }
  });

  it('keeps supportsTools false beside the reasoning compat fields', () => {
    const model = normalizeCatalog([entry({ supported_parameters: ['temperature'], reasoning: { mandatory: false, supported_efforts: ['high'] } })]).models[0]!;
    expect(model.compat).toEqual({ supportsTools: false, supportsReasoningEffort: true, supportedReasoningEfforts: ['none', 'high'] });
  });

  it('leaves out, and names, ids OpenClaw rewrites into another model', () => {
    const { models, stats } = normalizeCatalog([entry({ id: 'google/gemini-3.1-flash-lite-preview' }), entry({ id: 'google/gemini-3.1-flash-lite' }), entry({ id: 'vertex/google/gemini-3-pro' })]);
    expect(models.map((m) => m.id)).toEqual(['google/gemini-3.1-flash-lite']);
    expect(stats.rewrittenIds).toEqual(['google/gemini-3.1-flash-lite-preview → google/gemini-3.1-flash-lite', 'vertex/google/gemini-3-pro → vertex/google/gemini-3.1-pro-preview']);
  });

  it('lets the first qualifying entry win a repeated id', () => {
    expect(byId['anthropic/claude-sonnet-4.6']!.contextWindow).toBe(1000000);
    const { models: first } = normalizeCatalog([entry({ is_active: false, name: 'inactive' }), entry({ name: 'second' }), entry({ name: 'third' })]);
    expect(first.map((m) => m.name)).toEqual(['second']);
  });

  it.each(['', ' ', 'a b', 'a\tb', 'x@y', 'a\u001b[31mred', 'a\u0000b', 'x'.repeat(257)])('skips the unaddressable id %j', (id) => {
    expect(normalizeCatalog([entry({ id })])).toMatchObject({ models: [], stats: { invalidIds: 1 } });
  });

  it('accepts a 256-character id and ids with ":" and "."', () => {
    expect(normalizeCatalog([entry({ id: 'x'.repeat(256) }), entry({ id: 'a/b-1.5:free' })]).models).toHaveLength(2);
  });

  it('strips control characters and escape sequences from names', () => {
    expect(normalizeCatalog([entry({ name: 'Evil\u001b[2J\u0007 Model\u009b' })]).models[0]!.name).toBe('Evil[2J Model');
  });

  it('never throws on entries of the wrong shape', () => {
    const junk = [1, 'x', null, [], {}, { id: 5 }, entry({ architecture: [] }), entry({ top_provider: 'x' }), entry({ is_active: 'yes' })];
    expect(normalizeCatalog(junk)).toMatchObject({ models: [], stats: { malformed: 9, unsuitable: 0 } });
  });
});

describe('parseCatalogText', () => {
  it.each([
    ['<html>502</html>', /HTML instead of JSON/],
    ['not json', /not JSON/],
    ['{"data": {}}', /no "data" array/],
    ['', /empty/],
    ['[1,2]', /no "data" array/],
  ])('refuses %j with a CatalogError', (text, message) => {
    expect(() => parseCatalogText(text)).toThrow(CatalogError);
    expect(() => parseCatalogText(text)).toThrow(message);
  });
});

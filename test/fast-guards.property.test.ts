import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkState, isCatalogEntry, isModelEntry, isProviderBlock } from '../src/core/checks.js';
import { CatalogEntry, ModelEntry, ProviderBlock, State } from '../src/lazy/schemas.js';
import { budget } from './helpers.js';

// src/core/checks.ts mirrors each zod schema by hand (zod costs a run tens of ms: BENCHMARKS.md).
// The mirror decides alone, so it must agree with zod exactly, on realistic input and on anything.

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(null), fc.constant(undefined), fc.anything());
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Infinity, -Infinity, NaN), fc.string());
const strings = fc.oneof(fc.array(fc.string()), fc.array(fc.anything()), fc.anything());

const entry = fc.record(
  {
    id: fc.oneof(fc.string(), fc.anything()),
    name: fc.anything(),
    is_active: maybe(fc.boolean()),
    context_length: maybe(number),
    max_completion_tokens: maybe(number),
    architecture: maybe(fc.record({ input_modalities: maybe(strings), output_modalities: maybe(strings) }, { requiredKeys: [] })),
    top_provider: maybe(fc.record({ context_length: maybe(number), max_completion_tokens: maybe(number) }, { requiredKeys: [] })),
    pricing: fc.anything(),
    supported_parameters: fc.oneof(fc.array(fc.constantFrom('tools', 'reasoning')), fc.anything()),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

const model = fc.record(
  {
    id: fc.oneof(fc.string(), fc.anything()),
    name: fc.oneof(fc.string(), fc.anything()),
    reasoning: fc.oneof(fc.boolean(), fc.anything()),
    input: fc.oneof(fc.array(fc.constantFrom('text', 'image', 'audio')), fc.anything()),
    cost: fc.oneof(
      fc.record({ input: number, output: number, cacheRead: number, cacheWrite: number, extra: fc.anything() }, { requiredKeys: ['input', 'output', 'cacheRead', 'cacheWrite'] }),
      fc.anything(),
    ),
    contextWindow: number,
    maxTokens: number,
    compat: fc.oneof(fc.record({ supportsTools: fc.oneof(fc.boolean(), fc.anything()), extra: fc.anything() }, { requiredKeys: [] }), fc.anything()),
    extra: fc.anything(),
  },
  { requiredKeys: ['id', 'name', 'reasoning', 'input', 'cost', 'contextWindow'] },
);

const CASES = 3000;

describe('fast guards agree with the zod schemas', () => {
  it('catalog entries', { timeout: budget({ cases: CASES }) }, () => {
    fc.assert(
      fc.property(fc.oneof(entry, fc.anything()), (raw) => {
        expect(isCatalogEntry(raw)).toBe(CatalogEntry.safeParse(raw).success);
      }),
      { numRuns: CASES },
    );
  });

  it('provider blocks', { timeout: budget({ cases: CASES }) }, () => {
    const goodModel = { id: 'a/b', name: 'B', reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 10, maxTokens: 5 };
    const block = fc.record(
      {
        baseUrl: fc.oneof(fc.constantFrom('https://api.fastrouter.ai/api/v1', 'http://127.0.0.1:1/api/v1', 'ftp://x', 'not a url', 'https://', 'HTTPS://X.Y', 'http:/x'), fc.webUrl(), fc.anything()),
        api: fc.oneof(fc.constant('openai-completions'), fc.anything()),
        apiKey: fc.oneof(
          fc.string(),
          fc.record({ source: fc.constantFrom('env', 'file', 'exec', 'store', 'vault'), provider: fc.oneof(fc.constantFrom('default', 'Default', '1x'), fc.string()), id: fc.string() }),
          fc.anything(),
        ),
        models: fc.oneof(fc.constant([goodModel]), fc.array(fc.oneof(fc.constant(goodModel), model)), fc.anything()),
        name: fc.string(),
      },
      { requiredKeys: ['baseUrl', 'api', 'apiKey', 'models'] },
    );
    fc.assert(
      fc.property(block, (raw) => {
        expect(isProviderBlock(raw)).toBe(ProviderBlock.safeParse(raw).success);
      }),
      { numRuns: CASES },
    );
  });

  it('model entries', { timeout: budget({ cases: CASES }) }, () => {
    fc.assert(
      fc.property(fc.oneof(model, fc.anything()), (raw) => {
        expect(isModelEntry(raw)).toBe(ModelEntry.safeParse(raw).success);
      }),
      { numRuns: CASES },
    );
  });

  it('state files: the same verdict, defaults and forgotten host-check memory', { timeout: budget({ cases: CASES }) }, () => {
    const list = fc.oneof(fc.array(fc.string()), fc.anything());
    const state = fc.record(
      {
        include: list,
        exclude: list,
        policyWildcardAdded: fc.oneof(fc.boolean(), fc.anything()),
        hostCheck: fc.oneof(
          fc.record({ openclaw: fc.oneof(fc.string(), fc.anything()), shapes: list, hadProblems: fc.oneof(fc.boolean(), fc.anything()), extra: fc.anything() }, { requiredKeys: [] }),
          fc.anything(),
        ),
        lastRefresh: fc.oneof(fc.string(), fc.anything()),
        primary: fc.oneof(
          fc.record({ set: fc.oneof(fc.string(), fc.anything()), previous: fc.oneof(fc.string(), fc.constant(null), fc.anything()), extra: fc.anything() }, { requiredKeys: [] }),
          fc.anything(),
        ),
        wrote: fc.oneof(
          fc.record({ hash: fc.oneof(fc.string(), fc.anything()), primary: fc.oneof(fc.string(), fc.constant(null), fc.anything()), extra: fc.anything() }, { requiredKeys: [] }),
          fc.anything(),
        ),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(state, fc.anything()), (raw) => {
        const parsed = State.safeParse(raw);
        expect(checkState(raw)).toEqual(parsed.success ? parsed.data : undefined);
      }),
      { numRuns: CASES },
    );
  });
});

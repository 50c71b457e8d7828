import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogEntry, looksLikeCatalogEntry } from '../src/catalog.js';
import { looksLikeModelEntry, ModelEntry } from '../src/provider.js';

// The hand-written guards are a fast path in front of the zod schemas: whatever they accept, zod
// must accept (or a malformed entry would slip through), and on realistic input they should agree.

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
    cost: fc.oneof(fc.record({ input: number, output: number, cacheRead: number, cacheWrite: number, extra: fc.anything() }, { requiredKeys: ['input', 'output', 'cacheRead', 'cacheWrite'] }), fc.anything()),
    contextWindow: number,
    maxTokens: number,
    extra: fc.anything(),
  },
  { requiredKeys: ['id', 'name', 'reasoning', 'input', 'cost', 'contextWindow', 'maxTokens'] },
);

describe('fast guards agree with the zod schemas', () => {
  it('catalog entries', () => {
    fc.assert(
      fc.property(fc.oneof(entry, fc.anything()), (raw) => {
        expect(looksLikeCatalogEntry(raw)).toBe(CatalogEntry.safeParse(raw).success);
      }),
      { numRuns: 3000 },
    );
  });

  it('model entries', () => {
    fc.assert(
      fc.property(fc.oneof(model, fc.anything()), (raw) => {
        expect(looksLikeModelEntry(raw)).toBe(ModelEntry.safeParse(raw).success);
      }),
      { numRuns: 3000 },
    );
  });
});

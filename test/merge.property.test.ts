import fc from 'fast-check';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { normalizeCatalog } from '../src/core/catalog.js';
import { renderConfig } from '../src/json5/config-text.js';
import { applyChanges } from '../src/core/changes.js';
import { deepEqual, isPlainObject, type JsonObject } from '../src/core/json.js';
import { assertMergeable, planMerge } from '../src/core/merge.js';
import { buildProvider } from '../src/core/provider.js';
import { budget } from './helpers.js';

const ids = fc.constantFrom('a/x', 'a/y', 'b/z:free', 'c/w.1', 'd/v');
const ref = fc.oneof(
  ids.map((id) => `fastrouter/${id}`),
  fc.constantFrom('local/m', 'other/n', 'fastrouter/gone'),
);
const json = fc.jsonValue({ maxDepth: 3 });

const catalogEntry = fc.record({
  id: ids,
  name: fc.option(fc.string(), { nil: undefined }),
  is_active: fc.boolean(),
  context_length: fc.option(fc.integer({ min: -1, max: 100000 }), { nil: null }),
  architecture: fc.record({
    input_modalities: fc.subarray(['text', 'image', 'audio', 'TEXT']),
    output_modalities: fc.subarray(['text', 'image', 'Text']),
  }),
});

const config = fc.record(
  {
    meta: fc.dictionary(fc.string(), json),
    gateway: fc.record({ mode: fc.constantFrom('local', 'remote'), token: fc.constant('${TOKEN}') }),
    channels: fc.dictionary(fc.string(), json),
    models: fc.record(
      {
        mode: fc.constantFrom('merge', 'replace'),
        providers: fc.dictionary(fc.constantFrom('fastrouter', 'local', 'vault', 'x'), fc.dictionary(fc.string(), json)),
      },
      { requiredKeys: [] },
    ),
    agents: fc.record(
      {
        defaults: fc.record(
          {
            model: fc.record({ primary: ref }),
            models: fc.dictionary(ref, fc.oneof(fc.record({ alias: fc.string() }), fc.constant({}))),
            modelPolicy: fc.record({ allow: fc.array(fc.constantFrom('local/*', 'other/n', 'fastrouter/*')) }),
          },
          { requiredKeys: [] },
        ),
        list: fc.array(json, { maxLength: 2 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

/** Everything the merge does not own: the config minus our block, our entries, the allow list, and containers we had to create. */
function unowned(value: JsonObject, template: JsonObject): JsonObject {
  const copy = structuredClone(value) as any;
  delete copy.models?.providers?.fastrouter;
  for (const k of Object.keys(copy.agents?.defaults?.models ?? {})) if (k.startsWith('fastrouter/')) delete copy.agents.defaults.models[k];
  if (copy.agents?.defaults?.modelPolicy) delete copy.agents.defaults.modelPolicy.allow;
  const prune = (node: any, shape: any, keys: string[]) => {
    if (!isPlainObject(node) || keys.length === 0) return;
    const [k, ...rest] = keys as [string, ...string[]];
    prune(node[k], shape?.[k], rest);
    if (isPlainObject(node[k]) && Object.keys(node[k]).length === 0 && !(isPlainObject(shape) && k in shape)) delete node[k];
  };
  prune(copy, template, ['models', 'providers']);
  prune(copy, template, ['agents', 'defaults', 'models']);
  prune(copy, template, ['agents', 'defaults', 'modelPolicy']);
  return copy;
}

const CASES = 300;

describe('merge properties', () => {
  it('changes nothing outside what it owns, and is idempotent', { timeout: budget({ cases: CASES }) }, () => {
    fc.assert(
      fc.property(config, fc.array(catalogEntry, { minLength: 1, maxLength: 8 }), (before, entries) => {
        const { models } = normalizeCatalog(entries);
        fc.pre(models.length > 0);
        assertMergeable(before);
        const provider = buildProvider('https://api.fastrouter.ai/api/v1', 'sk-v1-ab', models);
        const after = applyChanges(before, planMerge(before, provider).changes);
        expect(unowned(after, before)).toEqual(unowned(before, before));
        expect(planMerge(after, provider).changes).toEqual([]);
        const bag = (after.agents as any)?.defaults?.models;
        // Picker entries exactly where they start no allowlist; never any for models not offered.
        const withEntries = planMerge(before, provider).picker === undefined;
        for (const m of models) expect(bag?.[`fastrouter/${m.id}`] !== undefined).toBe(withEntries);
        const offered = new Set(models.map((m) => `fastrouter/${m.id}`));
        for (const ref of Object.keys(bag ?? {})) if (ref.startsWith('fastrouter/')) expect(offered.has(ref)).toBe(true);
      }),
      { numRuns: CASES },
    );
  });

  it('edits text of any style so that it parses to exactly the merged object', { timeout: budget({ cases: CASES }) }, () => {
    const style = fc.constantFrom<[string, (v: unknown) => string]>(
      ['json2', (v) => JSON.stringify(v, null, 2)],
      ['json4', (v) => JSON.stringify(v, null, 4)],
      ['tabs-crlf', (v) => JSON.stringify(v, null, '\t').replace(/\n/g, '\r\n')],
      ['compact', (v) => JSON.stringify(v)],
      ['json5', (v) => JSON5.stringify(v, null, 2)],
      ['json5-comments', (v) => `// header\n${JSON5.stringify(v, null, 2).replace(/,\n/g, ', // note\n')}\n/* end */`],
    );
    fc.assert(
      fc.property(config, fc.array(catalogEntry, { minLength: 1, maxLength: 6 }), style, (before, entries, [, write]) => {
        const { models } = normalizeCatalog(entries);
        fc.pre(models.length > 0);
        const provider = buildProvider('https://api.fastrouter.ai/api/v1', 'sk-v1-ab', models);
        const after = applyChanges(before, planMerge(before, provider).changes);
        const text = write(before);
        const rendered = renderConfig(text, JSON5.parse(text), after);
        expect(rendered.preserved).toBe(true);
        expect(deepEqual(JSON5.parse(rendered.text), after)).toBe(true);
      }),
      { numRuns: CASES },
    );
  });
});

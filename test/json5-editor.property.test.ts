import fc from 'fast-check';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { parseJson5 } from '../src/json5/json5-cst.js';
import { providerFrom, sameReading, setupRun } from './config-runs.js';
import { config, render } from './generated-json5.js';

// Generated hand-written configs (generated-json5.ts): every comment outside what a run removes or
// replaces must survive it.

const ids = (text: string) => [...text.matchAll(/(?:\/\/|\/\*) (c\d+)/g)].map((m) => m[1]!);

describe('the editor on generated hand-written configs', async () => {
  const mixed = await providerFrom('mixed.json');
  const updated = await providerFrom('updated.json');
  const CASES = Number(process.env.JSON5_PROPERTY_CASES ?? 500);
  // Measured: about 20 ms a case (three setup runs) on the loaded 2-core machine; 5x headroom.
  const PER_CASE_MS = 20 * 5;

  it(
    'keeps every comment outside what it removes, reads back exactly, and a second run changes nothing',
    () => {
      fc.assert(
        fc.property(config, (c) => {
          const { text, keep } = render(c);
          const reference = JSON5.parse(text);
          expect(sameReading(parseJson5(text).root.value, reference)).toBe(true);

          const first = setupRun(text, mixed);
          expect(first.changed && first.preserved).toBe(true);
          expect(sameReading(JSON5.parse(first.text), first.after)).toBe(true);
          const seen = ids(first.text);
          expect(new Set(seen).size).toBe(seen.length);
          for (const name of keep) expect(seen, `comment ${name}`).toContain(name);
          expect(first.text.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
          expect(setupRun(first.text, mixed).changed).toBe(false);

          const second = setupRun(first.text, updated);
          expect(second.changed && second.preserved).toBe(true);
          expect(sameReading(JSON5.parse(second.text), second.after)).toBe(true);
          for (const name of keep) expect(ids(second.text), `comment ${name}`).toContain(name);
          expect(setupRun(second.text, updated).changed).toBe(false);
        }),
        { numRuns: CASES },
      );
    },
    10_000 + CASES * PER_CASE_MS,
  );
});

import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, no types
import { bundleOptions, ENTRIES, root } from '../scripts/bundle-options.mjs';
import { budget } from './helpers.js';

/** Packages that only a lazy chunk may contain: each costs start-up time on every run that loads it. */
const LAZY_PACKAGES = ['zod', 'undici', 'diff'];
/** The chunks every run loads: the entry (also for --help) and the runner. */
const ALWAYS_LOADED = ['fastrouter-openclaw.cjs', 'main.cjs'];

async function metafile() {
  const result = await build({ ...bundleOptions(join(root, 'dist')), write: false, metafile: true, logLevel: 'silent' });
  return result.metafile!;
}

const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];

describe('dist/ chunks (esbuild metafile)', () => {
  it('keeps zod, undici and diff out of the entry and the runner, each in its own lazy chunk', { timeout: budget({}) }, async () => {
    const meta = await metafile();
    const chunks = new Map(Object.entries(meta.outputs).map(([output, { inputs }]) => [output.split('/').pop()!, Object.keys(inputs)]));
    expect([...chunks.keys()].sort()).toEqual(
      Object.keys(ENTRIES)
        .map((name) => `${name}.cjs`)
        .sort(),
    );
    for (const chunk of ALWAYS_LOADED) {
      const leaked = chunks
        .get(chunk)!
        .map(packageOf)
        .filter((name) => name !== undefined && LAZY_PACKAGES.includes(name));
      expect([...new Set(leaked)], `${chunk} must not bundle these (import them through src/lazy/)`).toEqual([]);
    }
    // The check above must be looking at real packages: each one does reach its own chunk.
    for (const name of LAZY_PACKAGES) {
      const holders = [...chunks].filter(([, inputs]) => inputs.some((input) => packageOf(input) === name)).map(([chunk]) => chunk);
      expect(holders, name).toHaveLength(1);
      expect(ALWAYS_LOADED).not.toContain(holders[0]);
    }
    // A static import of a lazy chunk would load it on every run even though it is a file of its own.
    const lazyChunks = Object.keys(ENTRIES)
      .filter((name) => !ALWAYS_LOADED.includes(`${name}.cjs`))
      .map((name) => `./${name}.cjs`);
    const eager = Object.entries(meta.inputs).flatMap(([input, { imports }]) => imports.filter((i) => lazyChunks.includes(i.path) && i.kind !== 'dynamic-import').map((i) => `${input} -> ${i.path}`));
    expect(eager, 'import src/lazy/ only with await import()').toEqual([]);
  });
});

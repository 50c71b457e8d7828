// `node bench/checks.mjs [node-binary...]`: what checking the catalog and the provider block costs a
// run, with zod alone versus the hand-written guards (zod then loads only for what they reject).
// Each sample is a fresh process (a CLI run checks once, cold); prints medians in ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { syntheticCatalog } from '../fixtures/synthetic.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'fastrouter-checks-'));

// One probe per way of checking, bundled like dist/ (CommonJS, minified, zod/mini).
const probe = (body) => `
const t0 = performance.now();
${body}
process.stdout.write(JSON.stringify(result));`;
const common = `
const catalog = require(process.env.CATALOG).data;
const toModel = (e) => ({ id: e.id, name: e.id, reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 8192, maxTokens: 4096 });`;
const probes = {
  zod: probe(`
const { CatalogEntry, ProviderBlock } = require('${ROOT}src/lazy/schemas.ts');
const t1 = performance.now();
${common}
const t2 = performance.now();
const entries = catalog.filter((e) => CatalogEntry.safeParse(e).success);
ProviderBlock.parse({ baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: 'sk-v1-ab', models: entries.map(toModel) });
const t3 = performance.now();
const result = { load: t1 - t0, check: t3 - t2, total: t1 - t0 + t3 - t2 };`),
  guards: probe(`
const { isCatalogEntry, isProviderBlock } = require('${ROOT}src/core/checks.ts');
const t1 = performance.now();
${common}
const t2 = performance.now();
const entries = catalog.filter((e) => isCatalogEntry(e));
isProviderBlock({ baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions', apiKey: 'sk-v1-ab', models: entries.map(toModel) });
const t3 = performance.now();
const result = { load: t1 - t0, check: t3 - t2, total: t1 - t0 + t3 - t2 };`),
};
for (const [name, contents] of Object.entries(probes)) {
  await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.18',
    minify: true,
    outfile: join(work, `${name}.cjs`),
    logLevel: 'warning',
  });
}
const catalogs = Object.fromEntries(
  [300, 10_000].map((n) => {
    const path = join(work, `catalog-${n}.json`);
    writeFileSync(path, JSON.stringify(syntheticCatalog(n)));
    return [n, path];
  }),
);

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const nodes = process.argv.slice(2).length ? process.argv.slice(2) : [process.execPath];
console.log('| Node | catalog | zod: load + check | guards: load + check |\n| --- | --- | --- | --- |');
for (const node of nodes) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  for (const [n, catalog] of Object.entries(catalogs)) {
    const cells = [];
    for (const name of Object.keys(probes)) {
      const samples = [];
      for (let i = 0; i < RUNS; i++) samples.push(JSON.parse(spawnSync(node, [join(work, `${name}.cjs`)], { encoding: 'utf8', env: { CATALOG: catalog } }).stdout));
      const m = (k) => median(samples.map((s) => s[k])).toFixed(1);
      cells.push(`${m('total')} (${m('load')} + ${m('check')})`);
    }
    console.log(`| ${version} | ${Number(n).toLocaleString('en')} models | ${cells.join(' | ')} |`);
  }
}
rmSync(work, { recursive: true, force: true });

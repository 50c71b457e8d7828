// The key, checked with FastRouter before anything is written (issue 20): a mocked FastRouter on a
// real socket answers POST /api/v1/generation as FastRouter does (401 for a bad key, 404 for a good
// one), and the CLI runs as a child process.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerAsFastRouter, budget, fixture, NO_CREDITS_KEY, readJson, REFUSED_KEY, RESTRICTED_KEY, runCli, serve, serveFile, tempDir, TEST_KEY, type TestServer } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
export const FR_KEY = `sk-fr-${'5e41ce'.repeat(5)}`;

describe('service-account keys (sk-fr-)', () => {
  it('sets up with an sk-fr- key, masks it in every output, and keeps the config owner-only', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    await writeFile(config, '{}\n', { mode: 0o644 });
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key-stdin', '--json', '--no-validate'], { input: `${FR_KEY}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).key).toBe(`sk-fr-…${FR_KEY.slice(-4)}`);
    expect(r.stdout + r.stderr).not.toContain(FR_KEY.slice(6, 20));
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toBe(FR_KEY);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    expect(await readFile(config, 'utf8')).toContain(FR_KEY);
  });

  it('still refuses what is plainly not a key, with the same message', { timeout: budget({ runs: 1 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const r = await runCli(['--config', config, '--catalog', MIXED, '--key', 'sk-fr-not-a-key']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not look like a FastRouter API key/);
    await expect(stat(config)).rejects.toThrow();
  });
});

async function configIn(text?: string) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  if (text !== undefined) await writeFile(config, text, { mode: 0o600 });
  const run = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) => runCli(['--config', config, ...args], opts);
  return { dir, config, run };
}

const posts = (server: TestServer) => server.requests.filter((q) => q.method === 'POST');

describe('the key is checked with FastRouter before anything is written', () => {
  it('a key FastRouter refuses: exit 2, what FastRouter said, nothing written, the key never printed', { timeout: budget({ runs: 2 }) }, async () => {
    const server = await serveFile(MIXED);
    const fresh = await configIn();
    const r = await fresh.run(['--base-url', server.url, '--key-stdin'], { input: REFUSED_KEY });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/FastRouter refused the key sk-v1-…ad00 \(HTTP 401: "Invalid Credentials"\), so nothing was written/);
    expect(r.stdout + r.stderr).not.toContain(REFUSED_KEY.slice(6, 20));
    expect(posts(server)).toEqual([expect.objectContaining({ path: '/api/v1/generation', headers: expect.objectContaining({ authorization: `Bearer ${REFUSED_KEY}` }) })]);
    expect(await readdir(fresh.dir)).toEqual([]);

    const existing = await configIn('{ models: {} } // mine\n');
    const again = await existing.run(['--base-url', server.url, '--key', REFUSED_KEY, '--json']);
    expect(again.code).toBe(2);
    expect(await readFile(existing.config, 'utf8')).toBe('{ models: {} } // mine\n');
    expect(await readdir(existing.dir)).toEqual(['openclaw.json']);
  });

  it('a key FastRouter accepts (404 for the made-up generation) is reported as checked', { timeout: budget({ runs: 2 }) }, async () => {
    const server = await serveFile(MIXED);
    const { run } = await configIn();
    const json = await run(['--base-url', server.url, '--key', TEST_KEY, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).keyCheck).toEqual({ status: 'verified', detail: 'FastRouter accepted it' });
    const [post] = posts(server);
    expect(post).toMatchObject({ path: '/api/v1/generation', headers: { authorization: `Bearer ${TEST_KEY}`, 'content-type': 'application/json' } });
    const text = await run(['--base-url', server.url, '--key', TEST_KEY]);
    expect(text.stdout).toContain('Key checked with FastRouter: accepted.');
  });

  it('runs beside the catalog request, not after it: each is answered only once the other has arrived', { timeout: budget({ runs: 1 }) }, async () => {
    const catalog = await readFile(MIXED);
    const waiting: Array<() => void> = [];
    const server = await serve((req, res) => {
      const answer = () => (answerAsFastRouter(req, res) ? undefined : res.writeHead(200, { 'content-type': 'application/json' }).end(catalog));
      waiting.push(answer);
      if (waiting.length === 2) waiting.splice(0).forEach((go) => go());
    });
    const { run } = await configIn();
    const r = await run(['--base-url', server.url, '--key', TEST_KEY, '--timeout', '20', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).keyCheck.status).toBe('verified');
  });

  it.each([
    ['HTTP 500', (res: ServerResponse) => res.writeHead(500).end('{"error":{"message":"upstream down"}}'), /FastRouter answered HTTP 500 "upstream down"/],
    ['a bare 404', (res: ServerResponse) => res.writeHead(404).end('<html>no</html>'), /HTTP 404 without FastRouter's error body/],
    ['no answer in time', () => {}, /no answer from 127\.0\.0\.1:\d+ within 2 s/],
  ] as const)('goes on when the check is inconclusive (%s), and says the key was not verified and why', { timeout: budget({ runs: 2 }) }, async (_name, answer, reason) => {
    const catalog = await readFile(MIXED);
    const server = await serve((req, res) => (req.method === 'POST' ? answer(res) : res.writeHead(200, { 'content-type': 'application/json' }).end(catalog)));
    const { run, config } = await configIn();
    const r = await run(['--base-url', server.url, '--key', TEST_KEY, '--timeout', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).keyCheck).toEqual({ status: 'not-verified', reason: expect.stringMatching(reason) });
    expect((await readJson(config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
    const text = await run(['--base-url', server.url, '--key', TEST_KEY, '--timeout', '2']);
    expect(text.stdout).toMatch(/^The key was not verified with FastRouter \(.+\)\.$/m);
  });

  it('never follows a redirect with the key to another host', { timeout: budget({ runs: 1 }) }, async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(404).end('{"error":{"message":"not found"}}'));
    const catalog = await readFile(MIXED);
    const server = await serve((req, res) =>
      req.method === 'POST' ? res.writeHead(307, { location: `${elsewhere.url}/api/v1/generation` }).end() : res.writeHead(200, { 'content-type': 'application/json' }).end(catalog),
    );
    const { run } = await configIn();
    const r = await run(['--base-url', server.url, '--key', TEST_KEY, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).keyCheck).toEqual({ status: 'not-verified', reason: expect.stringMatching(/HTTP 307 to http:\/\/127\.0\.0\.1:\d+, a redirect the key was not sent after/) });
    expect(elsewhere.requests).toEqual([]);
  });

  it('is skipped with --no-key-check, with --catalog (offline), and on a refresh that reuses the stored key', { timeout: budget({ runs: 4 }) }, async () => {
    const server = await serveFile(MIXED);
    const { run } = await configIn();
    const skipped = await run(['--base-url', server.url, '--key', REFUSED_KEY, '--no-key-check', '--json']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(JSON.parse(skipped.stdout).keyCheck).toEqual({ status: 'skipped', reason: '--no-key-check' });
    const offline = await run(['--catalog', MIXED, '--key', TEST_KEY, '--json']);
    expect(JSON.parse(offline.stdout).keyCheck).toEqual({ status: 'not-verified', reason: expect.stringMatching(/--catalog/) });
    const refresh = await run(['--base-url', server.url, '--json']);
    expect(refresh.code, refresh.stderr).toBe(0);
    expect(JSON.parse(refresh.stdout).keyCheck).toEqual({ status: 'skipped', reason: expect.stringMatching(/stored/) });
    expect(posts(server)).toEqual([]);
    expect(refresh.stdout + offline.stdout).not.toContain('verified with FastRouter (');
  });
});

describe('--probe: a 1-token chat completion to a free model', () => {
  it.each([
    [TEST_KEY, 0, { status: 'verified', detail: expect.stringMatching(/1-token request to google\/gemma4-26b:free went through/) }, undefined],
    [NO_CREDITS_KEY, 0, { status: 'verified', detail: 'FastRouter accepted it' }, /no credits \(HTTP 402 "Insufficient credits"\)/],
    [RESTRICTED_KEY, 0, { status: 'verified', detail: 'FastRouter accepted it' }, /does not let it use google\/gemma4-26b:free \(HTTP 403 "Model not allowed for this key"\)/],
  ])('%s', { timeout: budget({ runs: 1 }) }, async (key, code, keyCheck, warning) => {
    const server = await serveFile(MIXED);
    const { run } = await configIn();
    const r = await run(['--base-url', server.url, '--key', key, '--probe', '--json']);
    expect(r.code, r.stderr).toBe(code);
    const report = JSON.parse(r.stdout);
    expect(report.keyCheck).toEqual(keyCheck);
    if (warning) expect(report.warnings.join(' ')).toMatch(warning);
    const chat = posts(server).find((q) => q.path === '/api/v1/chat/completions');
    expect(chat?.headers.authorization).toBe(`Bearer ${key}`);
  });
});

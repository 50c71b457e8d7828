import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'fastrouter-openclaw.cjs');
export const fixture = (...parts: string[]) => join(ROOT, 'fixtures', ...parts);

/**
 * Time budgets sized by what a test does, not by luck: CI runs on a loaded 2-core machine, where one
 * CLI run can take seconds and one property case tens of milliseconds. A budget only has to catch a
 * hang, so it is generous: a fixed margin plus a share per child process and per property case.
 */
export function budget(work: { runs?: number; cases?: number }): number {
  return 10_000 + (work.runs ?? 0) * 5_000 + (work.cases ?? 0) * 50;
}

/** Recognizable in any output it leaks into. */
export const TEST_KEY = `sk-v1-${'feedc0de'.repeat(4)}`;
export const KEY_SECRET_PART = 'feedc0defeedc0de';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a child process with a clean environment (no real HOME, no proxies). */
export function runCli(args: string[], options: { env?: Record<string, string>; input?: string; home?: string } = {}): Promise<RunResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.home ?? join(tmpdir(), 'fastrouter-no-home'),
    NO_COLOR: '1',
    // Anything that tries to leave loopback fails fast instead of reaching the internet.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fastrouter-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface TestServer {
  url: string;
  requests: Array<{ method: string; path: string; headers: IncomingMessage['headers'] }>;
}

/** An HTTP server on 127.0.0.1, closed after the test. */
export async function serve(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  // As a forward proxy: record CONNECT tunnels and refuse them.
  server.on('connect', (req: IncomingMessage, socket: import('node:net').Socket) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

export async function serveFile(path: string, status = 200): Promise<TestServer> {
  const body = await readFile(path);
  return serve((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
}

export async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'));
}

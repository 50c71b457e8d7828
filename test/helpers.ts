import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';

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

/**
 * HOME for runs that name their config: a path that does not exist, unique to this test file's
 * process, so a test that forgets --config cannot find a config an earlier run (or another user)
 * left there. If anything creates it, the file fails after its tests (see below).
 */
export const NO_HOME = join(tmpdir(), `fastrouter-no-home-${randomUUID()}`);
afterAll(async () => {
  if (await stat(NO_HOME).catch(() => undefined)) {
    await removeTree(NO_HOME);
    throw new Error(`a run wrote into the default HOME ${NO_HOME}: give it --config, or a home of its own (runCli's home option)`);
  }
});

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  home?: string;
}

/** Runs the built CLI as a child process with a clean environment (no real HOME, no proxies). */
export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return spawnCli(CLI, args, options);
}

export interface SpawnOptions extends RunOptions {
  as?: UserId;
  cwd?: string;
  /** The Node to run it with: a shared world's, for a child run as another user. */
  node?: string;
  /** `ulimit -f` in 1024-byte blocks, with SIGXFSZ ignored: writes past it fail with EFBIG. */
  fileBlocks?: number;
}

/** A CLI bundle as a child process, with a clean environment, optionally as another user or under a file-size limit. */
export function spawnCli(cli: string, args: string[], options: SpawnOptions): Promise<RunResult> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: options.home ?? NO_HOME,
    NO_COLOR: '1',
    // Anything that tries to leave loopback fails fast instead of reaching the internet.
    HTTPS_PROXY: 'http://127.0.0.1:9',
    HTTP_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
    ...options.env,
  };
  const node = options.node ?? process.execPath;
  const [command, argv] = options.fileBlocks === undefined ? [node, [cli, ...args]] : ['bash', ['-c', `trap '' XFSZ; ulimit -f ${options.fileBlocks}; exec "$0" "$@"`, node, cli, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd, uid: options.as?.uid, gid: options.as?.gid });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A child that exits (or is killed) before reading its input closes the pipe: that is its business.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

/** One argument for a shell command line (`script -c`, `bash -c`): checkouts and TMPDIR may hold spaces or quotes. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Whether util-linux `script` is there to give a child a terminal; tests that need one skip without it. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fastrouter-test-'));
  cleanups.push(() => removeTree(dir));
  return dir;
}

/** rm -rf that also works for a non-root user when a failed test left a folder read-only inside. */
async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch {
    await makeOwnerWritable(path);
    await rm(path, { recursive: true, force: true });
  }
}

async function makeOwnerWritable(path: string): Promise<void> {
  const s = await lstat(path).catch(() => undefined); // never through a symlink, out of the tree
  if (!s?.isDirectory()) return;
  await chmod(path, 0o700).catch(() => {});
  for (const name of await readdir(path).catch(() => [])) await makeOwnerWritable(join(path, name));
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

/** Keys the mock FastRouter refuses (401), and keys it accepts for an account without credits (402 on a chat) or for no model (403 on a chat). */
export const REFUSED_KEY = `sk-v1-${'badbad00'.repeat(4)}`;
export const NO_CREDITS_KEY = `sk-v1-${'00c0ffee'.repeat(4)}`;
export const RESTRICTED_KEY = `sk-fr-${'0bad0bad'.repeat(4)}`;

function fastRouterError(res: ServerResponse, status: number, message: string, type: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message, type, code: status, status } }));
}

/**
 * FastRouter's authenticated API as the key check and --probe use it: POST <root>/generation answers
 * 401 "Invalid Credentials" for a bad (or missing) key and 404 for a good one; a chat completion
 * answers 200, or 402/403 for the keys above. False for any other request (the caller answers it).
 */
export function answerAsFastRouter(req: IncomingMessage, res: ServerResponse): boolean {
  const path = (req.url ?? '').split('?')[0]!;
  if (req.method !== 'POST' || !(path.endsWith('/generation') || path.endsWith('/chat/completions'))) return false;
  const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (key === undefined || key === REFUSED_KEY) fastRouterError(res, 401, 'Invalid Credentials', 'authentication_error');
  else if (path.endsWith('/generation')) fastRouterError(res, 404, 'Generation not found', 'not_found_error');
  else if (key === NO_CREDITS_KEY) fastRouterError(res, 402, 'Insufficient credits', 'payment_required');
  else if (key === RESTRICTED_KEY) fastRouterError(res, 403, 'Model not allowed for this key', 'permission_error');
  else
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'p' }, finish_reason: 'length' }] }));
  return true;
}

/** A mock FastRouter: `path` as the catalog (at any path), and the authenticated API above. */
export async function serveFile(path: string, status = 200): Promise<TestServer> {
  const body = await readFile(path);
  return serve((req, res) => {
    if (answerAsFastRouter(req, res)) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
}

/** The catalog requests a mock saw (the key check's POSTs left out). */
export const catalogRequests = (server: TestServer) => server.requests.filter((q) => q.method === 'GET');

export async function readJson(path: string): Promise<any> {
  return JSON.parse(await readFile(path, 'utf8'));
}

export interface UserId {
  uid: number;
  gid: number;
}

/** Root ignores permission bits, so a test about them must hand its child to another user when run as root. */
export const IS_ROOT = process.getuid?.() === 0;
export const NOBODY: UserId = { uid: 65534, gid: 65534 };

/**
 * The user a permission test runs its child as: `nobody` when we are root (root would write anyway),
 * otherwise this very user, who is already subject to permission bits. Use with `sharedWorld()`.
 */
export const UNPRIVILEGED: UserId | undefined = IS_ROOT ? NOBODY : undefined;

/**
 * Skips the test, with the reason, unless this process can run children as another user (only root
 * can, and not in every container). For tests that need a second user, not just an unprivileged one.
 */
export async function requireOtherUser(ctx: { skip: (note?: string) => never }): Promise<UserId> {
  if (!IS_ROOT) ctx.skip('needs root: it runs a child as another user (nobody)');
  const { node } = await sharedWorld();
  const ok = await new Promise<boolean>((resolve) => {
    const child = spawn(node, ['-e', '0'], { uid: NOBODY.uid, gid: NOBODY.gid, cwd: '/', stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  if (!ok) ctx.skip(`cannot run a child as uid ${NOBODY.uid} here (no CAP_SETUID, or the uid is not mapped)`);
  return NOBODY;
}

export interface SharedWorld {
  /** A 0755 folder that every user can reach (each ancestor is searchable by others). */
  dir: string;
  /** The copy of the CLI bundle inside it. */
  cli: string;
  /** This Node, or a copy of it inside the world when another user could not run it where it is (nvm under /root). */
  node: string;
  /** A path into the copy of fixtures/ inside it (world-readable). */
  fixture: (...parts: string[]) => string;
  /** Makes a fresh folder inside it, by default writable by anyone (chmod it afterwards as the test needs). */
  folder: (name: string, mode?: number) => Promise<string>;
  /** Runs the copied CLI as `as` (default: this user), from inside the world, with HOME inside it too. */
  runCli: (args: string[], options?: RunOptions & { as?: UserId }) => Promise<RunResult>;
}

function searchableByOthers(mode: number): boolean {
  return (mode & 0o001) !== 0;
}

/** Whether another user can reach `path`: every folder on the way is searchable by others. */
async function reachableByOthers(path: string): Promise<boolean> {
  for (let p = dirname(path); ; p = dirname(p)) {
    const s = await stat(p).catch(() => undefined);
    if (!s?.isDirectory() || !searchableByOthers(s.mode)) return false;
    if (dirname(p) === p) return true;
  }
}

/** The first temp root whose every ancestor another user can traverse: TMPDIR may be private (e.g. under /root). */
async function publicTempRoot(): Promise<string> {
  const candidates = [...new Set([tmpdir(), '/tmp', '/var/tmp', '/dev/shm'])];
  for (const root of candidates) {
    const s = await stat(root).catch(() => undefined);
    if (s?.isDirectory() && searchableByOthers(s.mode) && (await reachableByOthers(root))) return root;
  }
  throw new Error(`no temp folder another user can reach: tried ${candidates.join(', ')}`);
}

async function makeWorldReadable(path: string): Promise<void> {
  // Copies keep the checkout's modes, and a strict umask (077) or a private clone would hide them from others.
  const s = await stat(path);
  if (!s.isDirectory()) return chmod(path, 0o644);
  await chmod(path, 0o755);
  for (const name of await readdir(path)) await makeWorldReadable(join(path, name));
}

let world: Promise<SharedWorld> | undefined;
afterAll(async () => {
  const done = world;
  world = undefined;
  if (done) await removeTree((await done).dir);
});

/**
 * What a child run as another user needs, outside the checkout: a copy of dist/ and fixtures/ in a
 * temp folder every user can reach. The checkout itself may sit below a private folder (a clone in
 * /root, or in a 0700 temp folder), where `nobody` would fail to load the bundle instead of failing
 * for the reason under test. One per test file; removed after it.
 */
export function sharedWorld(): Promise<SharedWorld> {
  world ??= (async () => {
    const dir = await mkdtemp(join(await publicTempRoot(), 'fastrouter-shared-'));
    await cp(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    await cp(join(ROOT, 'fixtures'), join(dir, 'fixtures'), { recursive: true });
    let node = await realpath(process.execPath);
    if (!((await stat(node)).mode & 0o001) || !(await reachableByOthers(node))) {
      await mkdir(join(dir, 'bin'));
      await cp(node, join(dir, 'bin', 'node'));
      node = join(dir, 'bin', 'node');
    }
    await makeWorldReadable(dir);
    if (node.startsWith(dir)) await chmod(node, 0o755);
    const cli = join(dir, 'dist', 'fastrouter-openclaw.cjs');
    return {
      dir,
      cli,
      node,
      fixture: (...parts) => join(dir, 'fixtures', ...parts),
      folder: async (name, mode = 0o777) => {
        const folder = await mkdtemp(join(dir, `${name}-`));
        await chmod(folder, mode);
        return folder;
      },
      runCli: (args, options = {}) => spawnCli(cli, args, { home: join(dir, 'no-home'), ...options, cwd: dir, node }),
    };
  })();
  return world;
}

/** Every file and folder below `dir` with its content's hash and mtime: equal before and after means nothing was written. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const s = await stat(path);
    out[path] = entry.isFile()
      ? `${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')} ${s.mtimeMs}`
      : `dir ${s.mtimeMs}`;
  }
  return out;
}

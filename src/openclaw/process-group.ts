import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { ownerFor } from '../io/owner.js';

export interface GroupOptions {
  env?: NodeJS.ProcessEnv | undefined;
  /** Which of the child's outputs to collect; the rest are ignored. */
  capture: 'stdout' | 'stderr';
  timeoutMs: number;
  /** Aborting it stops the whole group. */
  signal?: AbortSignal | undefined;
  killSignal: NodeJS.Signals;
  /** Written to the child's standard input, which is then closed (a secret goes this way, never in argv). */
  input?: string | undefined;
  /** Told the pid once the child runs. */
  onSpawn?: ((pid: number) => void) | undefined;
}

export interface GroupExit {
  /** Set when the child could not be started (ENOENT: no such command). */
  error?: NodeJS.ErrnoException;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The captured output: stdout whole (up to 16 MB), stderr its last 64 KB. */
  output: string;
  /** With `capture: 'stdout'`: the start of stderr, where a program says why it would not run. */
  errorOutput: string;
  /** True when the time limit stopped it. */
  timedOut: boolean;
}

/** A JSON answer is read whole: `config validate` on a wide config says hundreds of KB of warnings. */
const MAX_ANSWER_CHARS = 16 * 1024 * 1024;
const MAX_OUTPUT_CHARS = 64 * 1024;
const MAX_ERROR_CHARS = 4 * 1024;
/** How long the output may stay open once the child has exited: something it started (outside its group) may hold it for ever. */
const OUTPUT_GRACE_MS = 500;

/**
 * Output kept in chunks, joined once: appending to one string copied it all on every chunk. `first`
 * keeps the start (an answer: past the cap it is cut, and does not parse); `last` keeps the end
 * (a program's last words).
 */
function capture(keep: 'first' | 'last', limit: number): { add: (chunk: string) => void; text: () => string } {
  let chunks: string[] = [];
  let size = 0;
  return {
    add: (chunk) => {
      if (keep === 'first' && size >= limit) return;
      chunks.push(chunk);
      size += chunk.length;
      if (keep === 'last' && size > 2 * limit) {
        chunks = [chunks.join('').slice(-limit)];
        size = limit;
      }
    },
    text: () => {
      const all = chunks.join('');
      return keep === 'first' ? all.slice(0, limit) : all.slice(-limit);
    },
  };
}

/**
 * Runs `openclaw` in a process group of its own and stops the whole group (not just the first
 * process) on abort or at the time limit: a shell wrapper's or a launcher's children must not
 * outlive a Ctrl-C. The child leaves the terminal's group, so it is stopped here, never left to it.
 * Settles once the child has exited and its output is closed, or shortly after it exited when
 * something it started keeps the output open (a daemon that left its group): the time limit holds
 * whatever the grandchildren do.
 */
export async function runGroup(command: string, args: readonly string[], options: GroupOptions): Promise<GroupExit> {
  const { spawn } = await import('node:child_process');
  let cache: string | undefined;
  try {
    cache = privateCacheFor(options.env ?? process.env);
  } catch (error) {
    return { error: error as NodeJS.ErrnoException, code: null, signal: null, output: '', errorOutput: '', timedOut: false };
  }
  const env = cache === undefined ? options.env : { ...(options.env ?? process.env), XDG_CACHE_HOME: cache };
  return new Promise((resolve) => {
    const stdin = options.input === undefined ? 'ignore' : 'pipe';
    const stdio = options.capture === 'stdout' ? ([stdin, 'pipe', 'pipe'] as const) : ([stdin, 'ignore', 'pipe'] as const);
    const child = spawn(command, args, { env, stdio: [...stdio], detached: true });
    const stream = child[options.capture];
    // A child that exits before reading its input closes the pipe: its exit status tells what happened.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input);
    const captured = capture(options.capture === 'stdout' ? 'first' : 'last', options.capture === 'stdout' ? MAX_ANSWER_CHARS : MAX_OUTPUT_CHARS);
    let errorOutput = '';
    stream?.setEncoding('utf8').on('data', captured.add);
    if (options.capture === 'stdout') child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (errorOutput = (errorOutput + chunk).slice(0, MAX_ERROR_CHARS)));
    let stopped = false;
    let timedOut = false;
    const stop = () => {
      if (stopped || child.pid === undefined) return;
      stopped = true;
      killGroup(child.pid, options.killSignal);
      // One that ignores the polite signal is not waited for long.
      if (options.killSignal !== 'SIGKILL') setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 3000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    let settled = false;
    const done = (exit: Omit<GroupExit, 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (cache !== undefined) removeCache(cache);
      options.signal?.removeEventListener('abort', stop);
      resolve({ ...exit, timedOut });
    };
    child.on('error', (error: NodeJS.ErrnoException) => done({ error, code: null, signal: null, output: captured.text(), errorOutput }));
    child.on('exit', (code, signal) => {
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done({ code, signal, output: captured.text(), errorOutput });
      }, OUTPUT_GRACE_MS);
    });
    child.on('close', (code, signal) => done({ code, signal, output: captured.text(), errorOutput }));
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * Run as root with another user's HOME (or XDG_CACHE_HOME), OpenClaw would create its cache there
 * (`$XDG_CACHE_HOME` when absolute, else `$HOME/.cache`: SQLite snapshot staging, its fallback temp
 * dir `openclaw-<uid>`, plugin caches) as root, 0700, and lock that user's own OpenClaw out of it.
 * Such a child gets a private, empty cache of ours instead (0700), removed once it has exited.
 */
function privateCacheFor(env: NodeJS.ProcessEnv): string | undefined {
  const xdg = env.XDG_CACHE_HOME?.trim();
  const root = xdg && isAbsolute(xdg) ? xdg : env.HOME ? join(env.HOME, '.cache') : undefined;
  if (root === undefined || ownerFor(root) === undefined) return undefined;
  // Not in a TMPDIR that user owns: they could swap our folder for a link while root writes there.
  const base = ownerFor(tmpdir()) === undefined ? tmpdir() : '/tmp';
  return mkdtempSync(join(base, 'fastrouter-openclaw-cache-'));
}

function removeCache(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // a private temp folder left behind: nobody else can use it
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

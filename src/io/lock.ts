import { AsyncLocalStorage } from 'node:async_hooks';
import { linkSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { privatePathFor, randomHex } from './temp-files.js';
import { CliError, ConfigError, ExitCode } from '../core/errors.js';
import { describeFsError } from './fs-errors.js';

// OpenClaw guards its config writes with a sidecar lock (withConfigWriteLock → @openclaw/fs-safe's
// sidecar lock, read from its installed package). We take the very same lock, the same way, so
// OpenClaw's writer and ours wait for each other instead of racing:
// - where: `<realpath(dirname(config))>/<basename(config)>.lock`; the file itself is not resolved,
//   so a symlinked config is locked beside the link, where OpenClaw locks it;
// - what: `{pid, createdAt, starttime}` as pretty JSON, a newline, a whitespace ownership token
//   (8 tabs, then 128 bits as tab/space) and a newline; created exclusively, mode 0600;
// - stale: the owner's pid is dead (ESRCH, or a Linux zombie), or its recorded start time differs
//   from the live process's (the pid was reused); without a pid, a createdAt older than 30 s;
//   a lock with neither (being written, or unreadable) is never stale;
// - reclaim: only while holding the guard directory `<lock>.reclaim` (mkdir), and only if the lock
//   still holds the very bytes and inode judged stale; nobody takes the lock while a guard exists.
const STALE_AFTER_MS = 30_000;
const WAIT_LIMIT_MS = 20_000;
const POLL_MS = 25;
const ABANDONED_GUARD_MS = 10_000;

/** Where OpenClaw locks the config at `configPath` (fs-safe's resolveSidecarLockPaths). */
export function lockPathFor(configPath: string): string {
  const absolute = resolve(configPath);
  let folder = dirname(absolute);
  try {
    folder = realpathSync.native(folder);
  } catch {
    // a missing folder: the lexical path, as fs-safe falls back to
  }
  return join(folder, `${basename(absolute)}.lock`);
}

/** The Linux start time of `pid` (field 22 of /proc/<pid>/stat), as OpenClaw records and compares it. */
function processStartTime(pid: number): number | null {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 0) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat
      .slice(stat.lastIndexOf(')') + 1)
      .trimStart()
      .split(/\s+/);
    const start = Number(fields[19]);
    return Number.isInteger(start) && start >= 0 ? start : null;
  } catch {
    return null;
  }
}

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return /^State:\s+Z/m.test(status) && /^Threads:[ \t]+1[ \t]*$/m.test(status);
  } catch {
    return false;
  }
}

/** OpenClaw's isPidDefinitelyDead: an invalid pid, no such process, or a zombie. */
function isPidDefinitelyDead(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  return isZombie(pid);
}

interface Payload {
  pid?: number;
  createdAt?: string;
  starttime?: number;
}

/** The payload as OpenClaw parses it (the whitespace token after the JSON is JSON whitespace). */
function parsePayload(raw: string): Payload | null {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Payload) : null;
  } catch {
    return null;
  }
}

/** OpenClaw's shouldRemoveDeadOwnerOrExpiredLock, for its config lock (staleMs 30 s). */
function isStale(payload: Payload | null, now = Date.now()): boolean {
  if (!payload) return false;
  const pid = typeof payload.pid === 'number' && Number.isInteger(payload.pid) && payload.pid > 0 ? payload.pid : undefined;
  if (pid !== undefined) {
    const recorded = typeof payload.starttime === 'number' && Number.isInteger(payload.starttime) && payload.starttime >= 0 ? payload.starttime : undefined;
    const observed = recorded === undefined ? null : processStartTime(pid);
    if (observed !== null && observed !== recorded) return true;
    return isPidDefinitelyDead(pid);
  }
  if (typeof payload.createdAt !== 'string') return false;
  const createdAt = Date.parse(payload.createdAt);
  return !Number.isFinite(createdAt) || now - createdAt > STALE_AFTER_MS;
}

function lockPayload(): string {
  let token = '\t'.repeat(8);
  for (const digit of randomHex(32)) for (let bit = 3; bit >= 0; bit--) token += parseInt(digit, 16) & (1 << bit) ? '\t' : ' ';
  const starttime = processStartTime(process.pid);
  const payload = { pid: process.pid, createdAt: new Date().toISOString(), ...(starttime !== null ? { starttime } : {}) };
  return `${JSON.stringify(payload, null, 2)}\n${token}\n`;
}

interface Snapshot {
  raw: string;
  ino: number;
  dev: number;
}

/** The lock as it is now; undefined when there is none. A lock that is not a regular file is refused, as OpenClaw does. */
function readLock(path: string): Snapshot | undefined {
  let info;
  try {
    info = lstatSync(path);
  } catch {
    return undefined;
  }
  if (!info.isFile()) throw new ConfigError(`The lock ${path} is not a regular file; remove it, then run again.`);
  try {
    return { raw: readFileSync(path, 'utf8'), ino: info.ino, dev: info.dev };
  } catch {
    return undefined;
  }
}

const sameLock = (a: Snapshot | undefined, b: Snapshot) => a !== undefined && a.raw === b.raw && a.ino === b.ino && a.dev === b.dev;

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * Creates the lock exclusively with our payload. Written to a private file, then linked into place:
 * as exclusive as OpenClaw's open(wx), and never seen half-written (an empty lock is never stale by
 * OpenClaw's rule, so a run killed between create and write would block every writer).
 */
function tryCreate(path: string, payload: string): boolean {
  const staged = privatePathFor(path, 'lock-new');
  try {
    writeFileSync(staged, payload, { mode: 0o600, flag: 'wx' });
    linkSync(staged, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ConfigError(`Cannot create the lock ${path} (${describeFsError(error)}).`);
  } finally {
    removeQuietly(staged);
  }
}

/** mkdir of `<lock>.reclaim`: whoever makes it may remove a stale lock; false when someone else holds it. */
function tryTakeGuard(guard: string): boolean {
  try {
    mkdirSync(guard);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ConfigError(`Cannot create the lock guard ${guard} (${describeFsError(error)}).`);
  }
}

/**
 * Our one addition to OpenClaw's protocol: a guard is held for milliseconds, so one older than 10 s
 * was left by a killed process (ours or OpenClaw's) and would block every writer for good.
 */
function removeAbandonedGuard(guard: string): boolean {
  try {
    if (Date.now() - lstatSync(guard).mtimeMs < ABANDONED_GUARD_MS) return false;
  } catch {
    return true;
  }
  releaseGuard(guard);
  return !exists(guard);
}

function releaseGuard(guard: string): void {
  try {
    rmdirSync(guard);
  } catch {
    // already gone
  }
}

/**
 * One attempt, synchronous from start to end so no signal handler or timer runs in between (the
 * guard is held for microseconds): take the lock if free; if its owner is stale, remove it under
 * the guard and take it before letting the guard go.
 */
function attempt(path: string, guard: string, payload: string): { taken: true } | { taken: false; holder: Payload | null } {
  if (exists(guard) && !removeAbandonedGuard(guard)) return { taken: false, holder: null };
  if (tryCreate(path, payload)) return { taken: true };
  const seen = readLock(path);
  if (!seen) return { taken: false, holder: null };
  const holder = parsePayload(seen.raw);
  if (!isStale(holder) || !tryTakeGuard(guard)) return { taken: false, holder };
  try {
    if (!sameLock(readLock(path), seen) || !isStale(parsePayload(seen.raw))) return { taken: false, holder };
    removeQuietly(path);
    return tryCreate(path, payload) ? { taken: true } : { taken: false, holder };
  } finally {
    releaseGuard(guard);
  }
}

/**
 * Runs `work` holding OpenClaw's lock on the config at `configPath`. A stale lock (its owner is
 * gone) is reclaimed the way OpenClaw does it; a live owner is waited for, up to 20 s.
 */
const stopWaiting = new AsyncLocalStorage<AbortSignal>();

/** Waits for the lock inside `work` end once `signal` aborts (LockWaitInterruptedError): a Ctrl-C is not held for the 20 s a busy lock may take. */
export function stopLockWaitsOn<T>(signal: AbortSignal, work: () => T): T {
  return stopWaiting.run(signal, work);
}

/** Ctrl-C while OpenClaw's lock was held by another program: nothing of ours was written meanwhile. */
export class LockWaitInterruptedError extends CliError {
  constructor(configPath: string) {
    super(`Interrupted while waiting for OpenClaw's lock on ${configPath} (another program is updating it): nothing was changed.`, ExitCode.interrupted);
  }
}

export async function withLock<T>(configPath: string, work: () => T): Promise<T> {
  const path = lockPathFor(configPath);
  const guard = `${path}.reclaim`;
  const payload = lockPayload();
  const deadline = Date.now() + WAIT_LIMIT_MS;
  const stop = stopWaiting.getStore();
  for (;;) {
    if (stop?.aborted) throw new LockWaitInterruptedError(configPath);
    const result = attempt(path, guard, payload);
    if (result.taken) break;
    if (Date.now() > deadline) {
      const who = result.holder?.pid ? `Another program (pid ${result.holder.pid})` : 'Another program';
      throw new ConfigError(`${who} is updating ${configPath} (it holds ${exists(guard) ? guard : path}); try again when it is done.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return work();
  } finally {
    // Release only our own lock, never one that replaced it.
    const now = readLockQuietly(path);
    if (now?.raw === payload) removeQuietly(path);
  }
}

function readLockQuietly(path: string): Snapshot | undefined {
  try {
    return readLock(path);
  } catch {
    return undefined;
  }
}

import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { isProcessAlive, privatePathFor, randomHex } from './temp-files.js';
import { ConfigError } from '../core/errors.js';
import { describeFsError } from './fs-errors.js';

// OpenClaw guards its own config writes with a sidecar `<config>.lock` holding a JSON payload
// ({pid, createdAt}) followed by a whitespace ownership token. Taking the very same lock, in the
// same format, means OpenClaw's writer and ours wait for each other instead of racing.
const STALE_AFTER_MS = 30_000;
const WAIT_LIMIT_MS = 20_000;
const POLL_MS = 20;

function lockPathFor(target: string): string {
  return `${target}.lock`;
}

function lockPayload(): string {
  let token = '\t'.repeat(8);
  for (const digit of randomHex(32)) for (let bit = 3; bit >= 0; bit--) token += parseInt(digit, 16) & (1 << bit) ? '\t' : ' ';
  return `${JSON.stringify({ pid: process.pid, createdAt: new Date().toISOString() }, null, 2)}\n${token}\n`;
}

interface Holder {
  pid: number | undefined;
  raw: string;
  stale: boolean;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    const raw = readFileSync(path, 'utf8');
    const info = statSync(path);
    let pid: number | undefined;
    try {
      const parsed = JSON.parse(raw) as { pid?: unknown };
      if (typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0) pid = parsed.pid;
    } catch {
      // An unreadable payload is judged by age alone.
    }
    const stale = pid !== undefined ? !isProcessAlive(pid) : Date.now() - info.mtimeMs > STALE_AFTER_MS;
    return { pid, raw, stale };
  } catch {
    return undefined;
  }
}

/** Moves a stale lock aside, and puts it back if what was moved turns out to be a fresh lock taken meanwhile. */
function breakStaleLock(path: string, judged: Holder): void {
  const aside = privatePathFor(path, 'lock-stale');
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  if (readText(aside) !== judged.raw) {
    try {
      linkSync(aside, path);
    } catch {
      // someone else holds it now; theirs stands
    }
  }
  removeQuietly(aside);
}

/** Writes the payload to a private file, then links it into place: the lock never exists half-written. */
function tryAcquire(path: string, payload: string): boolean {
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

/**
 * Runs `work` holding the config's lock. A lock whose owner is dead (a crash, a kill) is broken;
 * a live owner is waited for, up to 20 s.
 */
export async function withLock<T>(target: string, work: () => T): Promise<T> {
  const path = lockPathFor(target);
  const payload = lockPayload();
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (tryAcquire(path, payload)) break;
    const holder = readHolder(path);
    if (holder?.stale) {
      breakStaleLock(path, holder);
      continue;
    }
    if (Date.now() > deadline) {
      throw new ConfigError(`Another program (pid ${holder?.pid ?? '?'}) is updating ${target}; try again when it is done.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return work();
  } finally {
    // Release only our own lock, never one that replaced it.
    if (readText(path) === payload) removeQuietly(path);
  }
}

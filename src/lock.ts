import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isProcessAlive } from './atomic-write.js';
import { ConfigError } from './errors.js';

const STALE_AFTER_MS = 60_000;
const WAIT_LIMIT_MS = 15_000;
const POLL_MS = 20;

export function lockPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.fastrouter.lock`);
}

interface Holder {
  pid: number;
  stale: boolean;
}

async function readHolder(path: string): Promise<Holder | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const pid = Number.parseInt(text, 10);
    const stale = !Number.isInteger(pid) || !isProcessAlive(pid) || Date.now() - info.mtimeMs > STALE_AFTER_MS;
    return { pid, stale };
  } catch {
    return undefined;
  }
}

/** Moves a stale lock aside, and puts it back if it turned out to be a fresh one taken meanwhile. */
async function breakStaleLock(path: string): Promise<void> {
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const holder = await readHolder(aside);
  if (holder && !holder.stale) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

/** Writes our pid to a private file, then links it into place: the lock never exists half-written. */
async function tryAcquire(path: string): Promise<boolean> {
  const mine = `${path}.${process.pid}.new`;
  try {
    const handle = await open(mine, 'w', 0o600);
    await handle.writeFile(String(process.pid));
    await handle.close();
    await link(mine, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    throw new ConfigError(`Cannot create the lock ${path} (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? (error as Error).message)}).`);
  } finally {
    await unlink(mine).catch(() => {});
  }
}

/**
 * Serializes our own runs on one config: a lock file beside it holding the owner's pid. A lock whose
 * owner is gone (a crash, a kill) or that is older than a minute is broken.
 */
export async function withLock<T>(target: string, work: () => Promise<T>): Promise<T> {
  const path = lockPathFor(target);
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (await tryAcquire(path)) break;
    const holder = await readHolder(path);
    if (holder?.stale) {
      await breakStaleLock(path);
      continue;
    }
    if (Date.now() > deadline) {
      throw new ConfigError(`Another fastrouter-openclaw run (pid ${holder?.pid ?? '?'}) is updating ${target}; try again when it is done.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    await unlink(path).catch(() => {});
  }
}

import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { chmod, chown, open, readdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Temp files (ours and the lock's) are named after the config and our pid, so a crashed run's
 * leftovers can be told apart from anything else and removed only when their writer is gone.
 */
const TEMP_PATTERN = /^\.(.+)\.fastrouter-(\d+)-[0-9a-f]+\.(?:tmp|lock-new|lock-stale)$/;

/** A private file beside `target` for this process: `.<name>.fastrouter-<pid>-<random>.<suffix>`. */
export function privatePathFor(target: string, suffix: 'tmp' | 'lock-new' | 'lock-stale'): string {
  return join(dirname(target), `.${basename(target)}.fastrouter-${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
}

export function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of `target` left by runs that no longer exist. */
export async function removeStaleTemps(target: string): Promise<number> {
  let removed = 0;
  const entries = await readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of entries) {
    const match = TEMP_PATTERN.exec(name);
    if (!match || !(match[1] === basename(target) || match[1] === `${basename(target)}.lock`) || isProcessAlive(Number(match[2]))) continue;
    await unlink(join(dirname(target), name)).then(() => removed++, () => {});
  }
  return removed;
}

export interface AtomicWriteOptions {
  /** Mode for a new file; an existing one keeps its own (and its owner). */
  mode: number;
  /**
   * Called once the temp file is complete, synchronously right before the rename (no other work can
   * run in between, so the window for another writer is a few microseconds); throwing cancels the write.
   */
  beforeRename?: () => void;
}

/** Writes `text` to a private temp file beside `target`, flushes it, then renames it over `target`. */
export async function writeFileAtomic(target: string, text: string, options: AtomicWriteOptions): Promise<void> {
  const existing = await stat(target).catch(() => undefined);
  const temp = privatePathFor(target, 'tmp');
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (existing && process.getuid?.() === 0) await chown(temp, existing.uid, existing.gid).catch(() => {});
    await chmod(temp, existing ? existing.mode & 0o7777 : options.mode);
    options.beforeRename?.();
    renameSync(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  // Make the rename itself durable; not every filesystem lets a directory be fsynced.
  const dir = await open(dirname(target), 'r').catch(() => undefined);
  await dir?.sync().catch(() => {});
  await dir?.close();
}

import { randomBytes } from 'node:crypto';
import { chmod, chown, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Temp files (ours and the lock's) are named after the config and our pid, so a crashed run's
 * leftovers can be told apart from anything else and removed only when their writer is gone.
 */
const TEMP_PATTERN = /^\.(.+)\.fastrouter(?:-(\d+)-[0-9a-f]+\.tmp|\.lock\.(\d+)\.(?:new|stale))$/;

export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.fastrouter-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
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
    if (!match || match[1] !== basename(target) || isProcessAlive(Number(match[2] ?? match[3]))) continue;
    await unlink(join(dirname(target), name)).then(() => removed++, () => {});
  }
  return removed;
}

export interface AtomicWriteOptions {
  /** Mode for a new file; an existing one keeps its own (and its owner). */
  mode: number;
  /** Called after the temp file is complete, right before the rename; throwing cancels the write. */
  beforeRename?: () => Promise<void>;
}

/** Writes `text` to a private temp file beside `target`, flushes it, then renames it over `target`. */
export async function writeFileAtomic(target: string, text: string, options: AtomicWriteOptions): Promise<void> {
  const existing = await stat(target).catch(() => undefined);
  const temp = tempPathFor(target);
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
    await options.beforeRename?.();
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  // Make the rename itself durable; not every filesystem lets a directory be fsynced.
  const dir = await open(dirname(target), 'r').catch(() => undefined);
  await dir?.sync().catch(() => {});
  await dir?.close();
}

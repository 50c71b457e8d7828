import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Temp files (ours and the lock's) are named after the config and our pid, so a crashed run's
 * leftovers can be told apart from anything else and removed only when their writer is gone.
 */
const TEMP_PATTERN = /^\.(.+)\.fastrouter-(\d+)-[0-9a-f]+\.(?:tmp|lock-new|lock-stale)$/;

/** Unique enough beside our pid; not a secret, so Math.random spares loading node:crypto. */
export function randomHex(length: number): string {
  let out = '';
  while (out.length < length)
    out += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, length);
}

/** A private file beside `target` for this process: `.<name>.fastrouter-<pid>-<random>.<suffix>`. */
export function privatePathFor(target: string, suffix: 'tmp' | 'lock-new' | 'lock-stale'): string {
  return join(dirname(target), `.${basename(target)}.fastrouter-${process.pid}-${randomHex(8)}.${suffix}`);
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files of `target` left by runs that no longer exist. */
export function removeStaleTemps(target: string): number {
  let removed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return 0;
  }
  for (const name of entries) {
    const match = TEMP_PATTERN.exec(name);
    if (!match || !(match[1] === basename(target) || match[1] === `${basename(target)}.lock`) || isProcessAlive(Number(match[2]))) continue;
    try {
      unlinkSync(join(dirname(target), name));
      removed++;
    } catch {
      // gone already
    }
  }
  return removed;
}

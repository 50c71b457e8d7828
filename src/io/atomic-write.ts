import { chmodSync, chownSync, closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { privatePathFor } from './temp-files.js';

export interface AtomicWriteOptions {
  /** Mode for a new file; an existing one keeps its own (and its owner). */
  mode: number;
  /**
   * Called once the temp file is complete, synchronously right before the rename (no other work can
   * run in between, so the window for another writer is a few microseconds); throwing cancels the write.
   */
  beforeRename?: () => void;
}

/**
 * Writes `text` to a private temp file beside `target`, flushes it, then renames it over `target`.
 * Synchronous inside: a one-shot CLI has nothing to overlap with, and each thread-pool round trip
 * of fs/promises costs more than the small calls themselves.
 */
export async function writeFileAtomic(target: string, text: string, options: AtomicWriteOptions): Promise<void> {
  let existing;
  try {
    existing = statSync(target);
  } catch {
    existing = undefined;
  }
  const temp = privatePathFor(target, 'tmp');
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text, null, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existing && process.getuid?.() === 0) {
      try {
        chownSync(temp, existing.uid, existing.gid);
      } catch {
        // keep our ownership rather than fail
      }
    }
    chmodSync(temp, existing ? existing.mode & 0o7777 : options.mode);
    options.beforeRename?.();
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw error;
  }
  // Make the rename itself durable; not every filesystem lets a directory be fsynced.
  try {
    const dir = openSync(dirname(target), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // best effort
  }
}

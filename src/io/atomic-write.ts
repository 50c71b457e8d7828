import { closeSync, fchmodSync, fchownSync, fstatSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Owner } from './owner.js';
import { privatePathFor } from './temp-files.js';

export interface AtomicWriteOptions {
  /** Mode for a new file; an existing one keeps its own (and its owner). */
  mode: number;
  /** Owner for a new file when we run as root on another user's files (see owner.ts). */
  owner?: Owner | undefined;
  /** The text holds a secret: an existing file loses any group and other permissions. */
  secret?: boolean;
  /**
   * Called once the temp file is complete, synchronously right before the rename (no other work can
   * run in between, so the window for another writer is a few microseconds); throwing cancels the write.
   */
  beforeRename?: () => void;
}

/**
 * Gives the temp file the owner and group the file had (or should have): the rename must not hand a
 * user's config to whoever ran us, nor take it from its group. A non-root run may set a group it
 * belongs to; when the owner, or a group that has any permission, cannot be kept, nothing is renamed.
 */
function keepOwner(fd: number, owner: Owner, mode: number): void {
  const now = fstatSync(fd);
  if (now.uid === owner.uid && now.gid === owner.gid) return;
  try {
    fchownSync(fd, owner.uid, owner.gid);
  } catch {
    if (now.uid !== owner.uid || (mode & 0o070) !== 0) throw Object.assign(new Error('cannot keep the owner'), { code: 'EOWNER' });
  }
}

/** A write that stored fewer bytes than it was given: the disk is full. */
function shortWrite(): NodeJS.ErrnoException {
  return Object.assign(new Error('short write'), { code: 'ESHORT' });
}

/**
 * Writes all of `bytes` to `fd`: one write call may store only part (a full disk, a file size
 * limit), so loop until done; a call that stores nothing, or an error, ends it.
 */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw shortWrite();
    offset += written;
  }
}

/**
 * Writes `text` (or these very bytes) to a private temp file beside `target`, proves the temp file holds exactly those
 * bytes (every byte written, its size checked, fsynced), then renames it over `target`. On any
 * failure nothing is renamed and the temp file is removed: the target keeps its old content.
 * Synchronous inside: a one-shot CLI has nothing to overlap with, and each thread-pool round trip
 * of fs/promises costs more than the small calls themselves.
 */
export function writeFileAtomic(target: string, text: string | Buffer, options: AtomicWriteOptions): void {
  let existing;
  try {
    // The config's target is resolved already; a link in our own folder is replaced, never followed.
    existing = lstatSync(target);
    if (existing.isSymbolicLink()) existing = undefined;
  } catch {
    existing = undefined;
  }
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const temp = privatePathFor(target, 'tmp');
  const fd = openSync(temp, 'wx', 0o600);
  try {
    try {
      writeAll(fd, bytes);
      fsyncSync(fd);
      if (fstatSync(fd).size !== bytes.length) throw shortWrite();
      // fchown on our own descriptor: a link swapped in for the temp name cannot redirect it.
      const owner = existing ? { uid: existing.uid, gid: existing.gid } : options.owner;
      if (owner) keepOwner(fd, owner, existing ? existing.mode : options.mode);
      fchmodSync(fd, existing ? existing.mode & (options.secret ? 0o7700 : 0o7777) : options.mode);
    } finally {
      closeSync(fd);
    }
    options.beforeRename?.();
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone (another run's leftover cleanup took it): the first error is the one to report
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

import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from 'node:fs';

/** Why a file was not read; the caller turns it into a sentence about that file. */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason: 'not-regular' | 'too-large' | 'link' | 'foreign',
    readonly kind?: string,
  ) {
    super(reason);
  }
}

/** Why, as words after "it is": for the reasons a caller does not word itself. */
export function unreadableReason(error: UnreadableFileError, maxBytes: number): string {
  switch (error.reason) {
    case 'too-large':
      return `it is over ${maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`}`;
    case 'link':
      return 'it is a symbolic link, which is never followed in our own folder';
    case 'foreign':
      return `it belongs to ${error.kind}, not to the config's owner`;
    default:
      return `it is ${error.kind}, not a regular file`;
  }
}

export interface ReadOptions {
  /**
   * A file in our own folder: a link there is refused (O_NOFOLLOW), never followed, and the file
   * must belong to `ownerUid` (the config's owner), so nobody can make us read what another user
   * controls (a link or hard link to root's config, a file moved in) into a file they can read.
   */
  own?: { ownerUid: number | undefined };
}

function kindOf(info: import('node:fs').Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

const CHUNK = 64 * 1024;

/**
 * Reads a regular file (after following links) of at most `maxBytes` bytes. Anything else (a FIFO,
 * which would block forever; /dev/zero, which never ends; a directory) is refused before a byte is
 * read, and the read itself stops past `maxBytes`, whatever the file's size claimed: a file can grow
 * while we read it, and /proc-like files report a size of 0.
 */
export function readRegularFile(path: string, maxBytes: number, options: ReadOptions = {}): string {
  return readRegularBytes(path, maxBytes, options).toString('utf8');
}

/** readRegularFile's bytes, undecoded: what a byte-for-byte comparison or a verbatim copy needs. */
export function readRegularBytes(path: string, maxBytes: number, options: ReadOptions = {}): Buffer {
  const { own } = options;
  const before = own ? lstatSync(path) : statSync(path);
  if (before.isSymbolicLink()) throw new UnreadableFileError('link');
  if (!before.isFile()) throw new UnreadableFileError('not-regular', kindOf(before));
  // O_NONBLOCK: should a FIFO be swapped in after the stat, opening it must not wait for a writer.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (own ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (error) {
    // A link swapped in after the lstat.
    if (own && (error as NodeJS.ErrnoException).code === 'ELOOP') throw new UnreadableFileError('link');
    throw error;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new UnreadableFileError('not-regular', kindOf(info));
    if (own?.ownerUid !== undefined && info.uid !== own.ownerUid) throw new UnreadableFileError('foreign', `uid ${info.uid}`);
    if (info.size > maxBytes) throw new UnreadableFileError('too-large');
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size + 1 - total, CHUNK), maxBytes + 1 - total));
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw new UnreadableFileError('too-large');
    }
    // The common case, a file whose size held still: one read filled one buffer, nothing to copy.
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

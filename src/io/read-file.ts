import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Why a file was not read; the caller turns it into a sentence about that file. */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason: 'not-regular' | 'too-large',
    readonly kind?: string,
  ) {
    super(reason);
  }
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
export function readRegularFile(path: string, maxBytes: number): string {
  const before = statSync(path);
  if (!before.isFile()) throw new UnreadableFileError('not-regular', kindOf(before));
  // O_NONBLOCK: should a FIFO be swapped in after the stat, opening it must not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new UnreadableFileError('not-regular', kindOf(info));
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
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

import { fstatSync, statSync, writeSync } from 'node:fs';

/**
 * Our output, written to file descriptors 1 and 2 directly. Node builds process.stdout and stderr
 * on first use (a net.Socket on a pipe, a SyncWriteStream on a file), which loads node:stream and
 * node:net: about a tenth of `node -e 0` on every run (BENCHMARKS.md). A terminal still gets the
 * stream (the spinner, the hidden key prompt, colours), and so does a descriptor that answers
 * EAGAIN (a pipe another program made non-blocking): from then on all of that output takes the
 * stream, so it stays in order.
 */
export type Output = 1 | 2;

const streamed = new Set<Output>();
const terminals = new Map<Output, boolean>();
/** Descriptors a write failed on: nothing more is written there. */
const lost = new Set<Output>();

/** process.stdout or process.stderr, remembered as in use so the exit waits for it. */
export function outputStream(fd: Output): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!streamed.has(fd)) stream.on('error', (error) => notWritten(fd, error));
  streamed.add(fd);
  return stream;
}

export function isTerminal(fd: Output): boolean {
  let known = terminals.get(fd);
  if (known === undefined) terminals.set(fd, (known = checkTerminal(fd)));
  return known;
}

function checkTerminal(fd: Output): boolean {
  try {
    const stat = fstatSync(fd);
    // Only a character device can be a terminal. /dev/null is the usual one that is not, and
    // asking Node (node:tty) is what costs: it builds the stream.
    if (!stat.isCharacterDevice() || stat.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  // Built only to ask: a character device that is no terminal (/dev/full) is written directly, so
  // an error is known before the run exits.
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}

/**
 * Never throws: the report of a change that was made must not turn it into a failure. Where the
 * report could not go (a full disk, a descriptor not open for writing), one line on stderr says so;
 * a reader that left (`| head`) leaves no one to tell.
 */
export function writeOutput(fd: Output, text: string): void {
  if (text === '' || lost.has(fd)) return;
  if (streamed.has(fd) || isTerminal(fd)) {
    outputStream(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        outputStream(fd).write(bytes.subarray(offset));
        return;
      }
      notWritten(fd, error);
      return;
    }
  }
}

/** Nothing more goes to `fd`; a report lost on stdout is said on stderr, unless its reader simply left. */
function notWritten(fd: Output, error: unknown): void {
  if (lost.has(fd)) return;
  lost.add(fd);
  if (fd === 1 && (error as NodeJS.ErrnoException).code !== 'EPIPE') writeOutput(2, `fastrouter-openclaw: the report could not be written to standard output (${(error as Error).message}).\n`);
}

/** Calls `done` once what went through a stream has been handed to the OS (direct writes already are). */
export function whenFlushed(done: () => void): void {
  const pending = [...streamed];
  const next = (): void => {
    const fd = pending.shift();
    if (fd === undefined) done();
    else outputStream(fd).write('', next);
  };
  next();
}

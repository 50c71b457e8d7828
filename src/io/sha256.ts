/**
 * The SHA-256 of `text` (UTF-8), in hex. node:crypto is loaded on first use, not with the runner:
 * loading it costs more than `node -e 0`'s own work on Node 24 (callgrind: 32M instructions against
 * 91M), and a run that writes nothing (status, a refresh with no change) never hashes.
 */
export function sha256Hex(text: string): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}

/**
 * What `restore` compares to tell whether the config is still the text a run of ours wrote: its
 * length in UTF-8 bytes and two 32-bit multiply-xorshift lanes over those bytes, read four at a
 * time. Every step is a bijection of each lane's state, so any one changed word changes both lanes;
 * other changes match by accident about once in 2^64. It guards against accidents, not against
 * someone crafting a match: whoever can write the config can change it anyway. SHA-256 did the
 * same job, but loading node:crypto (and node:stream with it) cost more CPU than this whole hash
 * takes for a 1 MB config (BENCHMARKS.md, the plain-JSON floor).
 */
export function contentHash(text: string): string {
  const encoded = Buffer.from(text, 'utf8');
  // A word view needs an aligned start: Node's pool gives one, and a copy of its own has one.
  const bytes = encoded.byteOffset % 4 === 0 ? encoded : new Uint8Array(encoded);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
  let a = 0x811c9dc5 | 0;
  let b = 0x9e3779b9 | 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    a = Math.imul(a ^ word, 0x01000193);
    a ^= a >>> 15;
    b = Math.imul(b ^ word, 0x5bd1e995);
    b ^= b >>> 13;
  }
  for (let i = words.length * 4; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
  }
  return `${bytes.length}:${hex32(finalMix(a))}${hex32(finalMix(b))}`;
}

/** murmur3's finalizer: every input bit reaches every output bit. */
function finalMix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const hex32 = (h: number) => (h >>> 0).toString(16).padStart(8, '0');

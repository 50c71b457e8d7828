import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentHash } from '../src/core/content-hash.js';

describe('contentHash, what restore compares to tell whether the config is still what we wrote', () => {
  it('is the same for the same text, and starts with its length in UTF-8 bytes', () => {
    const text = '{\n  "meta": { "note": "café ☕ 𝄞" }\n}\n';
    expect(contentHash(text)).toBe(contentHash(String(text)));
    expect(contentHash(text)).toMatch(new RegExp(`^${Buffer.byteLength(text)}:[0-9a-f]{16}$`));
  });

  it('changes with any one byte, at every position, for every length and start in the buffer pool', () => {
    for (let length = 0; length <= 41; length++) {
      const text = 'abcdefghijklmnopqrstuvwxyz0123456789{}[]:'.slice(0, length);
      const seen = new Set([contentHash(text)]);
      for (let i = 0; i < length; i++) {
        for (const c of ['A', 'b', '\u0000', '\u00e9']) {
          const changed = text.slice(0, i) + c + text.slice(i + 1);
          if (changed !== text) seen.add(contentHash(changed));
        }
        seen.add(contentHash(text.slice(0, i) + text.slice(i + 1)));
      }
      // The original, four changes of each byte (less the one that keeps it) and each deletion.
      const expected = 1 + length * 5 - [...text].filter((c) => c === 'b').length;
      expect(seen.size, text).toBe(expected);
    }
  });

  it('differs for texts of different bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), (a, b) => {
        fc.pre(!Buffer.from(a).equals(Buffer.from(b)));
        expect(contentHash(a)).not.toBe(contentHash(b));
      }),
    );
  });
});

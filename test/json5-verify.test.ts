import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/core/errors.js';
import { parseConfigText } from '../src/json5/config-text.js';
import { MAX_DEPTH, parseJson5 } from '../src/json5/json5-cst.js';
import { duplicateKeys, inFileOrder, readsTheSame } from '../src/json5/verify.js';

describe('the post-edit check compares what OpenClaw reads', () => {
  it('tells NaN from null, -0 from 0, and a different key order apart', () => {
    expect(readsTheSame({ a: NaN, b: [-0] }, { a: NaN, b: [-0] })).toBe(true);
    expect(readsTheSame({ a: NaN }, { a: null })).toBe(false);
    expect(readsTheSame({ a: -0 }, { a: 0 })).toBe(false);
    expect(readsTheSame({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });

  it('finds every duplicate key by path, so a new one fails the check', () => {
    const before = duplicateKeys(parseJson5('{ a: 1, b: { c: 1 }, a: 2 }').root);
    const after = duplicateKeys(parseJson5('{ a: 1, b: { c: 1, c: 2 }, a: 2 }').root);
    expect([...before]).toEqual(['["a"]']);
    expect([...after].filter((path) => !before.has(path))).toEqual(['["b","c"]']);
  });

  it("expects the keys a file had in the file's order, new keys last", () => {
    const expected = inFileOrder({ b: 1, a: { y: 1, x: 1 } }, { a: { x: 2, y: 2, z: 2 }, b: 1, c: 3 });
    expect(Object.keys(expected as object)).toEqual(['b', 'a', 'c']);
    expect(Object.keys((expected as any).a)).toEqual(['y', 'x', 'z']);
  });
});

describe('nesting depth', () => {
  const nested = (depth: number, json: boolean) => (json ? '{"a":' : '{a:') + '['.repeat(depth - 1) + ']'.repeat(depth - 1) + (json ? '}' : ',}');

  it(`reads ${MAX_DEPTH} levels and refuses one more with a sentence (exit 5), JSON and JSON5 alike`, () => {
    for (const json of [true, false]) {
      expect(() => parseConfigText(nested(MAX_DEPTH, json))).not.toThrow();
      expect(() => parseConfigText(nested(MAX_DEPTH + 1, json))).toThrow(ConfigError);
      expect(() => parseConfigText(nested(MAX_DEPTH + 1, json))).toThrow(/nests more than 256 levels deep/);
    }
  });
});

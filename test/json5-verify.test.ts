import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/core/errors.js';
import { parseConfigText } from '../src/json5/config-text.js';
import { MAX_DEPTH, parseJson5 } from '../src/json5/json5-cst.js';
import { duplicateKeys, inFileOrder, matchItems, readsTheSame } from '../src/json5/verify.js';

describe('the post-edit check compares what OpenClaw reads', () => {
  it('tells NaN from null, -0 from 0, and a different key order apart', () => {
    expect(readsTheSame({ a: NaN, b: [-0] }, { a: NaN, b: [-0] })).toBe(true);
    expect(readsTheSame({ a: NaN }, { a: null })).toBe(false);
    expect(readsTheSame({ a: -0 }, { a: 0 })).toBe(false);
    expect(readsTheSame({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
  });

  it('counts every duplicate key by path, so a new one fails the check', () => {
    const before = duplicateKeys(parseJson5('{ a: 1, b: { c: 1 }, a: 2 }').root);
    const after = duplicateKeys(parseJson5('{ a: 1, b: { c: 1, c: 2 }, a: 2 }').root);
    expect([...before]).toEqual([['["a"]', 1]]);
    expect([...after].filter(([path]) => !before.has(path))).toEqual([['["b","c"]', 1]]);
  });

  it('names array items by "*": an entry holding a duplicate key that moves keeps its path, a second one counts', () => {
    const before = duplicateKeys(parseJson5("{ m: [{ id: 'a', n: 1, n: 2 }] }").root);
    const moved = duplicateKeys(parseJson5("{ m: [{ id: 'b' }, { id: 'a', n: 1, n: 2 }] }").root);
    const twice = duplicateKeys(parseJson5("{ m: [{ id: 'b', n: 1, n: 2 }, { id: 'a', n: 1, n: 2 }] }").root);
    expect([...moved]).toEqual([...before]);
    expect(twice.get('["m","*","n"]')).toBe(2);
  });

  it('pairs array entries as the editor does: same value first, then the same id, in order', () => {
    expect(matchItems(['a', 'b', 'c'], ['b', 'x', 'c'])).toEqual([1, -1, 2]);
    expect(matchItems([{ id: 'p', v: 1 }, { id: 'q' }], [{ id: 'q' }, { id: 'p', v: 2 }])).toEqual([1, -1]);
    expect(
      matchItems(
        [
          { id: 'p', v: 1 },
          { id: 'p', v: 2 },
        ],
        [
          { id: 'p', v: 2 },
          { id: 'p', v: 3 },
        ],
      ),
    ).toEqual([1, -1]);
    expect(matchItems([NaN, -0, 0, [1]], [NaN, 0, [1]])).toEqual([0, 2, 3]);
    const expected = inFileOrder({ m: [{ id: 'p', cost: { b: 1, a: 1 } }] }, { m: [{ id: 'n' }, { id: 'p', cost: { a: 2, b: 2, c: 2 } }] }) as any;
    expect(Object.keys(expected.m[1].cost)).toEqual(['b', 'a', 'c']);
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../src/core/errors.js';
import { extractKeyFromMessage, holdsPlaintextKey, maskKey, parseKey, redactKeys } from '../src/core/key.js';
import { resolveGivenKey } from '../src/core/key-source.js';

const KEY = 'sk-v1-0123456789abcdefABCDEF';
const FR_KEY = 'sk-fr-0123456789abcdef0123';

describe('parseKey', () => {
  it('accepts sk-v1- followed by hex, trimming paste debris', () => {
    expect(parseKey(KEY)).toBe(KEY);
    expect(parseKey(`  ${KEY}\n`)).toBe(KEY);
  });

  it('accepts a service-account key: sk-fr- followed by hex', () => {
    expect(parseKey(FR_KEY)).toBe(FR_KEY);
  });

  it.each(['sk-v1-', 'sk-v1-xyz', 'sk-fr-', 'sk-fr-xyz', 'sk-fx-abcd', 'sk-v2-abcd', 'SK-V1-abcd', 'sk-v1-abcd efgh', 'abcd', `${KEY}!`])('refuses %j with exit 2', (bad) => {
    expect(() => parseKey(bad)).toThrow(expect.objectContaining({ exitCode: ExitCode.usage, message: expect.stringContaining('sk-v1-') }));
  });
});

describe('holdsPlaintextKey (what makes a config private)', () => {
  it('finds a key where it starts a word, anywhere in the text, as one regex with a lookbehind does', () => {
    const rule = /(?<![\w-])sk-(?:v1|fr)-[0-9a-fA-F]+/;
    expect(holdsPlaintextKey(`{"apiKey": "${KEY}"}`)).toBe(true);
    expect(holdsPlaintextKey(`x${KEY} -${KEY} ${'sk-'.repeat(3)}v1-g`)).toBe(false);
    const piece = fc.constantFrom('sk-', 'v1-', 'fr-', 'sk-v1-', 'sk-fr-', 'SK-v1-', 'a', '0', 'f', 'g', '-', '_', ' ', '"', '\n', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(holdsPlaintextKey(text)).toBe(rule.test(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('maskKey', () => {
  it('shows only the prefix and the last 4 characters', () => {
    expect(maskKey(KEY)).toBe('sk-v1-…CDEF');
    expect(maskKey('sk-v1-abc')).toBe('sk-v1-…');
    expect(maskKey(FR_KEY)).toBe('sk-fr-…0123');
  });

  it('redacts service-account keys too', () => {
    expect(redactKeys(`bad ${FR_KEY} and 'sk-fr-zz'`)).toBe("bad sk-fr-…0123 and 'sk-fr-…'");
  });

  it('redacts key-like tokens in free text', () => {
    expect(redactKeys(`bad ${KEY} and 'sk-v1-zz'`)).toBe("bad sk-v1-…CDEF and 'sk-v1-…'");
  });
});

describe('extractKeyFromMessage', () => {
  it.each([
    [`configure fastrouter with API key ${KEY}`, KEY],
    [`my key is "${KEY}", thanks`, KEY],
    [`key: ${KEY}.`, KEY],
    [`(${KEY})`, KEY],
    [`use ${KEY}! now sk-v1-ffff`, KEY],
    [`service account: ${FR_KEY}.`, FR_KEY],
    ['set up fastrouter', undefined],
  ])('%j', (message, expected) => {
    expect(extractKeyFromMessage(message)).toBe(expected);
  });
});

describe('resolveGivenKey', () => {
  const env = {};
  it('takes sources in order: --key, stdin, --message, environment', () => {
    expect(resolveGivenKey({ keys: [KEY], message: 'set up fastrouter', env: { FASTROUTER_API_KEY: 'sk-v1-bbbb' } })).toEqual({ key: KEY, source: 'flag' });
    expect(resolveGivenKey({ keys: [], stdinText: `${KEY}\n`, env })).toEqual({ key: KEY, source: 'stdin' });
    expect(resolveGivenKey({ keys: [], stdinText: `configure fastrouter with "${KEY}"\nthanks`, env })).toEqual({ key: KEY, source: 'stdin' });
    expect(resolveGivenKey({ keys: [], message: `here: ${KEY}`, env: { FASTROUTER_API_KEY: 'sk-v1-bbbb' } })).toEqual({ key: KEY, source: 'message' });
    expect(resolveGivenKey({ keys: [], message: 'no key here', env: { FASTROUTER_API_KEY: KEY } })).toEqual({ key: KEY, source: 'env' });
    expect(resolveGivenKey({ keys: [], env })).toBeUndefined();
  });

  it('reads a service-account key from standard input, bare or in a message', () => {
    expect(resolveGivenKey({ keys: [], stdinText: `${FR_KEY}\n`, env })).toEqual({ key: FR_KEY, source: 'stdin' });
    expect(resolveGivenKey({ keys: [], stdinText: `use ${FR_KEY} please`, env })).toEqual({ key: FR_KEY, source: 'stdin' });
  });

  it('refuses two different keys, accepts the same one twice', () => {
    expect(() => resolveGivenKey({ keys: [KEY, 'sk-v1-abcd'], env })).toThrow(/Two different API keys/);
    expect(resolveGivenKey({ keys: [KEY], stdinText: KEY, env })?.key).toBe(KEY);
    // A message naming another key than --key is two keys too, not one silently dropped.
    expect(() => resolveGivenKey({ keys: [KEY], message: `use sk-v1-${'b'.repeat(32)}`, env })).toThrow(/Two different API keys/);
    expect(resolveGivenKey({ keys: [KEY], message: `use ${KEY}`, env })).toEqual({ key: KEY, source: 'flag' });
  });

  it('refuses standard input without a key, and a malformed one', () => {
    expect(() => resolveGivenKey({ keys: [], stdinText: 'set up fastrouter', env })).toThrow(/No FastRouter API key/);
    expect(() => resolveGivenKey({ keys: [], stdinText: 'sk-v1-zz\n', env })).toThrow(/double-check/);
  });

  it('refuses a malformed key in a message instead of ignoring it', () => {
    expect(() => resolveGivenKey({ keys: [], message: 'key sk-v1-nothex', env })).toThrow(/double-check/);
  });
});

describe('maskSecrets (the diff)', () => {
  it('gives a service-account key its usual masked form', async () => {
    const { maskSecrets } = await import('../src/core/mask-secrets.js');
    expect(maskSecrets(`+  "apiKey": "${FR_KEY}",`)).toBe('+  "apiKey": "sk-fr-…0123",');
    expect(maskSecrets(`+  "note": "${FR_KEY}"`)).toBe('+  "note": "sk-fr-…0123"');
  });
});

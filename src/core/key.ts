import { UsageError } from './errors.js';

const KEY = /^sk-v1-[0-9a-fA-F]+$/;
const KEY_TOKEN = /sk-v1-[^\s"'`]*/;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>]+$/;
const ANY_KEY_LIKE = /sk-v1-[^\s"'`]*/g;

function isValidKey(key: string): boolean {
  return KEY.test(key);
}

/** `sk-v1-…abcd`: enough to recognise a key, never enough to use it. */
export function maskKey(key: string): string {
  const tail = key.length >= 14 ? key.slice(-4) : '';
  return `sk-v1-…${tail}`;
}

/** Replaces anything that looks like a key in free text (error messages, argv echoes). */
export function redactKeys(text: string): string {
  return text.replace(ANY_KEY_LIKE, (match) => maskKey(match));
}

/** The first `sk-v1-…` token of a sentence, without the punctuation that ends it. */
export function extractKeyFromMessage(message: string): string | undefined {
  const token = KEY_TOKEN.exec(message)?.[0];
  return token?.replace(TRAILING_PUNCTUATION, '');
}

/** Trims paste debris (spaces, newlines) and refuses anything that is not `sk-v1-` + hex. */
export function parseKey(raw: string): string {
  const key = raw.trim();
  if (!isValidKey(key)) {
    throw new UsageError('That does not look like a FastRouter API key: please double-check that it starts with "sk-v1-" followed by hex characters (0-9, a-f).');
  }
  return key;
}

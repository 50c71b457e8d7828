import { UsageError } from './errors.js';

/** What a FastRouter key is: accepted by parseKey, and what makes a config private once it holds one. */
const KEY_SOURCE = 'sk-v1-[0-9a-fA-F]+';
const KEY = new RegExp(`^${KEY_SOURCE}$`);
const KEY_IN_TEXT = new RegExp(`(?<![\\w-])${KEY_SOURCE}`);
const KEY_TOKEN = /sk-v1-[^\s"'`]*/;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>]+$/;
// Key-shaped text: the prefix and the run of characters a key (or a mistyped one) is made of. It stops
// at punctuation, so "(sk-v1-…) found" and paths keep their text, and a masked key ("sk-v1-…") is left as is.
const ANY_KEY_LIKE = /sk-v1-[0-9A-Za-z_-]+/gi;
const HAS_KEY_LIKE = /sk-v1-[0-9A-Za-z_-]/i;

function isValidKey(key: string): boolean {
  return KEY.test(key);
}

/** True when `text` (a config) holds a FastRouter key in plain text, by the very rule parseKey accepts one. */
export function holdsPlaintextKey(text: string): boolean {
  return KEY_IN_TEXT.test(text);
}

/** `sk-v1-…abcd`: enough to recognise a key, never enough to use it. */
export function maskKey(key: string): string {
  const tail = key.length >= 14 ? key.slice(-4) : '';
  return `sk-v1-…${tail}`;
}

/** Replaces anything that looks like a key in free text (reports, error messages, argv echoes). */
export function redactKeys(text: string): string {
  return text.replace(ANY_KEY_LIKE, (match) => maskKey(match));
}

/** True when `text` holds something key-shaped: it must not be stored or used as a name. */
export function looksLikeKey(text: string): boolean {
  return HAS_KEY_LIKE.test(text);
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

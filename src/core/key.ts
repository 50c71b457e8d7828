import { UsageError } from './errors.js';

// FastRouter's keys: `sk-v1-` (a user's) and `sk-fr-` (a service account's, from provisioning keys),
// each followed by hex. Assumption: FastRouter's public docs do not spell out the service-account
// charset, so `sk-fr-` keys follow the same rule as `sk-v1-` ones. One rule for what parseKey accepts
// and what makes a config private once it holds one.
const PREFIX = 'sk-(?:v1|fr)-';
const KEY_SOURCE = `${PREFIX}[0-9a-fA-F]+`;
const KEY = new RegExp(`^${KEY_SOURCE}$`);
const KEY_AT = new RegExp(`${PREFIX}[0-9a-fA-F]`, 'y');
const WORD_OR_DASH = /[\w-]/;
const KEY_TOKEN = new RegExp(`${PREFIX}[^\\s"'\`]*`);
const TRAILING_PUNCTUATION = /[.,;:!?)\]}>]+$/;
// Key-shaped text: the prefix and the run of characters a key (or a mistyped one) is made of. It stops
// at punctuation, so "(sk-v1-…) found" and paths keep their text, and a masked key ("sk-v1-…") is left as is.
const ANY_KEY_LIKE = new RegExp(`${PREFIX}[0-9A-Za-z_-]+`, 'gi');
const HAS_KEY_LIKE = new RegExp(`${PREFIX}[0-9A-Za-z_-]`, 'i');
const STARTS_LIKE_KEY = new RegExp(`^${PREFIX}`, 'i');

function isValidKey(key: string): boolean {
  return KEY.test(key);
}

/** True when `text` (a config) holds a FastRouter key in plain text, by the very rule parseKey accepts one. */
export function holdsPlaintextKey(text: string): boolean {
  // Found with indexOf, then checked in place: one regex over a whole 1 MB config took milliseconds
  // (V8 runs a regex's first uses in its interpreter); a key starts a word: `(?<![\w-])` before it.
  for (let at = text.indexOf('sk-'); at !== -1; at = text.indexOf('sk-', at + 1)) {
    KEY_AT.lastIndex = at;
    if (KEY_AT.test(text) && !WORD_OR_DASH.test(text.charAt(at - 1))) return true;
  }
  return false;
}

/** True when `text` starts with a FastRouter key's prefix (`sk-v1-`, `sk-fr-`). */
export function hasKeyPrefix(text: string): boolean {
  return STARTS_LIKE_KEY.test(text);
}

/** `sk-v1-…abcd` (`sk-fr-…abcd`): enough to recognise a key, never enough to use it. */
export function maskKey(key: string): string {
  const tail = key.length >= 14 ? key.slice(-4) : '';
  return `${key.slice(0, 6).toLowerCase()}…${tail}`;
}

/** Replaces anything that looks like a key in free text (reports, error messages, argv echoes). */
export function redactKeys(text: string): string {
  return text.replace(ANY_KEY_LIKE, (match) => maskKey(match));
}

/** True when `text` holds something key-shaped: it must not be stored or used as a name. */
export function looksLikeKey(text: string): boolean {
  return HAS_KEY_LIKE.test(text);
}

/** The first `sk-v1-…`/`sk-fr-…` token of a sentence, without the punctuation that ends it. */
export function extractKeyFromMessage(message: string): string | undefined {
  const token = KEY_TOKEN.exec(message)?.[0];
  return token?.replace(TRAILING_PUNCTUATION, '');
}

/** Trims paste debris (spaces, newlines) and refuses anything that is not `sk-v1-`/`sk-fr-` + hex. */
export function parseKey(raw: string): string {
  const key = raw.trim();
  if (!isValidKey(key)) {
    throw new UsageError(
      'That does not look like a FastRouter API key: please double-check that it starts with "sk-v1-" (or "sk-fr-" for a service-account key) followed by hex characters (0-9, a-f).',
    );
  }
  return key;
}

/**
 * Where a value (a config) holds a FastRouter key in plain text: the dotted paths of the strings
 * that do (`env.vars.FASTROUTER_API_KEY`, `models.providers.fastrouter.headers.X-Token`).
 */
export function plaintextKeyPaths(value: unknown, path: readonly string[] = []): string[] {
  if (typeof value === 'string') return holdsPlaintextKey(value) ? [path.join('.')] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => plaintextKeyPaths(item, [...path, String(i)]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => plaintextKeyPaths(item, [...path, key]));
  return [];
}

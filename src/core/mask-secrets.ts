import { hasKeyPrefix, maskKey, redactKeys } from './key.js';

/** Words that make a field a secret wherever it sits: `apiKey`, `token`, `gateway.auth.password`, `clientSecret`, `pwd`… */
const SECRET_WORDS = new Set(['token', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'credential', 'credentials', 'authorization', 'auth', 'cookie', 'bearer']);
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'master', 'service']);

/** `gatewayToken` → gateway, token; `api_key` → api, key; `$secret` → secret. `maxTokens` and `tokenizer` are not secrets. */
function isSecretField(name: string): boolean {
  const words = name
    .split(/[-_.$]|(?<=[a-z0-9])(?=[A-Z])/)
    .map((w) => w.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  if (words.some((w) => SECRET_WORDS.has(w)) || ['apikey', 'apikeys', 'key', 'keys'].includes(words.join(''))) return true;
  return words.some((w, i) => (w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!));
}

/** Fields whose strings name models (`fastrouter/qwen/qwen3-coder`): ids, never secrets. */
const MODEL_REF_FIELDS = new Set(['id', 'primary', 'fallbacks', 'model', 'imageModel', 'name', 'alias']);

// `"name": "value"`, `name: 'value'` (JSON5): a field name, a colon, a quoted string.
const FIELD_WITH_STRING = /(["']?)([A-Za-z_$][\w$-]*)\1(\s*:\s*)(["'])((?:\\.|(?!\4)[^\\])*)\4/g;
const QUOTED = /(["'])((?:\\.|(?!\1)[^\\])*)\1/g;
// Shaped like a credential: a known prefix, or a long run of letters and digits holding both and
// many different characters (a model id or a path has short runs between its separators, and
// `000xxxxxxxxx` is padding, not a key).
const KNOWN_PREFIX_SOURCE = String.raw`(?:sk-|sk_|pk_|rk_|xox[abpr]-|ghp_|gho_|ghs_|github_pat_|glpat-|AKIA|AIza|eyJ)[\w.+/=-]{8,}`;
const KNOWN_PREFIX = new RegExp(`^${KNOWN_PREFIX_SOURCE}$`);
const KNOWN_PREFIX_ANYWHERE = new RegExp(`(?<![\\w-])${KNOWN_PREFIX_SOURCE}`, 'g');
const LONG_RUN = /[A-Za-z0-9+=]{20,}/g;
// `scheme://user:password@host`: the user info, whatever the field.
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#@"']+@/g;

/** A stand-in that keeps a hint of which secret it was (the last four characters of a long one). */
function mask(value: string): string {
  if (hasKeyPrefix(value)) return maskKey(value);
  return value.length >= 16 ? `…${value.slice(-4)}` : '…';
}

const isRandomRun = (run: string) => /\d/.test(run) && /[A-Za-z]/.test(run) && new Set(run).size >= 10;

function looksLikeSecretValue(value: string): boolean {
  if (value.includes('${') || hasKeyPrefix(value)) return false;
  if (KNOWN_PREFIX.test(value)) return true;
  return (value.match(LONG_RUN) ?? []).some(isRandomRun);
}

/**
 * What a string value shows in a diff, judged by what it means: a secret field's value (the nearest
 * field name, so `apiKeys: [...]` too) is masked, a model reference never is, user info in any URL
 * is, and so is a value shaped like a credential. `${VAR}` references stay visible (they name a
 * secret, they are not one). Undefined: show it as it is.
 */
export function maskedValue(value: string, field: string | undefined): string | undefined {
  if (value === '') return undefined;
  if (field !== undefined && isSecretField(field)) return value.startsWith('${') ? undefined : mask(value);
  if (field !== undefined && MODEL_REF_FIELDS.has(field)) return undefined;
  const withoutUserInfo = value.replace(URL_USERINFO, '$1…@');
  if (withoutUserInfo !== value) return withoutUserInfo;
  return looksLikeSecretValue(value) ? mask(value) : undefined;
}

/** Key-shaped text outside string values (comments): known credential prefixes, URL user info, FastRouter keys. */
export function maskLooseText(text: string): string {
  return redactKeys(text.replace(URL_USERINFO, '$1…@').replace(KNOWN_PREFIX_ANYWHERE, (match) => mask(match)));
}

/**
 * Masks secret-looking values in a line of config text, by its look: for text that does not parse,
 * where maskedValue cannot see what a value means.
 */
export function maskSecrets(text: string): string {
  const fields = text.replace(FIELD_WITH_STRING, (whole, q: string, name: string, colon: string, quote: string, value: string) =>
    isSecretField(name) && value !== '' && !value.startsWith('${') && !hasKeyPrefix(value) ? `${q}${name}${q}${colon}${quote}${mask(value)}${quote}` : whole,
  );
  return maskLooseText(fields.replace(QUOTED, (whole, quote: string, value: string) => (looksLikeSecretValue(value) ? `${quote}${mask(value)}${quote}` : whole)));
}

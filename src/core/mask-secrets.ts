import { hasKeyPrefix, redactKeys } from './key.js';

/** Words that make a field a secret wherever it sits: `apiKey`, `token`, `gateway.auth.password`, `clientSecret`… */
const SECRET_WORDS = new Set(['token', 'password', 'passwd', 'passphrase', 'secret', 'credential', 'credentials', 'authorization', 'cookie', 'bearer']);
const KEY_QUALIFIERS = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'master', 'service']);

/** `gatewayToken` → gateway, token; `api_key` → api, key. `maxTokens` and `tokenizer` are not secrets. */
function isSecretField(name: string): boolean {
  const words = name.split(/[-_.]|(?<=[a-z0-9])(?=[A-Z])/).map((w) => w.toLowerCase());
  if (words.some((w) => SECRET_WORDS.has(w)) || words.join('') === 'apikey' || name.toLowerCase() === 'key') return true;
  return words.some((w, i) => w === 'key' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!));
}

// `"name": "value"`, `name: 'value'` (JSON5): a field name, a colon, a quoted string.
const FIELD_WITH_STRING = /(["']?)([A-Za-z_$][\w$-]*)\1(\s*:\s*)(["'])((?:\\.|(?!\4)[^\\])*)\4/g;
const QUOTED = /(["'])((?:\\.|(?!\1)[^\\])*)\1/g;
// Shaped like a credential: a known prefix, or a run of 20+ letters and digits holding both (a
// model id or a path has short runs between its separators).
const KNOWN_PREFIX = /^(?:sk-|sk_|pk_|rk_|xox[abpr]-|ghp_|gho_|ghs_|github_pat_|glpat-|AKIA|AIza|eyJ)[\w.+/=-]{8,}$/;
const LONG_RUN = /[A-Za-z0-9+/=]{20,}/g;

/** A stand-in that keeps a hint of which secret it was (the last four characters of a long one). */
function mask(value: string): string {
  return value.length >= 16 ? `…${value.slice(-4)}` : '…';
}

function looksLikeSecretValue(value: string): boolean {
  if (value.includes('${') || hasKeyPrefix(value)) return false;
  if (KNOWN_PREFIX.test(value)) return true;
  return (value.match(LONG_RUN) ?? []).some((run) => /\d/.test(run) && /[A-Za-z]/.test(run));
}

/**
 * Masks secret-looking values in config text (a diff line): every string under a field named like a
 * secret, and any string shaped like a credential. `${VAR}` references stay visible (they name a
 * secret, they are not one); FastRouter keys get their usual `sk-v1-…abcd` (`sk-fr-…abcd`) form.
 */
export function maskSecrets(text: string): string {
  const fields = text.replace(FIELD_WITH_STRING, (whole, q: string, name: string, colon: string, quote: string, value: string) =>
    isSecretField(name) && value !== '' && !value.startsWith('${') && !hasKeyPrefix(value) ? `${q}${name}${q}${colon}${quote}${mask(value)}${quote}` : whole,
  );
  return redactKeys(fields.replace(QUOTED, (whole, quote: string, value: string) => (looksLikeSecretValue(value) ? `${quote}${mask(value)}${quote}` : whole)));
}

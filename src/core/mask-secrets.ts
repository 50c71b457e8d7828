import { hasKeyPrefix, maskKey, redactKeys } from './key.js';

// The one rule for what is a secret in text we show: a config value judged by where it sits (its
// parsed path) and what it is, and free text (comments, a server's reply) judged by the names and
// shapes in it. Human-chosen secrets (`Summer2026!`) have no look, so names carry most of the rule.

/** Words that make a field a secret wherever they sit in its name: `apiKey`, `gatewayToken`, `clientSecret`, `pwd`… */
const SECRET_WORDS = new Set([
  'token',
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'passcode',
  'pin',
  'otp',
  'secret',
  'secrets',
  'credential',
  'credentials',
  'authorization',
  'authorisation',
  'auth',
  'cookie',
  'cookies',
  'bearer',
  'jwt',
  'apikey',
  'signature',
  'sig',
  'hmac',
  'salt',
  'csrf',
  'xsrf',
]);
/** One word run together (`accesstoken`, `dbpassword`): how OpenClaw's own redaction reads names. */
const SECRET_SUFFIX = /(?:token|passw(?:or)?d|secrets?|apikeys?|credentials?)$/;
/** `xKey` is a secret for these x: `apiKey`, `Ocp-Apim-Subscription-Key`; a `sessionKey` or `cacheKey` is not. */
const KEY_QUALIFIERS = new Set([
  'api',
  'private',
  'access',
  'secret',
  'signing',
  'encryption',
  'master',
  'service',
  'subscription',
  'client',
  'account',
  'app',
  'auth',
  'license',
  'shared',
  'webhook',
  'storage',
  'admin',
]);
/** Whole names that are secrets only alone: `tokens` is, `maxTokens` is not. */
const SECRET_NAMES = new Set(['apikey', 'apikeys', 'key', 'keys', 'tokens', 'passwords', 'pins', 'sk']);
/** Names that end in one of these describe a secret, they do not hold one: `tokenLimit`, `passwordFile`, `authMode`. */
const DESCRIPTOR_TAILS = new Set(['limit', 'count', 'budget', 'size', 'length', 'ttl', 'file', 'path', 'env', 'mode', 'type', 'kind', 'header', 'url', 'enabled', 'required']);

// A config repeats a few dozen field names over thousands of values: each is judged once.
const judgedFields = new Map<string, boolean>();
function isSecretField(name: string): boolean {
  let secret = judgedFields.get(name);
  if (secret === undefined) {
    secret = judgeFieldName(name);
    if (judgedFields.size < 4096) judgedFields.set(name, secret);
  }
  return secret;
}

/** `gatewayToken` → gateway, token; `api_key` → api, key; `apiKey2` → api, key; `$secret` → secret. */
function judgeFieldName(name: string): boolean {
  const words = name
    .split(/[-_.$\s]|(?<=[a-z0-9])(?=[A-Z])/)
    .map((w) =>
      w
        .toLowerCase()
        .replace(/[^a-z0-9]/g, '')
        .replace(/\d+$/, ''),
    )
    .filter(Boolean);
  if (words.length > 1 && DESCRIPTOR_TAILS.has(words.at(-1)!)) return false;
  if (SECRET_NAMES.has(words.join(''))) return true;
  if (words.some((w) => SECRET_WORDS.has(w) || SECRET_SUFFIX.test(w))) return true;
  return words.some((w, i) => (w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!));
}

/** Headers that describe the caller, never authenticate it: every other header's value is taken as a credential. */
const DESCRIPTIVE_HEADERS = new Set([
  'http-referer',
  'referer',
  'x-title',
  'user-agent',
  'content-type',
  'accept',
  'accept-language',
  'accept-encoding',
  'anthropic-version',
  'anthropic-beta',
  'openai-beta',
]);
const isDescriptiveHeader = (name: string) => DESCRIPTIVE_HEADERS.has(name.trim().toLowerCase());

/** Fields whose strings name models (`fastrouter/qwen/qwen3-coder`): ids, never secrets. */
const MODEL_REF_FIELDS = new Set(['id', 'primary', 'fallbacks', 'model', 'imageModel', 'name', 'alias']);
/** A SecretRef's `source` is one of these words: no secret can hide in it. */
const SECRET_SOURCES = new Set(['env', 'file', 'exec', 'store']);

// Shaped like a credential: a known prefix, or a long run of letters and digits holding both and
// many different characters (a model id or a path has short runs between its separators, and
// `000xxxxxxxxx` is padding, not a key).
const KNOWN_PREFIX_SOURCE = String.raw`(?:sk-|sk_|pk_|rk_|xox[abpr]-|ghp_|gho_|ghs_|github_pat_|glpat-|AKIA|AIza|eyJ)[\w.+/=-]{8,}`;
const KNOWN_PREFIX = new RegExp(`^${KNOWN_PREFIX_SOURCE}$`);
const KNOWN_PREFIX_ANYWHERE = new RegExp(`(?<![\\w-])${KNOWN_PREFIX_SOURCE}`, 'g');
const LONG_RUN = /[A-Za-z0-9+=]{20,}/g;

// A URL, with or without its scheme (`//user:pass@host`), up to what cannot be in one.
// A backslash ends it too: in JSON text it escapes the quote that closes the string.
const URL_LIKE = /(?:\b[A-Za-z][A-Za-z0-9+.-]*:)?\/\/[^\s"'`<>\\]+/g;
const USERINFO = /^((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)[^/?#@]+@/;
// `?api_key=…`, `&sig=…`, `#access_token=…`, `;jsessionid=…`.
const URL_PARAMETER = /([?&#;])([^=&#;?]+)=([^&#;]*)/g;
/** Parameter names that carry a credential in URLs though they are no secret as field names. */
const SECRET_PARAMETERS = new Set(['code', 'session', 'sessionid', 'jsessionid', 'sid']);
// In free text: `name=value`, `name: value`, `"name": "value"`; and the credential after an auth scheme.
const NAMED_VALUE = /(?<![\w$-])(["']?)([A-Za-z_$][\w$.-]*)\1(\s*[:=]\s*)(?:(["'])((?:\\.|(?!\4)[^\\])*)\4|(?!\/[/*])([^\s,;&"'`<>()[\]{}]+))/g;
const AUTH_SCHEME_CREDENTIAL = /\b(Bearer|Basic|Digest)(\s+)(?!…)([^\s,;"'`<>]+)/gi;
const ENV_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g;

const isRandomRun = (run: string) => /\d/.test(run) && /[A-Za-z]/.test(run) && new Set(run).size >= 10;

function looksLikeSecretValue(value: string): boolean {
  if (value.includes('${') || hasKeyPrefix(value)) return false;
  if (KNOWN_PREFIX.test(value)) return true;
  return (value.match(LONG_RUN) ?? []).some(isRandomRun);
}

/**
 * A stand-in that keeps a hint of which secret it was: the last four characters of a long
 * credential-shaped one, as for keys; nothing of a human-chosen one, where four characters are a real part of it.
 */
function mask(value: string): string {
  if (hasKeyPrefix(value)) return maskKey(value);
  return value.length >= 16 && looksLikeSecretValue(value) ? `…${value.slice(-4)}` : '…';
}

/** `${VAR}` (or `Bearer ${VAR}`): it names a secret, it is not one. */
const isReference = (value: string) => value.includes('${') && /^(?:|bearer|basic|token)$/i.test(value.replace(ENV_REFERENCE, '').trim());

/** User info and secret parameters of every URL in `text`. */
function maskUrls(text: string): string {
  return text.replace(URL_LIKE, (url) =>
    url
      .replace(USERINFO, '$1…@')
      .replace(URL_PARAMETER, (whole, separator: string, name: string, value: string) =>
        value !== '' && (isSecretField(name) || SECRET_PARAMETERS.has(name.toLowerCase())) ? `${separator}${name}=…` : whole,
      ),
  );
}

/** A place in the parsed config: object keys and array positions, from the root. */
export type ValuePath = ReadonlyArray<string | number>;

/** Members of these maps are named by ids (`models.providers.<id>`, `agents.defaults.models.<model id>`), not by meaning. */
function isIdKey(path: ValuePath, at: number): boolean {
  const parent = path[at - 1];
  return typeof path[at] === 'string' && typeof parent === 'string' && (parent === 'providers' || parent === 'profiles' || (parent === 'models' && at >= 2));
}

/**
 * How the place itself reads: `secret` below a secret-like field name (`secrets: { db: … }`) or a
 * header other than a descriptive one; `header-line` for a `"Name: value"` string in a headers list.
 */
function placeReading(path: ValuePath): 'secret' | 'header-line' | undefined {
  for (let at = 0; at < path.length; at++) {
    const name = path[at];
    if (typeof name !== 'string' || isIdKey(path, at)) continue;
    if (isSecretField(name)) return 'secret';
    if (name.toLowerCase() !== 'headers') continue;
    const header = path[at + 1];
    if (typeof header === 'string' && !isDescriptiveHeader(header)) return 'secret';
    if (typeof header !== 'string') return 'header-line';
    at++;
  }
  return undefined;
}

const lastField = (path: ValuePath) => path.filter((segment): segment is string => typeof segment === 'string').at(-1);

/**
 * What a config value shows in a diff, judged by what it means: below a secret-like name or under a
 * header, a string or number is masked (`${VAR}` references and a SecretRef's source stay visible); a
 * model reference never is; elsewhere URL user info and secret URL parameters are, and so is a value
 * shaped like a credential. Undefined: show it as it is.
 */
export function maskedValue(value: string | number, path: ValuePath): string | undefined {
  const reading = placeReading(path);
  if (typeof value === 'number') return reading === 'secret' ? '…' : undefined;
  if (value === '') return undefined;
  if (reading === 'secret') return isReference(value) || (lastField(path) === 'source' && SECRET_SOURCES.has(value)) ? undefined : mask(value);
  if (reading === 'header-line') {
    const colon = value.indexOf(':');
    if (colon < 0) return mask(value);
    if (!isDescriptiveHeader(value.slice(0, colon)) && !isReference(value.slice(colon + 1))) return `${value.slice(0, colon)}: …`;
  }
  const field = lastField(path);
  if (field !== undefined && MODEL_REF_FIELDS.has(field)) return undefined;
  const withoutUrlSecrets = maskUrls(value);
  if (withoutUrlSecrets !== value) return withoutUrlSecrets;
  return looksLikeSecretValue(value) ? mask(value) : undefined;
}

/**
 * Secrets in free text (comments, a server's reply): what follows a secret-like name (`password:
 * x`, `token=x`, `"apiKey": "x"`) or an auth scheme, URL user info and secret parameters, known
 * credential prefixes, FastRouter keys. `true`, `false` and `null` after a name are settings, not secrets.
 */
export function maskLooseText(text: string): string {
  const named = text
    // A short plain word after the scheme is prose ("Bearer token required"), not a credential.
    .replace(AUTH_SCHEME_CREDENTIAL, (whole, scheme: string, space: string, credential: string) => (/^[A-Za-z]{1,11}$/.test(credential) ? whole : `${scheme}${space}${mask(credential)}`))
    .replace(NAMED_VALUE, (whole, q: string, name: string, colon: string, quote: string | undefined, quoted: string | undefined, bare: string | undefined) => {
      const value = quoted ?? bare ?? '';
      if (!isSecretField(name) || value === '' || /^(?:true|false|null|….*)$/.test(value) || isReference(value) || hasKeyPrefix(value)) return whole;
      return `${q}${name}${q}${colon}${quote ?? ''}${mask(value)}${quote ?? ''}`;
    });
  return redactKeys(maskUrls(named).replace(KNOWN_PREFIX_ANYWHERE, (match) => mask(match)));
}

/** Everything we print: URL user info and secret parameters (a base URL in a report), and FastRouter keys. */
export function redactPrinted(text: string): string {
  return redactKeys(maskUrls(text));
}

const QUOTED = /(["'])((?:\\.|(?!\1)[^\\])*)\1/g;

/**
 * Masks secret-looking values in a line of config text, by its look: for text that does not parse,
 * where maskedValue cannot see what a value means.
 */
export function maskSecrets(text: string): string {
  return maskLooseText(text.replace(QUOTED, (whole, quote: string, value: string) => (looksLikeSecretValue(value) ? `${quote}${mask(value)}${quote}` : whole)));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A server's reply, as we quote it: every value we sent it (the key, each header's value, as sent
 * or URL-encoded) is masked wherever the reply echoes it, then the reply passes the free-text masker.
 * Values under four characters are left: masking them would cut ordinary words, and they hide nothing.
 */
export function maskQuotedReply(text: string, sent: readonly string[]): string {
  let out = text;
  for (const value of sent) {
    for (const form of new Set([value, encodeURIComponent(value)])) {
      if (form.trim().length >= 4) out = out.replace(new RegExp(escapeRegExp(form), 'gi'), mask(value));
    }
  }
  return maskLooseText(out);
}

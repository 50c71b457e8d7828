// The provider's own `headers`, as OpenClaw sends them with every request to the host: a gateway in
// front of FastRouter may need one for the catalog too. Never the key: OpenClaw adds that itself.
import { expandTemplate } from './config-base-url.js';
import { envValue, type Env } from './env.js';
import { getPath, isPlainObject } from './json.js';
import { looksLikeKey } from './key.js';
import { ENV_SHORTHAND } from './merge.js';
import { PROVIDER_ID } from './provider.js';

export const HEADERS_FIELD = `models.providers.${PROVIDER_ID}.headers`;
/** What a header name may be on the wire (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface CatalogHeaders {
  headers: Record<string, string>;
  /** Headers that could not be sent, and why. */
  notes: string[];
}

/** One header's value as OpenClaw resolves it: a literal, `${VAR}` in it, `$VAR`, or an env SecretRef. */
function resolveValue(value: unknown, env: Env): { value: string } | { why: string } {
  if (typeof value === 'string') {
    const shorthand = ENV_SHORTHAND.exec(value.trim());
    if (shorthand) {
      const resolved = envValue(env, shorthand[1]!);
      return resolved === undefined ? { why: `$${shorthand[1]} is not set here` } : { value: resolved };
    }
    const expanded = expandTemplate(value, env);
    return expanded === undefined ? { why: 'a ${VAR} in it is not set here' } : { value: expanded };
  }
  if (isPlainObject(value) && value.source === 'env' && typeof value.id === 'string') {
    const resolved = envValue(env, value.id);
    return resolved === undefined ? { why: `$${value.id} is not set here` } : { value: resolved };
  }
  if (isPlainObject(value) && typeof value.source === 'string') return { why: `its ${value.source} secret is only read by OpenClaw` };
  return { why: 'it is not a string' };
}

/** The headers to send with the catalog request, from `models.providers.fastrouter.headers`. */
export function catalogHeaders(config: unknown, env: Env): CatalogHeaders {
  const configured = getPath(config, ['models', 'providers', PROVIDER_ID, 'headers']);
  const headers: Record<string, string> = {};
  const notes: string[] = [];
  if (!isPlainObject(configured)) return { headers, notes };
  for (const [name, raw] of Object.entries(configured)) {
    const resolved = resolveValue(raw, env);
    const why =
      'why' in resolved
        ? resolved.why
        : !HEADER_NAME.test(name) || /[\r\n\0]/.test(resolved.value)
          ? 'it cannot be sent as a header'
          : looksLikeKey(resolved.value)
            ? 'it holds an API key, which the public catalog never needs'
            : undefined;
    if (why === undefined && 'value' in resolved) headers[name.toLowerCase()] = resolved.value;
    else notes.push(`The catalog request was sent without the header ${JSON.stringify(name)} from ${HEADERS_FIELD}: ${why}.`);
  }
  return { headers, notes };
}

import { UsageError } from './errors.js';
import { redactKeys } from './key.js';

const DEFAULT_HOST = 'https://api.fastrouter.ai';

export interface Endpoint {
  /** Where the public catalog lives: `<host>/v1/models`. */
  catalogUrl: string;
  /** What OpenClaw appends `/chat/completions` to: `<host>/api/v1`. */
  apiBaseUrl: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith('.localhost');
}

/** The origin of a plain-http URL to a host that is not loopback (where a key would cross the network in clear), else undefined. */
export function plainHttpOrigin(baseUrl: string): string | undefined {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  return url?.protocol === 'http:' && !isLoopback(url.hostname) ? url.origin : undefined;
}

const API_ROOT_PATHS = new Set(['', '/v1', '/api/v1']);

/**
 * Accepts exactly the spellings of FastRouter's API root: the host, `<host>/v1` or `<host>/api/v1`,
 * each with or without a trailing slash. Anything else (`/api`, `/v1/models`, a proxy prefix) is
 * refused rather than guessed at: taken as FastRouter's root it would make OpenClaw post to a URL that
 * 404s. (A proxy prefix the user wrote into the config by hand is kept: see `proxiedEndpoint`.)
 * Plain http is allowed only to loopback unless the caller opts in: the key would travel in clear.
 * `label` names where the URL came from in messages (the flag, the variable, or the config field).
 */
export function resolveEndpoint(baseUrl = DEFAULT_HOST, allowInsecureHttp = false, label = '--base-url'): Endpoint {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`${label} must be an http(s) URL such as ${DEFAULT_HOST} (got ${JSON.stringify(redactKeys(baseUrl))}).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${label} must use https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(`${label} must not carry credentials, a query or a fragment.`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new UsageError(`${label} ${url.origin} is plain http, so the API key would travel in clear: use https://, or pass --allow-insecure-http if you really mean it.`);
  }
  const path = url.pathname.replace(/\/$/, '');
  if (!API_ROOT_PATHS.has(path)) {
    throw new UsageError(`${label} ${url.origin}${url.pathname} is not FastRouter's API root: give the host (${url.origin}), or ${url.origin}/api/v1.`);
  }
  return { catalogUrl: `${url.origin}/v1/models`, apiBaseUrl: `${url.origin}/api/v1` };
}

/** The endpoint --base-url or $FASTROUTER_BASE_URL names, checked; undefined when neither is given. */
export function explicitEndpoint(flag: string | undefined, fromEnv: string | undefined, allowInsecureHttp: boolean): Endpoint | undefined {
  const url = flag ?? fromEnv;
  return url === undefined ? undefined : resolveEndpoint(url, allowInsecureHttp, flag !== undefined ? '--base-url' : '$FASTROUTER_BASE_URL');
}

/**
 * A base URL the user set in the config behind a path prefix (a reverse proxy, `<host>/x/api/v1`):
 * their choice, kept as written. FastRouter serves the catalog below the API root too, so it is read
 * from `<baseUrl>/models`. Undefined for anything else (a prefix that does not end in `/api/v1`).
 */
export function proxiedEndpoint(baseUrl: string): Endpoint | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) return undefined;
  const path = url.pathname.replace(/\/$/, '');
  if (!path.endsWith('/api/v1')) return undefined;
  return { catalogUrl: `${url.origin}${path}/models`, apiBaseUrl: `${url.origin}${path}` };
}

/**
 * Where authenticated requests go now: the API root, or, for a `${VAR}` one that OpenClaw fills in,
 * the root of the host the catalog is read from.
 */
export function liveApiRoot(endpoint: Endpoint): string {
  if (!endpoint.apiBaseUrl.includes('${')) return endpoint.apiBaseUrl;
  const root = endpoint.catalogUrl.replace(/\/models$/, '');
  return root.endsWith('/api/v1') ? root : root.replace(/\/v1$/, '/api/v1');
}

/** What to check when a URL leads nowhere, by where the URL came from. */
export function urlSourceHint(source: 'flag' | 'env' | 'config' | 'default'): string {
  return { flag: '--base-url', env: '$FASTROUTER_BASE_URL', config: 'the baseUrl in the config (or pass --base-url)', default: 'your network connection' }[source];
}

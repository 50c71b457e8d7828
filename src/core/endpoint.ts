import { UsageError } from './errors.js';

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

/**
 * Accepts the host with or without a trailing `/api/v1` or `/v1` and derives both URLs from it.
 * Plain http is allowed only to loopback unless the caller opts in: the key would travel in clear.
 */
export function resolveEndpoint(baseUrl = DEFAULT_HOST, allowInsecureHttp = false): Endpoint {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL such as ${DEFAULT_HOST}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--base-url must use https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError('--base-url must not carry credentials, a query or a fragment.');
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new UsageError(`--base-url ${url.origin} is plain http, so the API key would travel in clear: use https://, or pass --allow-insecure-http if you really mean it.`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/(\/api)?\/v1$/, '');
  const host = url.origin + path;
  return { catalogUrl: `${host}/v1/models`, apiBaseUrl: `${host}/api/v1` };
}

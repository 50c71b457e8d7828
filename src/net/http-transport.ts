import type { Readable } from 'node:stream';
import { envValue, type Env } from '../core/env.js';
import { UsageError } from '../core/errors.js';

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** What to send: a GET, or a POST with a small body. */
interface Outgoing {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string | undefined;
}

/** One request, no redirects followed, no body decoding: the caller does those the same way for every transport. */
export type Transport = {
  send(url: URL, outgoing: Outgoing, signal: AbortSignal): Promise<RawResponse>;
  close(): void;
};

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

function proxyConfigured(env: Env): boolean {
  return PROXY_VARIABLES.some((name) => envValue(env, name) !== undefined);
}

interface Proxy {
  /** host:port, never the credentials. */
  host: string;
  /** The variable it came from, for the message. */
  variable: string;
  url: string;
  /** It carries a user name or password (never shown). */
  hasCredentials: boolean;
}

function proxyFrom(env: Env, names: string[]): Proxy | undefined {
  for (const variable of names) {
    const url = envValue(env, variable)?.trim();
    if (url === undefined) continue;
    const parsed = new URL(url);
    return { host: `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`, variable, url, hasCredentials: parsed.username !== '' || parsed.password !== '' };
  }
  return undefined;
}

/** The proxy for each protocol, picked as undici does (lower case first; https falls back to the http one), blank meaning unset. */
function proxiesFrom(env: Env): { 'http:'?: Proxy; 'https:'?: Proxy } {
  const http = proxyFrom(env, ['http_proxy', 'HTTP_PROXY']);
  return { 'http:': http, 'https:': proxyFrom(env, ['https_proxy', 'HTTPS_PROXY']) ?? http };
}

/** A failure of the proxy itself (not reachable, or it refused the tunnel), as opposed to the host behind it. */
export class ProxyError extends Error {
  constructor(
    readonly proxy: Proxy,
    readonly code: string | undefined,
    readonly status: number | undefined,
  ) {
    super(status === undefined ? `proxy ${proxy.host}: ${code}` : `proxy ${proxy.host} answered HTTP ${status}`);
  }
}

/** The code of a ProxyError for a proxy that did not open the tunnel before the deadline. */
export const STALLED = 'stalled';
/** The code of a ProxyError for a proxy that closed the connection before answering CONNECT. */
export const CLOSED = 'closed';

/** A connection dropped under us: behind a proxy, it is the proxy (or its tunnel) that dropped it. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Set on errors from connecting to the proxy, so they are not mistaken for the API host refusing. */
const FROM_PROXY = Symbol('fromProxy');
const TUNNEL_REFUSED = /^Proxy response \((\d+)\) !== 200/;

function asProxyError(error: unknown, proxy: Proxy | undefined, tunnelled: boolean): unknown {
  if (proxy === undefined || typeof error !== 'object' || error === null) return error;
  const status = TUNNEL_REFUSED.exec((error as Error).message)?.[1];
  if (status !== undefined) return new ProxyError(proxy, undefined, Number(status));
  if ((error as { [FROM_PROXY]?: true })[FROM_PROXY]) return new ProxyError(proxy, (error as NodeJS.ErrnoException).code ?? (error as Error).message, undefined);
  // Dropped inside a tunnel: the proxy is what we were talking to (a NO_PROXY host's drop is its own).
  if (tunnelled && DROPPED.has(codeOf(error) ?? '')) return new ProxyError(proxy, codeOf(error), undefined);
  return error;
}

type Connector = import('undici').buildConnector.connector;

/**
 * With a proxy variable set: undici's EnvHttpProxyAgent, which also honours NO_PROXY. undici does not
 * abort a request while its proxy tunnel is still being set up (CONNECT, then TLS through it), so the
 * deadline is raced here and tears the agent down; its own timeouts are set to the deadline too.
 */
async function undiciTransport(env: Env, timeoutMs: number): Promise<Transport> {
  const { EnvHttpProxyAgent, Pool } = await import('../lazy/undici.js');
  const proxies = proxiesFrom(env);
  const timeouts = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs };
  // Tunnels asked of a proxy and not yet opened: a deadline that ends while one is pending is the proxy's stall.
  let tunnelsOpening = 0;
  // The request in flight: whether it went through the proxy (a tunnel was asked for), and how to end
  // it: undici asks again at once, without end, of a proxy that closes before answering CONNECT.
  let current: { tunnelled: boolean; fail: (code: string) => void } | undefined;
  const newAgent = () =>
    new EnvHttpProxyAgent({
      httpProxy: proxies['http:']?.url ?? '',
      httpsProxy: proxies['https:']?.url ?? '',
      noProxy: envValue(env, 'no_proxy') ?? envValue(env, 'NO_PROXY') ?? '',
      ...timeouts,
      connect: { timeout: timeoutMs },
      proxyTls: { timeout: timeoutMs },
      requestTls: { timeout: timeoutMs },
      // The client that talks to the proxy itself: its connection errors are marked as the proxy's.
      clientFactory: (origin: URL | string, options: { connect: Connector }) => {
        const pool = new Pool(origin, {
          ...options,
          ...timeouts,
          connect: ((connectOptions, callback) =>
            options.connect(connectOptions, (...args) => {
              if (args[0]) Object.assign(args[0], { [FROM_PROXY]: true });
              callback(...args);
            })) satisfies Connector,
        });
        const connect = pool.connect.bind(pool) as (options: object) => Promise<unknown>;
        pool.connect = (async (options: object) => {
          tunnelsOpening++;
          if (current) current.tunnelled = true;
          try {
            return await connect(options);
          } catch (error) {
            if (DROPPED.has(codeOf(error) ?? '')) current?.fail(CLOSED);
            throw error;
          } finally {
            tunnelsOpening--;
          }
        }) as typeof pool.connect;
        return pool;
      },
    } as ConstructorParameters<typeof EnvHttpProxyAgent>[0]);
  let agent = newAgent();
  const destroy = () => void agent.destroy().catch(() => {});
  return {
    send(url, { method, headers, body }, signal) {
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          const proxy = proxies[url.protocol as 'http:' | 'https:'];
          reject(tunnelsOpening > 0 && proxy !== undefined ? new ProxyError(proxy, STALLED, undefined) : signal.reason);
          destroy();
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        const proxy = proxies[url.protocol as 'http:' | 'https:'];
        const request = new AbortController();
        const state = (current = {
          tunnelled: false,
          fail: (code: string) => {
            if (current === state) current = undefined;
            signal.removeEventListener('abort', onAbort);
            reject(proxy ? new ProxyError(proxy, code, undefined) : new Error(code));
            request.abort();
            // Its connection pool would go on asking the proxy: the next attempt starts afresh.
            destroy();
            agent = newAgent();
          },
        });
        agent.request({ origin: url.origin, path: url.pathname + url.search, method, headers, body, signal: AbortSignal.any([signal, request.signal]) }).then(
          ({ statusCode, headers: responseHeaders, body }) => {
            signal.removeEventListener('abort', onAbort);
            resolve({ statusCode, headers: responseHeaders, body });
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(asProxyError(error, proxy, state.tunnelled));
          },
        );
      });
    },
    close: destroy,
  };
}

/** Without one: node:http or node:https, loaded only for the protocol in use. */
function nodeTransport(): Transport {
  const requests = new Set<import('node:http').ClientRequest>();
  return {
    async send(url, { method, headers, body }, signal) {
      const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
      return new Promise((resolve, reject) => {
        const req = request(url, { method, headers, signal, agent: false }, (res) => {
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res });
        });
        requests.add(req);
        req.on('close', () => requests.delete(req));
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => requests.forEach((req) => req.destroy()),
  };
}

/**
 * Each proxy variable that is set must be an http(s) URL, or undici fails deep inside with "Invalid
 * URL". The value is not echoed: it may hold a password.
 */
function assertValidProxies(env: Env): void {
  for (const name of PROXY_VARIABLES) {
    const value = envValue(env, name);
    if (value === undefined) continue;
    let protocol: string | undefined;
    try {
      protocol = new URL(value.trim()).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new UsageError(`${name} is set but is not an http:// or https:// proxy URL; set it to one (e.g. http://proxy.example:3128) or unset it.`);
    }
  }
}

export async function createTransport(env: Env, timeoutMs: number): Promise<Transport> {
  if (!proxyConfigured(env)) return nodeTransport();
  assertValidProxies(env);
  silenceIpServernameWarning();
  return await undiciTransport(env, timeoutMs);
}

/**
 * An https://<IP> proxy makes undici give the IP as the TLS server name, and Node then prints a raw
 * DeprecationWarning (DEP0123) into the user's output. It says nothing the user can act on.
 */
function silenceIpServernameWarning(): void {
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0123') return;
    (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

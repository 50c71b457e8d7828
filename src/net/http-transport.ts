import type { Readable } from 'node:stream';
import { envValue, type Env } from '../core/env.js';
import { UsageError } from '../core/errors.js';

interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** One GET, no redirects followed, no body decoding: the caller does those the same way for every transport. */
export type Transport = {
  get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<RawResponse>;
  close(): void;
};

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

function proxyConfigured(env: Env): boolean {
  return PROXY_VARIABLES.some((name) => envValue(env, name) !== undefined);
}

/** With a proxy variable set: undici's EnvHttpProxyAgent, which also honours NO_PROXY. */
async function undiciTransport(): Promise<Transport> {
  const { EnvHttpProxyAgent } = await import('../lazy/undici.js');
  const agent = new EnvHttpProxyAgent();
  return {
    async get(url, headers, signal) {
      const { statusCode, headers: responseHeaders, body } = await agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers, signal });
      return { statusCode, headers: responseHeaders, body };
    },
    close: () => void agent.destroy().catch(() => {}),
  };
}

/** Without one: node:http or node:https, loaded only for the protocol in use. */
function nodeTransport(): Transport {
  const requests = new Set<import('node:http').ClientRequest>();
  return {
    async get(url, headers, signal) {
      const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
      return new Promise((resolve, reject) => {
        const req = request(url, { method: 'GET', headers, signal, agent: false }, (res) => {
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res });
        });
        requests.add(req);
        req.on('close', () => requests.delete(req));
        req.on('error', reject);
        req.end();
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

export async function createTransport(env: Env): Promise<Transport> {
  if (!proxyConfigured(env)) return nodeTransport();
  assertValidProxies(env);
  return await undiciTransport();
}

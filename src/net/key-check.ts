// The key check's requests, through the catalog's transport (proxies, TLS): one POST, no retries, a
// deadline of its own started with the catalog's. A redirect is followed only to the same
// server (never to http from https), so the key is never sent anywhere the user did not point us.
import type { Env } from '../core/env.js';
import { CHAT_PATH, GENERATION_PATH, judgeGenerationAnswer, judgeProbeAnswer, MADE_UP_GENERATION_ID, type KeyAnswer } from '../core/key-verdict.js';
import { createTransport, ProxyError, STALLED } from './http-transport.js';
import { discard, errorCode, header, isAbort, readCapped } from './fetch-catalog.js';

export interface KeyCheckOptions {
  timeoutMs: number;
  userAgent: string;
  env: Env;
  /** The provider's own headers (`models.providers.fastrouter.headers`), as OpenClaw sends them; never over ours. */
  headers?: Record<string, string> | undefined;
}

const MAX_ANSWER_BYTES = 64 * 1024;
const MAX_REDIRECTS = 5;

/** A request we would not (or could not) complete: why, in words for the report. */
class NoAnswer extends Error {}

/** The same server, or its https on the default port (an http-to-https upgrade); another port is another server. */
function sameServer(from: URL, to: URL): boolean {
  return to.origin === from.origin || (from.protocol === 'http:' && to.protocol === 'https:' && to.hostname === from.hostname && to.port === '');
}

async function post(url: URL, key: string, payload: unknown, options: KeyCheckOptions): Promise<{ status: number; body: string }> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const transport = await createTransport(options.env, options.timeoutMs);
  const body = JSON.stringify(payload);
  const headers = {
    ...options.headers,
    accept: 'application/json',
    'accept-encoding': 'gzip, br',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    authorization: `Bearer ${key}`,
    'user-agent': options.userAgent,
  };
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const response = await transport.send(current, { method: 'POST', headers, body }, deadline);
      const { statusCode } = response;
      if (statusCode >= 300 && statusCode < 400) {
        discard(response.body);
        const location = header(response.headers, 'location');
        const next = location === undefined ? undefined : new URL(location, current);
        // 301/302/303 would turn the POST into a GET; elsewhere the key must not follow.
        if (next === undefined || (statusCode !== 307 && statusCode !== 308) || !sameServer(current, next) || hop >= MAX_REDIRECTS) {
          throw new NoAnswer(`${current.host} answered HTTP ${statusCode}${next ? ` to ${next.origin}` : ''}, a redirect the key was not sent after`);
        }
        current = next;
        continue;
      }
      return { status: statusCode, body: await readCapped(response.body, header(response.headers, 'content-encoding'), MAX_ANSWER_BYTES) };
    }
  } catch (error) {
    if (error instanceof NoAnswer) throw error;
    throw new NoAnswer(whyNoAnswer(error, current, options, deadline));
  } finally {
    transport.close();
  }
}

function whyNoAnswer(error: unknown, url: URL, options: KeyCheckOptions, deadline: AbortSignal): string {
  if (error instanceof ProxyError) return error.code === STALLED ? `the proxy ${error.proxy.host} did not open a tunnel in time` : `the proxy ${error.proxy.host} failed (${error.message})`;
  if (deadline.aborted || isAbort(error)) return `no answer from ${url.host} within ${options.timeoutMs / 1000} s`;
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return `${url.hostname} was not found (offline?)`;
  if (code === 'ECONNREFUSED') return `${url.host} refused the connection`;
  return `the request to ${url.host} failed (${code ?? (error as Error)?.message ?? 'unknown error'})`;
}

async function ask(url: string, key: string, payload: unknown, options: KeyCheckOptions, judge: (status: number, body: string, sent: string[]) => KeyAnswer): Promise<KeyAnswer> {
  try {
    const { status, body } = await post(new URL(url), key, payload, options);
    // What we sent may come back in the reply we quote: a gateway echoing our headers.
    return judge(status, body, [key, ...Object.values(options.headers ?? {})]);
  } catch (error) {
    return { status: 'not-verified', reason: error instanceof NoAnswer ? error.message : `the check failed (${(error as Error)?.message ?? error})` };
  }
}

/** POST <apiRoot>/generation with a made-up id: 401/403 refuses the key, 404 accepts it; it costs nothing. Never throws. */
export function checkKey(apiRoot: string, key: string, options: KeyCheckOptions): Promise<KeyAnswer> {
  return ask(`${apiRoot}${GENERATION_PATH}`, key, { generation_id: MADE_UP_GENERATION_ID }, options, judgeGenerationAnswer);
}

/** --probe: a 1-token chat completion to a free model. Never throws. */
export function probeKey(apiRoot: string, key: string, model: string, options: KeyCheckOptions): Promise<KeyAnswer> {
  const payload = { model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1, stream: false };
  return ask(`${apiRoot}${CHAT_PATH}`, key, payload, options, (status, body, sent) => judgeProbeAnswer(status, body, model, sent));
}

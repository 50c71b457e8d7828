import type { Readable, Transform } from 'node:stream';
import { plainHttpOrigin, urlSourceHint } from '../core/endpoint.js';
import { HEADERS_FIELD } from '../core/provider-headers.js';
import { CatalogError } from '../core/errors.js';
import type { Env } from '../core/env.js';
import { CLOSED, createTransport, ProxyError, STALLED, type Transport } from './http-transport.js';
import { isPlainObject, stripBom } from '../core/json.js';
import { readRegularFile, UnreadableFileError, unreadableReason } from '../io/read-file.js';

const MAX_CATALOG_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const MAX_ATTEMPTS = 3;
const BASE_BACKOFF_MS = 300;
const MAX_BACKOFF_MS = 3_000;

export interface FetchOptions {
  /** Total budget for every attempt, redirect and backoff together. */
  timeoutMs: number;
  userAgent: string;
  /** For the proxy variables. */
  env: Env;
  /** Where the URL came from ("--base-url", ...), for what to check when it leads nowhere. */
  urlSource?: string | undefined;
  /** --allow-insecure-http: a redirect may lead to plain http on another host. */
  allowInsecureHttp?: boolean | undefined;
  /** The provider's own headers (`models.providers.fastrouter.headers`), sent to its host only. */
  headers?: Record<string, string> | undefined;
  /** Stops the request early (a newer one replaces it). */
  signal?: AbortSignal | undefined;
}

/** 401/403: the host wants credentials the request did not carry, which is not FastRouter being down. */
function refused(status: number, url: URL, options: FetchOptions, sentHeaders: boolean): CatalogError {
  const names = Object.keys(options.headers ?? {});
  const what = status === 401 ? 'asks for authentication' : 'refused access';
  const advice =
    sentHeaders && names.length > 0
      ? `check the headers in ${HEADERS_FIELD} (sent: ${names.join(', ')}), which OpenClaw sends with every request to that host`
      : `FastRouter's catalog needs no key, so something in between (a gateway or proxy) wants credentials: put what it needs in ${HEADERS_FIELD}, which OpenClaw sends with every request, or ${checkHint(options)}`;
  return new CatalogError(`HTTP ${status}`, `Could not get the FastRouter model catalog: ${url.host} ${what} (HTTP ${status}); ${advice}.`);
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL', 'EAI_AGAIN']);
/** Explained, but worth the retries first: a server restarting, a resolver hiccup. */
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const TLS_NAME_CODES = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_TLS_CERT_ALTNAME_FORMAT']);
const TLS_TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
]);

/** The server answered the TLS hello with something that is not TLS, or with a TLS it cannot agree on. */
function isTlsProtocolError(code: string): boolean {
  return code === 'EPROTO' || code.startsWith('ERR_SSL_');
}

export function errorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return code;
}

function checkHint(options: FetchOptions): string {
  return `check ${options.urlSource ?? 'the URL'}`;
}

/** What happened and what to check, in one line, for causes that are not FastRouter being down. */
function explain(error: unknown, url: URL, options: FetchOptions): CatalogError | undefined {
  if (error instanceof ProxyError) return explainProxy(error, url, options);
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (DNS_CODES.has(code))
    return new CatalogError(
      code,
      `Could not get the FastRouter model catalog: the host ${url.hostname} was not found (DNS lookup failed); ${checkHint(options)}${options.urlSource === urlSourceHint('default') ? '' : ' and your network connection'}.`,
    );
  if (code === 'ECONNREFUSED')
    return new CatalogError(code, `Could not get the FastRouter model catalog: ${url.host} refused the connection (nothing listens there); ${checkHint(options)}, or whether that server is running.`);
  if (TLS_NAME_CODES.has(code))
    return new CatalogError(
      code,
      `Could not get the FastRouter model catalog: the TLS certificate of ${url.hostname} is for a different name; ${checkHint(options)} (a typo, or a proxy in between?).`,
    );
  if (TLS_TRUST_CODES.has(code))
    return new CatalogError(
      code,
      `Could not get the FastRouter model catalog: the TLS certificate of ${url.hostname} is not trusted (${code}); ${checkHint(options)}, or set NODE_EXTRA_CA_CERTS for a company proxy.`,
    );
  if (isTlsProtocolError(code)) {
    const notTls = /wrong version number|packet length too long|http request/i.test((error as Error).message ?? '') || code === 'ERR_SSL_WRONG_VERSION_NUMBER';
    return new CatalogError(
      code,
      `Could not get the FastRouter model catalog: the TLS handshake with ${url.host} failed (${notTls ? 'what answered does not speak TLS: an http:// address written as https://, or a TLS-intercepting proxy in between?' : `${code}: a TLS-intercepting proxy in between, or a server too old for this Node?`}); ${checkHint(options)}.`,
    );
  }
  return undefined;
}

/** The proxy (named by host and variable, never its credentials) is what failed, not the host behind it. */
function explainProxy(error: ProxyError, url: URL, options: FetchOptions): CatalogError {
  const { host, variable } = error.proxy;
  const prefix = `Could not get the FastRouter model catalog: the proxy ${host} (from ${variable})`;
  if (error.status === 407) {
    return new CatalogError(
      `proxy HTTP 407`,
      error.proxy.hasCredentials
        ? `${prefix} refused the credentials given in ${variable} (HTTP 407); check the user name and password there.`
        : `${prefix} asks for credentials (HTTP 407); check ${variable} (http://user:password@host:port).`,
    );
  }
  if (error.code === CLOSED || error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.code === 'UND_ERR_SOCKET' || error.code === 'UND_ERR_CLOSED') {
    return new CatalogError(
      `proxy ${error.code}`,
      `${prefix} closed the connection ${error.code === CLOSED ? 'before opening a tunnel' : `(${error.code}) on the way`} to ${url.host}; check ${variable}, or whether the proxy allows that host.`,
    );
  }
  if (error.status !== undefined)
    return new CatalogError(
      `proxy HTTP ${error.status}`,
      `${prefix} refused the tunnel to ${url.host} (HTTP ${error.status}); check ${variable}${options.urlSource === undefined || options.urlSource === urlSourceHint('default') ? '' : ` and ${options.urlSource}`}, or whether the proxy allows that host.`,
    );
  if (error.code === STALLED)
    return new CatalogError(
      `proxy stalled`,
      `${prefix} did not open a tunnel to ${url.host} within ${options.timeoutMs / 1000} s; check ${variable}, or whether the proxy is working (or raise --timeout).`,
    );
  if (error.code === 'ECONNREFUSED') return new CatalogError(error.code, `${prefix} refused the connection (nothing listens there); check ${variable}, or whether the proxy is running.`);
  if (error.code !== undefined && DNS_CODES.has(error.code)) return new CatalogError(error.code, `${prefix} was not found (DNS lookup failed); check ${variable}.`);
  return new CatalogError(`${error.code}`, `${prefix} could not be reached (${error.code}); check ${variable}, or whether the proxy is running.`);
}

class RetryableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** node:zlib is loaded only for a compressed response. */
async function decoderFor(encoding: string | undefined): Promise<Transform | undefined> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return undefined;
  if (!['gzip', 'x-gzip', 'br', 'deflate'].includes(name)) throw new CatalogError(`unsupported content-encoding "${encoding}"`);
  const zlib = await import('node:zlib');
  return name === 'br' ? zlib.createBrotliDecompress() : name === 'deflate' ? zlib.createInflate() : zlib.createGunzip();
}

/** Reads the (decoded) body, giving up past the cap instead of buffering a runaway response whole. */
export async function readCapped(body: Readable, encoding: string | undefined, maxBytes = MAX_CATALOG_BYTES): Promise<string> {
  const decoder = await decoderFor(encoding);
  const stream = decoder ? body.pipe(decoder) : body;
  if (decoder) body.on('error', (error) => decoder.destroy(error));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new CatalogError(`response larger than ${maxBytes / 1024 / 1024} MB`);
      chunks.push(chunk);
    }
  } finally {
    discard(body);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Drops a body we will not read; undici reports the abort as an error nobody needs to see. */
export function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function fetchOnce(url: string, options: FetchOptions, transport: Transport, signal: AbortSignal): Promise<string> {
  let current = new URL(url);
  const origin = current.origin;
  for (let hop = 0; ; hop++) {
    // The provider's headers go to its host only, as a browser drops credentials on a redirect elsewhere.
    const sentHeaders = current.origin === origin;
    const requestHeaders = { ...(sentHeaders ? options.headers : {}), accept: 'application/json', 'accept-encoding': 'gzip, br', 'user-agent': options.userAgent };
    let response: Awaited<ReturnType<Transport['send']>>;
    try {
      response = await transport.send(current, { method: 'GET', headers: requestHeaders }, signal);
    } catch (error) {
      // A missing host or a certificate for another name will not fix itself within a retry.
      const explained = explain(error, current, options);
      throw explained && !isTransient(error) ? explained : error;
    }
    const { statusCode, headers, body } = response;
    if (statusCode >= 300 && statusCode < 400 && statusCode !== 304) {
      discard(body);
      const location = header(headers, 'location');
      if (!location) throw new CatalogError(`HTTP ${statusCode} without a Location`);
      if (hop >= MAX_REDIRECTS) throw new CatalogError(`more than ${MAX_REDIRECTS} redirects`);
      const next = new URL(location, current);
      if (next.protocol !== current.protocol && next.protocol !== 'https:') {
        throw new CatalogError(`refused a redirect from ${current.protocol} to ${next.protocol}`);
      }
      // The rule for the URL itself holds for where it leads: plain http only to loopback, unless allowed.
      if (plainHttpOrigin(next.href) !== undefined && !options.allowInsecureHttp) {
        throw new CatalogError(
          `refused a redirect to plain http`,
          `Could not get the FastRouter model catalog: ${current.host} redirected to ${next.origin}, plain http to another host; pass --allow-insecure-http to follow it, or ${checkHint(options)}.`,
        );
      }
      current = next;
      continue;
    }
    if (statusCode === 429 || statusCode >= 500) {
      discard(body);
      throw new RetryableError(`HTTP ${statusCode}`, retryAfterMs(header(headers, 'retry-after')));
    }
    if (statusCode === 404 || statusCode === 410) {
      discard(body);
      throw new CatalogError(
        `HTTP ${statusCode}`,
        `Could not get the FastRouter model catalog: ${current.href} answered HTTP ${statusCode} (no catalog there); ${checkHint(options)}, which should be FastRouter's host, such as https://api.fastrouter.ai.`,
      );
    }
    if (statusCode === 401 || statusCode === 403) {
      discard(body);
      throw refused(statusCode, current, options, sentHeaders);
    }
    if (statusCode < 200 || statusCode >= 300) {
      discard(body);
      throw new CatalogError(`HTTP ${statusCode}`);
    }
    return readCapped(body, header(headers, 'content-encoding'));
  }
}

/** Worth the retries before explaining: a server or proxy restarting, a resolver hiccup, a dropped connection to the proxy. */
function isTransient(error: unknown): boolean {
  if (error instanceof ProxyError) return error.status === undefined && !(error.code !== undefined && DNS_CODES.has(error.code) && error.code !== 'EAI_AGAIN');
  return TRANSIENT_CODES.has(errorCode(error)!);
}

export function isAbort(error: unknown): boolean {
  const name = (error as Error)?.name;
  const code = (error as NodeJS.ErrnoException)?.code;
  return name === 'AbortError' || name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR';
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/** GETs the catalog with retries on network errors, 429 and 5xx, all within one total deadline. */
export async function fetchCatalogText(url: string, options: FetchOptions): Promise<string> {
  const deadline = options.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]) : AbortSignal.timeout(options.timeoutMs);
  const transport = await createTransport(options.env, options.timeoutMs);
  let lastCause = 'no attempt';
  let lastError: unknown;
  try {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        return await fetchOnce(url, options, transport, deadline);
      } catch (error) {
        if (error instanceof CatalogError) throw error;
        if (error instanceof ProxyError && error.code === STALLED) throw explainProxy(error, new URL(url), options);
        if (deadline.aborted || isAbort(error)) throw new CatalogError(`timed out after ${options.timeoutMs / 1000} s`);
        lastError = error;
        lastCause = error instanceof RetryableError || error instanceof ProxyError ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
        if (attempt === MAX_ATTEMPTS) break;
        const backoff = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** (attempt - 1));
        const wait = error instanceof RetryableError && error.retryAfterMs !== undefined ? Math.min(error.retryAfterMs, MAX_BACKOFF_MS) : backoff;
        await sleep(wait, deadline);
        if (deadline.aborted) throw new CatalogError(`timed out after ${options.timeoutMs / 1000} s (last: ${lastCause})`);
      }
    }
    throw explain(lastError, new URL(url), options) ?? new CatalogError(`${lastCause} after ${MAX_ATTEMPTS} attempts`);
  } finally {
    // Idle keep-alive sockets would hold the process open for seconds.
    transport.close();
  }
}

/** A saved catalog: a regular file (a FIFO would block, /dev/zero never end), read no further than a fetched one. */
export function readCatalogFile(path: string): string {
  let text: string;
  try {
    text = readRegularFile(path, MAX_CATALOG_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause =
      error instanceof UnreadableFileError
        ? unreadableReason(error, MAX_CATALOG_BYTES)
        : code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? (error as Error).message);
    throw new CatalogError(cause, `Cannot read the catalog file ${path} (${cause}); check the --catalog path.`);
  }
  return text;
}

/** Where catalog text came from, for a message that says what to check when it is not a catalog. */
export type CatalogOrigin = { file: string } | { url: string; check: string };

function notACatalog(text: string, origin: CatalogOrigin | undefined, cause: string): CatalogError {
  if (origin === undefined) return new CatalogError(cause);
  if ('file' in origin) {
    return new CatalogError(cause, `The --catalog file ${origin.file} is not a FastRouter model catalog (${cause}); pass a saved response of GET https://api.fastrouter.ai/v1/models.`);
  }
  return new CatalogError(
    cause,
    `Could not get the FastRouter model catalog: ${origin.url} sent something else (${cause}); check ${origin.check}, or try again later if FastRouter is having trouble.`,
  );
}

/** The `data` array of a catalog response, or a CatalogError that says what was wrong (and, given `origin`, what to check). */
export function parseCatalogText(text: string, origin?: CatalogOrigin): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stripBom(text));
  } catch {
    throw notACatalog(text, origin, /^\s*</.test(text) ? 'got HTML instead of JSON' : text.trim() === '' ? 'empty' : 'not JSON');
  }
  const data = isPlainObject(parsed) ? parsed.data : undefined;
  if (!Array.isArray(data)) throw notACatalog(text, origin, 'no "data" array of models');
  return data;
}

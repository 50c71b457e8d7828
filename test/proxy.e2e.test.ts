// Proxies and TLS that fail in the ways real networks do, on real loopback sockets: a proxy that
// accepts and never answers, one that opens the tunnel and then stalls, one that is not running, and
// https spoken to a plain-http port. The run must end (exit 3) with a sentence naming what to check.
import { readFile } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { budget, fixture, runCli, tempDir, TEST_KEY, type RunResult } from './helpers.js';

const servers: Array<Server | HttpsServer> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A raw TCP server on 127.0.0.1 whose sockets are all destroyed after the test. */
async function tcpServer(onSocket: (socket: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  const close = server.close.bind(server);
  server.close = ((cb?: () => void) => {
    sockets.forEach((s) => s.destroy());
    return close(cb);
  }) as typeof server.close;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/** A forward proxy that answers CONNECT with 200 and then pipes the tunnel to 127.0.0.1:`port`, or to nothing. */
function tunnellingProxy(target?: () => number): Promise<number> {
  return tcpServer((socket) => {
    socket.once('data', () => {
      socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
      if (target === undefined) return; // the tunnel is open, and nothing ever comes through it
      const upstream = connect(target(), '127.0.0.1');
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
      socket.pipe(upstream).pipe(socket);
    });
  });
}

async function tlsServer(handler: Parameters<typeof createHttpsServer>[1]): Promise<number> {
  const [key, cert] = await Promise.all([readFile(fixture('tls', 'key.pem')), readFile(fixture('tls', 'cert.pem'))]);
  const server = createHttpsServer({ key, cert }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

async function run(args: string[], env: Record<string, string>): Promise<RunResult> {
  const dir = await tempDir();
  return runCli(['--config', join(dir, 'openclaw.json'), '--key', TEST_KEY, '--no-validate', ...args], { env: { NO_PROXY: '', ...env } });
}

/** Exit 3 with one line (after any progress lines), never a bug report (nor "may be down" unless `mayBeDown`). */
function expectCatalogSentence(r: RunResult, pattern: RegExp, mayBeDown = false): void {
  expect(r.code, r.stderr).toBe(3);
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.endsWith('…'));
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/report it|unexpected error/i);
  if (!mayBeDown) expect(r.stderr).not.toMatch(/may be down/i);
}

// Each budget covers a run that should end at its --timeout, plus a hang's worth of margin to catch it.
describe('1. the deadline covers every phase behind a proxy', () => {
  it('a proxy that accepts the connection and never answers: exit 3 at the timeout, not a hang', { timeout: budget({ runs: 3 }) }, async () => {
    const proxy = await tcpServer((socket) => socket.on('data', () => {}));
    const r = await run(['--timeout', '2'], { HTTPS_PROXY: `http://127.0.0.1:${proxy}` });
    expectCatalogSentence(r, new RegExp(`proxy 127\\.0\\.0\\.1:${proxy} \\(from HTTPS_PROXY\\) did not open a tunnel to api\\.fastrouter\\.ai within 2 s; check HTTPS_PROXY`));
  });

  it('a proxy that opens the tunnel and then stalls (no TLS handshake): exit 3 at the timeout', { timeout: budget({ runs: 3 }) }, async () => {
    const proxy = await tunnellingProxy();
    const r = await run(['--timeout', '2'], { HTTPS_PROXY: `http://127.0.0.1:${proxy}` });
    expectCatalogSentence(r, /timed out after 2 s/, true);
  });

  it('through a working tunnel, a server that never sends headers: exit 3 at the timeout', { timeout: budget({ runs: 3 }) }, async () => {
    const origin = await tlsServer(() => {});
    const proxy = await tunnellingProxy(() => origin);
    const r = await run(['--base-url', `https://127.0.0.1:${origin}/api/v1`, '--timeout', '2'], { HTTPS_PROXY: `http://127.0.0.1:${proxy}`, NODE_EXTRA_CA_CERTS: fixture('tls', 'cert.pem') });
    expectCatalogSentence(r, /timed out after 2 s/, true);
  });

  it('through a working tunnel, a body that stops halfway: exit 3 at the timeout', { timeout: budget({ runs: 3 }) }, async () => {
    const origin = await tlsServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    });
    const proxy = await tunnellingProxy(() => origin);
    const r = await run(['--base-url', `https://127.0.0.1:${origin}/api/v1`, '--timeout', '2'], { HTTPS_PROXY: `http://127.0.0.1:${proxy}`, NODE_EXTRA_CA_CERTS: fixture('tls', 'cert.pem') });
    expectCatalogSentence(r, /timed out after 2 s/, true);
  });
});

describe('2. a proxy that is not there is named, not the API host', () => {
  it('HTTPS_PROXY at a closed port: names the proxy and HTTPS_PROXY, never its credentials', { timeout: budget({ runs: 2 }) }, async () => {
    const closed = await tcpServer(() => {});
    const server = servers.pop()!;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const r = await run(['--timeout', '20'], { HTTPS_PROXY: `http://alice:hunter2@127.0.0.1:${closed}` });
    expectCatalogSentence(r, new RegExp(`proxy 127\\.0\\.0\\.1:${closed} .*refused the connection.*check HTTPS_PROXY`));
    expect(r.stderr).not.toMatch(/api\.fastrouter\.ai refused/);
    expect(r.stderr).not.toMatch(/alice|hunter2/);
  });

  it('a proxy that refuses the tunnel (HTTP 403): names the proxy and its answer', { timeout: budget({ runs: 2 }) }, async () => {
    const proxy = await tcpServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\n\r\n')));
    const r = await run(['--timeout', '20'], { https_proxy: `http://127.0.0.1:${proxy}` });
    expectCatalogSentence(r, new RegExp(`proxy 127\\.0\\.0\\.1:${proxy} .*HTTP 403.*check https_proxy`));
  });
});

/** A plain-http server (it answers anything with 400, as Node's does to a TLS hello) that counts connections. */
async function plainHttp(): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const port = await tcpServer((socket) => {
    connections++;
    socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n'));
  });
  return { port, connections: () => connections };
}

describe('3. https to a plain-http port', () => {
  it('says the TLS handshake failed and to check http vs https in --base-url, without retrying', { timeout: budget({ runs: 2 }) }, async () => {
    const plain = await plainHttp();
    const r = await run(['--base-url', `https://127.0.0.1:${plain.port}/api/v1`, '--timeout', '20'], { HTTPS_PROXY: '', HTTP_PROXY: '' });
    expectCatalogSentence(r, new RegExp(`TLS handshake with 127\\.0\\.0\\.1:${plain.port} failed.*http:// .*https://.*check --base-url`));
    // One for the catalog, one for the key check: neither retried.
    expect(plain.connections()).toBe(2);
  });

  it('the same through a proxy', { timeout: budget({ runs: 2 }) }, async () => {
    const plain = await plainHttp();
    const proxy = await tunnellingProxy(() => plain.port);
    const r = await run(['--base-url', `https://127.0.0.1:${plain.port}/api/v1`, '--timeout', '20'], { HTTPS_PROXY: `http://127.0.0.1:${proxy}` });
    expectCatalogSentence(r, new RegExp(`TLS handshake with 127\\.0\\.0\\.1:${plain.port} failed.*check --base-url`));
    expect(plain.connections()).toBe(2);
  });
});

describe('4. a proxy that drops us is named, and not hammered (issue 22.8)', () => {
  /** A proxy that does `answer` to each CONNECT, and counts them. */
  async function droppingProxy(answer: (socket: Socket) => void): Promise<{ port: number; connects: () => number }> {
    let connects = 0;
    const port = await tcpServer((socket) =>
      socket.once('data', () => {
        connects++;
        answer(socket);
      }),
    );
    return { port, connects: () => connects };
  }

  it('closes after CONNECT without answering: a few tries with backoff, then "closed the connection before opening a tunnel"', { timeout: budget({ runs: 2 }) }, async () => {
    const proxy = await droppingProxy((socket) => socket.end());
    const r = await run(['--timeout', '15'], { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    expectCatalogSentence(r, new RegExp(`proxy 127\\.0\\.0\\.1:${proxy.port} \\(from HTTPS_PROXY\\) closed the connection before opening a tunnel to api\\.fastrouter\\.ai`));
    expect(proxy.connects()).toBeLessThanOrEqual(10);
  });

  it.each([
    ['resets the connection', (socket: Socket) => socket.resetAndDestroy()],
    ['opens the tunnel and closes it', (socket: Socket) => socket.end('HTTP/1.1 200 Connection established\r\n\r\n')],
  ])('%s: the proxy is named, not "the FastRouter API may be down"', { timeout: budget({ runs: 2 }) }, async (_, answer) => {
    const proxy = await droppingProxy(answer);
    const r = await run(['--timeout', '15'], { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` });
    expectCatalogSentence(r, new RegExp(`proxy 127\\.0\\.0\\.1:${proxy.port} \\(from HTTPS_PROXY\\) closed the connection`));
    expect(proxy.connects()).toBeLessThanOrEqual(10);
  });

  it('HTTP 407 when credentials were given: says they were refused, never shows them', { timeout: budget({ runs: 2 }) }, async () => {
    const proxy = await droppingProxy((socket) => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\n\r\n'));
    const r = await run(['--timeout', '15'], { HTTPS_PROXY: `http://alice:hunter2@127.0.0.1:${proxy.port}` });
    expectCatalogSentence(r, /refused the credentials given in HTTPS_PROXY \(HTTP 407\)/);
    expect(r.stderr).not.toMatch(/alice|hunter2|asks for credentials/);
  });

  it('an https://<IP> proxy: no raw DeprecationWarning from Node', { timeout: budget({ runs: 2 }) }, async () => {
    const proxy = await droppingProxy((socket) => socket.end());
    const r = await run(['--timeout', '3'], { HTTPS_PROXY: `https://127.0.0.1:${proxy.port}` });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).not.toMatch(/DeprecationWarning|DEP0123|trace-deprecation/);
  });
});

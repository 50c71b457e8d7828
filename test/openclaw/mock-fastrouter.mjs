// A stand-in for FastRouter on 127.0.0.1: the catalog at /v1/models, OpenAI-style chat at
// /api/v1/chat/completions (plain and streaming), the key check's POST /api/v1/generation (401
// "Invalid Credentials" for a refused key, 404 for a good one, as FastRouter answers a made-up id),
// 404 for anything else. Records every request.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export const MOCK_REPLY = 'pong from mock fastrouter';

export async function startMockFastRouter(catalogPath) {
  const state = { catalog: readFileSync(catalogPath), catalogDelayMs: 0, requests: [], refusedKeys: new Set() };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: req.method, path: req.url, authorization: req.headers.authorization ?? null, body });
      const path = (req.url ?? '').split('?')[0];
      const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const refused = req.method === 'POST' && (path === '/api/v1/generation' ? key === undefined || state.refusedKeys.has(key) : path.startsWith('/api/v1/') && state.refusedKeys.has(key));
      if (refused) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Invalid Credentials', type: 'authentication_error', code: 401, status: 401 } }));
      } else if (req.method === 'POST' && path === '/api/v1/generation') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'Generation not found', type: 'not_found_error', code: 404, status: 404 } }));
      } else if (req.method === 'GET' && path === '/v1/models') {
        const catalog = state.catalog;
        setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(catalog), state.catalogDelayMs);
      } else if (req.method === 'POST' && path === '/api/v1/chat/completions') {
        let payload = {};
        try {
          payload = JSON.parse(body);
        } catch {}
        chat(res, payload);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    serveCatalog(path) {
      state.catalog = readFileSync(path);
    },
    /** FastRouter answers 401 "Invalid Credentials" to these keys. */
    refuseKey(key) {
      state.refusedKeys.add(key);
    },
    /** A slow FastRouter: the catalog answers after `ms`. */
    delayCatalog(ms) {
      state.catalogDelayMs = ms;
    },
    chatRequests() {
      return state.requests.filter((r) => r.path.startsWith('/api/v1/chat/completions'));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

function chat(res, payload) {
  const id = 'chatcmpl-mock';
  const model = payload.model ?? 'unknown';
  const created = Math.floor(Date.now() / 1000);
  if (payload.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: { content: MOCK_REPLY }, finish_reason: null }] });
    send({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } });
    res.end('data: [DONE]\n\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(
    JSON.stringify({
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: MOCK_REPLY }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    }),
  );
}

// A user answering the agent's credential request through the gateway, as OpenClaw's own TUI does
// (src/tui/gateway-chat.ts): OpenClaw's public GatewayClient, the TUI's client id, mode and scopes,
// `question.list` until the store-bound question for NAME is pending, then `question.resolve` with the
// value typed into the masked prompt. Runs on OpenClaw's Node:
//   node secret-prompt-client.mjs <openclaw package dir> <ws://127.0.0.1:port> <NAME>  < value
// The value comes on stdin, never in argv. Prints one JSON line: the question as the prompt showed
// it, and what question.resolve answered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [packageDir, url, name] = process.argv.slice(2);
const value = readFileSync(0, 'utf8');
const { GatewayClient } = await import(pathToFileURL(join(packageDir, 'dist', 'plugin-sdk', 'gateway-runtime.js')).href);
// As long as the agent turn may take to get there (agent-path's AGENT_TIMEOUT_S and more).
const WAIT_MS = 300_000;

let client;
const hello = new Promise((resolve, reject) => {
  client = new GatewayClient({
    url,
    clientName: 'openclaw-tui',
    clientDisplayName: 'openclaw-tui',
    mode: 'ui',
    scopes: ['operator.admin', 'operator.read', 'operator.write', 'operator.approvals'],
    minProtocol: 4,
    maxProtocol: 4,
    onHelloOk: resolve,
    onConnectError: reject,
  });
});
client.start();
try {
  await hello;
  let question;
  for (const started = Date.now(); !question; await new Promise((r) => setTimeout(r, 250))) {
    if (Date.now() - started > WAIT_MS) throw new Error(`no pending request for ${name} within ${WAIT_MS / 1000} s`);
    const { questions } = await client.request('question.list', {});
    question = questions.find((q) => q.status === 'pending' && q.questions[0]?.secretStore?.name === name);
  }
  const prompt = question.questions[0];
  const resolved = await client.request('question.resolve', { id: question.id, answers: { answers: { [prompt.questionId]: [value] } } });
  console.log(JSON.stringify({ question, resolved }));
} finally {
  await client.stopAndWait({ timeoutMs: 5000 }).catch(() => client.stop());
}

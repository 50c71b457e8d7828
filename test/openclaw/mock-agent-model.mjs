// A scripted OpenAI-compatible model on 127.0.0.1 that follows SKILL.md literally, as a strict but
// unimaginative agent would: on "set up fastrouter ..." it `read`s the skill location from the
// system prompt, then calls `exec` with exactly the JSON that SKILL.md gives (placeholders filled
// in as SKILL.md says), polls with `process` while exec says the command is still running, and
// finally answers with the last tool result, so a test can see what the user would be told.
// Any other model id answers plain text (the "other provider" of a scenario).
import { createServer } from 'node:http';

export const PLAIN_REPLY = 'pong from the other provider';
export const RELAY_PREFIX = 'RELAY: ';

/** The exec call SKILL.md prescribes, with its placeholders filled in. */
export function execCallFromSkill(skillText, { skillDir, key }) {
  const block = /<!-- exec-call -->\s*```json\n([\s\S]*?)```/.exec(skillText)?.[1];
  if (!block) throw new Error('SKILL.md has no <!-- exec-call --> json block');
  const call = JSON.parse(block);
  // SKILL.md: a folder with spaces or quotes goes into the command with the script path single-quoted.
  const plain = /^[\w./-]+$/.test(skillDir);
  call.command = call.command.replace(/<skill-dir>(\S*)/g, (_, rest) => (plain ? skillDir + rest : `'${(skillDir + rest).replaceAll("'", `'\\''`)}'`));
  if (key === undefined) delete call.env;
  else call.env = Object.fromEntries(Object.entries(call.env ?? {}).map(([k, v]) => [k, v.replaceAll('<key>', key)]));
  return call;
}

const text = (content) => (typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : '');

/** `~/...` made absolute the way SKILL.md tells the agent to: home is the part of the prompt's working directory before `/.openclaw/`. */
function absoluteLocation(location, systemPrompt) {
  if (!location.startsWith('~/')) return location;
  const workdir = /Working directory: ([^\n]+)/.exec(systemPrompt)?.[1]?.trim() ?? '';
  const home = workdir.includes('/.openclaw/') ? workdir.slice(0, workdir.indexOf('/.openclaw/')) : undefined;
  if (!home) throw new Error(`cannot tell the home directory from the prompt (working directory "${workdir}")`);
  return `${home}/${location.slice(2)}`;
}

function nextStep(messages) {
  const system = text(messages.find((m) => m.role === 'system' || m.role === 'developer')?.content);
  const user = messages
    .filter((m) => m.role === 'user')
    .map((m) => text(m.content))
    .join('\n');
  const tools = messages.filter((m) => m.role === 'tool');
  const calls = messages.flatMap((m) => m.tool_calls ?? []);
  const lastTool = tools.at(-1);
  const lastCall = calls.at(-1);
  if (!lastTool) {
    const location = /<name>fastrouter-openclaw<\/name>[\s\S]*?<location>([^<]+)<\/location>/.exec(system)?.[1];
    if (!location) return { say: 'The fastrouter-openclaw skill is not in my prompt.' };
    return { call: 'read', args: { path: absoluteLocation(location, system) } };
  }
  const result = text(lastTool.content);
  if (lastCall?.function?.name === 'read') {
    const path = JSON.parse(lastCall.function.arguments).path;
    const key = /sk-v1-[0-9a-fA-F]+/.exec(user)?.[0];
    return { call: 'exec', args: execCallFromSkill(result, { skillDir: path.replace(/\/SKILL\.md$/, ''), key }) };
  }
  const running = /still running/i.test(result) ? /(?:sessionId|session)\W+([\w-]{4,})/i.exec(result)?.[1] : undefined;
  if (running && calls.filter((c) => c.function?.name === 'process').length < 20) {
    return { call: 'process', args: { action: 'poll', sessionId: running, timeout: 30000 } };
  }
  return { say: `${RELAY_PREFIX}${result}` };
}

export async function startMockAgentModel() {
  const state = { requests: [], steps: [] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let payload = {};
      try {
        payload = JSON.parse(body);
      } catch {}
      state.requests.push(payload);
      let step;
      try {
        step = payload.model === 'agent' ? nextStep(payload.messages ?? []) : { say: PLAIN_REPLY };
      } catch (error) {
        step = { say: `MOCK ERROR: ${error.message}` };
      }
      state.steps.push(step);
      reply(res, payload, step, state.steps.length);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    reset() {
      state.requests.length = 0;
      state.steps.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}

function reply(res, payload, step, n) {
  const base = { id: `chatcmpl-mock-${n}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: payload.model ?? 'agent' };
  const toolCall = step.call ? { index: 0, id: `call_${n}`, type: 'function', function: { name: step.call, arguments: JSON.stringify(step.args) } } : undefined;
  if (!payload.stream) {
    const message = toolCall ? { role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: toolCall.function }] } : { role: 'assistant', content: step.say };
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: toolCall ? 'tool_calls' : 'stop' }] }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  const delta = toolCall ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: step.say };
  send({ ...base, choices: [{ index: 0, delta, finish_reason: null }] });
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: toolCall ? 'tool_calls' : 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } });
  res.end('data: [DONE]\n\n');
}

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

/**
 * The skill's location made usable the way SKILL.md tells the agent to: XML entities decoded (if its
 * description in the prompt says so: the agent has not read SKILL.md yet), and `~/...` made absolute
 * with home the part of the prompt's working directory before `/.openclaw/` (`Working directory:`,
 * or 2026.7.35's `Your working directory is:`).
 */
function absoluteLocation(raw, prompt, skillIndex) {
  const decode = /XML-escaped: decode entities/.test(skillIndex);
  const location = decode ? raw.replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&') : raw;
  if (!location.startsWith('~/')) return location;
  const workdir = /(?:Working directory|Your working directory is): ([^\n]+)/.exec(prompt)?.[1]?.trim() ?? '';
  const home = workdir.includes('/.openclaw/') ? workdir.slice(0, workdir.indexOf('/.openclaw/')) : undefined;
  if (!home) throw new Error(`cannot tell the home directory from the prompt (working directory "${workdir}")`);
  return `${home}/${location.slice(2)}`;
}

/** `s` inside single quotes, as a shell reads it back: each `'` written as `'\\''`. */
const singleQuoted = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The agent id the prompt's Runtime line names (`agent=ops`): OpenClaw 2026.9.6 puts that line at the end of the first user message. */
const agentIdOf = (prompt) => /Runtime:.*\bagent=([^\s|]+)/m.exec(prompt)?.[1] ?? 'main';

/** A sentence from SKILL.md with its placeholders filled in: `'<skill-dir>…'` quoted, `<agent-id>` from the prompt. */
export function fill(sentence, { skillDir, agentId }) {
  return sentence
    .replace(/'<skill-dir>([^']*)'/g, (_, rest) => singleQuoted(skillDir + rest))
    .replaceAll('<skill-dir>', skillDir)
    .replaceAll('<agent-id>', agentId);
}

/**
 * What SKILL.md says to tell the user about a refusal: the row of its refusal table whose words are in
 * exec's result, or the "refused again" sentence once one of them was told earlier in the conversation.
 * An older SKILL.md without the table had one sentence for every refusal.
 */
function refusalSentence(skillText, result, { skillDir, agentId, told }) {
  const table = /<!-- refusals -->\s*\n((?:\|.*\n)+)/.exec(skillText)?.[1];
  if (!table) {
    if (!/exec denied|denied by auto-review|cannot safely bind|registration failed|cannot wait for interactive/i.test(result)) return undefined;
    const only = /Tell the user, in one sentence: "([^"]+)"/.exec(skillText.replace(/\n\s*/g, ' '))?.[1];
    return only && fill(only, { skillDir, agentId });
  }
  const rows = table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const row = rows.find(([words]) => [...words.matchAll(/`([^`]+)`/g)].some((m) => result.includes(m[1])));
  if (!row) return undefined;
  const againRule = /<!-- refused-again -->\s*\n([^"]*)"([^"]+)"/.exec(skillText);
  const own = /"(.+)"/.exec(row.at(-1))?.[1];
  const filled = (sentence) => sentence && fill(sentence.replaceAll('\\|', '|'), { skillDir, agentId });
  // "the same row": only this row's sentence told before counts; an older SKILL.md said any of them.
  const sameRow = /same row/.test(againRule?.[1] ?? '');
  const toldBefore = sameRow ? told.some((t) => t.includes(filled(own))) : told.length > 0;
  return filled(toldBefore && againRule ? againRule[2] : own);
}

export const TELL_PREFIX = 'TELL: ';

/** The parameters of a secrets call the model made: directly, or through Tool Search's `tool_call`. */
export const secretsRequestOf = (step) => (step.call === 'secrets' ? step.args : step.call === 'tool_call' && step.args.id === 'secrets' ? step.args.args : undefined);

/** The secrets call SKILL.md prescribes when the user gave no key: the host of a FastRouter URL they named, if any. */
function secretsCallFromSkill(skillText, user) {
  const block = /<!-- secrets-call -->\s*```json\n([\s\S]*?)```/.exec(skillText)?.[1];
  if (!block) return undefined;
  const call = JSON.parse(block);
  const named = /https?:\/\/[^\s"'<>]+/.exec(user)?.[0];
  if (named) call.allowedHosts = [new URL(named).hostname];
  return call;
}

/**
 * What SKILL.md says to do with the secrets tool's answer: on `stored`, the exec call with the flag
 * it names and without `env`; on an error (a local run has no gateway to take the request), the exec
 * call without a key, if SKILL.md says to fall back; otherwise (no_answer) relay it and stop.
 */
function afterSecrets(skillText, result, skillDir, ranBefore) {
  const prose = skillText.replace(/\s+/g, ' ');
  const status = /"status":\s*"(\w+)"/.exec(result)?.[1];
  if (status === 'stored') {
    const flag = /On `status: "stored"`, run the call below with `([^`]+)` after `--json` and without `env`/.exec(prose)?.[1];
    if (!flag) throw new Error('SKILL.md says nothing to do on status "stored"');
    const call = execCallFromSkill(skillText, { skillDir });
    return { call: 'exec', args: { ...call, command: call.command.replace('--json', `--json ${flag}`) } };
  }
  const fallBack = /or the request fails with an error \(`"status": "error"`[^)]*\), fall back to the key in chat/.test(prose);
  if (status === 'error' && fallBack) return { call: 'exec', args: execCallFromSkill(skillText, { skillDir }) };
  // The runner already ran and said no key was given: relay that (and the tool's answer), and stop.
  if (status === 'error' && ranBefore) return { relay: true };
  return { say: `${RELAY_PREFIX}${result}` };
}

/** What the last run printed: the last `exec` call's answer and every tool answer after it, in order. */
const printedSince = (tools, calls) =>
  tools
    .slice(calls.findLastIndex((c) => c.function?.name === 'exec'))
    .map((t) => text(t.content))
    .join('\n');

function nextStep(messages, overrides, offered = []) {
  const system = text(messages.find((m) => m.role === 'system' || m.role === 'developer')?.content);
  // What the model was given besides tool results: the system prompt and every user message.
  const prompt = messages
    .filter((m) => m.role !== 'tool' && m.role !== 'assistant')
    .map((m) => text(m.content))
    .join('\n');
  const user = messages
    .filter((m) => m.role === 'user')
    .map((m) => text(m.content))
    .join('\n');
  // This turn: what follows the user's last message (OpenClaw appends a user-role block of its own
  // context after it). Earlier turns only tell what was said before.
  const lastUser = messages.findLastIndex((m) => m.role === 'user' && !text(m.content).startsWith('<<<BEGIN_OPENCLAW_INTERNAL_CONTEXT'));
  const turn = messages.slice(lastUser + 1);
  const told = messages
    .slice(0, lastUser)
    .filter((m) => m.role === 'assistant' && text(m.content).includes(TELL_PREFIX))
    .map((m) => text(m.content).split(TELL_PREFIX)[1]);
  const tools = turn.filter((m) => m.role === 'tool');
  const calls = turn.flatMap((m) => m.tool_calls ?? []);
  const lastTool = tools.at(-1);
  const lastCall = calls.at(-1);
  if (!lastTool) {
    const location = /<name>fastrouter-openclaw<\/name>[\s\S]*?<location>([^<]+)<\/location>/.exec(system)?.[1];
    if (!location) return { say: 'The fastrouter-openclaw skill is not in my prompt.' };
    const index = /<skill>\s*<name>fastrouter-openclaw<\/name>[\s\S]*?<\/skill>/.exec(system)?.[0] ?? '';
    return { call: 'read', args: { path: absoluteLocation(location, prompt, index) } };
  }
  const result = text(lastTool.content);
  const readIndex = calls.findIndex((c) => c.function?.name === 'read');
  const skillPath = JSON.parse(calls[readIndex].function.arguments).path;
  const skillDir = skillPath.replace(/\/SKILL\.md$/, '');
  // A second read in one session is answered "Skill instructions were already served whole earlier":
  // the text is the one read before.
  const skillText =
    messages
      .filter((m) => m.role === 'tool')
      .map((m) => text(m.content))
      .findLast((t) => t.includes('name: fastrouter-openclaw')) ?? '';
  const key = /sk-v1-[0-9a-fA-F]+/.exec(user)?.[0];
  // SKILL.md: with no key in the chat, the runner first (it reuses a stored key); the secrets tool only
  // once it answers that no key was given. An older SKILL.md asked with the tool before any run.
  const runnerFirst = /When the user gave no key in this conversation, run the call below without `env` first/.test(skillText.replace(/\s+/g, ' '));
  /** The secrets call SKILL.md prescribes, as the tools on offer allow it (undefined when none can take it). */
  const askForKey = () => {
    const request = secretsCallFromSkill(skillText, user);
    if (request && offered.includes('secrets')) return { call: 'secrets', args: request };
    // OpenClaw's Tool Search lists it in the prompt's deferred-schema directory instead; SKILL.md says how to call it then.
    const deferred = /^- secrets \(/m.test(system) && offered.includes('tool_call');
    if (request && deferred && /call it through `tool_call`, with `"id": "secrets"` and those parameters as `args`/.test(skillText.replace(/\s+/g, ' ')))
      return { call: 'tool_call', args: { id: 'secrets', args: request } };
    return undefined;
  };
  if (lastCall?.function?.name === 'read') {
    const ask = key || runnerFirst ? undefined : askForKey();
    return ask ?? { call: 'exec', args: { ...execCallFromSkill(skillText, { skillDir, key }), ...overrides.exec } };
  }
  const lastArgs = lastCall ? JSON.parse(lastCall.function.arguments || '{}') : {};
  if (lastCall?.function?.name === 'secrets' || (lastCall?.function?.name === 'tool_call' && lastArgs.id === 'secrets')) {
    const step = afterSecrets(skillText, result, skillDir, runnerFirst);
    if (step.relay) return { say: `${RELAY_PREFIX}${printedSince(tools, calls)}` };
    return step.call === 'exec' ? { ...step, args: { ...step.args, ...overrides.exec } } : step;
  }
  const polls = calls.filter((c) => c.function?.name === 'process').length;
  // SKILL.md's poll call says to keep polling the session exec named until the run ends; without it,
  // a literal agent polls only while a result names a session.
  const pollBlock = /<!-- poll-call -->\s*```json\n([\s\S]*?)```/.exec(skillText)?.[1];
  const execResult = text(tools[calls.findLastIndex((c) => c.function?.name === 'exec')]?.content);
  const sessionOf = (t) => (/still running/i.test(t) ? /(?:sessionId|session)\W+([\w-]{4,})/i.exec(t)?.[1] : undefined);
  const running = pollBlock ? (/still running/i.test(result) ? sessionOf(execResult) : undefined) : sessionOf(result);
  if (running && polls < 20) {
    const args = pollBlock ? JSON.parse(pollBlock.replace('<session-id>', running)) : { action: 'poll', sessionId: running, timeout: 30000 };
    return { call: 'process', args };
  }
  const askedForKey = calls.some((c) => c.function?.name === 'secrets' || c.function?.name === 'tool_call');
  if (runnerFirst && !key && !askedForKey && /No FastRouter API key given/.test(printedSince(tools, calls))) {
    const ask = askForKey();
    if (ask) return ask;
  }
  const tell = refusalSentence(skillText, result, { skillDir, agentId: agentIdOf(prompt), told });
  return { say: `${RELAY_PREFIX}${printedSince(tools, calls)}${tell ? `\n${TELL_PREFIX}${tell}` : ''}` };
}

export async function startMockAgentModel() {
  const state = { requests: [], steps: [] };
  /** Test knobs: `exec` is merged into the exec call SKILL.md gives (e.g. a short yieldMs). */
  const overrides = { exec: {} };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      let payload = {};
      try {
        payload = JSON.parse(body);
      } catch {}
      state.requests.push(payload);
      const offered = (payload.tools ?? []).map((t) => t.function?.name ?? t.name);
      let step;
      try {
        step = payload.model === 'agent' ? nextStep(payload.messages ?? [], overrides, offered) : { say: PLAIN_REPLY };
      } catch (error) {
        step = { say: `MOCK ERROR: ${error.message}` };
      }
      state.steps.push(step);
      if (process.env.MOCK_AGENT_LOG)
        console.error(
          `mock-agent: [${offered.join(',')}] ${(payload.messages ?? []).map((m) => `${m.role}:${text(m.content).slice(0, 60).replaceAll('\n', ' ')}`).join(' | ')} => ${JSON.stringify(step).slice(0, 300)}`,
        );
      reply(res, payload, step, state.steps.length);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    state,
    overrides,
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

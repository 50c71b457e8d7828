// Issue 20's agent path with OpenClaw's `secrets` tool (names start with "agent-secrets:"): the user
// says "set up fastrouter" without a key, the scripted model (following SKILL.md) requests
// FASTROUTER_API_KEY with the tool, the user types the key into the gateway's masked prompt
// (question.list / question.resolve, as OpenClaw's TUI does), and the model runs the runner with
// --key-ref store. Judged by where the key ends up: in OpenClaw's secret store and nowhere else under
// HOME, never in what the model was sent, never in a process's argv.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { secretsRequestOf } from './mock-agent-model.mjs';
import { agentTurn, check, configPath, expectValid, mock, oc, openclaw, parseJson, run } from './harness.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const STORE_REF = { source: 'store', provider: 'default', id: 'FASTROUTER_API_KEY' };
const OPENCLAW_SNAPSHOT_COPY = /^\.cache\/openclaw\/openclaw-sqlite-readonly-[^/]+\//;

/** A node --import hook that logs every argv of the node it runs in: the gateway, and every `openclaw` its exec launcher starts. */
function argvLogger(home) {
  const log = join(home, 'openclaw-argv.log');
  const hook = join(home, 'argv-hook.mjs');
  writeFileSync(hook, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\n`);
  return {
    nodeArgs: ['--import', pathToFileURL(hook).href],
    calls: () =>
      readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

/**
 * The user at the gateway's masked prompt: answers the pending request for `name` with `value` (on
 * stdin). On a loaded machine OpenClaw's client can meet contention on its state database before it
 * answers (StateDatabaseCoordinatorContentionError); a user would try again, and so does this.
 */
async function answerPrompt(gatewayUrl, home, name, value) {
  for (let attempt = 1; ; attempt++) {
    const r = await run(openclaw.nodeBin, [here('secret-prompt-client.mjs'), join(openclaw.entry, '..'), gatewayUrl, name], { env: { PATH: process.env.PATH, HOME: home }, input: value });
    if (r.code === 0) return parseJson(r.stdout, 'the prompt client');
    check(attempt < 3 && !r.stdout.trim() && /CoordinatorContention|state-lifecycle/.test(r.stderr), `answering the prompt failed: ${(r.stdout + r.stderr).slice(0, 500)}`);
  }
}

/** Every file under `dir` (SQLite databases row by row) that holds `secret`. */
async function whereIs(secret, dir) {
  const r = await run(openclaw.nodeBin, [here('find-secret.mjs'), dir], { env: { PATH: process.env.PATH }, input: secret });
  check(r.code === 0, `find-secret failed: ${r.stderr.slice(-300)}`);
  return parseJson(r.stdout, 'find-secret').map((hit) => ({ ...hit, file: hit.file.slice(dir.length + 1) }));
}

export function agentSecretsScenarios({ model, agentHome, say, startGateway, reportIn }) {
  return [
    [
      'agent-secrets: "set up fastrouter" without a key: requested with the secrets tool, answered at the gateway, kept in the store and nowhere else',
      async () => {
        const key = `sk-v1-${randomBytes(16).toString('hex')}`;
        const message = `set up fastrouter, we use FastRouter at ${mock.url}`;
        const { home } = agentHome({ mode: 'full' });
        const config = JSON.parse(readFileSync(configPath(home), 'utf8'));
        // OpenClaw's log file under HOME (by default it is /tmp/openclaw/, shared by every run), at debug.
        config.logging = { file: join(home, 'logs', 'openclaw.log'), level: 'debug' };
        writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
        mkdirSync(join(home, 'logs'));
        const argv = argvLogger(home);
        const gateway = await startGateway(home, { nodeArgs: argv.nodeArgs, output: join(home, 'logs', 'gateway.out') });
        let turn;
        try {
          const chat = say(home, message, { local: false, watched: key });
          const ended = chat.then(({ steps }) => {
            throw new Error(`the turn ended before the prompt was answered: ${JSON.stringify(steps).slice(0, 400)}`);
          });
          const prompt = await Promise.race([answerPrompt(gateway.url, home, 'FASTROUTER_API_KEY', key), ended]);
          turn = await chat;
          // What the prompt showed the user: masked, named, with the agent's reason and the proposed host.
          const shown = prompt.question.questions[0];
          check(shown.isSecret === true && shown.secretStore?.name === 'FASTROUTER_API_KEY', `the prompt was not a masked store request: ${JSON.stringify(shown)}`);
          check(
            JSON.stringify(shown.secretStore.allowedHosts) === '["127.0.0.1"]' && /FastRouter API key/.test(shown.secretStore.reason ?? ''),
            `the prompt showed ${JSON.stringify(shown.secretStore)}`,
          );
          check(
            prompt.resolved.status === 'answered' && JSON.stringify(prompt.resolved.answers) === '{"answers":{"secret_value":["stored"]}}',
            `question.resolve answered ${JSON.stringify(prompt.resolved)}`,
          );
        } finally {
          await gateway.stop();
        }
        const { answer, steps } = turn;
        check(!JSON.stringify(model.state.requests).includes(key), 'the model was sent the key');
        const request = steps.map(secretsRequestOf).find(Boolean);
        check(request?.action === 'request' && request.name === 'FASTROUTER_API_KEY', `the agent did not request the key with the secrets tool: ${JSON.stringify(steps).slice(0, 400)}`);
        // SKILL.md: the runner first (it answers that no key was given), then the secrets tool, then the run with the stored key.
        const execs = steps.filter((s) => s.call === 'exec').map((s) => s.args);
        const exec = execs.at(-1);
        check(execs.length === 2 && execs[0].env === undefined, `expected a run without a key before the request: ${JSON.stringify(execs)}`);
        check(exec && exec.command.endsWith(' --json --key-ref store') && exec.env === undefined, `exec was not called with --key-ref store and no env: ${JSON.stringify(exec)}`);

        // The run: exit 0, set up, the key (which it never saw) reported as not verified.
        // OpenClaw's exec appends "(Command exited with code N)" to every other exit and says so on a
        // timeout; a polled run ends with "Process exited with code N." whatever N is.
        const polledExit = /Process exited with ([^.]+)\./.exec(answer)?.[1];
        check(!/Command exited with code|timed out/i.test(answer) && (polledExit ?? 'code 0') === 'code 0', `the run did not exit 0: ${answer.slice(-300)}`);
        const report = reportIn(answer);
        check(report.status === 'created' || report.status === 'updated', `status ${report.status}: ${answer.slice(0, 300)}`);
        check(report.keyCheck?.status === 'not-verified', `keyCheck: ${JSON.stringify(report.keyCheck)}`);

        // OpenClaw's next commands: the config holds only the ref, the store the protected entry.
        const written = JSON.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter.apiKey;
        check(JSON.stringify(written) === JSON.stringify(STORE_REF), `apiKey is ${JSON.stringify(written)}`);
        // OpenClaw shows a ref's id as __OPENCLAW_REDACTED__.
        const got = await oc(home, ['config', 'get', 'models.providers.fastrouter.apiKey', '--json']);
        const shown = got.code === 0 && parseJson(got.stdout, 'openclaw config get');
        check(shown.source === 'store' && shown.provider === 'default' && Object.keys(shown).length === 3, `openclaw config get shows ${got.stdout.trim()}`);
        await expectValid(home);
        const listed = parseJson((await oc(home, ['secrets', 'store', 'list', '--json'])).stdout, 'openclaw secrets store list');
        check(listed.length === 1 && listed[0].name === 'FASTROUTER_API_KEY' && listed[0].kind === 'secret', `store list: ${JSON.stringify(listed)}`);
        check(JSON.stringify(listed[0].allowedHosts) === '["127.0.0.1"]', `allowed hosts: ${JSON.stringify(listed[0].allowedHosts)}`);
        // The user's next chat turn carries the key the store holds.
        const next = await agentTurn(home, 'openai/gpt-5.1');
        check(next.authorization === `Bearer ${key}`, 'the next chat turn did not carry the stored key');

        // Nowhere else: no argv of an `openclaw` the runner started, no file but the store's row.
        const calls = argv.calls();
        check(
          calls.some((a) => a.join(' ').startsWith('secrets store list')),
          `the argv log saw no openclaw the runner started: ${JSON.stringify(calls)}`,
        );
        check(!JSON.stringify(calls).includes(key), 'the key was in the argv of an openclaw run');
        // The search sees into the transcript (zstd-compressed rows included): the user's words are found there.
        const words = await whereIs(message, home);
        check(
          words.some((h) => h.table === 'transcript_events'),
          `the user's words are not in any transcript found: ${JSON.stringify(words)}`,
        );
        const hits = await whereIs(key, home);
        const inStore = (h) => h.table === 'secret_store_entries' && h.column === 'value' && !h.error;
        const elsewhere = hits.filter((h) => !inStore(h));
        check(elsewhere.length === 0, `the key is in ${JSON.stringify(elsewhere)}`);
        // OpenClaw reads its state database through private snapshot copies under ~/.cache/openclaw/
        // (sqlite-snapshot-staging-*.mjs); one whose process was stopped stays until OpenClaw reclaims it.
        // Such a copy is the store itself, not a place the key was put.
        const stores = hits.filter((h) => !OPENCLAW_SNAPSHOT_COPY.test(h.file));
        check(stores.length === 1 && stores[0].file === join('.openclaw', 'state', 'openclaw.sqlite'), `the key is not in OpenClaw's secret store: ${JSON.stringify(hits)}`);
        return `store: ${stores[0].file}; ${calls.length} openclaw argv logged`;
      },
    ],
  ];
}

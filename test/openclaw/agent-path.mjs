// The agent path: OpenClaw's own agent (`openclaw agent --local`) with a scripted model that follows
// SKILL.md literally (test/openclaw/mock-agent-model.mjs) is told "set up fastrouter, my key is ...",
// under each tools.exec policy. Judged by what the user ends up with: the config, their other
// models still answering, what the agent would tell them, and whether the key was ever in a
// process's argv (sampled from /proc/*/cmdline during the run).
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { PLAIN_REPLY, RELAY_PREFIX, startMockAgentModel } from './mock-agent-model.mjs';

const AGENT_TIMEOUT_S = 240;

/** Every /proc/<pid>/cmdline that ever held `secret`, sampled until stop() (Linux only). */
function watchArgv(secret) {
  const seen = new Set();
  const sample = () => {
    let pids = [];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        // The test's own `openclaw agent --message "<what the user typed>"` (and OpenClaw re-executing
        // itself with the same argv) stands in for a chat channel; everything else must not hold it.
        if (argv.includes(secret) && !/openclaw\.mjs agent --local --agent main --message /.test(argv)) seen.add(argv.replace(secret, '<KEY>').slice(0, 300));
      } catch {
        // gone
      }
    }
  };
  const timer = setInterval(sample, 40);
  return { stop: () => (clearInterval(timer), sample(), [...seen]) };
}

export async function agentPathScenarios({ oc, check, newHome, configPath, expectValid, skillDir, fastrouterUrl, key }) {
  const model = await startMockAgentModel();
  const secret = key.slice('sk-v1-'.length);

  /** A user with provider `mock` (agent + m2), the skill installed in the workspace, and `exec`. */
  function agentHome(exec) {
    const home = newHome();
    const installed = join(home, '.openclaw', 'workspace', 'skills', 'fastrouter-openclaw');
    mkdirSync(join(installed, '..'), { recursive: true });
    cpSync(skillDir, installed, { recursive: true });
    const config = {
      gateway: { mode: 'local' },
      models: {
        providers: {
          mock: {
            baseUrl: `${model.url}/v1`,
            api: 'openai-completions',
            apiKey: 'mock-not-secret',
            models: [
              { id: 'agent', name: 'Scripted agent' },
              { id: 'm2', name: 'Other model' },
            ],
          },
        },
      },
      agents: { defaults: { model: { primary: 'mock/agent' } } },
      tools: { exec },
    };
    writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    return { home, installed };
  }

  /** One user turn; returns what the agent answered (the relayed tool result) and the argv leaks. */
  async function say(home, message) {
    model.reset();
    const watch = watchArgv(secret);
    const r = await oc(home, ['agent', '--local', '--agent', 'main', '--message', message, '--json', '--timeout', String(AGENT_TIMEOUT_S)], { FASTROUTER_BASE_URL: fastrouterUrl });
    const leaks = watch.stop();
    check(r.code === 0, `openclaw agent exited ${r.code}: ${(r.stdout + r.stderr).slice(-400)}`);
    const steps = [...model.state.steps];
    const answer = steps.at(-1)?.say ?? '';
    check(answer.startsWith(RELAY_PREFIX), `the agent did not get through SKILL.md: ${JSON.stringify(steps).slice(0, 500)}`);
    check(leaks.length === 0, `the key was in a process's argv: ${leaks.join(' | ')}`);
    return { answer: answer.slice(RELAY_PREFIX.length), steps };
  }

  async function otherModelAnswers(home) {
    const r = await oc(home, ['agent', '--local', '--agent', 'main', '--model', 'mock/m2', '--message', 'ping', '--json', '--timeout', '120']);
    check(r.code === 0, `the user's other model failed after setup: ${(r.stdout + r.stderr).slice(-400)}`);
    check(r.stdout.includes(PLAIN_REPLY), 'the other model did not answer');
  }

  const execOf = (steps) => steps.find((s) => s.call === 'exec')?.args;
  const unchanged = (home, before) => check(readFileSync(configPath(home), 'utf8') === before, 'the config changed although the run was refused');

  async function setUp(exec, prepare) {
    const { home, installed } = agentHome(exec);
    await prepare?.(home, installed);
    const { answer, steps } = await say(home, `set up fastrouter, my key is ${key}`);
    const call = execOf(steps);
    check(call && !call.command.includes(secret) && call.env?.FASTROUTER_API_KEY === key, `exec was not called as SKILL.md says: ${JSON.stringify(call)}`);
    check(!call.command.includes('~') && !call.command.includes('<<') && /^'?\//.test(call.command), `the command cannot be bound by an approval: ${call.command}`);
    return { home, installed, answer, steps };
  }

  async function expectSetUp(home, answer) {
    const report = JSON.parse(answer.replace(/\n+\(Command exited[^)]*\)\s*$/, ''));
    check(report.status === 'created' || report.status === 'updated', `status ${report.status}`);
    const written = JSON5.parse(readFileSync(configPath(home), 'utf8'));
    check(written.models.providers.fastrouter?.apiKey === key, 'the key was not written');
    check(written.agents.defaults.models === undefined, 'setup started an agents.defaults.models allowlist');
    check(written.agents.defaults.model.primary === 'mock/agent', 'the primary model changed');
    await expectValid(home);
    await otherModelAnswers(home);
  }

  /** The allowlist recipe SKILL.md gives the agent (and README gives people), with the folder filled in. */
  function allowlistRecipe(installed) {
    const text = readFileSync(join(installed, 'SKILL.md'), 'utf8');
    const recipe = /`openclaw approvals allowlist add --agent main (<skill-dir>\/[^`\s]+)`/.exec(text)?.[1];
    check(recipe, 'SKILL.md gives no allowlist recipe');
    return recipe.replace('<skill-dir>', installed);
  }

  const scenarios = [
    [
      'agent, exec mode full: sets up, other models still answer, key never in argv',
      async () => {
        const { home, answer } = await setUp({ mode: 'full' });
        await expectSetUp(home, answer);
      },
    ],

    [
      'agent, exec mode allowlist with the documented entry: sets up',
      async () => {
        const { home, answer } = await setUp({ mode: 'allowlist' }, async (home, installed) => {
          const r = await oc(home, ['approvals', 'allowlist', 'add', '--agent', 'main', allowlistRecipe(installed)]);
          check(r.code === 0, `approvals allowlist add failed: ${(r.stdout + r.stderr).slice(-300)}`);
        });
        await expectSetUp(home, answer);
      },
    ],

    [
      'agent, exec mode allowlist without the entry: a denial to relay, nothing written',
      async () => {
        let before;
        const { home, answer, steps } = await setUp({ mode: 'allowlist' }, (home) => (before = readFileSync(configPath(home), 'utf8')));
        check(/allowlist miss/.test(answer), `expected an allowlist denial, got ${answer.slice(0, 300)}`);
        check(steps.filter((s) => s.call === 'exec').length === 1, 'the agent retried after a denial');
        unchanged(home, before);
      },
    ],

    [
      'agent, exec mode ask: reaches an approval request (not refused as unbindable)',
      async () => {
        let before;
        const { home, answer } = await setUp({ mode: 'ask' }, (home) => (before = readFileSync(configPath(home), 'utf8')));
        // No gateway runs here to show the request, so registering it fails; the command itself was
        // accepted for approval, unlike the heredoc form ("approval cannot safely bind this command").
        check(/approval/i.test(answer) && !/cannot safely bind|existing script operand|allowlist miss/.test(answer), `expected an approval request, got ${answer.slice(0, 300)}`);
        unchanged(home, before);
      },
    ],

    [
      'agent, exec host sandbox without a sandbox: a clear message, nothing written',
      async () => {
        let before;
        const { home, answer } = await setUp({ mode: 'full', host: 'sandbox' }, (home) => (before = readFileSync(configPath(home), 'utf8')));
        check(/sandbox/i.test(answer), `expected a sandbox message, got ${answer.slice(0, 300)}`);
        unchanged(home, before);
      },
    ],

    [
      "agent, no key given: the runner's one-line answer, nothing written",
      async () => {
        const { home } = agentHome({ mode: 'full' });
        const before = readFileSync(configPath(home), 'utf8');
        const { answer, steps } = await say(home, 'set up fastrouter please');
        check(execOf(steps) && execOf(steps).env === undefined, 'exec got an env without a key to pass');
        check(/No FastRouter API key given/.test(answer) && /exited with code 2/.test(answer), `expected exit 2 with the key hint, got ${answer.slice(0, 300)}`);
        unchanged(home, before);
      },
    ],
  ];
  return { scenarios, close: () => model.close() };
}

// The agent path: OpenClaw's own agent (`openclaw agent --local`) with a scripted model that follows
// SKILL.md literally (test/openclaw/mock-agent-model.mjs) is told "set up fastrouter, my key is ...",
// under each tools.exec policy. Judged by what the user ends up with: the config, their other
// models still answering, what the agent would tell them, and whether the key was ever in a
// process's argv (sampled from /proc/*/cmdline during the run).
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, cpSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import JSON5 from 'json5';
import { ensureOpenClaw, OLDER_OPENCLAW_VERSION, OPENCLAW_VERSION } from './install-openclaw.mjs';
import { fill, PLAIN_REPLY, RELAY_PREFIX, secretsRequestOf, startMockAgentModel, TELL_PREFIX } from './mock-agent-model.mjs';

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
        if (argv.includes(secret) && !/openclaw(?:\.mjs)? agent (?:--local )?--agent \S+ --message /.test(argv)) seen.add(argv.replace(secret, '<KEY>').slice(0, 300));
      } catch {
        // gone
      }
    }
  };
  const timer = setInterval(sample, 40);
  return { stop: () => (clearInterval(timer), sample(), [...seen]) };
}

export async function agentPathScenarios({ oc, openclaw, run, baseEnv, check, newHome, configPath, expectValid, skillDir, fastrouter, openclawShimDir, key }) {
  const fastrouterUrl = fastrouter.url;
  const model = await startMockAgentModel();
  const secret = key.slice('sk-v1-'.length);

  /**
   * A user with provider `mock` (agent + m2), the skill installed in the workspace, and `exec`.
   * `linkedHome`: HOME is a symlink to the real folder (Fedora Silverblue's `/home` -> `/var/home`);
   * `agent`: the agent's id (`ops` is an entry of its own, sharing the workspace); `quoteInHome`: the
   * home folder's name holds a single quote (`o'brien`), so every path the agent writes does.
   */
  function agentHome(exec, { linkedHome = false, agent = 'main', quoteInHome = false, extraDir } = {}) {
    let home = newHome();
    if (quoteInHome) {
      home = join(home, "o'brien");
      mkdirSync(join(home, '.openclaw'), { recursive: true, mode: 0o700 });
    }
    if (linkedHome) {
      symlinkSync(home, `${home}-link`);
      home = `${home}-link`;
    }
    // `extraDir`: the skill in a folder of `skills.load.extraDirs` outside the home instead of the workspace.
    const installed = extraDir ? join(home, extraDir, 'fastrouter-openclaw') : join(home, '.openclaw', 'workspace', 'skills', 'fastrouter-openclaw');
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
      agents: { defaults: { model: { primary: 'mock/agent' } }, ...(agent === 'main' ? {} : { entries: { [agent]: { workspace: '~/.openclaw/workspace' } } }) },
      tools: { exec },
      ...(extraDir ? { skills: { load: { extraDirs: [join(home, extraDir)] } } } : {}),
    };
    writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    return { home, installed, agent };
  }

  /** One user turn; returns what the agent answered (the relayed tool result), what it told the user about a refusal, and the argv leaks. */
  async function say(home, message, { agent = 'main', env = {}, exec = {}, local = true, watched = secret, release } = {}) {
    model.reset();
    model.overrides.exec = exec;
    const watch = watchArgv(watched);
    // `release`: another OpenClaw install (ensureOpenClaw's answer) runs the agent.
    const openclawOf = release ? (h, args, e) => run(release.nodeBin, [release.entry, ...args], { env: baseEnv(h, e) }) : oc;
    const r = await openclawOf(home, ['agent', ...(local ? ['--local'] : []), '--agent', agent, '--message', message, '--json', '--timeout', String(AGENT_TIMEOUT_S)], {
      FASTROUTER_BASE_URL: fastrouterUrl,
      ...env,
    });
    const leaks = watch.stop();
    check(r.code === 0, `openclaw agent exited ${r.code}: ${(r.stdout + r.stderr).slice(-400)}`);
    const steps = [...model.state.steps];
    const said = steps.at(-1)?.say ?? '';
    check(said.startsWith(RELAY_PREFIX), `the agent did not get through SKILL.md: ${JSON.stringify(steps).slice(0, 500)}`);
    check(leaks.length === 0, `the key was in a process's argv: ${leaks.join(' | ')}`);
    const [answer, tell] = said.slice(RELAY_PREFIX.length).split(`\n${TELL_PREFIX}`);
    return { answer, tell, steps };
  }

  async function otherModelAnswers(home) {
    const r = await oc(home, ['agent', '--local', '--agent', 'main', '--model', 'mock/m2', '--message', 'ping', '--json', '--timeout', '120']);
    check(r.code === 0, `the user's other model failed after setup: ${(r.stdout + r.stderr).slice(-400)}`);
    check(r.stdout.includes(PLAIN_REPLY), 'the other model did not answer');
  }

  const execOf = (steps) => steps.find((s) => s.call === 'exec')?.args;
  const unchanged = (home, before) => check(readFileSync(configPath(home), 'utf8') === before, 'the config changed although the run was refused');

  async function setUp(exec, prepare, { message = `set up fastrouter, my key is ${key}`, ...options } = {}) {
    const { home, installed, agent } = agentHome(exec, options);
    await prepare?.(home, installed, agent);
    const { answer, tell, steps } = await say(home, message, { agent, env: options.env, exec: options.exec, release: options.release });
    const call = execOf(steps);
    check(call && !call.command.includes(secret) && call.env?.FASTROUTER_API_KEY === key, `exec was not called as SKILL.md says: ${JSON.stringify(call)}`);
    check(!call.command.includes('~') && !call.command.includes('<<') && /^'?\//.test(call.command), `the command cannot be bound by an approval: ${call.command}`);
    return { home, installed, agent, answer, tell, steps };
  }

  /** The JSON report in what exec (or the last `process` poll) returned. */
  function reportIn(answer) {
    const json = answer.slice(answer.indexOf('{'), answer.lastIndexOf('}') + 1);
    try {
      return JSON.parse(json);
    } catch {
      throw new Error(`the agent relayed no JSON report: ${answer.slice(0, 300)}`);
    }
  }

  async function expectSetUp(home, answer, { otherModels = true } = {}) {
    const report = reportIn(answer);
    check(report.status === 'created' || report.status === 'updated', `status ${report.status}: ${answer.slice(0, 300)}`);
    const written = JSON5.parse(readFileSync(configPath(home), 'utf8'));
    check(written.models.providers.fastrouter?.apiKey === key, 'the key was not written');
    check(written.agents.defaults.models === undefined, 'setup started an agents.defaults.models allowlist');
    check(written.agents.defaults.model.primary === 'mock/agent', 'the primary model changed');
    await expectValid(home);
    if (otherModels) await otherModelAnswers(home);
    return report;
  }

  /** A command the agent told the user in backticks, starting with `start`. */
  function commandIn(tell, start) {
    return new RegExp(`\`(${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\`]*)\``).exec(tell ?? '')?.[1];
  }

  /** The allowlist recipe SKILL.md gives (placeholders filled in as the agent does), run in the user's shell. */
  async function applyRecipe(home, installed, agent) {
    const text = readFileSync(join(installed, 'SKILL.md'), 'utf8');
    const recipe = commandIn(text.replace(/\n\s*/g, ' '), 'openclaw approvals allowlist add');
    check(recipe, 'SKILL.md gives no allowlist recipe');
    await runInShell(home, fill(recipe, { skillDir: installed, agentId: agent }));
  }

  /**
   * A gateway for `home`, started the way a user's `openclaw gateway` runs after `npm install -g`:
   * node with npm's bin link `openclaw` (no extension) as argv[1], which is what the launcher it puts
   * first on exec's PATH (`~/.openclaw/tmp/agent-cli/openclaw`) names, with node's `nodeArgs` (the
   * launcher keeps them too); `output`: a file that gets its stdout and stderr. Stopped by stop().
   */
  async function startGateway(home, { nodeArgs = [], output } = {}) {
    const port = await freePort();
    const config = JSON.parse(readFileSync(configPath(home), 'utf8'));
    config.gateway = { mode: 'local', port, bind: 'loopback', auth: { mode: 'none' } };
    writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    const bin = join(home, 'npm-global', 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(openclaw.entry, join(bin, 'openclaw'));
    const stdout = output ? openSync(output, 'a') : 'ignore';
    const gateway = spawn(openclaw.nodeBin, [...nodeArgs, join(bin, 'openclaw'), 'gateway', 'run'], {
      env: baseEnv(home, { FASTROUTER_BASE_URL: fastrouterUrl }),
      stdio: ['ignore', stdout, 'pipe'],
      detached: true,
    });
    if (output) closeSync(stdout);
    let stderr = '';
    gateway.stderr.setEncoding('utf8').on('data', (c) => {
      stderr = (stderr + c).slice(-2000);
      if (output) appendFileSync(output, c);
    });
    const exited = new Promise((resolve) => gateway.on('close', resolve));
    const stop = async () => {
      const group = (signal) => {
        try {
          process.kill(-gateway.pid, signal);
        } catch {
          // gone
        }
      };
      group('SIGTERM');
      const killer = setTimeout(() => group('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    };
    for (let waited = 0; !(await listening(port)); waited += 500) {
      if (gateway.exitCode !== null || waited > 180_000) {
        await stop();
        throw new Error(`the gateway did not start: ${stderr.slice(-400)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return { stop, url: `ws://127.0.0.1:${port}` };
  }

  /** `command` as a user would paste it into bash, with `openclaw` on PATH. */
  async function runInShell(home, command, input) {
    const r = await run('bash', ['-c', command], { env: { ...baseEnv(home), PATH: `${openclawShimDir()}:${baseEnv(home).PATH}`, FASTROUTER_BASE_URL: fastrouterUrl }, input });
    check(r.code === 0, `\`${command}\` exited ${r.code}: ${(r.stdout + r.stderr).slice(-300)}`);
    return r;
  }

  const freePort = () =>
    new Promise((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address();
        server.close(() => resolve(port));
      });
    });
  const listening = (port) =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.on('error', () => resolve(false));
    });

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
        const { home, answer } = await setUp({ mode: 'allowlist' }, applyRecipe);
        await expectSetUp(home, answer);
      },
    ],

    [
      'agent, exec mode allowlist without the entry: a denial to relay, nothing written',
      async () => {
        let before;
        const { home, answer, tell, steps } = await setUp({ mode: 'allowlist' }, (home) => (before = readFileSync(configPath(home), 'utf8')));
        check(/allowlist miss/.test(answer), `expected an allowlist denial, got ${answer.slice(0, 300)}`);
        check(steps.filter((s) => s.call === 'exec').length === 1, 'the agent retried after a denial');
        check(/--agent main /.test(commandIn(tell, 'openclaw approvals allowlist add') ?? ''), `the agent gave no allowlist recipe for agent main: ${tell}`);
        unchanged(home, before);
      },
    ],

    [
      'agent, exec mode ask: reaches an approval request (not refused as unbindable)',
      async () => {
        let before;
        const { home, answer, tell } = await setUp({ mode: 'ask' }, (home) => (before = readFileSync(configPath(home), 'utf8')));
        // No gateway runs here to show the request, so registering it fails; the command itself was
        // accepted for approval, unlike the heredoc form ("approval cannot safely bind this command").
        check(/approval/i.test(answer) && !/cannot safely bind|existing script operand|allowlist miss/.test(answer), `expected an approval request, got ${answer.slice(0, 300)}`);
        // Nothing here can show an approval: the user is not sent to approve one.
        check(tell && !/approve the request/i.test(tell), `the agent told the user ${JSON.stringify(tell)}`);
        // A --local run has no gateway to register the request with: the sentence says that, not "no approval screen".
        check(!/Gateway not reachable/.test(answer) || (/no gateway/i.test(tell) && !/approval screen/.test(tell)), `with no gateway running the agent told the user ${JSON.stringify(tell)}`);
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
        // The runner answers that no key was given; then the agent asks with the secrets tool, and a
        // local run has no gateway to take that request.
        check(steps.some(secretsRequestOf), `the agent did not request the key with the secrets tool: ${JSON.stringify(steps).slice(0, 300)}`);
        check(execOf(steps) && execOf(steps).env === undefined, 'exec got an env without a key to pass');
        check(/No FastRouter API key given/.test(answer) && /exited with code 2/.test(answer), `expected exit 2 with the key hint, got ${answer.slice(0, 300)}`);
        unchanged(home, before);
      },
    ],

    // Where real homes differ from a test home (issue 21).
    [
      'agent, real homes: home behind a symlink, allowlisted with the recipe SKILL.md gives: sets up',
      async () => {
        const { home, answer } = await setUp({ mode: 'allowlist' }, applyRecipe, { linkedHome: true });
        await expectSetUp(home, answer, { otherModels: false });
      },
    ],

    [
      'agent, real homes: agent ops: the recipe the agent tells names ops, and once run, sets up',
      async () => {
        // OpenClaw 2026.9.6 moves the prompt's Runtime line (agent=ops) into the first user message.
        const { home, tell } = await setUp({ mode: 'allowlist' }, undefined, { agent: 'ops' });
        const recipe = commandIn(tell, 'openclaw approvals allowlist add');
        check(/--agent ops /.test(recipe ?? ''), `the agent gave no allowlist recipe for agent ops: ${tell}`);
        await runInShell(home, recipe);
        // The key again: the model was not sent the first turn's key back, and without one the runner answers that none was given.
        const { answer } = await say(home, `I did that, try again with my key ${key}`, { agent: 'ops' });
        await expectSetUp(home, answer, { otherModels: false });
      },
    ],

    [
      "agent, real homes: exec mode deny: no recipe, and the command it offers instead runs (from a home named o'brien)",
      async () => {
        let before;
        const { home, answer, tell } = await setUp({ mode: 'deny' }, (home) => (before = readFileSync(configPath(home), 'utf8')), { quoteInHome: true });
        check(/security=deny/.test(answer), `expected a security=deny refusal, got ${answer.slice(0, 300)}`);
        check(tell && !/allowlist add|approve/i.test(tell), `under security=deny the agent told the user ${JSON.stringify(tell)}`);
        unchanged(home, before);
        const fallback = [...tell.matchAll(/`([^`]+--key-stdin[^`]*)`/g)].map((m) => m[1])[0];
        check(fallback && !/\bnpx fastrouter-openclaw\b/.test(fallback), `the agent offered no command that exists: ${tell}`);
        await runInShell(home, fallback, key);
        const written = JSON5.parse(readFileSync(configPath(home), 'utf8'));
        check(written.models.providers.fastrouter?.apiKey === key, `\`${fallback}\` did not set FastRouter up`);
        await expectValid(home);
      },
    ],

    [
      'agent, real homes: refused again after the recipe: a different sentence, not the recipe again',
      async () => {
        const { home, tell: first } = await setUp({ mode: 'allowlist' });
        check(commandIn(first, 'openclaw approvals allowlist add'), `the first refusal gave no recipe: ${first}`);
        const { answer, tell: second, steps } = await say(home, 'I did that, try again');
        check(/allowlist miss/.test(answer), `expected the allowlist refusal again, got ${answer.slice(0, 300)}`);
        check(steps.filter((s) => s.call === 'exec').length === 1, 'the agent retried after a denial');
        check(second && second !== first && !commandIn(second, 'openclaw approvals allowlist add'), `the second refusal said ${JSON.stringify(second)} after ${JSON.stringify(first)}`);
        // What it says to check works where no gateway runs (this is an `openclaw agent --local` user).
        const look = commandIn(second, 'openclaw approvals get');
        check(look, `the second refusal names no command to check with: ${second}`);
        await runInShell(home, look);
      },
    ],

    [
      'agent, real homes: refused under deny, then under allowlist: the allowlist recipe, not "still refuses"',
      async () => {
        const { home, tell: first } = await setUp({ mode: 'deny' });
        check(/security=deny|`deny`/.test(first ?? ''), `expected the deny sentence first: ${first}`);
        const config = JSON.parse(readFileSync(configPath(home), 'utf8'));
        config.tools.exec.mode = 'allowlist';
        writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
        const { answer, tell } = await say(home, 'I switched exec to allowlist, try again');
        check(/allowlist miss/.test(answer), `expected an allowlist refusal, got ${answer.slice(0, 300)}`);
        check(commandIn(tell, 'openclaw approvals allowlist add'), `a different refusal got no recipe: ${tell}`);
      },
    ],

    [
      'agent, real homes: a skill folder OpenClaw names XML-escaped (o&apos;brien skills): read and run',
      async () => {
        const { home, answer } = await setUp({ mode: 'full' }, undefined, { extraDir: "sk dirs/o'brien skills" });
        await expectSetUp(home, answer, { otherModels: false });
      },
    ],

    [
      'agent, real homes: "update fastrouter models" with no key in the chat: the stored key, no secrets request',
      async () => {
        const { home, installed } = agentHome({ mode: 'full' });
        await runInShell(home, `${fill("'<skill-dir>/dist/fastrouter-openclaw.cjs'", { skillDir: installed, agentId: 'main' })} --key-stdin`, key);
        const { answer, steps } = await say(home, 'update fastrouter models');
        check(!steps.some(secretsRequestOf), `the agent asked for a key it did not need: ${JSON.stringify(steps).slice(0, 300)}`);
        check(execOf(steps) && execOf(steps).env === undefined, `exec was not called without a key: ${JSON.stringify(execOf(steps))}`);
        const report = reportIn(answer);
        check(report.status === 'unchanged' || report.status === 'updated', `status ${report.status}: ${answer.slice(0, 300)}`);
      },
    ],

    [
      `agent, real homes: OpenClaw ${OLDER_OPENCLAW_VERSION} --local ("Your working directory is"): sets up`,
      async () => {
        const release = ensureOpenClaw((line) => console.log(`setup: ${line}`), OLDER_OPENCLAW_VERSION);
        const { home, answer } = await setUp({ mode: 'full' }, undefined, { release });
        await expectSetUp(home, answer, { otherModels: false });
      },
    ],

    [
      'agent, real homes: slow catalog and a short yieldMs: polls until the JSON and the exit code',
      async () => {
        fastrouter.delayCatalog(6000);
        try {
          // With `openclaw` on PATH the runner checks the new config and says so on stderr meanwhile.
          const { home, answer, steps } = await setUp({ mode: 'full' }, undefined, { exec: { yieldMs: 1000 }, env: { PATH: `${openclawShimDir()}:${baseEnv('').PATH}` } });
          check(
            steps.some((s) => s.call === 'process'),
            'exec returned before the run ended, yet the agent did not poll',
          );
          await expectSetUp(home, answer, { otherModels: false });
        } finally {
          fastrouter.delayCatalog(0);
        }
      },
    ],

    [
      'agent, real homes: through a gateway: sets up, and the report names the OpenClaw version',
      async () => {
        const { home } = agentHome({ mode: 'full' });
        const gateway = await startGateway(home);
        try {
          const { answer, steps } = await say(home, `set up fastrouter, my key is ${key}`, { local: false });
          check(execOf(steps)?.env?.FASTROUTER_API_KEY === key, `exec was not called as SKILL.md says: ${JSON.stringify(execOf(steps))}`);
          const report = await expectSetUp(home, answer, { otherModels: false });
          check(report.hostCheck?.openclaw === OPENCLAW_VERSION, `the report names no OpenClaw version: hostCheck ${JSON.stringify(report.hostCheck)}`);
        } finally {
          await gateway.stop();
        }
      },
    ],
  ];
  return { scenarios, close: () => model.close(), model, agentHome, say, startGateway, reportIn };
}

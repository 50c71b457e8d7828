// Conformance: every write of ours, judged by the real OpenClaw (pinned), against a mock FastRouter
// on 127.0.0.1. Each scenario gets its own temp HOME; the machine's ~/.openclaw is never touched.
// Prints one line per scenario and a closing "N passed, N failed" line. The harness (OpenClaw, the
// mock, homes, how to run each side) is in harness.mjs; scenario modules beside this file add theirs.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { ensureOpenClaw, OLDER_OPENCLAW_VERSION, OPENCLAW_VERSION } from './install-openclaw.mjs';
import { MOCK_REPLY } from './mock-fastrouter.mjs';
import { agentPathScenarios } from './agent-path.mjs';
import { agentSecretsScenarios } from './agent-secrets.mjs';
import { statusScenarios } from './status.mjs';
import { coexistenceScenarios } from './coexistence.mjs';
import { entriesScenarios } from './entries.mjs';
import { keyScenarios } from './key.mjs';
import { execCallFromSkill } from './mock-agent-model.mjs';
import {
  agentTurn,
  baseEnv,
  check,
  CLI,
  configPath,
  expectListedExactly,
  expectValid,
  fixture,
  homes,
  KEY_A,
  KEY_B,
  listModels,
  mock,
  newHome,
  oc,
  openclaw,
  openclawShimDir,
  ours,
  parseJson,
  run,
  runOurs,
  shimCalls,
  SKILL_DIR,
  validate,
  writtenFastRouterIds,
} from './harness.mjs';

const scenarios = [
  [
    'fresh install: validate, models list, agent turn with the key',
    async () => {
      const home = newHome();
      await runOurs(home, ['--key-stdin', '--json'], { input: KEY_A });
      await expectValid(home);
      const ids = writtenFastRouterIds(home);
      await expectListedExactly(home, ids);
      const others = (await listModels(home)).filter((m) => !m.key.startsWith('fastrouter/'));
      check(others.length === 0, `unexpected models: ${others.map((m) => m.key).join(', ')}`);
      const request = await agentTurn(home, 'openai/gpt-5.1');
      check(request.authorization === `Bearer ${KEY_A}`, 'the chat request did not carry the key as a Bearer token');
      check(JSON.parse(request.body).model === 'openai/gpt-5.1', 'the chat request named another model');
    },
  ],

  [
    'existing rich JSON5 config: others kept, primary unchanged',
    async () => {
      const home = newHome('rich.json5');
      await expectValid(home);
      const primaryBefore = (await oc(home, ['config', 'get', 'agents.defaults.model.primary'])).stdout.trim();
      await runOurs(home, ['--key', KEY_A]);
      await expectValid(home);
      const keys = (await listModels(home)).map((m) => m.key);
      for (const other of ['local/llama3.3', 'vault/vault-large']) check(keys.includes(other), `${other} is gone from models list`);
      await expectListedExactly(home, writtenFastRouterIds(home));
      const primaryAfter = (await oc(home, ['config', 'get', 'agents.defaults.model.primary'])).stdout.trim();
      check(primaryBefore.includes('local/llama3.3') && primaryAfter === primaryBefore, `primary changed: ${primaryBefore} -> ${primaryAfter}`);
      const vaultBefore = JSON5.parse(readFileSync(fixture('config', 'rich.json5'), 'utf8')).models.providers.vault;
      const vaultAfter = JSON5.parse(readFileSync(configPath(home), 'utf8')).models.providers.vault;
      check(JSON.stringify(vaultAfter) === JSON.stringify(vaultBefore), `the vault provider (SecretRef key) changed: ${JSON.stringify(vaultAfter)}`);
    },
  ],

  [
    'update: new catalog and new key',
    async () => {
      const home = newHome();
      await runOurs(home, ['--key', KEY_A]);
      mock.serveCatalog(fixture('catalog', 'updated.json'));
      try {
        const r = await runOurs(home, ['--key', KEY_B, '--json']);
        const report = JSON.parse(r.stdout);
        check(report.counts.added === 2 && report.counts.removed === 1, `report counts ${JSON.stringify(report.counts)}`);
      } finally {
        mock.serveCatalog(fixture('catalog', 'mixed.json'));
      }
      await expectValid(home);
      const ids = writtenFastRouterIds(home);
      check(ids.includes('x-ai/grok-4') && !ids.includes('openai/gpt-4o-mini'), 'the written models are not the updated set');
      await expectListedExactly(home, ids);
      const request = await agentTurn(home, 'x-ai/grok-4');
      check(request.authorization === `Bearer ${KEY_B}`, 'the next turn did not carry the new key');
    },
  ],

  [
    'model policy: an allow list of other providers admits fastrouter',
    async () => {
      const home = newHome('policy-allow.json');
      await runOurs(home, ['--key', KEY_A]);
      await expectValid(home);
      await agentTurn(home, 'anthropic/claude-sonnet-4.6');
    },
  ],

  [
    'skill: installs, reports ready, and its command works as written',
    async () => {
      const home = newHome();
      const install = await oc(home, ['skills', 'install', SKILL_DIR]);
      check(install.code === 0, `skills install exited ${install.code}: ${install.stderr.slice(-300)}`);
      const info = await oc(home, ['skills', 'info', 'fastrouter-openclaw', '--json']);
      const skill = parseJson(info.stdout, 'openclaw skills info');
      check(skill.eligible === true && skill.missing?.bins?.length === 0, `skill not ready: ${info.stdout.slice(0, 400)}`);
      const installed = skill.baseDir;
      // OpenClaw adds its own .openclaw/ install record; everything else must be ours and minimal.
      const files = readdirSync(installed)
        .filter((f) => f !== '.openclaw')
        .sort();
      check(JSON.stringify(files) === '["SKILL.md","dist"]', `the installed skill folder holds ${files.join(', ')}, not just SKILL.md and dist`);
      // The exec call SKILL.md prescribes, run the way exec runs it: `bash -c <command>` plus `env`.
      const call = execCallFromSkill(readFileSync(join(installed, 'SKILL.md'), 'utf8'), { skillDir: installed, key: KEY_A });
      const r = await run('bash', ['-c', call.command], { env: { ...baseEnv(home), ...call.env, FASTROUTER_BASE_URL: mock.url } });
      check(r.code === 0, `the SKILL.md command exited ${r.code}: ${r.stderr.trim()}`);
      const report = parseJson(r.stdout, 'the SKILL.md command');
      check(report.status === 'created' || report.status === 'updated', `status ${report.status}`);
      check(!r.stdout.includes(KEY_A.slice(6)), 'the key appeared in the output');
      await expectValid(home);
    },
  ],

  [
    '--key-ref env: a SecretRef key, resolved by OpenClaw from the environment',
    async () => {
      const home = newHome();
      await runOurs(home, ['--key-ref', 'env']);
      await expectValid(home);
      const written = JSON5.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter.apiKey;
      check(written?.source === 'env' && written.id === 'FASTROUTER_API_KEY', `apiKey is ${JSON.stringify(written)}`);
      const request = await agentTurn(home, 'openai/gpt-5.1', { FASTROUTER_API_KEY: KEY_B });
      check(request.authorization === `Bearer ${KEY_B}`, 'the turn did not carry the key from the environment');
    },
  ],

  [
    'remove and restore: OpenClaw sees FastRouter go and come back',
    async () => {
      const home = newHome('rich.json5');
      const original = readFileSync(configPath(home), 'utf8');
      await runOurs(home, ['--key', KEY_A]);
      const installed = readFileSync(configPath(home), 'utf8');
      await runOurs(home, ['remove']);
      await expectValid(home);
      check(
        (await listModels(home)).every((m) => !m.key.startsWith('fastrouter/')),
        'fastrouter models still listed after remove',
      );
      check(readFileSync(configPath(home), 'utf8').includes('// never remote on this box'), 'remove lost the comments');
      await runOurs(home, ['restore']);
      check(readFileSync(configPath(home), 'utf8') === installed, 'restore did not bring back the installed config exactly');
      await expectValid(home);
      await expectListedExactly(home, writtenFastRouterIds(home));
      await runOurs(home, ['restore']);
      check(readFileSync(configPath(home), 'utf8') === original, 'a second restore did not bring back the original config');
    },
  ],

  [
    "concurrent writers: OpenClaw's own config set and our runs lose nothing",
    async () => {
      const home = newHome('policy-allow.json');
      const aliases = ['one', 'two'];
      let done = false;
      let conflicts = 0;
      // After a few refusals in a row, our side only refreshes without changes (which write nothing) until
      // OpenClaw's write lands. Without that, a loaded machine (OpenClaw's load-to-write window is seconds
      // of CPU; ours, back to back, change the file every eighth run) can starve its writer, which no
      // person refreshing by hand would do; lost writes are what this scenario is about.
      let yieldToTheirs = false;
      // OpenClaw refuses a write when the file changed since it loaded it, and says to re-run: do that.
      const theirs = (async () => {
        for (const alias of aliases) {
          for (let attempt = 1; ; attempt++) {
            const r = await oc(home, ['config', 'set', `agents.defaults.models["local/${alias}"].alias`, alias]);
            if (r.code === 0) break;
            check(/changed since last load/.test(r.stdout + r.stderr) && attempt < 10, `openclaw config set failed: ${(r.stdout + r.stderr).slice(-300)}`);
            conflicts++;
            yieldToTheirs = attempt >= 3;
          }
          yieldToTheirs = false;
        }
      })().finally(() => (done = true));
      theirs.catch(() => {});
      let ourRuns = 0;
      while (!done) {
        // Mostly refreshes that change nothing, every eighth one a real update: a busy but plausible cadence.
        if (!yieldToTheirs) mock.serveCatalog(fixture('catalog', Math.floor(ourRuns / 8) % 2 ? 'updated.json' : 'mixed.json'));
        await runOurs(home, ['--key', KEY_A]);
        ourRuns++;
      }
      mock.serveCatalog(fixture('catalog', 'mixed.json'));
      await theirs;
      await runOurs(home, ['--key', KEY_A]);
      check(ourRuns >= 3, `only ${ourRuns} runs of ours overlapped OpenClaw's writes`);
      const config = JSON5.parse(readFileSync(configPath(home), 'utf8'));
      for (const alias of aliases) check(config.agents.defaults.models[`local/${alias}`]?.alias === alias, `OpenClaw's write of local/${alias} was lost`);
      check(config.models.providers.fastrouter.models.length > 0, 'the fastrouter block was lost');
      await expectValid(home);
      await expectListedExactly(home, writtenFastRouterIds(home));
      return `${ourRuns} runs of ours, ${conflicts} OpenClaw retries`;
    },
  ],

  [
    'hostile catalog: ${VAR} in a model name is shown literally by OpenClaw, never the variable',
    async () => {
      const home = newHome();
      const token = 'gateway-token-value-that-must-not-leak';
      const entry = (id, name) => ({ id, name, is_active: true, context_length: 8192, architecture: { input_modalities: ['text'], output_modalities: ['text'] } });
      const name = 'Leak ${OPENCLAW_GATEWAY_TOKEN} and $${HOME_DIR} and ${lower}';
      const catalog = join(home, 'hostile.json');
      writeFileSync(catalog, JSON.stringify({ data: [entry('evil/name', name), entry('evil/${OPENCLAW_GATEWAY_TOKEN}', 'id leak'), entry('ok/model', 'Fine')] }));
      mock.serveCatalog(catalog);
      try {
        await runOurs(home, ['--key', KEY_A]);
      } finally {
        mock.serveCatalog(fixture('catalog', 'mixed.json'));
      }
      await expectValid(home);
      const r = await oc(home, ['models', 'list', '--json'], { OPENCLAW_GATEWAY_TOKEN: token, HOME_DIR: '/nowhere' });
      check(r.code === 0, `openclaw models list exited ${r.code}: ${r.stderr.slice(-300)}`);
      check(!r.stdout.includes(token), 'models list shows the value of OPENCLAW_GATEWAY_TOKEN');
      const listed = parseJson(r.stdout, 'openclaw models list').models.filter((m) => m.key.startsWith('fastrouter/'));
      check(JSON.stringify(listed.map((m) => m.key).sort()) === JSON.stringify(['fastrouter/evil/name', 'fastrouter/ok/model']), `models list shows ${listed.map((m) => m.key).join(', ')}`);
      const shown = listed.find((m) => m.key === 'fastrouter/evil/name')?.name;
      check(shown === name, `OpenClaw shows the name as ${JSON.stringify(shown)}, not the catalog's literal text`);
    },
  ],

  [
    'host check: a refresh on the same OpenClaw version is not checked again, a changed version is',
    async () => {
      const home = newHome('rich.json5');
      const withHost = { env: { PATH: `${openclawShimDir()}:${baseEnv(home).PATH}` } };
      const report = async (args) => JSON.parse((await runOurs(home, [...args, '--json'], withHost)).stdout);
      const before = shimCalls();
      const first = await report(['--key', KEY_A]);
      check(first.hostCheck?.status === 'accepted' && first.hostCheck.openclaw === OPENCLAW_VERSION, `first run: ${JSON.stringify(first.hostCheck)}`);
      const afterFirst = shimCalls();
      check(afterFirst > before, 'the first run did not run openclaw');
      mock.serveCatalog(fixture('catalog', 'updated.json'));
      let refresh;
      try {
        refresh = await report([]);
      } finally {
        mock.serveCatalog(fixture('catalog', 'mixed.json'));
      }
      check(refresh.status === 'updated', `the refresh did not write (status ${refresh.status})`);
      check(refresh.hostCheck?.status === 'known' && refresh.hostCheck.openclaw === OPENCLAW_VERSION, `refresh: ${JSON.stringify(refresh.hostCheck)}`);
      check(shimCalls() === afterFirst, 'a refresh on the same OpenClaw version ran openclaw');
      await expectValid(home);
      // As if OpenClaw had been upgraded since: the remembered version is an older one.
      const statePath = join(home, '.openclaw', 'fastrouter-openclaw', 'openclaw.json.state.json');
      const state = JSON.parse(readFileSync(statePath, 'utf8'));
      check(state.hostCheck?.openclaw === OPENCLAW_VERSION, `state remembers ${JSON.stringify(state.hostCheck)}`);
      writeFileSync(statePath, JSON.stringify({ ...state, hostCheck: { ...state.hostCheck, openclaw: '2026.8.1' } }));
      const upgraded = await report([]);
      check(upgraded.hostCheck?.status === 'accepted' && upgraded.hostCheck.openclaw === OPENCLAW_VERSION, `after an upgrade: ${JSON.stringify(upgraded.hostCheck)}`);
      check(shimCalls() > afterFirst, 'a changed OpenClaw version did not run openclaw');
      await expectValid(home);
      return `${shimCalls() - before} openclaw runs for 3 writes`;
    },
  ],

  [
    'refresh keeps customizations: the host, a ${VAR} key, provider and model settings; costs and supportsTools valid',
    async () => {
      const home = newHome();
      await runOurs(home, ['--key', KEY_A, '--no-default']);
      const edited = JSON5.parse(readFileSync(configPath(home), 'utf8'));
      const block = edited.models.providers.fastrouter;
      Object.assign(block, { apiKey: '${FASTROUTER_API_KEY}', timeoutSeconds: 120, headers: { 'X-Team': 'ml' } });
      const gpt = block.models.find((m) => m.id === 'openai/gpt-5.1');
      Object.assign(gpt, { params: { temperature: 0.2 }, compat: { requiresStringContent: true } });
      writeFileSync(configPath(home), JSON.stringify(edited, null, 2));
      const withKey = { FASTROUTER_API_KEY: KEY_B };
      await expectValid(home, withKey);
      // What "update fastrouter models" runs: no --base-url, no key in the environment.
      const refresh = await run(process.execPath, [CLI, '--json'], { env: baseEnv(home) });
      check(refresh.code === 0, `the refresh exited ${refresh.code}: ${refresh.stderr.trim()}`);
      const after = JSON5.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter;
      check(after.baseUrl === `${mock.url}/api/v1`, `baseUrl became ${after.baseUrl}`);
      check(after.apiKey === '${FASTROUTER_API_KEY}', `apiKey became ${JSON.stringify(after.apiKey).replace(/sk-v1-\w+/g, 'sk-v1-…')}`);
      check(after.timeoutSeconds === 120 && after.headers?.['X-Team'] === 'ml', `provider settings lost: ${JSON.stringify({ t: after.timeoutSeconds, h: after.headers })}`);
      const gptAfter = after.models.find((m) => m.id === 'openai/gpt-5.1');
      check(gptAfter.params?.temperature === 0.2 && gptAfter.compat?.requiresStringContent === true, `model settings lost: ${JSON.stringify(gptAfter)}`);
      const sonnet = after.models.find((m) => m.id === 'anthropic/claude-sonnet-4.6');
      check(JSON.stringify(sonnet.cost) === JSON.stringify({ input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }), `cost ${JSON.stringify(sonnet.cost)}`);
      const gemma = after.models.find((m) => m.id === 'google/gemma4-26b:free');
      check(gemma.compat?.supportsTools === false, `gemma compat ${JSON.stringify(gemma.compat)}`);
      // OpenClaw resolves ${FASTROUTER_API_KEY} when it loads the config: the gateway's environment sets it.
      await expectValid(home, withKey);
      await expectListedExactly(home, writtenFastRouterIds(home), withKey);
      // The turn reaches the kept host with the key OpenClaw substitutes, and the tool-less model gets no tools.
      const request = await agentTurn(home, 'openai/gpt-5.1', withKey);
      check(request.authorization === `Bearer ${KEY_B}`, 'the turn did not carry the key from ${FASTROUTER_API_KEY}');
      const withTools = JSON.parse(request.body).tools;
      const noTools = JSON.parse((await agentTurn(home, 'google/gemma4-26b:free', withKey)).body).tools;
      check(!noTools || noTools.length === 0, `a supportsTools:false model was sent ${noTools?.length} tools`);
      return `tools sent: gpt-5.1 ${withTools?.length ?? 0}, gemma ${noTools?.length ?? 0}`;
    },
  ],

  [
    "first install: with no primary anywhere the top pick becomes OpenClaw's default; --no-default leaves it",
    async () => {
      const home = newHome();
      const r = await runOurs(home, ['--key', KEY_A, '--json']);
      check(JSON.parse(r.stdout).primarySet === 'fastrouter/anthropic/claude-sonnet-4.6', `primarySet ${JSON.parse(r.stdout).primarySet}`);
      await expectValid(home);
      const primary = (await oc(home, ['config', 'get', 'agents.defaults.model.primary'])).stdout.trim();
      check(primary.includes('fastrouter/anthropic/claude-sonnet-4.6'), `primary is ${primary}`);
      const defaults = (await listModels(home)).filter((m) => m.tags?.includes('default')).map((m) => m.key);
      check(JSON.stringify(defaults) === '["fastrouter/anthropic/claude-sonnet-4.6"]', `OpenClaw's default is ${JSON.stringify(defaults)}`);
      const optedOut = newHome();
      await runOurs(optedOut, ['--key', KEY_A, '--no-default']);
      await expectValid(optedOut);
      const fallback = (await listModels(optedOut)).filter((m) => m.tags?.includes('default')).map((m) => m.key);
      return `without it OpenClaw's default would be ${fallback.join(', ')}`;
    },
  ],

  [
    '--profile with OPENCLAW_CONFIG_PATH: we change the file openclaw --profile reads',
    async () => {
      const home = newHome();
      const elsewhere = join(home, 'elsewhere.json');
      for (const env of [{ OPENCLAW_CONFIG_PATH: elsewhere }, { OPENCLAW_CONFIG_PATH: configPath(home) }]) {
        const theirs = (await oc(home, ['--profile', 'work', 'config', 'file'], env)).stdout.trim().split('\n').at(-1).replace(/^~/, home);
        const r = await runOurs(home, ['--profile', 'work', '--key', KEY_A, '--json'], { env });
        const mine = JSON.parse(r.stdout).configPath;
        check(mine === theirs, `with ${JSON.stringify(env)} openclaw picks ${theirs}, we picked ${mine}`);
      }
    },
  ],

  [
    'never worse: unparseable config untouched, unrelated invalid key stays the only error',
    async () => {
      const broken = newHome('syntax-error.json5');
      const before = readFileSync(configPath(broken));
      const r = await ours(broken, ['--key', KEY_A]);
      check(r.code === 5, `exit ${r.code} for an unparseable config, expected 5`);
      check(readFileSync(configPath(broken)).equals(before), 'the unparseable config changed');

      const home = newHome('invalid-unrelated.json');
      const issuesBefore = (await validate(home)).issues;
      check(Array.isArray(issuesBefore) && issuesBefore.length > 0, 'fixture should fail validation before our run');
      // With openclaw on PATH our run asks it too, and must see that these problems are not ours.
      const withHost = await runOurs(home, ['--key', KEY_A, '--json'], { env: { PATH: `${openclawShimDir()}:${baseEnv(home).PATH}` } });
      const warnings = JSON.parse(withHost.stdout).warnings;
      check(
        warnings.some((w) => w.includes('there before this change') && w.includes('notARealGatewayKey')),
        `expected a "there before" warning, got ${JSON.stringify(warnings)}`,
      );
      const after = await validate(home);
      check(JSON.stringify(after.issues) === JSON.stringify(issuesBefore), `validation issues changed: ${JSON.stringify(issuesBefore)} -> ${JSON.stringify(after.issues)}`);
    },
  ],
];

scenarios.push([
  `never worse on the older openclaw@${OLDER_OPENCLAW_VERSION}: the user's other models stay selectable`,
  async () => {
    // Before modelPolicy existed, a non-empty agents.defaults.models was always an allowlist; setup
    // must not start one there either, and must not write a key that release does not know.
    const older = ensureOpenClaw((line) => console.log(`setup: ${line}`), OLDER_OPENCLAW_VERSION);
    const home = newHome();
    // The same config test/never-worse.e2e.test.ts starts from, with the other provider on the mock.
    const config = JSON.parse(readFileSync(fixture('config', 'other-provider.json'), 'utf8'));
    config.models.providers.other.baseUrl = `${mock.url}/api/v1`;
    writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    await runOurs(home, ['--key', KEY_A]);
    const olderOc = (args) => run(older.nodeBin, [older.entry, ...args], { env: baseEnv(home) });
    const valid = parseJson((await olderOc(['config', 'validate', '--json'])).stdout, 'openclaw config validate');
    check(valid.valid === true, `openclaw@${OLDER_OPENCLAW_VERSION} rejects the config: ${JSON.stringify(valid.issues)}`);
    for (const ref of ['other/m2', 'fastrouter/openai/gpt-5.1']) {
      const r = await olderOc(['agent', '--local', '--agent', 'main', '--model', ref, '--message', 'ping', '--json']);
      check(r.code === 0 && r.stdout.includes(MOCK_REPLY), `openclaw@${OLDER_OPENCLAW_VERSION}: ${ref} does not answer after setup: ${(r.stdout + r.stderr).slice(-300)}`);
    }
  },
]);

scenarios.push(...statusScenarios);
scenarios.push(...coexistenceScenarios);
scenarios.push(...entriesScenarios);
scenarios.push(...keyScenarios);

const agentPath = await agentPathScenarios({
  oc,
  openclaw,
  run,
  baseEnv,
  check,
  newHome,
  configPath,
  expectValid,
  skillDir: SKILL_DIR,
  fastrouter: mock,
  openclawShimDir,
  key: `sk-v1-${randomBytes(16).toString('hex')}`,
});
scenarios.push(...agentPath.scenarios);
scenarios.push(...agentSecretsScenarios(agentPath));

console.log(`conformance against openclaw@${OPENCLAW_VERSION} (node ${openclaw.nodeBin === process.execPath ? process.version : 'from ' + openclaw.nodeBinDir}), mock at ${mock.url}`);
let passed = 0;
let failed = 0;
const only = process.env.CONFORMANCE_ONLY;
for (const [name, scenario] of scenarios) {
  // Several substrings may be given, separated by `||`.
  if (only && !only.split('||').some((part) => name.includes(part))) continue;
  const started = Date.now();
  try {
    const detail = await scenario();
    passed++;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s${detail ? `; ${detail}` : ''})`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.message.replace(/\s+/g, ' ').slice(0, 600)}`);
  }
}
await mock.close();
await agentPath.close();
if (!process.env.CONFORMANCE_KEEP) for (const home of homes) rmSync(home, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

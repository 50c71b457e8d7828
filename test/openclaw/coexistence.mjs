// Conformance, issue 19: living alongside OpenClaw. Each scenario runs the real OpenClaw around our
// runs, as a user does (an onboarded config, setup, OpenClaw's own writes, ours again) and judges by
// what OpenClaw's *next* command shows (`openclaw config get`, `openclaw models status --json`), not
// by `config validate`: OpenClaw's clobber guard acts on reads, which validate does not do.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { OLDER_OPENCLAW_VERSION, ensureOpenClaw } from './install-openclaw.mjs';
import { baseEnv, check, configPath, fixture, KEY_A, KEY_B, newHome, oc, openclaw, openclawShimDir, ours, parseJson, run, runOurs, writtenFastRouterIds } from './harness.mjs';

/** What `openclaw onboard --non-interactive --mode local` (2026.9.6) writes, with its meta and gateway.mode; 2026.7.35 knows no meta.migrations. */
function onboarded(home, older = false) {
  const config = {
    agents: { defaults: { workspace: join(home, '.openclaw', 'workspace'), skipBootstrap: true } },
    meta: older ? { lastTouchedVersion: OLDER_OPENCLAW_VERSION } : { migrations: { modelPolicyAllowlist: true, utilityModelSeparation: true }, lastTouchedVersion: '2026.9.6' },
    gateway: { mode: 'local', auth: { mode: 'token', token: '1d0f1ecb5019763bdec14f3fd510e18e3677261d5323337e' }, port: 18789, bind: 'loopback', tailscale: { mode: 'off' } },
    tools: { profile: 'full' },
    wizard: { lastRunAt: '2026-12-06T09:45:39.428Z', lastRunVersion: '2026.9.6', lastRunCommand: 'onboard', lastRunMode: 'local' },
  };
  writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}

/** Our runs see the `openclaw` a user has on PATH (its check, and the Node it runs on). */
const withOpenClaw = () => ({ env: { PATH: `${openclawShimDir()}:${process.env.PATH}` } });

function ocSays(r, what) {
  check(r.code === 0, `openclaw ${what} exited ${r.code}: ${(r.stdout + r.stderr).slice(-300)}`);
  check(!/Config auto-restored/.test(r.stderr + r.stdout), `openclaw ${what} restored its backup over our change: ${r.stderr.match(/Config auto-restored[^\n]*/)?.[0]}`);
  return r;
}

async function ocWrites(home, args, runner = oc) {
  ocSays(await runner(home, args), args.join(' '));
}

/** `openclaw config get PATH` as OpenClaw reads it now; undefined when it says the path is unset. */
async function configGet(home, path, runner = oc) {
  const r = await runner(home, ['config', 'get', path, '--json']);
  check(!/Config auto-restored/.test(r.stderr + r.stdout), `openclaw config get restored its backup over our change: ${r.stderr.match(/Config auto-restored[^\n]*/)?.[0]}`);
  if (r.code !== 0) {
    check(/unset|not set|not found/i.test(r.stderr + r.stdout), `openclaw config get ${path} exited ${r.code}: ${(r.stdout + r.stderr).slice(-300)}`);
    return undefined;
  }
  return parseJson(r.stdout, `openclaw config get ${path}`);
}

async function modelsStatus(home, runner = oc) {
  return parseJson(ocSays(await runner(home, ['models', 'status', '--json']), 'models status --json').stdout, 'openclaw models status');
}

/** Onboarded, FastRouter set up, then an ordinary OpenClaw write: the state every scenario starts from. */
async function setUpThenOpenClawWrites(home, runner = oc) {
  onboarded(home, runner !== oc);
  await runOurs(home, ['--key', KEY_A], withOpenClaw());
  check((await configGet(home, 'agents.defaults.model.primary', runner))?.startsWith('fastrouter/'), 'setup did not make a FastRouter model the primary of a first install');
  await ocWrites(home, ['config', 'set', 'gateway.port', '19001'], runner);
}

/** The same judge on the older release, where its behaviour is the one to check. */
function olderOc() {
  const older = ensureOpenClaw((line) => console.log(`setup: ${line}`), OLDER_OPENCLAW_VERSION);
  return (home, args) => run(older.nodeBin, [older.entry, ...args], { env: baseEnv(home) });
}

async function removeSticks(runner) {
  const home = newHome();
  await setUpThenOpenClawWrites(home, runner);
  await runOurs(home, ['remove'], withOpenClaw());
  // OpenClaw's next command, then another OpenClaw write, then its next read: FastRouter stays gone
  // and both of OpenClaw's changes stay.
  await modelsStatus(home, runner);
  await ocWrites(home, ['config', 'set', 'gateway.port', '19002'], runner);
  check((await configGet(home, 'models.providers.fastrouter', runner)) === undefined, 'FastRouter came back after remove');
  check((await configGet(home, 'gateway.port', runner)) === 19002, 'OpenClaw lost its own gateway.port change');
}

export const coexistenceScenarios = [
  [
    "coexist: remove after an OpenClaw write stays removed through OpenClaw's next commands",
    async () => {
      await removeSticks(oc);
    },
  ],

  [
    `coexist: remove stays removed on openclaw@${OLDER_OPENCLAW_VERSION} too`,
    async () => {
      await removeSticks(olderOc());
    },
  ],

  [
    'coexist: a narrowing --include refresh after an OpenClaw write is kept',
    async () => {
      const home = newHome();
      await setUpThenOpenClawWrites(home);
      const r = await runOurs(home, ['--include', 'openai/gpt-5.1'], withOpenClaw());
      await modelsStatus(home);
      await ocWrites(home, ['config', 'set', 'gateway.port', '19002']);
      const models = (await configGet(home, 'models.providers.fastrouter.models')) ?? [];
      check(JSON.stringify(models.map((m) => m.id)) === '["openai/gpt-5.1"]', `OpenClaw shows FastRouter models ${JSON.stringify(models.map((m) => m.id))}, not just the one kept`);
      check((await configGet(home, 'gateway.port')) === 19002, 'OpenClaw lost its own gateway.port change');
      check(/last-known-good/.test(r.stderr), `the narrowing refresh did not say it kept the smaller config with OpenClaw: ${r.stderr.trim()}`);
    },
  ],

  [
    'coexist: remove takes back the primary setup chose; models status shows no FastRouter default',
    async () => {
      const home = newHome();
      await setUpThenOpenClawWrites(home);
      const r = await runOurs(home, ['remove'], withOpenClaw());
      const left = await configGet(home, 'agents.defaults.model.primary');
      check(left === undefined, `agents.defaults.model.primary is still ${left} after remove`);
      const status = await modelsStatus(home);
      check(!String(status.defaultModel ?? '').startsWith('fastrouter/'), `models status still names ${status.defaultModel} as the default`);
      check(/default model .* was taken out/.test(r.stdout), `remove did not say it took back the primary: ${r.stdout.trim()}`);
      check(!/agents\.defaults\.model\.primary is still/.test(r.stderr), `remove warned about a primary it set itself: ${r.stderr.trim()}`);
    },
  ],

  [
    'coexist: a primary the user chose is left to them, with the command that changes it',
    async () => {
      const home = newHome();
      await setUpThenOpenClawWrites(home);
      const written = JSON5.parse(readFileSync(configPath(home), 'utf8'));
      const mine = written.models.providers.fastrouter.models.map((m) => `fastrouter/${m.id}`).find((ref) => ref !== written.agents.defaults.model.primary);
      await ocWrites(home, ['models', 'set', mine]);
      const r = await ours(home, ['remove'], withOpenClaw());
      check(r.code === 0, `remove exited ${r.code}: ${r.stderr.trim()}`);
      check(
        r.stderr.includes(`agents.defaults.model.primary is still ${mine}`) && r.stderr.includes('openclaw models set'),
        `remove did not say how to change the primary the user chose: ${r.stderr.trim()}`,
      );
      check((await configGet(home, 'agents.defaults.model.primary')) === mine, 'remove changed the primary the user chose');
    },
  ],

  [
    "coexist: restore after OpenClaw's own changes undoes only ours, and OpenClaw keeps the result",
    async () => {
      const home = newHome();
      await setUpThenOpenClawWrites(home);
      await ocWrites(home, ['config', 'set', 'gateway.port', '19999']);
      await ocWrites(home, ['models', 'fallbacks', 'add', 'openai/gpt-5.1']);
      const r = await runOurs(home, ['restore'], withOpenClaw());
      await modelsStatus(home);
      await ocWrites(home, ['config', 'set', 'gateway.bind', 'loopback']);
      check((await configGet(home, 'gateway.port')) === 19999, "restore lost OpenClaw's gateway.port change");
      const model = await configGet(home, 'agents.defaults.model');
      check(JSON.stringify(model) === '{"fallbacks":["openai/gpt-5.1"]}', `agents.defaults.model is ${JSON.stringify(model)}: not just the fallback OpenClaw added, without the primary setup chose`);
      check((await configGet(home, 'models.providers.fastrouter')) === undefined, 'FastRouter is still configured after restoring the config from before setup');
      check(/Put FastRouter's part/.test(r.stdout) && /everything else was kept/.test(r.stdout), `restore did not say it undid only its own part: ${r.stdout.trim()}`);
    },
  ],

  [
    'coexist: undoing a refresh keeps the key OpenClaw pasted and the timeout it set since, and OpenClaw still uses the pasted key',
    async () => {
      const home = newHome();
      onboarded(home);
      await runOurs(home, ['--key', KEY_A], withOpenClaw());
      const installed = writtenFastRouterIds(home);
      await runOurs(home, ['--catalog', fixture('catalog', 'updated.json')], withOpenClaw());
      check(JSON.stringify(writtenFastRouterIds(home)) !== JSON.stringify(installed), 'the refresh did not change the model list');
      const pasted = await run(openclaw.nodeBin, [openclaw.entry, 'models', 'auth', 'paste-api-key', '--provider', 'fastrouter'], { env: baseEnv(home), input: `${KEY_B}\n` });
      check(pasted.code === 0, `paste-api-key exited ${pasted.code}: ${pasted.stderr.slice(-300)}`);
      await ocWrites(home, ['config', 'set', 'models.providers.fastrouter.timeoutSeconds', '120']);
      const r = await runOurs(home, ['restore'], withOpenClaw());
      // `openclaw config get` shows a key as __OPENCLAW_REDACTED__: read the file itself.
      const keyNow = JSON5.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter.apiKey;
      check(keyNow === 'fastrouter:manual', `restore put ${String(keyNow).slice(0, 8)}… back over the key OpenClaw pasted: ${(r.stdout + r.stderr).trim()}`);
      check((await configGet(home, 'models.providers.fastrouter.timeoutSeconds')) === 120, 'restore dropped the timeout OpenClaw set');
      check(JSON.stringify(writtenFastRouterIds(home)) === JSON.stringify(installed), `restore did not put the model list back: ${writtenFastRouterIds(home).join(', ')}`);
      const auth = (await modelsStatus(home)).auth?.providers?.find((p) => p.provider === 'fastrouter');
      check(auth?.effective?.kind === 'profiles', `models status shows fastrouter auth ${JSON.stringify(auth?.effective)?.replace(/sk-v1-\w+/g, 'sk-v1-…')}`);
      check(
        /Kept as they are now, since OpenClaw or you changed them after that run: models\.providers\.fastrouter\.apiKey, models\.providers\.fastrouter\.timeoutSeconds/.test(r.stdout + r.stderr),
        `restore did not name what it kept: ${(r.stdout + r.stderr).trim()}`,
      );
    },
  ],

  [
    "coexist: a primary set through $include (nested, relative to the including file) is OpenClaw's default after setup too",
    async () => {
      const home = newHome();
      onboarded(home);
      const config = JSON.parse(readFileSync(configPath(home), 'utf8'));
      config.agents.defaults.$include = './agents/defaults.json5';
      writeFileSync(configPath(home), JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
      mkdirSync(join(home, '.openclaw', 'agents'));
      writeFileSync(join(home, '.openclaw', 'agents', 'defaults.json5'), "{ model: { $include: './model.json5' } }\n");
      writeFileSync(join(home, '.openclaw', 'agents', 'model.json5'), "{ primary: 'openai/gpt-5.1' }\n");
      check((await modelsStatus(home)).defaultModel === 'openai/gpt-5.1', 'OpenClaw does not read the included primary');
      const r = await runOurs(home, ['--key', KEY_A], withOpenClaw());
      const status = await modelsStatus(home);
      check(status.defaultModel === 'openai/gpt-5.1', `setup changed OpenClaw's default model to ${status.defaultModel}`);
      check(!/no primary model was set/.test(r.stdout), `setup said no primary model was set: ${r.stdout.trim()}`);
    },
  ],
];

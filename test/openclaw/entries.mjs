// Conformance for issue 19's entry points: what OpenClaw writes or reads in our block between our
// runs (key references, headers, warnings, model ids, entry fields), judged by OpenClaw's next command.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSON5 from 'json5';
import {
  baseEnv,
  check,
  CLI,
  configPath,
  fixture,
  homes,
  KEY_A,
  KEY_B,
  expectValid,
  listModels,
  newHome,
  oc,
  openclaw,
  openclawShimDir,
  ours,
  parseJson,
  run,
  runOurs,
  validate,
  writtenFastRouterIds,
} from './harness.mjs';
import { ensureOpenClaw, OLDER_OPENCLAW_VERSION } from './install-openclaw.mjs';

const fastrouterBlock = (home) => JSON5.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter;

/** `openclaw <args>` with text on its stdin (a pasted key). */
const ocWithInput = (home, args, input, env = {}) => run(openclaw.nodeBin, [openclaw.entry, ...args], { env: baseEnv(home, env), input });

async function fastrouterAuth(home, env = {}) {
  const r = await oc(home, ['models', 'status', '--json'], env);
  const providers = parseJson(r.stdout, 'openclaw models status').auth?.providers ?? [];
  return providers.find((p) => p.provider === 'fastrouter');
}

/** Our CLI without the harness's --base-url: the run reads the host from the config, as a plain refresh does. */
const oursAsIs = (home, args, env = {}) => run(process.execPath, [CLI, ...args], { env: { ...baseEnv(home), ...env } });

/** A gateway in front of FastRouter that wants `x-gateway-token`: the catalog for it, 401 without it. */
async function startGate(token, catalogPath) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push(req.headers['x-gateway-token'] ?? null);
    if (req.headers['x-gateway-token'] !== token) return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"gateway token required"}');
    if (req.method === 'GET' && req.url === '/v1/models') return res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(catalogPath));
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Ours with OpenClaw on PATH, so the run asks it about the write. */
const withHost = (home, extra = {}) => ({ PATH: `${openclawShimDir()}:${baseEnv(home).PATH}`, ...extra });

/** A catalog file holding `json`, for --catalog. */
function catalogFileFrom(json) {
  const dir = mkdtempSync(join(tmpdir(), 'fastrouter-entries-'));
  homes.push(dir);
  const path = join(dir, 'catalog.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

/** A catalog file of the given entries (text in and out, active, priced). */
function catalogFile(entries) {
  const base = { is_active: true, architecture: { input_modalities: ['text'], output_modalities: ['text'] }, pricing: { prompt: '0.000001', completion: '0.000002' }, context_length: 128000 };
  return catalogFileFrom({ data: entries.map((e) => ({ ...base, ...e })) });
}

async function ocOk(home, args, env) {
  const r = await oc(home, args, env);
  check(r.code === 0, `openclaw ${args.join(' ')} exited ${r.code}: ${(r.stdout + r.stderr).slice(-300)}`);
  return r;
}

/** A folder with an `openclaw` that runs the older release, for our runs' version-dependent advice. */
function olderShimDir() {
  const older = ensureOpenClaw((line) => console.log(`setup: ${line}`), OLDER_OPENCLAW_VERSION);
  const dir = mkdtempSync(join(tmpdir(), 'fastrouter-older-shim-'));
  homes.push(dir);
  writeFileSync(join(dir, 'openclaw'), `#!/bin/sh\nexec "${older.nodeBin}" "${older.entry}" "$@"\n`, { mode: 0o755 });
  return dir;
}

const modelIndex = (home, id) => fastrouterBlock(home).models.findIndex((m) => m.id === id);

export const entriesScenarios = [
  [
    'entries: an auth-profile apiKey (paste-api-key) and $FASTROUTER_API_KEY stay references across refreshes',
    async () => {
      const home = newHome();
      await runOurs(home, ['--key', KEY_A]);
      const pasted = await ocWithInput(home, ['models', 'auth', 'paste-api-key', '--provider', 'fastrouter'], `${KEY_B}\n`);
      check(pasted.code === 0, `paste-api-key exited ${pasted.code}: ${pasted.stderr.slice(-300)}`);
      check(fastrouterBlock(home).apiKey === 'fastrouter:manual', `paste-api-key wrote apiKey ${JSON.stringify(fastrouterBlock(home).apiKey)}`);
      // A refresh with no key given, then one with $FASTROUTER_API_KEY set: the profile id stays.
      await runOurs(home, ['--json']);
      await runOurs(home, ['--json'], { env: { FASTROUTER_API_KEY: KEY_A } });
      check(fastrouterBlock(home).apiKey === 'fastrouter:manual', `after our refresh apiKey is ${JSON.stringify(fastrouterBlock(home).apiKey).replace(/sk-v1-\w+/, 'sk-v1-…')}`);
      const auth = await fastrouterAuth(home);
      const pastedTail = KEY_B.slice(-8);
      check(
        auth?.effective?.kind === 'profiles' && auth.profiles?.labels?.some((l) => l.startsWith('fastrouter:manual=') && l.endsWith(pastedTail)),
        `models status shows fastrouter auth ${JSON.stringify(auth)?.replace(/sk-v1-\w+/g, 'sk-v1-…')}`,
      );

      // `$FASTROUTER_API_KEY` (OpenClaw's env shorthand): our refresh runs with one key in the
      // variable, the gateway later with another, and OpenClaw must read the gateway's.
      const shorthand = newHome();
      await runOurs(shorthand, ['--key', KEY_A]);
      const set = await oc(shorthand, ['config', 'set', 'models.providers.fastrouter.apiKey', '$FASTROUTER_API_KEY']);
      check(set.code === 0, `config set exited ${set.code}: ${set.stderr.slice(-300)}`);
      await runOurs(shorthand, ['--json'], { env: { FASTROUTER_API_KEY: KEY_B } });
      check(fastrouterBlock(shorthand).apiKey === '$FASTROUTER_API_KEY', `after our refresh apiKey is ${JSON.stringify(fastrouterBlock(shorthand).apiKey).replace(/sk-v1-\w+/, 'sk-v1-…')}`);
      // (an agent turn with --local sends the shorthand as it is, so OpenClaw's auth view is the judge)
      const viaEnv = await fastrouterAuth(shorthand, { FASTROUTER_API_KEY: KEY_A });
      check(
        viaEnv?.effective?.kind === 'env' && viaEnv.effective.detail?.endsWith(KEY_A.slice(-8)),
        `models status shows fastrouter auth ${JSON.stringify(viaEnv?.effective)?.replace(/sk-v1-\w+/g, 'sk-v1-…')}`,
      );
    },
  ],

  [
    'entries: the provider headers go with the catalog request, and a refusal names them',
    async () => {
      const gate = await startGate('gate-secret', fixture('catalog', 'updated.json'));
      try {
        const home = newHome();
        await runOurs(home, ['--key', KEY_A]);
        for (const [path, value] of [
          ['models.providers.fastrouter.baseUrl', `${gate.url}/api/v1`],
          ['models.providers.fastrouter.headers.X-Gateway-Token', '${GATE_TOKEN}'],
        ]) {
          const set = await oc(home, ['config', 'set', path, value], { GATE_TOKEN: 'gate-secret' });
          check(set.code === 0, `config set ${path} exited ${set.code}: ${set.stderr.slice(-300)}`);
        }
        const refreshed = await oursAsIs(home, ['--json'], { GATE_TOKEN: 'gate-secret' });
        check(refreshed.code === 0, `the refresh behind the gateway exited ${refreshed.code}: ${refreshed.stderr.trim()}`);
        check(gate.seen.at(-1) === 'gate-secret', `the catalog request carried x-gateway-token ${JSON.stringify(gate.seen.at(-1))}`);
        const listed = (await listModels(home, { GATE_TOKEN: 'gate-secret' })).map((m) => m.key);
        check(listed.includes('fastrouter/x-ai/grok-4'), `models list after the refresh: ${listed.join(', ')}`);
        const headers = fastrouterBlock(home).headers;
        check(JSON.stringify(headers) === '{"X-Gateway-Token":"${GATE_TOKEN}"}', `the headers became ${JSON.stringify(headers)}`);

        const refused = await oursAsIs(home, [], { GATE_TOKEN: 'stale' });
        check(refused.code === 3, `a refused catalog request exited ${refused.code}`);
        check(refused.stderr.includes('HTTP 401') && refused.stderr.includes('models.providers.fastrouter.headers') && !refused.stderr.includes('may be down'), `a 401 said: ${refused.stderr.trim()}`);
      } finally {
        await gate.close();
      }
    },
  ],

  [
    "entries: OpenClaw's warnings about our block are passed on (an unset ${FASTROUTER_API_KEY})",
    async () => {
      const home = newHome();
      await runOurs(home, ['--key', KEY_A]);
      const set = await oc(home, ['config', 'set', 'models.providers.fastrouter.apiKey', '${FASTROUTER_API_KEY}'], { FASTROUTER_API_KEY: KEY_A });
      check(set.code === 0, `config set exited ${set.code}: ${set.stderr.slice(-300)}`);
      // OpenClaw itself: valid, with a warning, and no FastRouter model it can use.
      const judged = await validate(home);
      check(judged.valid === true && judged.warnings?.some((w) => w.path === 'models.providers.fastrouter.apiKey'), `config validate says ${JSON.stringify(judged)}`);
      const json = await runOurs(home, ['--json', '--validate'], { env: withHost(home) });
      const report = parseJson(json.stdout, 'fastrouter-openclaw --json');
      check(
        report.warnings.some((w) => w.includes('models.providers.fastrouter.apiKey') && w.includes('FASTROUTER_API_KEY')),
        `--json warnings: ${JSON.stringify(report.warnings)}`,
      );
      // A run that writes again (a filter leaves one model out), in text.
      const text = await runOurs(home, ['--validate', '--exclude', 'qwen/*'], { env: withHost(home) });
      check(text.stderr.includes('models.providers.fastrouter.apiKey') && !/accepts the new config\.$/m.test(text.stdout), `text report: ${text.stdout.trim()} / ${text.stderr.trim()}`);
    },
  ],

  [
    'entries: an id OpenClaw rewrites (google/gemini-3.1-flash-lite-preview) is left out; a refresh after an OpenClaw write is unchanged',
    async () => {
      const catalog = catalogFile([{ id: 'google/gemini-3.1-flash-lite-preview' }, { id: 'google/gemini-2.5-pro' }, { id: 'openai/gpt-5.1' }]);
      const home = newHome();
      await runOurs(home, ['--catalog', catalog, '--key', KEY_A]);
      // OpenClaw's first write also records its migrations (which may let the refresh add picker
      // entries); from then on a refresh between OpenClaw's writes changes nothing.
      for (const port of ['19001', '19002']) {
        await ocOk(home, ['config', 'set', 'gateway.port', port]);
        const again = parseJson((await runOurs(home, ['--catalog', catalog, '--json'])).stdout, 'our refresh');
        check(again.added.length === 0 && again.removed.length === 0, `the refresh after OpenClaw's write: +${JSON.stringify(again.added)} -${JSON.stringify(again.removed)}`);
        if (port === '19002') check(again.status === 'unchanged', `the refresh after OpenClaw's second write is ${again.status}`);
      }
      const listed = (await listModels(home)).filter((m) => m.key.startsWith('fastrouter/')).map((m) => m.key);
      const written = writtenFastRouterIds(home).map((id) => `fastrouter/${id}`);
      check(JSON.stringify(listed.sort()) === JSON.stringify(written.sort()), `models list shows ${listed.join(', ')}; the file has ${written.join(', ')}`);
      check(!listed.some((k) => k.includes('gemini-3.1-flash-lite')), `a model OpenClaw sends under another id is listed: ${listed.join(', ')}`);
    },
  ],

  [
    "entries: reasoning, context and maxTokens as OpenClaw's OpenRouter mapping writes them; a user's reasoning: true stays",
    async () => {
      const catalog = catalogFile([
        { id: 'acme/plain', supported_parameters: ['tools'], top_provider: { context_length: 64000, max_completion_tokens: 4000 } },
        { id: 'acme/thinker', supported_parameters: ['tools', 'reasoning'], context_length: 1000000, top_provider: { context_length: 200000, max_completion_tokens: null } },
      ]);
      const home = newHome();
      await runOurs(home, ['--catalog', catalog, '--key', KEY_A]);
      await ocOk(home, ['config', 'set', `models.providers.fastrouter.models[${modelIndex(home, 'acme/plain')}].reasoning`, 'true']);
      await runOurs(home, ['--catalog', catalog]);
      const models = fastrouterBlock(home).models;
      const plain = models.find((m) => m.id === 'acme/plain');
      const thinker = models.find((m) => m.id === 'acme/thinker');
      check(plain.reasoning === true, `the reasoning: true set through OpenClaw became ${plain.reasoning}`);
      check(thinker.reasoning === true && thinker.contextWindow === 200000 && !('maxTokens' in thinker), `acme/thinker is written as ${JSON.stringify(thinker)}`);
      const shown = (await ocOk(home, ['config', 'get', `models.providers.fastrouter.models[${modelIndex(home, 'acme/plain')}].reasoning`])).stdout.trim();
      check(shown === 'true', `openclaw config get shows reasoning ${shown}`);
    },
  ],

  [
    "entries: an image reader from architecture.modality and a catalog reasoning object, as OpenClaw's OpenRouter mapping reads them, kept across OpenClaw's writes",
    async () => {
      const catalog = catalogFile([
        { id: 'acme/seer', architecture: { modality: 'text+image->text' }, max_output_tokens: 2222 },
        { id: 'acme/must-think', reasoning: { mandatory: true, supported_efforts: ['low', 'high'] } },
      ]);
      const home = newHome();
      const first = await runOurs(home, ['--catalog', catalog, '--key', KEY_A, '--json']);
      const counts = JSON.parse(first.stdout).counts;
      check(counts.models === 2 && counts.catalogEntries === 2, `counts ${JSON.stringify(counts)}`);
      await expectValid(home);
      // OpenClaw's first write records its migrations (the refresh may then add picker entries); its second changes nothing of ours.
      for (const port of ['19001', '19002']) {
        await ocOk(home, ['config', 'set', 'gateway.port', port]);
        const again = JSON.parse((await runOurs(home, ['--catalog', catalog, '--json'])).stdout);
        if (port === '19002') check(again.status === 'unchanged', `the refresh after OpenClaw's second write is ${again.status}`);
      }
      const models = fastrouterBlock(home).models;
      const seer = models.find((m) => m.id === 'acme/seer');
      const thinker = models.find((m) => m.id === 'acme/must-think');
      check(JSON.stringify(seer.input) === '["text","image"]' && seer.maxTokens === 2222, `acme/seer is written as ${JSON.stringify(seer)}`);
      check(
        thinker.reasoning === true && thinker.thinkingLevelMap?.off === null && JSON.stringify(thinker.compat?.supportedReasoningEfforts) === '["low","high"]',
        `acme/must-think is written as ${JSON.stringify(thinker)}`,
      );
      const listed = (await listModels(home)).find((m) => m.key === 'fastrouter/acme/seer');
      check(JSON.stringify(listed?.input ?? '').includes('image'), `openclaw models list shows acme/seer as ${JSON.stringify(listed)}`);
    },
  ],

  [
    'entries: messages that do not lead astray (filter typos refused, contextWindow and contextTokens, price changes, next step, models set)',
    async () => {
      const home = newHome();
      const withShim = { env: withHost(home) };
      const first = await runOurs(home, ['--key', KEY_A], withShim);
      check(
        /^Next: nothing to restart; OpenClaw 2026\.9\.6 reloads models\.\* on its own\.$/m.test(first.stdout),
        `next step with 2026.9.6: ${first.stdout
          .split('\n')
          .filter((l) => l.startsWith('Next'))
          .join(' ')}`,
      );
      const olderText = await runOurs(home, ['--no-validate'], { env: { PATH: `${olderShimDir()}:${baseEnv(home).PATH}` } });
      check(
        /^Next: nothing to restart; OpenClaw 2026\.7\.35 reloads models\.\* on its own\.$/m.test(olderText.stdout),
        `next step with ${OLDER_OPENCLAW_VERSION}: ${olderText.stdout
          .split('\n')
          .filter((l) => l.startsWith('Next'))
          .join(' ')}`,
      );

      // Typos in a filter: refused before anything is written or remembered; OpenClaw still lists every model.
      const before = readFileSync(configPath(home));
      const typo = await ours(home, ['--include', 'anthropic/*,opneai/gpt-*', '--exclude', '*:fre']);
      check(
        typo.code === 2 && typo.stderr.includes('opneai/gpt-*') && typo.stderr.includes('*:fre') && typo.stderr.includes('openai/gpt-5.1'),
        `the typos got exit ${typo.code}: ${typo.stderr.trim()}`,
      );
      check(readFileSync(configPath(home)).equals(before), 'the config changed after refused filters');
      const refreshed = parseJson((await runOurs(home, ['--json'])).stdout, 'ours');
      check(refreshed.filter === undefined && refreshed.counts.models === 11, `the typos were remembered: ${JSON.stringify(refreshed.filter)}, ${refreshed.counts.models} models`);

      // A contextWindow set through OpenClaw is set back, with a word about contextTokens, which stays.
      const i = modelIndex(home, 'openai/gpt-5.1');
      await ocOk(home, ['config', 'set', `models.providers.fastrouter.models[${i}].contextWindow`, '100000']);
      const reverted = await runOurs(home, []);
      check(/contextWindow .*openai\/gpt-5\.1 100000 → 400000.*contextTokens/.test(reverted.stderr), `a reverted contextWindow got: ${reverted.stderr.trim()}`);
      await ocOk(home, ['config', 'set', `models.providers.fastrouter.models[${i}].contextTokens`, '90000']);
      await runOurs(home, []);
      const tokens = (await ocOk(home, ['config', 'get', `models.providers.fastrouter.models[${modelIndex(home, 'openai/gpt-5.1')}].contextTokens`])).stdout.trim();
      check(tokens === '90000', `contextTokens after a refresh: ${tokens}`);

      // A price-only change is reported.
      const repriced = JSON.parse(readFileSync(fixture('catalog', 'mixed.json'), 'utf8'));
      repriced.data.find((m) => m?.id === 'openai/gpt-5.1').pricing.prompt = '0.000004';
      const priced = await runOurs(home, ['--catalog', catalogFileFrom(repriced)]);
      check(/0 new, 0 removed, 1 with new prices/.test(priced.stdout) && priced.stdout.includes('~ openai/gpt-5.1'), `a price change said: ${priced.stdout.split('\n')[0]}`);
      const cost = (await ocOk(home, ['config', 'get', `models.providers.fastrouter.models[${modelIndex(home, 'openai/gpt-5.1')}].cost.input`])).stdout.trim();
      check(cost === '4', `OpenClaw reads cost.input ${cost}`);

      // A primary left dangling: the advice is OpenClaw's own command, and following it works.
      await ocOk(home, ['models', 'set', 'fastrouter/openai/gpt-4o-mini']);
      const dangling = await runOurs(home, ['--exclude', '*4o*']);
      check(dangling.stderr.includes('openclaw models set') && !/e\.g\. \/model/.test(dangling.stderr), `the dangling primary warning: ${dangling.stderr.trim()}`);
      await ocOk(home, ['models', 'set', 'fastrouter/openai/gpt-5.1']);
      const primary = (await ocOk(home, ['config', 'get', 'agents.defaults.model.primary'])).stdout.trim();
      check(primary.includes('fastrouter/openai/gpt-5.1'), `primary after openclaw models set: ${primary}`);
    },
  ],
];

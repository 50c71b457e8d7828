// Conformance for issue 19's entry points: what OpenClaw writes or reads in our block between our
// runs (key references, headers, warnings, model ids, entry fields), judged by OpenClaw's next command.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import JSON5 from 'json5';
import { baseEnv, check, CLI, configPath, fixture, KEY_A, KEY_B, listModels, newHome, oc, openclaw, openclawShimDir, parseJson, run, runOurs, validate } from './harness.mjs';

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
];

// `status` and `models`: read-only views on the fixture catalogs, over real sockets and with a
// stand-in `openclaw` on PATH. status writes nothing and creates nothing, whatever it finds.
import { chmod, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, CLI, fixture, readJson, REFUSED_KEY, runCli, serve, serveFile, tempDir, TEST_KEY, KEY_SECRET_PART, snapshot } from './helpers.js';
import { realpathSync } from 'node:fs';

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');

async function home() {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  const run = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--config', config], { env });
  return { dir, config, run };
}

/** A stand-in `openclaw` on PATH (a Node script in a package, linked as npm does) that logs its calls and answers `models status`; a second call replaces the first. */
async function fakeOpenClaw(dir: string, answer: string) {
  const pkg = join(dir, 'oc', 'lib', 'node_modules', 'openclaw');
  const bin = join(dir, 'oc', 'bin');
  await mkdir(pkg, { recursive: true });
  await mkdir(bin, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'openclaw', version: '2026.9.6' }));
  const log = join(dir, 'oc', 'calls.log');
  const entry = join(pkg, 'openclaw.cjs');
  await writeFile(
    entry,
    `#!${process.execPath}\nconst fs = require('node:fs');\nfs.appendFileSync(${JSON.stringify(log)}, process.argv.slice(2).join(' ') + ' ' + process.env.OPENCLAW_CONFIG_PATH + '\\n');\n${answer}\n`,
  );
  await chmod(entry, 0o755);
  await rm(join(bin, 'openclaw'), { force: true });
  await symlink(entry, join(bin, 'openclaw'));
  return { env: { PATH: `${bin}:${process.env.PATH}` }, calls: async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean) };
}

const MODELS_STATUS = (defaultModel: string, kind: string | undefined) =>
  `process.stdout.write(JSON.stringify({ resolvedDefault: ${JSON.stringify(defaultModel)}, fallbacks: [], auth: { missingProvidersInUse: [], providers: ${kind ? `[{ provider: 'fastrouter', effective: { kind: ${JSON.stringify(kind)}, detail: 'sk-v1-fe...c0de' } }]` : '[]'} } }));`;

describe('status', () => {
  it('says "not set up" with exit 7, and creates nothing where there is no config', { timeout: budget({ runs: 2 }) }, async () => {
    const { dir, run } = await home();
    const r = await run(['status', '--catalog', MIXED]);
    expect(r.code, r.stderr).toBe(7);
    expect(r.stdout).toContain('FastRouter is not set up in');
    expect(r.stdout).toContain('(no such file)');
    const json = await run(['status', '--catalog', MIXED, '--json']);
    expect(json.code).toBe(7);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'not-set-up', setUp: false, exitCode: 7 });
    expect(await readdir(dir)).toEqual([]);
  });

  it('is all well right after a refresh: exit 0, the refresh time recorded, nothing written by status', { timeout: budget({ runs: 4 }) }, async () => {
    const { dir, config, run } = await home();
    const before = Date.now();
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'])).code).toBe(0);
    const state = await readJson(join(dir, 'fastrouter-openclaw', 'openclaw.json.state.json'));
    expect(Date.parse(state.lastRefresh)).toBeGreaterThanOrEqual(before - 1000);
    const files = await snapshot(dir);
    const r = await run(['status', '--catalog', MIXED]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`FastRouter is set up in ${config}: 11 models, https://api.fastrouter.ai/api/v1.`);
    expect(r.stdout).toContain('Key: sk-v1-…c0de (stored in the config).');
    expect(r.stdout).toContain('Catalog: unchanged since the last refresh (11 models).');
    expect(r.stdout).toContain('Primary: fastrouter/anthropic/claude-sonnet-4.6 (in the config and the catalog)');
    expect(r.stdout).toContain('All is well.');
    expect(r.stdout).not.toContain(KEY_SECRET_PART);
    expect(r.stdout.trimEnd().split('\n').length).toBeLessThanOrEqual(20);
    const json = JSON.parse((await run(['status', '--catalog', MIXED, '--json'])).stdout);
    expect(json).toMatchObject({
      status: 'ok',
      exitCode: 0,
      models: 11,
      key: { form: 'plain', shown: 'sk-v1-…c0de' },
      lastRefresh: state.lastRefresh,
      catalog: { status: 'read', counts: { added: 0, removed: 0, priceChanges: 0 } },
    });
    expect(await snapshot(dir)).toEqual(files);
  });

  it('is stale (exit 6) when the catalog moved on: added, removed and price changes, from one fetch over HTTP', { timeout: budget({ runs: 3 }) }, async () => {
    const { dir, config, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate', '--include', '*', '--exclude', 'qwen/*']);
    const server = await serveFile(UPDATED);
    const files = await snapshot(dir);
    const r = await run(['status', '--base-url', server.url]);
    expect(r.code, r.stderr).toBe(6);
    expect(server.requests.map((q) => q.path).sort()).toEqual(['/api/v1/generation', '/v1/models']);
    expect(r.stdout).toContain('Filters: *, not qwen/*.');
    expect(r.stdout).toMatch(
      /Catalog since the last refresh: 2 added \(openai\/gpt-5\.1-codex, x-ai\/grok-4\); 1 removed \(openai\/gpt-4o-mini\); 2 price changes \(anthropic\/claude-sonnet-4\.6 \$3\/\$15 → \$1\/\$2/,
    );
    expect(r.stdout).toContain('Needs attention:');
    // Named as this runner is started (its path: no package is published), as the undo hint names it.
    const named = /run `(.+?)` to bring the config up to date/.exec(r.stdout)?.[1];
    // With the flag that names this config, so that following the hint refreshes this one.
    expect(named?.replace(/'/g, '')).toBe(`${realpathSync(CLI)} --config ${config}`);
    const json = await run(['status', '--catalog', UPDATED, '--json']);
    expect(json.code).toBe(6);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({
      status: 'needs-attention',
      filter: { include: ['*'], exclude: ['qwen/*'] },
      catalog: { counts: { added: 2, removed: 1, priceChanges: 2 }, removed: ['openai/gpt-4o-mini'] },
    });
    expect(report.catalog.priceChanges[0]).toEqual({ id: 'anthropic/claude-sonnet-4.6', before: { input: 3, output: 15 }, after: { input: 1, output: 2 } });
    expect(Buffer.byteLength(json.stdout)).toBeLessThan(2048);
    // After the refresh it is current again.
    expect((await run(['--catalog', UPDATED, '--no-validate'])).code).toBe(0);
    expect((await run(['status', '--catalog', UPDATED])).code).toBe(0);
    expect(Object.keys(files).length).toBeGreaterThan(0);
  });

  it('is broken (exit 6) when the primary or a fallback names a model the config or the catalog lacks', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate', '--default', 'openai/gpt-4o-mini']);
    const written = JSON.parse(await readFile(config, 'utf8'));
    written.agents.defaults.model.fallbacks = ['fastrouter/no/such-model', 'openai/gpt-5'];
    await writeFile(config, JSON.stringify(written, null, 2));
    const r = await run(['status', '--catalog', UPDATED]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stdout).toContain('Primary: fastrouter/openai/gpt-4o-mini (gone from the catalog)');
    expect(r.stdout).toContain('Fallback: fastrouter/no/such-model (not in the config)');
    expect(r.stdout).toContain('The primary model fastrouter/openai/gpt-4o-mini is gone from the FastRouter catalog');
    expect(r.stdout).toContain(
      'The fallback model fastrouter/no/such-model is not among the FastRouter models in the config; take it out with `openclaw models fallbacks remove fastrouter/no/such-model`.',
    );
  });

  it('shows a referenced key by its form and whether this environment sets it, never the key', { timeout: budget({ runs: 4 }) }, async () => {
    const { config, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const text = await readFile(config, 'utf8');
    await writeFile(config, text.replace(JSON.stringify(TEST_KEY), '"${FASTROUTER_API_KEY}"'));
    const unset = await run(['status', '--catalog', MIXED]);
    expect(unset.stdout).toContain('Key: ${FASTROUTER_API_KEY} (substituted by OpenClaw; $FASTROUTER_API_KEY is NOT set here).');
    // OpenClaw's own environment (a service's) may set it: not a problem, but not "All is well" either.
    expect(unset.code).toBe(0);
    expect(unset.stdout).not.toContain('All is well.');
    expect(unset.stdout).toContain("All is well, if OpenClaw's own environment sets $FASTROUTER_API_KEY: it is not set here.");
    const set = await run(['status', '--catalog', MIXED], { FASTROUTER_API_KEY: TEST_KEY });
    expect(set.stdout).toContain('$FASTROUTER_API_KEY is set here');
    expect(set.stdout).toContain('All is well.');
    expect(set.stdout).not.toContain(KEY_SECRET_PART);
    await writeFile(config, text.replace(JSON.stringify(TEST_KEY), JSON.stringify({ source: 'env', provider: 'default', id: 'FASTROUTER_API_KEY' })));
    const ref = JSON.parse((await run(['status', '--catalog', MIXED, '--json'], { FASTROUTER_API_KEY: TEST_KEY })).stdout);
    expect(ref.key).toEqual({ form: 'secret-ref', shown: 'env SecretRef $FASTROUTER_API_KEY', variables: ['FASTROUTER_API_KEY'], set: true });
    await writeFile(config, text.replace(JSON.stringify(TEST_KEY), '""'));
    const none = await run(['status', '--catalog', MIXED]);
    expect(none.code).toBe(6);
    expect(none.stdout).toContain('holds no usable key');
  });

  it('reports an unreachable catalog (exit 3) with everything else it knows', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const down = await serve((_req, res) => res.writeHead(503).end());
    const r = await run(['status', '--base-url', down.url, '--timeout', '2']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('FastRouter is set up in');
    expect(r.stdout).toMatch(/Catalog: not read \(Could not get the FastRouter model catalog/);
  });

  it('counts the backups and says when the newest was taken', { timeout: budget({ runs: 3 }) }, async () => {
    const { run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await run(['--catalog', UPDATED, '--no-validate']);
    const json = JSON.parse((await run(['status', '--catalog', UPDATED, '--json'])).stdout);
    expect(json.backups.count).toBe(1);
    expect(Date.now() - Date.parse(json.backups.newest)).toBeLessThan(10 * 60_000);
  });

  it('asks an openclaw on PATH (`models status --json`, the same config) and says what it uses; --no-validate does not ask', { timeout: budget({ runs: 4 }) }, async () => {
    const { dir, config, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const oc = await fakeOpenClaw(dir, MODELS_STATUS('fastrouter/anthropic/claude-sonnet-4.6', 'models.json'));
    const r = await run(['status', '--catalog', MIXED], oc.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('OpenClaw 2026.9.6: uses fastrouter/anthropic/claude-sonnet-4.6; FastRouter key from models.json.');
    expect(r.stdout).not.toContain('fe...c0de');
    expect(await oc.calls()).toEqual([`models status --json ${config}`]);
    const skipped = await run(['status', '--catalog', MIXED, '--no-validate'], oc.env);
    expect(skipped.stdout).toContain('OpenClaw 2026.9.6: not asked (--no-validate).');
    expect(await oc.calls()).toHaveLength(1);

    const noKey = await fakeOpenClaw(dir, MODELS_STATUS('fastrouter/anthropic/claude-sonnet-4.6', undefined));
    const broken = await run(['status', '--catalog', MIXED], noKey.env);
    expect(broken.code).toBe(6);
    expect(broken.stdout).toContain('OpenClaw finds no key for FastRouter');
    const failing = await fakeOpenClaw(dir, 'process.exit(1);');
    const failed = await run(['status', '--catalog', MIXED], failing.env);
    expect(failed.code).toBe(6);
    expect(failed.stdout).toContain('`openclaw models status` failed (exit 1; run `openclaw models status` to see why)');
  });

  it('describes the file OpenClaw left when OpenClaw rewrites the config while it is asked (its clobber guard), and says so', { timeout: budget({ runs: 3 }) }, async () => {
    const { dir, config, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const withFastRouter = join(dir, 'openclaw.json.bak');
    await writeFile(withFastRouter, await readFile(config));
    await writeFile(config, JSON.stringify({ gateway: { mode: 'local' } }));
    // As OpenClaw 2026.9.6 does on a read that sees the file shrink below half of its last-known-good.
    const oc = await fakeOpenClaw(
      dir,
      `fs.copyFileSync(${JSON.stringify(withFastRouter)}, process.env.OPENCLAW_CONFIG_PATH);\n${MODELS_STATUS('fastrouter/anthropic/claude-sonnet-4.6', 'models.json')}`,
    );
    const r = await run(['status', '--catalog', MIXED], oc.env);
    expect(r.code, r.stdout).toBe(6);
    expect(r.stdout).toContain(`FastRouter is set up in ${config}: 11 models`);
    expect(r.stdout).toContain('The config changed while OpenClaw was asked');
    expect(r.stdout).toContain('Catalog: unchanged since the last refresh (11 models).');
  });

  it('takes no pattern and no setup flag', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await home();
    expect((await run(['status', 'claude'])).stderr).toContain('Unexpected argument "claude"');
    expect((await run(['status', '--dry-run'])).stderr).toContain('--dry-run does not apply to "status"');
  });
});

describe('hints name the config they were run on, and what fixes each problem', () => {
  // The runner is named by its path, quoted where it holds a space (as CI's clone does).
  it('under --profile every hint carries --profile, so following one acts on the same config', { timeout: budget({ runs: 5 }) }, async () => {
    const home = await tempDir();
    const run = (args: string[]) => runCli([...args, '--profile', 'work'], { home });
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await run(['--catalog', MIXED, '--no-validate', '--exclude', 'qwen/*']);
    const stale = await run(['status', '--catalog', UPDATED]);
    expect(stale.code).toBe(6);
    expect(stale.stdout).toMatch(/run `(?:'[^']+'|\S+) --profile work` to bring the config up to date/);
    expect(stale.stdout).toMatch(/`(?:'[^']+'|\S+) restore --profile work`/);
    expect((await run(['restore', '--list'])).stdout).toMatch(/`(?:'[^']+'|\S+) restore --profile work` puts back number 1/);
    expect((await run(['models', '--catalog', MIXED])).stdout).toMatch(/Make one the primary: (?:'[^']+'|\S+) --default <model> --profile work/);
    const none = await runCli(['status', '--profile', 'other', '--catalog', MIXED], { home });
    expect(none.stdout).toMatch(/Set it up: printf %s "\$KEY" \| (?:'[^']+'|\S+) --key-stdin --profile other/);
  });

  it('many gone fallbacks are one problem: the stale catalog still shows, --json stays under 2 KB, and each fix is the right command', { timeout: budget({ runs: 4 }) }, async () => {
    const { dir, config, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const c = await readJson(config);
    const gone = Array.from({ length: 40 }, (_, i) => `fastrouter/vendor/retired-model-with-a-long-name-${i}`);
    c.agents.defaults.model.fallbacks = gone;
    await writeFile(config, JSON.stringify(c, null, 2));
    const answer = `process.stdout.write(JSON.stringify({ resolvedDefault: 'fastrouter/anthropic/claude-sonnet-4.6', fallbacks: ${JSON.stringify(gone)}, auth: { missingProvidersInUse: [], providers: [{ provider: 'fastrouter', effective: { kind: 'models.json', detail: 'x' } }] } }));`;
    const oc = await fakeOpenClaw(dir, answer);
    const r = await run(['status', '--catalog', UPDATED], oc.env);
    expect(r.code).toBe(6);
    expect(r.stdout).toContain('40 fallback models are gone from the config or the catalog');
    expect(r.stdout).toContain('`openclaw models fallbacks remove <model>`');
    expect(r.stdout).not.toMatch(/fallback.*--default/);
    expect(r.stdout).toContain('The FastRouter catalog changed since the last refresh');
    const json = await run(['status', '--catalog', UPDATED, '--json'], oc.env);
    expect(Buffer.byteLength(json.stdout)).toBeLessThan(2048);
    expect(JSON.parse(json.stdout).problems.join(' ')).toMatch(/catalog changed/);
  });
});

describe('status on a catalog that leaves no model', () => {
  it('does not send the user to a refresh that would exit 4: it says why nothing would change', { timeout: budget({ runs: 6 }) }, async () => {
    const { config, run } = await home();
    expect((await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'])).code).toBe(0);
    const empty = await run(['status', '--catalog', fixture('catalog', 'no-text-models.json')]);
    expect(empty.code).toBe(6);
    expect(empty.stdout).toContain('The FastRouter catalog offers no text or image model now, so a refresh would leave the config as it is');
    expect(empty.stdout).not.toContain('to bring the config up to date');
    expect((await run(['--catalog', fixture('catalog', 'no-text-models.json'), '--no-validate'])).code).toBe(4);
    // Remembered filters that keep none of what the catalog offers now: the same, and the way out.
    expect((await run(['--catalog', MIXED, '--include', 'anthropic/*', '--no-validate'])).code).toBe(0);
    const catalog = JSON.parse(await readFile(MIXED, 'utf8'));
    catalog.data = catalog.data.filter((m: { id?: unknown } | null) => !(typeof m?.id === 'string' && m.id.startsWith('anthropic/')));
    const noAnthropic = join(dirname(config), 'no-anthropic.json');
    await writeFile(noAnthropic, JSON.stringify(catalog));
    const filtered = await run(['status', '--catalog', noAnthropic]);
    expect(filtered.code).toBe(6);
    expect(filtered.stdout).toMatch(/The remembered filters keep none of the \d+ models the FastRouter catalog offers now/);
    expect(filtered.stdout).toContain('--reset-filters --config');
  });
});

describe('status checks the key it can reach', () => {
  const setKey = async (config: string, apiKey: unknown) => {
    const c = await readJson(config);
    c.models.providers.fastrouter.apiKey = apiKey;
    await writeFile(config, JSON.stringify(c, null, 2));
  };
  const posts = (server: { requests: { method?: string; path?: string }[] }) => server.requests.filter((q) => q.method === 'POST').map((q) => q.path);

  it('asks FastRouter about a plain key or one from a variable set here; a refused key is exit 6, the key never shown', { timeout: budget({ runs: 8 }) }, async () => {
    const { config, run } = await home();
    const server = await serveFile(MIXED);
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const ok = await run(['status', '--base-url', server.url, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).keyCheck).toMatchObject({ status: 'verified' });
    expect(posts(server)).toEqual(['/api/v1/generation']);
    const text = await run(['status', '--base-url', server.url]);
    expect(text.stdout).toMatch(/^Key: sk-v1-…c0de \(stored in the config\); FastRouter accepts it\.$/m);

    await setKey(config, REFUSED_KEY);
    const refused = await run(['status', '--base-url', server.url]);
    expect(refused.code).toBe(6);
    expect(refused.stdout).toMatch(/FastRouter refuses the key in the config \(HTTP 401: Invalid Credentials\); give a working one: `printf %s "\$KEY" \| (?:'[^']+'|\S+) --key-stdin --config [^`]+`/);
    expect(refused.stdout + refused.stderr).not.toContain('badbad00badbad00');

    await setKey(config, '${FASTROUTER_API_KEY}');
    const viaEnv = await run(['status', '--base-url', server.url, '--json'], { FASTROUTER_API_KEY: TEST_KEY });
    expect(JSON.parse(viaEnv.stdout).keyCheck).toMatchObject({ status: 'verified' });
    // A refused key read from a variable: the variable is what to change (a refresh keeps the reference).
    const refusedViaEnv = await run(['status', '--base-url', server.url], { FASTROUTER_API_KEY: REFUSED_KEY });
    expect(refusedViaEnv.stdout).toContain('FastRouter refuses the key in $FASTROUTER_API_KEY (HTTP 401: Invalid Credentials); set $FASTROUTER_API_KEY to a working key');
    const unset = await run(['status', '--base-url', server.url, '--json']);
    expect(JSON.parse(unset.stdout).keyCheck).toMatchObject({ status: 'skipped' });
    expect(posts(server)).toHaveLength(5);
  });

  it('never reads a key from the secret store, a file or a command, and asks nothing offline', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await home();
    const server = await serveFile(MIXED);
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    const offline = await run(['status', '--catalog', MIXED, '--json']);
    expect(JSON.parse(offline.stdout).keyCheck).toMatchObject({ status: 'not-verified' });
    await setKey(config, { source: 'store', provider: 'default', id: 'FASTROUTER_API_KEY' });
    const stored = await run(['status', '--base-url', server.url, '--json']);
    expect(JSON.parse(stored.stdout).keyCheck).toMatchObject({ status: 'not-verified', reason: expect.stringMatching(/secret store/) });
    expect(posts(server)).toEqual([]);
  });
});

describe('models', () => {
  it('lists the usable models with prices per million, context, max output, tools, image input and whether each is in the config', { timeout: budget({ runs: 3 }) }, async () => {
    const { dir, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate', '--exclude', 'openai/*']);
    const files = await snapshot(dir);
    const r = await run(['models', '--catalog', MIXED, '--reset-filters']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^model +in \$\/M +out \$\/M +context +max out +tools +image +in config$/);
    expect(lines.find((l) => l.startsWith('anthropic/claude-sonnet-4.6 '))).toMatch(/ \$3 +\$15 +1M +64K +yes +yes +yes$/);
    expect(lines.find((l) => l.startsWith('openai/gpt-5.1 '))).toMatch(/ yes +yes +-$/);
    expect(r.stdout).toContain('\n11 usable FastRouter models, by id.');
    // The remembered filters, as setup applies them.
    const filtered = await run(['models', '--catalog', MIXED, '--json']);
    const report = JSON.parse(filtered.stdout);
    expect(report.filter).toEqual({ include: [], exclude: ['openai/*'] });
    expect(report.models.every((m: { id: string; inConfig: boolean }) => !m.id.startsWith('openai/') && m.inConfig)).toBe(true);
    expect(report.models.find((m: { id: string }) => m.id === 'anthropic/claude-sonnet-4.6')).toEqual({
      id: 'anthropic/claude-sonnet-4.6',
      name: 'Claude Sonnet 4.6',
      inputPerMillion: 3,
      outputPerMillion: 15,
      contextWindow: 1000000,
      maxOutput: 64000,
      tools: true,
      imageInput: true,
      inConfig: true,
    });
    expect(await snapshot(dir)).toEqual(files);
  });

  it('narrows by patterns (a word matches anywhere), sorts by price and cuts with --limit', { timeout: budget({ runs: 12 }) }, async () => {
    const { run } = await home();
    const claude = JSON.parse((await run(['models', 'CLAUDE', 'gemini-2.5*', '--catalog', MIXED, '--json'])).stdout);
    expect(claude.models.map((m: { id: string }) => m.id)).toEqual(['anthropic/claude-opus-4.1', 'anthropic/claude-sonnet-4.6']);
    expect(claude.models.every((m: { inConfig: boolean }) => !m.inConfig)).toBe(true);
    const cheap = JSON.parse((await run(['models', '--catalog', MIXED, '--sort', 'price', '--limit', '3', '--json'])).stdout);
    expect(cheap.models).toHaveLength(3);
    expect(cheap.matching).toBe(11);
    const prices = cheap.models.map((m: { inputPerMillion: number }) => m.inputPerMillion);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => a - b));
    const bad = await run(['models', '--sort', 'cost']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--sort takes id, price, context, not "cost".');
    expect((await run(['models', '--limit', '0'])).code).toBe(2);
    // Decimal digits only, as --timeout and restore <n> read them.
    for (const odd of [' 3', '2 ', '0x3', '1e1']) expect((await run(['models', '--catalog', MIXED, '--limit', odd])).code).toBe(2);
    // The footer counts once: what is shown, of what matches, of what is usable.
    expect((await run(['models', '--catalog', MIXED, '--limit', '3'])).stdout).toContain('First 3 of 11 usable FastRouter models, by id.');
    expect((await run(['models', 'claude', '--catalog', MIXED, '--limit', '1'])).stdout).toContain('First 1 of the 2 matching claude, of 11 usable FastRouter models, by id.');
    expect((await run(['models', 'nothing-like-it', '--catalog', MIXED])).stdout).toBe('No models matching nothing-like-it among the 11 usable FastRouter models.\n');
  });

  it('exits 4 as setup does when the catalog or the filters leave no usable model', { timeout: budget({ runs: 2 }) }, async () => {
    const { run } = await home();
    const none = await run(['models', '--catalog', fixture('catalog', 'no-text-models.json')]);
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/No text or image models were found in the FastRouter catalog/);
    const filtered = await run(['models', '--catalog', MIXED, '--include', 'anthropic/*', '--exclude', 'anthropic/*']);
    expect(filtered.code).toBe(4);
    expect(filtered.stderr).toMatch(/None of the 11 FastRouter models match --include\/--exclude/);
  });
});

describe('restore --list', () => {
  it('lists the backups newest first: when, models in each, what the run after it changed; writes nothing', { timeout: budget({ runs: 7 }) }, async () => {
    const { dir, run } = await home();
    expect((await run(['restore', '--list'])).stdout).toMatch(/^No backups of .* yet\.\n$/);
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await run(['--catalog', UPDATED, '--no-validate']);
    await run(['--catalog', UPDATED, '--no-validate', '--default', 'x-ai/grok-4']);
    await run(['--catalog', UPDATED, '--no-validate', '--include', 'anthropic/*']);
    const files = await snapshot(dir);
    const r = await run(['restore', '--list']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Backups of .*openclaw\.json, newest first/);
    expect(lines[1]).toMatch(/^ +1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC .* 12 models +then: −10 models$/);
    expect(lines[2]).toMatch(/^ +2 .* 12 models +then: primary fastrouter\/anthropic\/claude-sonnet-4\.6 → fastrouter\/x-ai\/grok-4$/);
    expect(lines[3]).toMatch(/^ +3 .* 11 models +then: \+2 −1 ~2 models$/);
    const json = JSON.parse((await run(['restore', '--list', '--json'])).stdout);
    expect(json.points.map((p: { n: number; models: number }) => [p.n, p.models])).toEqual([
      [1, 12],
      [2, 12],
      [3, 11],
    ]);
    expect(json.points[2].nextRun).toEqual({ fastrouter: 'kept', added: 2, removed: 1, changed: 2 });
    expect(Date.parse(json.points[0].time)).toBeGreaterThan(Date.parse(json.points[2].time));
    expect(await snapshot(dir)).toEqual(files);
  });

  it('lists a damaged backup as such, and takes --list only on restore', { timeout: budget({ runs: 4 }) }, async () => {
    const { dir, run } = await home();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate']);
    await run(['--catalog', UPDATED, '--no-validate']);
    const [backup] = await readdir(join(dir, 'fastrouter-openclaw', 'backups'));
    await writeFile(join(dir, 'fastrouter-openclaw', 'backups', backup!), '{ not json');
    const r = await run(['restore', '--list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ 1 .*damaged: The config is not valid JSON5 at line 1/);
    expect((await run(['remove', '--list'])).stderr).toContain('--list does not apply to "remove"');
  });
});

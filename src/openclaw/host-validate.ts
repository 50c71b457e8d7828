import { unlinkSync, writeFileSync } from 'node:fs';
import { describeFsError } from '../io/fs-errors.js';
import { privatePathFor } from '../io/temp-files.js';
import { runGroup, type GroupExit } from './process-group.js';
import type { Env } from '../core/env.js';

const VALIDATE_TIMEOUT_MS = 60_000;

export type HostVerdict = { status: 'valid' } | { status: 'invalid'; issues: string[] } | { status: 'unavailable'; detail: string };

export interface ValidateOptions {
  /** The `openclaw` to run (a path from locateOpenClaw, or the bare name). */
  command?: string | undefined;
  /** Stops the check early (OpenClaw and whatever it started are killed); it then reports `unavailable`. */
  signal?: AbortSignal | undefined;
  /** Lower priority: a check whose answer may not be needed yields the CPU to one that is. */
  background?: boolean | undefined;
}

/**
 * Asks the installed OpenClaw (`openclaw config validate --json`) what it thinks of the file at `path`.
 * OPENCLAW_NO_RESPAWN=1 skips the launcher's second Node process (it only re-runs itself to hide
 * experimental-warning noise on stderr, which we ignore): the same verdict for about 0.3 s less CPU
 * (BENCHMARKS.md).
 */
export async function validateWithOpenClaw(path: string, env: Env, options: ValidateOptions = {}): Promise<HostVerdict> {
  const exit = await runGroup(options.command ?? 'openclaw', ['config', 'validate', '--json'], {
    env: { ...env, OPENCLAW_CONFIG_PATH: path, OPENCLAW_NO_RESPAWN: '1' },
    capture: 'stdout',
    timeoutMs: VALIDATE_TIMEOUT_MS,
    signal: options.signal,
    killSignal: 'SIGKILL',
    onSpawn: options.background ? lowerPriority : undefined,
  });
  if (exit.error) return { status: 'unavailable', detail: exit.error.code === 'ENOENT' ? 'no openclaw on PATH' : (exit.error.code ?? exit.error.message) };
  if (options.signal?.aborted) return { status: 'unavailable', detail: 'not needed' };
  try {
    const report = JSON.parse(exit.output) as { valid?: boolean; issues?: Array<{ path?: string; message?: string }> };
    if (report.valid === true) return { status: 'valid' };
    const issues = (report.issues ?? []).map((i) => `${i.path ?? ''}: ${i.message ?? 'invalid'}`);
    if (report.valid === false) return { status: 'invalid', issues };
  } catch {
    // not its JSON: see below
  }
  return { status: 'unavailable', detail: noVerdict(exit) };
}

/**
 * Why OpenClaw gave no verdict, in its own words when it printed any: one that refuses to start (a
 * launcher that picked a Node too old for it) says why on stderr, and exits.
 */
function noVerdict(exit: GroupExit): string {
  const said = exit.errorOutput
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '');
  const how = exit.signal ? `killed by ${exit.signal}` : exit.code !== 0 ? `exit ${exit.code}` : 'unexpected output';
  return said ? `${how}: ${said.slice(0, 300)}` : how;
}

function lowerPriority(pid: number): void {
  try {
    process.getBuiltinModule?.('node:os')?.setPriority(pid, 19);
  } catch {
    // not allowed here: it just runs at normal priority
  }
}

/** The same question about text that is not in place: written to a private file beside the config. */
export async function validateTextWithOpenClaw(configPath: string, text: string, env: Env, options: ValidateOptions = {}): Promise<HostVerdict> {
  const temp = privatePathFor(configPath, 'tmp');
  try {
    try {
      writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // A full disk here must not end the run: only this comparison is lost.
      return { status: 'unavailable', detail: `could not copy the old config for OpenClaw: ${describeFsError(error)}` };
    }
    return await validateWithOpenClaw(temp, env, options);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
  }
}

/** Issues present after our write that were not there before it: the ones we caused. */
export function newIssues(after: readonly string[], before: readonly string[]): string[] {
  const known = new Set(before);
  return after.filter((issue) => !known.has(issue));
}

// OpenClaw's shared secret store, through its own CLI (`openclaw secrets store`): the key goes in on
// standard input, never in argv, and comes out only as a SecretRef OpenClaw resolves itself.
import type { Env } from '../core/env.js';
import { redactKeys } from '../core/key.js';
import { runGroup } from './process-group.js';

const STORE_TIMEOUT_MS = 120_000;

/** Which OpenClaw's store: the same profile, or the same config, as this run. */
export interface StoreTarget {
  env: Env;
  configPath: string;
  profile?: string | undefined;
  /** Aborting it stops `openclaw` and whatever it started. */
  signal?: AbortSignal | undefined;
}

export type StoreOutcome = { status: 'stored' } | { status: 'failed'; detail: string };

function invocation(target: StoreTarget, args: string[]): { args: string[]; env: Env } {
  const env = { ...target.env, OPENCLAW_NO_RESPAWN: '1' };
  return target.profile !== undefined ? { args: ['--profile', target.profile, ...args], env } : { args, env: { ...env, OPENCLAW_CONFIG_PATH: target.configPath } };
}

function failure(exit: Awaited<ReturnType<typeof runGroup>>): string {
  if (exit.error) return exit.error.code === 'ENOENT' ? 'no openclaw on PATH' : (exit.error.code ?? exit.error.message);
  if (exit.signal) return `stopped by ${exit.signal}`;
  const lastLine = redactKeys(exit.output.trim().split('\n').pop() ?? '').replace(/\u001b\[[0-9;]*m/g, '');
  return `exit ${exit.code}${lastLine ? `: ${lastLine}` : ''}`;
}

/** `openclaw secrets store set NAME --kind secret --value-file - --allow-host HOST...`, the value on stdin. */
export async function storeSecret(name: string, value: string, hosts: readonly string[], target: StoreTarget): Promise<StoreOutcome> {
  const { args, env } = invocation(target, ['secrets', 'store', 'set', name, '--kind', 'secret', '--value-file', '-', ...hosts.flatMap((host) => ['--allow-host', host])]);
  const exit = await runGroup('openclaw', args, { env, capture: 'stderr', timeoutMs: STORE_TIMEOUT_MS, signal: target.signal, killSignal: 'SIGTERM', input: value });
  return exit.code === 0 && !exit.error ? { status: 'stored' } : { status: 'failed', detail: failure(exit) };
}

/** The names in the store (`openclaw secrets store list --json`; values never appear there), or why they could not be read. */
export async function storedNames(target: StoreTarget): Promise<{ names: string[] } | { detail: string }> {
  const { args, env } = invocation(target, ['secrets', 'store', 'list', '--json']);
  const exit = await runGroup('openclaw', args, { env, capture: 'stdout', timeoutMs: STORE_TIMEOUT_MS, signal: target.signal, killSignal: 'SIGTERM' });
  if (exit.code !== 0 || exit.error) return { detail: failure(exit) };
  try {
    const entries = JSON.parse(exit.output) as unknown;
    if (!Array.isArray(entries)) return { detail: 'unexpected output' };
    return { names: entries.flatMap((entry) => (typeof entry?.name === 'string' ? [entry.name as string] : [])) };
  } catch {
    return { detail: 'unexpected output' };
  }
}

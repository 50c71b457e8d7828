import type { Env } from '../core/env.js';
import { PROVIDER_ID } from '../core/provider.js';
import { HOST_TIMEOUT_MS } from './host-validate.js';
import { runGroup } from './process-group.js';

/** What `openclaw models status --json` says about the models and FastRouter's key. */
export type HostModels =
  | {
      status: 'answered';
      /** The primary OpenClaw resolves, and its fallbacks. */
      defaultModel: string | undefined;
      fallbacks: string[];
      /** Where OpenClaw finds FastRouter's key (`models.json`, `env`, a profile...); undefined when it finds none. */
      keyFrom: string | undefined;
      /** OpenClaw lists FastRouter among the providers in use that lack a key. */
      keyMissing: boolean;
      /** The auth profiles in which OpenClaw holds a FastRouter key for the default agent. */
      keyProfiles: string[];
    }
  | { status: 'failed'; detail: string };

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The fields we read of OpenClaw's report; the rest (and its masked key) is left alone. */
function readReport(text: string): HostModels {
  let report: Record<string, any>;
  try {
    report = JSON.parse(text);
  } catch {
    return { status: 'failed', detail: 'unexpected output' };
  }
  const auth = report?.auth ?? {};
  const provider = (Array.isArray(auth.providers) ? auth.providers : []).find((p: any) => p?.provider === PROVIDER_ID);
  const kind = provider?.effective?.kind;
  return {
    status: 'answered',
    defaultModel: typeof report.resolvedDefault === 'string' ? report.resolvedDefault : typeof report.defaultModel === 'string' ? report.defaultModel : undefined,
    fallbacks: strings(report.fallbacks),
    keyFrom: typeof kind === 'string' && kind !== 'none' && kind !== 'missing' ? kind : undefined,
    keyMissing: strings(auth.missingProvidersInUse).includes(PROVIDER_ID),
    // Labels read `<profile id>=<masked key>`.
    keyProfiles: strings(provider?.profiles?.labels).map((label) => label.split('=')[0]!),
  };
}

/**
 * Asks the installed OpenClaw what it makes of the config at `configPath`, in a process group of its
 * own, within the host check's time budget. Its OPENCLAW_NO_RESPAWN saves a second Node process.
 */
export async function askModelsStatus(command: string, configPath: string, env: Env, signal?: AbortSignal): Promise<HostModels> {
  const exit = await runGroup(command, ['models', 'status', '--json'], {
    env: { ...env, OPENCLAW_CONFIG_PATH: configPath, OPENCLAW_NO_RESPAWN: '1' },
    capture: 'stdout',
    timeoutMs: HOST_TIMEOUT_MS,
    signal,
    killSignal: 'SIGKILL',
  });
  if (exit.error) return { status: 'failed', detail: exit.error.code ?? exit.error.message };
  if (exit.signal) return { status: 'failed', detail: `stopped after ${HOST_TIMEOUT_MS / 1000} s` };
  if (exit.code !== 0) return { status: 'failed', detail: `exit ${exit.code}; run \`openclaw models status\` to see why` };
  return readReport(exit.output);
}

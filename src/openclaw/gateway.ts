import { runGroup } from './process-group.js';

export const RESTART_COMMAND = 'openclaw gateway restart';

export type RestartOutcome = { status: 'restarted' } | { status: 'failed'; detail: string } | { status: 'openclaw-missing' };

const RESTART_TIMEOUT_MS = 60_000;

/**
 * Runs `openclaw gateway restart`; only ever called when the user asked for it (--restart). Aborting
 * `signal` stops it (and whatever it started): the run was interrupted.
 */
export async function restartGateway(signal?: AbortSignal): Promise<RestartOutcome> {
  const exit = await runGroup('openclaw', ['gateway', 'restart'], { capture: 'stderr', timeoutMs: RESTART_TIMEOUT_MS, signal, killSignal: 'SIGTERM' });
  if (exit.error) return exit.error.code === 'ENOENT' ? { status: 'openclaw-missing' } : { status: 'failed', detail: exit.error.code ?? exit.error.message };
  if (exit.timedOut) return { status: 'failed', detail: `it did not finish within ${RESTART_TIMEOUT_MS / 1000} s, so it was stopped` };
  if (exit.code === 0) return { status: 'restarted' };
  const lastLine = exit.output.trim().split('\n').pop() ?? '';
  return { status: 'failed', detail: exit.signal ? `killed by ${exit.signal}` : `exit ${exit.code}${lastLine ? `: ${lastLine}` : ''}` };
}

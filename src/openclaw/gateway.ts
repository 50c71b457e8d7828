export const RESTART_COMMAND = 'openclaw gateway restart';

export type RestartOutcome = { status: 'restarted' } | { status: 'failed'; detail: string } | { status: 'openclaw-missing' };

const RESTART_TIMEOUT_MS = 60_000;

/** Runs `openclaw gateway restart`; only ever called when the user asked for it (--restart). */
export async function restartGateway(): Promise<RestartOutcome> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn('openclaw', ['gateway', 'restart'], { stdio: ['ignore', 'ignore', 'pipe'], timeout: RESTART_TIMEOUT_MS });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ENOENT' ? { status: 'openclaw-missing' } : { status: 'failed', detail: error.code ?? error.message });
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve({ status: 'restarted' });
      const lastLine = stderr.trim().split('\n').pop() ?? '';
      resolve({ status: 'failed', detail: signal ? `killed by ${signal}` : `exit ${code}${lastLine ? `: ${lastLine}` : ''}` });
    });
  });
}

import { unlinkSync, writeFileSync } from 'node:fs';
import { privatePathFor } from '../io/temp-files.js';
import type { Env } from '../core/env.js';

const VALIDATE_TIMEOUT_MS = 60_000;

export type HostVerdict = { status: 'valid' } | { status: 'invalid'; issues: string[] } | { status: 'unavailable'; detail: string };

/** Asks the installed OpenClaw (`openclaw config validate --json`) what it thinks of the file at `path`. */
export async function validateWithOpenClaw(path: string, env: Env): Promise<HostVerdict> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn('openclaw', ['config', 'validate', '--json'], {
      env: { ...env, OPENCLAW_CONFIG_PATH: path },
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: VALIDATE_TIMEOUT_MS,
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 'unavailable', detail: error.code === 'ENOENT' ? 'no openclaw on PATH' : (error.code ?? error.message) }));
    child.on('close', () => {
      try {
        const report = JSON.parse(stdout) as { valid?: boolean; issues?: Array<{ path?: string; message?: string }> };
        if (report.valid === true) return resolve({ status: 'valid' });
        const issues = (report.issues ?? []).map((i) => `${i.path ?? ''}: ${i.message ?? 'invalid'}`);
        resolve(report.valid === false ? { status: 'invalid', issues } : { status: 'unavailable', detail: 'unexpected output' });
      } catch {
        resolve({ status: 'unavailable', detail: 'unexpected output' });
      }
    });
  });
}

/** The same question about text that is not in place: written to a private file beside the config. */
export async function validateTextWithOpenClaw(configPath: string, text: string, env: Env): Promise<HostVerdict> {
  const temp = privatePathFor(configPath, 'tmp');
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    return await validateWithOpenClaw(temp, env);
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

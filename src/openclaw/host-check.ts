import type { ConfigSnapshot } from '../io/config-file.js';
import { removeBackup, removeEmptyBackupFolders } from '../io/backup.js';
import { restoreMode } from '../io/config-file.js';
import { rewriteConfig } from '../io/config-store.js';
import type { HostCheckMemory } from '../io/state.js';
import type { Env } from '../core/env.js';
import { CliError, ConfigError } from '../core/errors.js';
import { ownedShape } from '../core/host-shape.js';
import { redactKeys } from '../core/key.js';
import { MODEL_REF_PREFIX, PROVIDER_ID } from '../core/provider.js';
import { newIssues, validateTextWithOpenClaw, validateWithOpenClaw, type HostVerdict } from './host-validate.js';
import { locateOpenClaw } from './host-version.js';
import { shellQuote } from '../core/config-path.js';
import { LockWaitInterruptedError } from '../io/lock.js';

/** What the check after a write did, for the report. */
export type HostCheck =
  | { status: 'accepted'; openclaw: string | undefined; /** OpenClaw warned about our block (the warnings say what). */ warned?: true }
  | { status: 'known'; openclaw: string }
  | { status: 'problems-before'; openclaw: string | undefined }
  | { status: 'unavailable'; openclaw: string | undefined; detail: string }
  | { status: 'no-openclaw' }
  | { status: 'not-requested' };

export interface HostCheckInput {
  configPath: string;
  /** The file as it was before our write. */
  before: ConfigSnapshot;
  /** The text we wrote, and its parsed content (for the shape). */
  written: string;
  writtenConfig: unknown;
  /** The backup our write made, if any: dropped when the rollback puts the same content back. */
  backup?: string | undefined;
  /** The mode our write tightened the file from, if it did: given back by a rollback. */
  tightenedFrom?: number | undefined;
  /** Stops the check (Ctrl-C): OpenClaw is killed and the check reports `unavailable`. */
  signal?: AbortSignal | undefined;
  memory: HostCheckMemory | undefined;
  /** --validate: ask even when this version accepted this shape before. */
  force: boolean;
  env: Env;
  /** Told when OpenClaw is asked (it takes seconds) and when it has answered. */
  onProgress?: ((phase: 'start' | 'end', openclaw: string | undefined) => void) | undefined;
  /** How a hint names this runner (its path where no package is installed); `fastrouter-openclaw` by default. */
  self?: string | undefined;
}

export interface HostCheckOutcome {
  check: HostCheck;
  warnings: string[];
  /** What to remember in the state file (unchanged when nothing new was learned). */
  memory: HostCheckMemory | undefined;
}

/**
 * True when OpenClaw could tell us nothing new: this very version accepted this shape of ours
 * before, in a config that had no problems of its own. The catalog's model list is not part of the
 * shape, so a refresh on the same OpenClaw is not checked again.
 */
function alreadyAccepted(memory: HostCheckMemory | undefined, version: string | undefined, shape: string): memory is HostCheckMemory {
  return version !== undefined && memory !== undefined && memory.openclaw === version && !memory.hadProblems && memory.shapes.includes(shape);
}

function remember(memory: HostCheckMemory | undefined, version: string | undefined, shape: string, hadProblems: boolean): HostCheckMemory | undefined {
  if (version === undefined) return memory;
  const shapes = memory?.openclaw === version ? memory.shapes.filter((s) => s !== shape) : [];
  // A few shapes at most (setup, remove, a SecretRef key...): keep the newest handful.
  return { openclaw: version, shapes: [...shapes, shape].slice(-8), hadProblems };
}

/** A warning about a path of ours: the provider block, or our model entries. */
function aboutOurBlock(warning: string): boolean {
  return OUR_PATHS.some((prefix) => warning.startsWith(prefix));
}
const OUR_PATHS = [`models.providers.${PROVIDER_ID}.`, `models.providers.${PROVIDER_ID}:`, `agents.defaults.models.${MODEL_REF_PREFIX}`];

function forget(memory: HostCheckMemory | undefined, version: string | undefined, shape: string): HostCheckMemory | undefined {
  return memory !== undefined && memory.openclaw === version ? { ...memory, shapes: memory.shapes.filter((s) => s !== shape) } : memory;
}

/**
 * After a write: asks the installed OpenClaw about the new file unless it accepted the same shape on
 * the same version before. The file before our write is judged at the same time (at a lower
 * priority, and stopped as soon as the new file passes), so telling our problems from the user's
 * never costs a second round. What OpenClaw rejects because of us is rolled back (ConfigError).
 */
export async function checkWithHost(input: HostCheckInput): Promise<HostCheckOutcome> {
  const { configPath, before, written, env, memory } = input;
  const host = locateOpenClaw(env);
  if (!host) return { check: { status: 'no-openclaw' }, warnings: [], memory };
  const version = host.version;
  const shape = ownedShape(input.writtenConfig);
  if (!input.force && alreadyAccepted(memory, version, shape)) return { check: { status: 'known', openclaw: memory.openclaw }, warnings: [], memory };

  input.onProgress?.('start', version);
  const stopEarlier = new AbortController();
  input.signal?.addEventListener('abort', () => stopEarlier.abort(), { once: true });
  let verdict: HostVerdict;
  let earlier: HostVerdict;
  try {
    const earlierCheck: Promise<HostVerdict> =
      before.text === undefined
        ? Promise.resolve({ status: 'valid' })
        : validateTextWithOpenClaw(configPath, before.text, env, { command: host.command, signal: stopEarlier.signal, background: !memory?.hadProblems });
    verdict = await validateWithOpenClaw(configPath, env, { command: host.command, signal: input.signal });
    if (verdict.status !== 'invalid') stopEarlier.abort();
    earlier = await earlierCheck;
  } finally {
    input.onProgress?.('end', version);
  }
  // A Ctrl-C that stopped the check of the old text: the new one's verdict cannot be told from the
  // user's own problems, and the run ends as interrupted (the caller puts the old config back).
  if (input.signal?.aborted) return { check: { status: 'unavailable', openclaw: version, detail: 'interrupted' }, warnings: [], memory };

  if (verdict.status === 'valid') {
    const warned = (verdict.warnings ?? []).filter(aboutOurBlock).map((w) => `OpenClaw${version ? ` ${version}` : ''} warns about the FastRouter settings: ${redactKeys(w)}.`);
    if (warned.length === 0) return { check: { status: 'accepted', openclaw: version }, warnings: [], memory: remember(memory, version, shape, false) };
    // Not remembered as accepted: the next run asks again, so the warning is repeated until it is fixed.
    return { check: { status: 'accepted', openclaw: version, warned: true }, warnings: warned, memory: forget(memory, version, shape) };
  }
  if (verdict.status === 'unavailable') {
    return { check: { status: 'unavailable', openclaw: version, detail: verdict.detail }, warnings: [`Could not ask OpenClaw to validate the config (${verdict.detail}).`], memory };
  }
  const caused = newIssues(verdict.issues, earlier.status === 'invalid' ? earlier.issues : []);
  if (caused.length === 0) {
    return {
      check: { status: 'problems-before', openclaw: version },
      warnings: [`OpenClaw reports problems that were there before this change: ${verdict.issues.join('; ')}`],
      memory: remember(memory, version, shape, true),
    };
  }
  const { said } = await rollBack(configPath, before, written, input);
  throw new ConfigError(`OpenClaw${version ? ` ${version}` : ''} rejected the updated config (${caused.join('; ')}); ${said}.`);
}

/**
 * Puts `before` back if the file still holds what we wrote (with the mode it had), and says truthfully
 * what happened. It takes no backup (that would be of our own rejected text, and need space a full
 * disk may lack).
 */
export async function rollBack(
  configPath: string,
  before: ConfigSnapshot,
  written: string,
  { backup, tightenedFrom, self = 'fastrouter-openclaw' }: { backup?: string | undefined; tightenedFrom?: number | undefined; self?: string | undefined },
): Promise<{ restored: boolean; said: string }> {
  let undo;
  try {
    undo = await rewriteConfig(configPath, (now) => (now.text === written ? (before.text ?? null) : undefined), { backupKind: 'none' });
  } catch (error) {
    const restore = `${self} restore --config ${shellQuote(configPath)}`;
    if (error instanceof LockWaitInterruptedError) {
      return { restored: false, said: `the change stands (a second Ctrl-C ended the wait for OpenClaw's lock to undo it)${backup ? `; undo with: ${restore}` : ''}` };
    }
    const why = error instanceof CliError ? error.message.replace(/\.$/, '') : String(error);
    return { restored: false, said: `putting the previous config back failed too (${why})${backup ? `; \`${restore}\` puts back ${backup}` : ''}` };
  }
  if (!undo.written) return { restored: false, said: 'the config changed meanwhile (another program wrote it), so it was left as it is' };
  // The config is as it was: the copy taken before our write is no restore point any more, and the
  // state saved with it would only be left behind.
  if (tightenedFrom !== undefined) restoreMode(configPath, tightenedFrom);
  if (backup) {
    removeBackup(backup);
    removeEmptyBackupFolders(configPath);
  }
  return { restored: true, said: 'the previous config was put back' };
}

/** The flags every writing command takes for the check. */
export interface HostCheckOptions {
  /** False with --no-validate. */
  validate: boolean;
  /** --validate. */
  forceValidate?: boolean | undefined;
  onHostCheck?: ((phase: 'start' | 'end', openclaw: string | undefined) => void) | undefined;
  /** How a hint names this runner (selfCommand in the CLI). */
  self?: string | undefined;
}

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { listBackups, removeBackup, stateSidecarFor } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { rewriteConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { UsageError } from '../core/errors.js';
import type { RestoreResult } from './results.js';
import { parseConfigText } from '../json5/config-text.js';
import { checkWithHost, type HostCheck, type HostCheckOptions } from '../openclaw/host-check.js';
import { EMPTY_STATE, readState, stateFromText, writeState } from '../io/state.js';

export interface RestoreOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
}

/** The parsed text, or undefined when it does not parse (its shape is then unknown, so OpenClaw is asked). */
function parsedOrUndefined(text: string): unknown {
  try {
    return parseConfigText(text);
  } catch {
    return undefined;
  }
}

/**
 * Puts the newest backup back and takes it off the list, so a second restore goes one step further
 * back. What it replaces is kept aside (as `.undone`), so nothing is lost either way. The state saved
 * with the backup (the remembered filters) comes back with it: otherwise the next refresh would
 * re-apply filters the user just undid.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const configPath = resolveConfigPath(options, options.env);
  const newest = (await listBackups(configPath)).at(-1);
  if (!newest) throw new UsageError(`Nothing to restore: there are no backups of ${configPath} yet.`);
  const text = readFileSync(newest, 'utf8');
  // What the restore replaces is kept as "undone", not as the next restore point.
  const savedState = readOptional(stateSidecarFor(newest));
  const outcome = await rewriteConfig(configPath, (current) => (current.text === text ? undefined : text), 'undone');
  let hostCheck: HostCheck = { status: 'not-requested' };
  const warnings: string[] = [];
  if (outcome.written && options.validate) {
    const state = await readState(configPath);
    const written = parsedOrUndefined(text);
    // An unparseable backup has no known shape: `force` makes OpenClaw the judge of it.
    const checked = await checkWithHost({ configPath, before: outcome.before, written: text, writtenConfig: written, memory: state.hostCheck, force: (options.forceValidate ?? false) || written === undefined, env: options.env, onProgress: options.onHostCheck });
    ({ check: hostCheck } = checked);
    warnings.push(...checked.warnings);
    if (checked.memory !== state.hostCheck && checked.memory) await writeState(configPath, { ...state, hostCheck: checked.memory });
  }
  // The filters (and what we added to the policy) that went with the restored config; what
  // OpenClaw last said stays as it is now.
  if (savedState !== undefined) {
    const then = savedState === '' ? EMPTY_STATE : await stateFromText(savedState);
    const now = await readState(configPath);
    await writeState(configPath, { ...now, include: then.include, exclude: then.exclude, policyWildcardAdded: then.policyWildcardAdded });
  }
  // Only once the restored file stands: a restore OpenClaw rejected keeps its backup.
  removeBackup(newest);
  return { configPath, restoredFrom: basename(newest), savedCurrentAs: outcome.backup, stateRestored: savedState !== undefined, hostCheck, warnings };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

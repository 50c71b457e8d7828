import { basename } from 'node:path';
import { listBackups, removeBackup, stateSidecarFor } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { MAX_RECOVERY_BYTES } from '../io/config-file.js';
import { RECOVERY_LIMIT, rewriteConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { CliError, ConfigError, UsageError } from '../core/errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { readRegularFile, UnreadableFileError } from '../io/read-file.js';
import type { RestoreResult } from './results.js';
import { parseConfigText } from '../json5/config-text.js';
import { stripBom } from '../core/json.js';
import { checkWithHost, type HostCheck, type HostCheckOptions } from '../openclaw/host-check.js';
import { EMPTY_STATE, MAX_STATE_BYTES, readState, stateFromText, stateWarning, writeState } from '../io/state.js';

export interface RestoreOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
}

/**
 * The backup's text and content, refused unless it is a regular file that parses: a damaged backup
 * (a short write by an older version, a hand edit) is never installed over a working config.
 */
function readBackup(path: string): { text: string; config: unknown } {
  const damaged = (why: string) => new ConfigError(`The newest backup ${path} ${why}; it was not restored and the config was left as it is. Delete that backup to go one step further back.`);
  let text: string;
  try {
    text = readRegularFile(path, MAX_RECOVERY_BYTES);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw damaged(error.reason === 'too-large' ? 'is too large' : `is ${error.kind}, not a regular file`);
    throw damaged(`cannot be read (${describeFsError(error)})`);
  }
  if (stripBom(text).trim() === '') throw damaged('is empty');
  try {
    return { text, config: parseConfigText(text) };
  } catch (error) {
    const reason = error instanceof CliError ? error.message.replace(/^The config is not valid JSON5/, 'not valid JSON5').replace(/; fix it.*$/, '') : 'not valid JSON5';
    throw damaged(`is damaged: it does not parse (${reason})`);
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
  const newest = listBackups(configPath).at(-1);
  if (!newest) throw new UsageError(`Nothing to restore: there are no backups of ${configPath} yet.`);
  const { text, config: written } = readBackup(newest);
  // What the restore replaces is kept as "undone", not as the next restore point.
  const savedState = readOptional(stateSidecarFor(newest));
  const outcome = await rewriteConfig(configPath, (current) => (current.text === text ? undefined : text), { backupKind: 'undone', limit: RECOVERY_LIMIT });
  let hostCheck: HostCheck = { status: 'not-requested' };
  const warnings: string[] = [];
  if (outcome.written && options.validate) {
    const state = readState(configPath);
    const checked = await checkWithHost({
      configPath,
      before: outcome.before,
      written: text,
      writtenConfig: written,
      memory: state.hostCheck,
      force: options.forceValidate ?? false,
      env: options.env,
      onProgress: options.onHostCheck,
    });
    ({ check: hostCheck } = checked);
    warnings.push(...checked.warnings);
    if (checked.memory !== state.hostCheck && checked.memory) {
      try {
        writeState(configPath, { ...state, hostCheck: checked.memory });
      } catch (error) {
        warnings.push(stateWarning(error));
      }
    }
  }
  // The filters (and what we added to the policy) that went with the restored config; what
  // OpenClaw last said stays as it is now.
  if (savedState !== undefined) {
    const then = savedState === '' ? EMPTY_STATE : await stateFromText(savedState);
    const now = readState(configPath);
    try {
      writeState(configPath, { ...now, include: then.include, exclude: then.exclude, policyWildcardAdded: then.policyWildcardAdded });
    } catch (error) {
      warnings.push(stateWarning(error));
    }
  }
  // Only once the restored file stands: a restore OpenClaw rejected keeps its backup.
  removeBackup(newest);
  return { configPath, restoredFrom: basename(newest), savedCurrentAs: outcome.backup, stateRestored: savedState !== undefined, hostCheck, warnings };
}

function readOptional(path: string): string | undefined {
  try {
    return readRegularFile(path, MAX_STATE_BYTES);
  } catch {
    return undefined;
  }
}

import { basename } from 'node:path';
import { listBackups, removeBackup, stateSidecarFor } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { MAX_RECOVERY_BYTES } from '../io/config-file.js';
import { RECOVERY_LIMIT, rewriteConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { CliError, ConfigError, UsageError } from '../core/errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { readRegularFile, UnreadableFileError, unreadableReason } from '../io/read-file.js';
import { ownFileReading } from '../io/owner.js';
import type { RestoreResult } from './results.js';
import { parseConfigText } from '../json5/config-text.js';
import { stripBom } from '../core/json.js';
import type { HostCheckOptions } from '../openclaw/host-check.js';
import { EMPTY_STATE, MAX_STATE_BYTES, parseState, readState, stateReadWarnings, type State } from '../io/state.js';
import { deepEqual } from '../core/json.js';
import { writeChecked } from './checked-write.js';

export interface RestoreOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
}

/**
 * The backup's text and content, refused unless it is a regular file that parses: a damaged backup
 * (a short write by an older version, a hand edit) is never installed over a working config.
 */
function readBackup(configPath: string, path: string): { text: string; config: unknown } {
  const damaged = (why: string) => new ConfigError(`The newest backup ${path} ${why}; it was not restored and the config was left as it is. Delete that backup to go one step further back.`);
  let text: string;
  try {
    text = readRegularFile(path, MAX_RECOVERY_BYTES, ownFileReading(configPath));
  } catch (error) {
    if (error instanceof UnreadableFileError) throw damaged(`cannot be used (${unreadableReason(error, MAX_RECOVERY_BYTES)})`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupGoneError(`The backup ${path} was taken by another restore running at the same time; run restore again.`);
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

/** The newest backup; one that vanished as we read it was taken by a concurrent restore: the next one is newest now. */
function readNewestBackup(configPath: string): { newest: string; text: string; config: unknown } {
  for (let attempt = 0; ; attempt++) {
    const newest = listBackups(configPath).at(-1);
    if (!newest) throw new UsageError(`Nothing to restore: there are no backups of ${configPath} yet.`);
    try {
      return { newest, ...readBackup(configPath, newest) };
    } catch (error) {
      if (!(error instanceof BackupGoneError) || attempt >= 5) throw error;
    }
  }
}

class BackupGoneError extends ConfigError {}

/**
 * Puts the newest backup back and takes it off the list, so a second restore goes one step further
 * back. What it replaces is kept aside (as `.undone`), so nothing is lost either way. The state saved
 * with the backup (the remembered filters) comes back with it: otherwise the next refresh would
 * re-apply filters the user just undid.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const configPath = resolveConfigPath(options, options.env);
  const { newest, text, config: written } = readNewestBackup(configPath);
  const saved = readSavedState(configPath, newest);
  const now = readState(configPath);
  const { hostCheck, outcome, stateSaved, warnings } = await writeChecked({
    configPath,
    options,
    memory: now.hostCheck,
    write: async () => {
      // What the restore replaces is kept as "undone", not as the next restore point.
      const outcome = await rewriteConfig(configPath, (current) => (current.text === text ? undefined : text), { backupKind: 'undone', limit: RECOVERY_LIMIT });
      return { ...outcome, text: outcome.written ? text : undefined, config: written };
    },
    // The filters (and what we added to the policy) that went with the restored config; what
    // OpenClaw last said stays as it is now.
    nextState: (_, memory) => {
      const then = saved.state;
      const next = { ...now, ...(then ? { include: then.include, exclude: then.exclude, policyWildcardAdded: then.policyWildcardAdded } : {}), ...(memory ? { hostCheck: memory } : {}) };
      // Unreadable now: offered anyway, so writeState's refusal says the filters did not come back.
      return deepEqual(next, now) && stateReadWarnings(configPath).length === 0 ? undefined : next;
    },
  });
  // Only once the restored file stands: a restore OpenClaw rejected (or Ctrl-C stopped) keeps its backup.
  removeBackup(newest);
  return {
    configPath,
    restoredFrom: basename(newest),
    savedCurrentAs: outcome.backup,
    stateRestored: saved.state !== undefined && stateSaved,
    hostCheck,
    warnings: [...(saved.warning ? [saved.warning] : []), ...warnings],
  };
}

/**
 * The state saved with a backup: none for a backup older than that feature (no file), and a
 * warning, never silence, when it is there but cannot be read: the filters then stay as they are.
 */
function readSavedState(configPath: string, backup: string): { state: State | undefined; warning?: string } {
  const path = stateSidecarFor(backup);
  const unreadable = (why: string) => ({ state: undefined, warning: `The filters saved with ${basename(backup)} in ${path} could not be read (${why}); the filters remembered now were kept.` });
  let text: string;
  try {
    text = readRegularFile(path, MAX_STATE_BYTES, ownFileReading(configPath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: undefined };
    return unreadable(error instanceof UnreadableFileError ? (error.reason === 'too-large' ? 'it is too large' : unreadableReason(error, MAX_STATE_BYTES)) : describeFsError(error));
  }
  if (text === '') return { state: EMPTY_STATE };
  const parsed = parseState(text);
  return 'problem' in parsed ? unreadable(parsed.problem) : { state: parsed.state };
}

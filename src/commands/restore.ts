import { basename } from 'node:path';
import { listBackups, removeBackup, stateSidecarFor } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { MAX_RECOVERY_BYTES } from '../io/config-file.js';
import { createHash } from 'node:crypto';
import { RECOVERY_LIMIT, rewriteConfig, updateConfig } from '../io/config-store.js';
import { planRestore, type RestorePlan } from '../core/merge.js';
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
 * Undoes our last write. When nothing else changed the file since (its hash is the one our state
 * recorded), the newest backup goes back byte for byte. When OpenClaw or the user changed it since,
 * only our part is put back as it was in that backup (planRestore), through the same edit path as
 * setup, so their changes stay. Either way the backup is taken off the list, so a second restore
 * goes one step further back, and what it replaces is kept aside (as `.undone`). The state saved
 * with the backup (the remembered filters) comes back with it: otherwise the next refresh would
 * re-apply filters the user just undid.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const configPath = resolveConfigPath(options, options.env);
  const { newest, text, config: backup } = readNewestBackup(configPath);
  const saved = readSavedState(configPath, newest);
  const now = readState(configPath);
  let ours: RestorePlan | undefined;
  const { hostCheck, outcome, stateSaved, warnings } = await writeChecked({
    configPath,
    options,
    memory: now.hostCheck,
    write: async () => {
      let movedOn = false;
      // What the restore replaces is kept as "undone", not as the next restore point.
      const whole = await rewriteConfig(
        configPath,
        (current) => {
          if (current.text === text) return undefined;
          // No record of our last write (an older version's state): only our part, to be safe. A
          // file that no longer parses has nothing to keep: the backup goes back whole.
          movedOn = current.text !== undefined && parses(current.text) && (now.wrote === undefined || sha256(current.text) !== now.wrote.hash);
          return movedOn ? undefined : text;
        },
        { backupKind: 'undone', limit: RECOVERY_LIMIT },
      );
      if (!movedOn) return { ...whole, text: whole.written ? text : undefined, config: backup };
      const merged = await updateConfig(configPath, (config) => planRestore(config, backup, now.wrote), undefined, RECOVERY_LIMIT, 'undone');
      ours = merged.plan;
      return { ...merged, text: merged.text, config: merged.config };
    },
    // The filters (and what we added to the policy) that went with the restored config; what
    // OpenClaw last said stays as it is now.
    nextState: (_written, memory) => {
      const then = saved.state;
      const next: State = {
        ...now,
        ...(then ? { include: then.include, exclude: then.exclude, policyWildcardAdded: then.policyWildcardAdded, primary: then.primary } : {}),
        ...(memory ? { hostCheck: memory } : {}),
        // What the run the next restore undoes had written (saved with this backup), not this restore's
        // own text: the next restore puts its backup back whole only if the file is still that text, so
        // what OpenClaw changed in between stays. Unknown: the next restore puts back only our keys.
        wrote: then?.wrote,
      };
      if (next.primary === undefined) delete next.primary;
      if (next.wrote === undefined) delete next.wrote;
      // Unreadable now: offered anyway, so writeState's refusal says the filters did not come back.
      return deepEqual(next, now) && stateReadWarnings(configPath).length === 0 ? undefined : next;
    },
  });
  // Only once the restored file stands: a restore OpenClaw rejected (or Ctrl-C stopped) keeps its backup.
  removeBackup(newest);
  const plan = ours as RestorePlan | undefined;
  return {
    configPath,
    restoredFrom: basename(newest),
    savedCurrentAs: outcome.backup,
    stateRestored: saved.state !== undefined && stateSaved,
    ...(plan ? { onlyOurs: { restored: plan.restored, primaryRestored: plan.primaryRestored } } : {}),
    hostCheck,
    warnings: [...(saved.warning ? [saved.warning] : []), ...(plan ? plan.stillReferenced.map(danglingWarning) : []), ...warnings],
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function parses(text: string): boolean {
  try {
    parseConfigText(text);
    return true;
  } catch {
    return false;
  }
}

function danglingWarning(ref: string): string {
  return `agents.defaults.model still names ${ref}, which the restored config does not have: pick another default with \`openclaw models set <provider>/<model>\`, or take a fallback out with \`openclaw models fallbacks remove ${ref}\`.`;
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

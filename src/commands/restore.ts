import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { listBackups } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { MAX_RECOVERY_BYTES } from '../io/config-file.js';
import { RECOVERY_LIMIT, rewriteConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { CliError, ConfigError, UsageError } from '../core/errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { readRegularFile, UnreadableFileError } from '../io/read-file.js';
import { parseConfigText } from '../json5/config-text.js';
import type { RestoreResult } from '../cli/report.js';

export interface RestoreOptions extends ConfigPathOptions {
  env: Env;
}

/** The backup's text, refused unless it is a regular file that parses: a damaged backup is never installed. */
function readBackup(path: string): string {
  const damaged = (why: string) => new ConfigError(`The newest backup ${path} ${why}; it was not restored and the config was left as it is. Delete that backup to go one step further back.`);
  let text: string;
  try {
    text = readRegularFile(path, MAX_RECOVERY_BYTES);
  } catch (error) {
    if (error instanceof UnreadableFileError) throw damaged(error.reason === 'too-large' ? 'is too large' : `is ${error.kind}, not a regular file`);
    throw damaged(`cannot be read (${describeFsError(error)})`);
  }
  if (text.trim() === '' || text === '\uFEFF') throw damaged('is empty');
  try {
    parseConfigText(text);
  } catch (error) {
    throw damaged(`is damaged: it does not parse (${error instanceof CliError ? error.message.replace(/^The config is not valid JSON5/, 'not valid JSON5').replace(/; fix it.*$/, '') : 'not valid JSON5'})`);
  }
  return text;
}

/**
 * Puts the newest backup back and takes it off the list, so a second restore goes one step further
 * back. What it replaces is kept aside (as `.undone`), so nothing is lost either way.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const configPath = resolveConfigPath(options, options.env);
  const newest = (await listBackups(configPath)).at(-1);
  if (!newest) throw new UsageError(`Nothing to restore: there are no backups of ${configPath} yet.`);
  const text = readBackup(newest);
  // What the restore replaces is kept as "undone", not as the next restore point.
  const outcome = await rewriteConfig(configPath, (current) => (current.text === text ? undefined : text), { backupKind: 'undone', limit: RECOVERY_LIMIT });
  rmSync(newest, { force: true });
  return { configPath, restoredFrom: basename(newest), savedCurrentAs: outcome.backup };
}

import { basename } from 'node:path';
import { backupTime, checkBackupFolders, listBackups } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { configuredModels, runChange } from '../core/drift.js';
import type { Env } from '../core/env.js';
import { getPath } from '../core/json.js';
import { PROVIDER_ID } from '../core/provider.js';
import { MAX_RECOVERY_BYTES, readConfigText } from '../io/config-file.js';
import { describeFsError } from '../io/fs-errors.js';
import { readRegularFile, UnreadableFileError, unreadableReason } from '../io/read-file.js';
import { ownFileReading } from '../io/owner.js';
import { parseConfigText } from '../json5/config-text.js';
import { isFutureTime } from '../core/restore-point.js';
import type { RestoreListResult, RestorePoint } from './results.js';

/**
 * A backup's content, or why it cannot be read (such a backup is listed, never restored). Read as
 * restore reads it: never through a link, and only a file the config's owner owns.
 */
function readBackupConfig(configPath: string, path: string): { config: unknown } | { damaged: string } {
  try {
    return { config: parseConfigText(readRegularFile(path, MAX_RECOVERY_BYTES, ownFileReading(configPath))) };
  } catch (error) {
    if (error instanceof UnreadableFileError) return { damaged: unreadableReason(error, MAX_RECOVERY_BYTES) };
    return { damaged: error instanceof Error && !('code' in error) ? error.message : describeFsError(error) };
  }
}

/**
 * The restore points of the config, newest first: when each was taken, how many FastRouter models
 * it holds, and what the run after it changed (against the next newer backup, or the config as it is
 * now). Reads only: no lock, no write.
 */
export function listRestorePoints(options: ConfigPathOptions & { env: Env }): RestoreListResult {
  const configPath = resolveConfigPath(options, options.env);
  checkBackupFolders(configPath);
  const current = readConfigText(configPath, MAX_RECOVERY_BYTES);
  let after: { config: unknown } | { damaged: string } = { config: undefined };
  try {
    after = { config: current.text === undefined ? undefined : parseConfigText(current.text) };
  } catch (error) {
    after = { damaged: (error as Error).message };
  }
  const points: RestorePoint[] = [];
  const backups = listBackups(configPath).reverse();
  for (const [i, path] of backups.entries()) {
    const read = readBackupConfig(configPath, path);
    const provider = 'config' in read ? getPath(read.config, ['models', 'providers', PROVIDER_ID]) : undefined;
    points.push({
      n: i + 1,
      time: backupTime(path),
      file: basename(path),
      models: provider === undefined ? undefined : configuredModels(provider).size,
      ...('damaged' in read ? { damaged: read.damaged } : {}),
      ...(isFutureTime(backupTime(path)) ? { future: true as const } : {}),
      ...('config' in read && 'config' in after ? { nextRun: runChange(read.config, after.config) } : {}),
    });
    after = read;
  }
  return { configPath, points };
}

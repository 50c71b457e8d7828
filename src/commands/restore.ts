import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { listBackups, removeBackup, stateSidecarFor } from '../io/backup.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { statePathFor } from '../io/state.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { rewriteConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { UsageError } from '../core/errors.js';
import type { RestoreResult } from '../cli/report.js';

export interface RestoreOptions extends ConfigPathOptions {
  env: Env;
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
  if (savedState === '') rmSync(statePathFor(configPath), { force: true });
  else if (savedState !== undefined) await writeFileAtomic(statePathFor(configPath), savedState, { mode: 0o600 });
  removeBackup(newest);
  return { configPath, restoredFrom: basename(newest), savedCurrentAs: outcome.backup, stateRestored: savedState !== undefined };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

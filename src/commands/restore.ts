import { readFileSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { listBackups } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { rewriteConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { UsageError } from '../core/errors.js';
import type { RestoreResult } from './results.js';

export interface RestoreOptions extends ConfigPathOptions {
  env: Env;
}

/**
 * Puts the newest backup back and takes it off the list, so a second restore goes one step further
 * back. What it replaces is kept aside (as `.undone`), so nothing is lost either way.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const configPath = resolveConfigPath(options, options.env);
  const newest = (await listBackups(configPath)).at(-1);
  if (!newest) throw new UsageError(`Nothing to restore: there are no backups of ${configPath} yet.`);
  const text = readFileSync(newest, 'utf8');
  // What the restore replaces is kept as "undone", not as the next restore point.
  const outcome = await rewriteConfig(configPath, (current) => (current.text === text ? undefined : text), 'undone');
  rmSync(newest, { force: true });
  return { configPath, restoredFrom: basename(newest), savedCurrentAs: outcome.backup };
}

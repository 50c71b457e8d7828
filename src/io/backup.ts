import { readdirSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { ConfigError } from '../core/errors.js';
import { ensureFolder } from './folders.js';
import { describeFsError } from './fs-errors.js';
import { ownerFor } from './owner.js';
import { readRegularFile } from './read-file.js';
import { MAX_STATE_BYTES, ownFolderFor, statePathFor } from './state.js';

const KEEP_BACKUPS = 5;

/** Where a config's backups live: our own folder, not `openclaw.json.bak*` (OpenClaw prunes those). */
function backupDirFor(configPath: string): string {
  return join(ownFolderFor(configPath), 'backups');
}

export type BackupKind = 'backup' | 'undone';

let sequence = 0;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names of exactly this config's backups of `kind`: `openclaw.json.<stamp>.<seq>.<pid>.backup`,
 * never those of `openclaw.json.test` beside it (a prefix match would take both).
 */
function backupNamePattern(configPath: string, kind: BackupKind): RegExp {
  return new RegExp(`^${escapeRegExp(basename(configPath))}\\.\\d{8}T\\d{9}Z\\.\\d+\\.\\d+\\.${kind}$`);
}

/** Newest last. Names sort by time: `<config>.<UTC timestamp>.<sequence>.<pid>.<kind>`. */
export function listBackups(configPath: string, kind: BackupKind = 'backup'): string[] {
  const dir = backupDirFor(configPath);
  const pattern = backupNamePattern(configPath, kind);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => pattern.test(n))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * For each backup, `backup-states/<backup name>`: our state file as it was when the backup was taken
 * (empty when there was none), so `restore` puts back the filters that went with that config. A
 * backup without one predates this and leaves the state alone. A folder of its own keeps the
 * backups folder a plain list of configs.
 */
export function stateSidecarFor(backup: string): string {
  return join(dirname(dirname(backup)), 'backup-states', basename(backup));
}

function currentStateText(configPath: string): string {
  try {
    return readRegularFile(statePathFor(configPath), MAX_STATE_BYTES);
  } catch {
    return '';
  }
}

/** Deletes a backup and the state saved with it. */
export function removeBackup(backup: string): void {
  rmSync(backup, { force: true });
  try {
    unlinkSync(stateSidecarFor(backup));
  } catch (error) {
    // Gone already, or a folder in its place (not something we wrote): nothing of ours to remove.
    if (!['ENOENT', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/**
 * After the only backup of a change that did not stand is gone: our folders that now hold nothing,
 * so a run that changed nothing leaves no trace. A folder in use by anything else is not empty.
 */
export function removeEmptyBackupFolders(configPath: string): void {
  for (const folder of [backupDirFor(configPath), join(ownFolderFor(configPath), 'backup-states'), ownFolderFor(configPath)]) {
    try {
      rmdirSync(folder);
    } catch {
      // not empty, or not there: it stays as it is
    }
  }
}

/**
 * Saves `text` in the backup folder (files 0600, folder 0700) and keeps the newest five of its kind:
 * `backup` before each write, `undone` for what a restore replaced. Written like the config (temp
 * file, every byte checked, then renamed), so a full disk leaves no truncated backup behind.
 */
export function saveBackup(configPath: string, text: string, kind: BackupKind = 'backup'): string {
  const dir = backupDirFor(configPath);
  const owner = ownerFor(configPath);
  ensureFolder(dir, owner);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
  // The sequence orders (and tells apart) two backups of one run within the same millisecond.
  const target = join(dir, `${basename(configPath)}.${stamp}.${String(sequence++).padStart(3, '0')}.${process.pid}.${kind}`);
  const sidecar = stateSidecarFor(target);
  try {
    ensureFolder(dirname(sidecar), owner);
    writeFileAtomic(sidecar, currentStateText(configPath), { mode: 0o600, owner });
    writeFileAtomic(target, text, { mode: 0o600, owner });
  } catch (error) {
    rmSync(sidecar, { force: true });
    throw new ConfigError(`Cannot save a backup of the config in ${dir} (${describeFsError(error)}); the config was left as it was.`);
  }
  const all = listBackups(configPath, kind);
  for (const old of all.slice(0, Math.max(0, all.length - KEEP_BACKUPS))) {
    try {
      removeBackup(old);
    } catch {
      // pruned by a concurrent run
    }
  }
  removeOrphanedSidecars(configPath);
  return target;
}

/**
 * Saved states whose backup is gone (an older version's rollback, a run killed between the two
 * writes): nothing restores them, so they would pile up. One of a run still going may be about to
 * get its backup, so only those of ended processes (and of this one) are removed.
 */
function removeOrphanedSidecars(configPath: string): void {
  const dir = join(ownFolderFor(configPath), 'backup-states');
  const patterns = (['backup', 'undone'] as const).map((kind) => backupNamePattern(configPath, kind));
  let names: string[];
  let backups: Set<string>;
  try {
    names = readdirSync(dir);
    backups = new Set(readdirSync(backupDirFor(configPath)));
  } catch {
    return;
  }
  for (const name of names) {
    if (backups.has(name) || !patterns.some((p) => p.test(name))) continue;
    const pid = Number(name.split('.').at(-2));
    if (pid !== process.pid && isRunning(pid)) continue;
    try {
      unlinkSync(join(dir, name));
    } catch {
      // removed by a concurrent run, or not a file of ours
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

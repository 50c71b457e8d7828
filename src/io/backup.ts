import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ensureFolder } from './folders.js';
import { ownFolderFor, statePathFor } from './state.js';

export const KEEP_BACKUPS = 5;

/** Where a config's backups live: our own folder, not `openclaw.json.bak*` (OpenClaw prunes those). */
export function backupDirFor(configPath: string): string {
  return join(ownFolderFor(configPath), 'backups');
}

export type BackupKind = 'backup' | 'undone';

let sequence = 0;

/** Newest last. Names sort by time: `<config>.<UTC timestamp>.<sequence>.<pid>.<kind>`. */
export async function listBackups(configPath: string, kind: BackupKind = 'backup'): Promise<string[]> {
  const dir = backupDirFor(configPath);
  const prefix = `${basename(configPath)}.`;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => n.startsWith(prefix) && n.endsWith(`.${kind}`)).sort().map((n) => join(dir, n));
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
    return readFileSync(statePathFor(configPath), 'utf8');
  } catch {
    return '';
  }
}

/** Deletes a backup and the state saved with it. */
export function removeBackup(backup: string): void {
  rmSync(backup, { force: true });
  rmSync(stateSidecarFor(backup), { force: true });
}

/**
 * Saves `text` in the backup folder (files 0600, folder 0700) and keeps the newest five of its kind:
 * `backup` before each write, `undone` for what a restore replaced.
 */
export async function saveBackup(configPath: string, text: string, kind: BackupKind = 'backup'): Promise<string> {
  const dir = backupDirFor(configPath);
  await ensureFolder(dir);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
  // The sequence orders (and tells apart) two backups of one run within the same millisecond.
  const target = join(dir, `${basename(configPath)}.${stamp}.${String(sequence++).padStart(3, '0')}.${process.pid}.${kind}`);
  await ensureFolder(dirname(stateSidecarFor(target)));
  writeFileSync(stateSidecarFor(target), currentStateText(configPath), { mode: 0o600 });
  writeFileSync(target, text, { mode: 0o600, flag: 'wx' });
  const all = await listBackups(configPath, kind);
  for (const old of all.slice(0, Math.max(0, all.length - KEEP_BACKUPS))) {
    try {
      unlinkSync(old);
      rmSync(stateSidecarFor(old), { force: true });
    } catch {
      // pruned by a concurrent run
    }
  }
  return target;
}

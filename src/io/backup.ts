import { readdirSync, renameSync, rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { ConfigError } from '../core/errors.js';
import { isFutureTime } from '../core/restore-point.js';
import { checkOwnFolders } from './folders.js';
import { describeFsError } from './fs-errors.js';
import { ownerFor, ownFileReading } from './owner.js';
import { MAX_STATE_BYTES, ownFolderFor, readStateText } from './state.js';
import { readRegularBytes, readRegularFile } from './read-file.js';

const KEEP_BACKUPS = 5;

/** Where a config's backups live: our own folder, not `openclaw.json.bak*` (OpenClaw prunes those). */
export function backupDirFor(configPath: string): string {
  return join(ownFolderFor(configPath), 'backups');
}

/** Where the state saved with each backup lives (see stateSidecarFor). */
function statesDirFor(configPath: string): string {
  return join(ownFolderFor(configPath), 'backup-states');
}

export type BackupKind = 'backup' | 'undone';

let sequence = 0;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `openclaw.json.<stamp>.<seq>.<pid>`, as a pattern: exactly this config's, never `openclaw.json.test`'s beside it (a prefix match would take both). */
const stampedName = (configPath: string) => `${escapeRegExp(basename(configPath))}\\.\\d{8}T\\d{9}Z\\.\\d+\\.\\d+`;

/** The names of exactly this config's backups of `kind`: `openclaw.json.<stamp>.<seq>.<pid>.backup`. */
function backupNamePattern(configPath: string, kind: BackupKind): RegExp {
  return new RegExp(`^${stampedName(configPath)}\\.${kind}$`);
}

/** `<backup name>.<pid>.restoring`: a backup a running restore holds (src/io/backup-claims.ts); group 1 is the backup's name, 2 the pid. */
export function claimNamePattern(configPath: string): RegExp {
  return new RegExp(`^(${stampedName(configPath)}\\.backup)\\.(\\d+)\\.restoring$`);
}

/**
 * Newest last. Names sort by time: `<config>.<UTC timestamp>.<sequence>.<pid>.<kind>`. Those dated in
 * the future come first, as the oldest: otherwise `restore` would put one back instead of undoing the
 * last run, and five of them would prune every real backup as soon as it is written.
 */
export function listBackups(configPath: string, kind: BackupKind = 'backup'): string[] {
  const dir = backupDirFor(configPath);
  const pattern = backupNamePattern(configPath, kind);
  if (!checkOwnFolders(configPath, [ownFolderFor(configPath), dir], false)) return [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const now = Date.now();
  const sorted = names
    .filter((n) => pattern.test(n))
    .sort()
    .map((n) => join(dir, n));
  const future = (path: string) => isFutureTime(backupTime(path), now);
  return [...sorted.filter(future), ...sorted.filter((path) => !future(path))];
}

/**
 * Our folders as `restore` uses them, `backup-states/` included: `restore --list` stops where a
 * restore would (a file or a link in a folder's place, exit 5), rather than list points it cannot restore.
 */
export function checkBackupFolders(configPath: string): void {
  checkOwnFolders(configPath, [ownFolderFor(configPath), backupDirFor(configPath)], false);
  checkOwnFolders(configPath, [ownFolderFor(configPath), statesDirFor(configPath)], false);
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

/** The state to keep with a backup: '' for none; undefined when it cannot be read (then none is kept, and restore leaves the state alone). */
function currentStateText(configPath: string): string | undefined {
  try {
    return readStateText(configPath);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? '' : undefined;
  }
}

/**
 * Gives `stateText` to each backup that holds exactly `text` but was saved with a state that does
 * not go with it (`goesWith` says no, or it cannot be read): a run of ours that backed up another
 * run's config before that run had saved its state took the state from before. Without this,
 * `restore` put that config back with filters that did not make it.
 */
export function setStateOfBackupsHolding(configPath: string, text: string, stateText: string, goesWith: (sidecar: string) => boolean): void {
  const bytes = Buffer.from(text, 'utf8');
  const reading = ownFileReading(configPath);
  const owner = ownerFor(configPath);
  for (const backup of listBackups(configPath)) {
    try {
      if (!readRegularBytes(backup, bytes.length + 1, reading).equals(bytes)) continue;
      const sidecar = stateSidecarFor(backup);
      let saved: string | undefined;
      try {
        saved = readRegularFile(sidecar, MAX_STATE_BYTES, reading);
      } catch {
        // none, or not readable: it does not go with this config either
      }
      if (saved !== undefined && goesWith(saved)) continue;
      writeFileAtomic(sidecar, stateText, { mode: 0o600, owner });
    } catch {
      // pruned or taken by a concurrent run, or not ours to read: left as it is
    }
  }
}

/** Deletes a backup and the state saved with it. */
export function removeBackup(backup: string): void {
  rmSync(backup, { force: true });
  try {
    unlinkSync(stateSidecarFor(backup));
  } catch (error) {
    // Gone already, or a folder in its place (not something we wrote): nothing of ours to remove.
    if (!['ENOENT', 'ENOTDIR', 'EISDIR', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}

/**
 * After the only backup of a change that did not stand is gone: our folders that now hold nothing,
 * so a run that changed nothing leaves no trace. A folder in use by anything else is not empty.
 */
export function removeEmptyBackupFolders(configPath: string): void {
  for (const folder of [backupDirFor(configPath), statesDirFor(configPath), ownFolderFor(configPath)]) {
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
export function saveBackup(configPath: string, text: string | Buffer, kind: BackupKind = 'backup'): string {
  const dir = backupDirFor(configPath);
  const owner = ownerFor(configPath);
  checkOwnFolders(configPath, [ownFolderFor(configPath), dir], true);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
  // The sequence orders (and tells apart) two backups of one run within the same millisecond.
  const target = join(dir, `${basename(configPath)}.${stamp}.${String(sequence++).padStart(3, '0')}.${process.pid}.${kind}`);
  const sidecar = stateSidecarFor(target);
  const state = currentStateText(configPath);
  try {
    checkOwnFolders(configPath, [ownFolderFor(configPath), dirname(sidecar)], true);
    if (state !== undefined) writeFileAtomic(sidecar, state, { mode: 0o600, owner });
    writeFileAtomic(target, text, { mode: 0o600, owner });
  } catch (error) {
    try {
      rmSync(sidecar, { force: true });
    } catch {
      // its folder is not usable: the error below says why
    }
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot save a backup of the config in ${dir} (${describeFsError(error)}); the config was left as it was.`);
  }
  prune(configPath, kind, target);
  return target;
}

/** Keeps the newest five of `kind` (and `keep`, the one this run just wrote: its "Undo with:" needs it), and no saved state without its backup. */
function prune(configPath: string, kind: BackupKind, keep?: string): void {
  const all = listBackups(configPath, kind);
  for (const old of all.slice(0, Math.max(0, all.length - KEEP_BACKUPS))) {
    if (old === keep) continue;
    try {
      removeBackup(old);
    } catch {
      // pruned by a concurrent run
    }
  }
  removeOrphanedSidecars(configPath);
}

/**
 * A restore point that `restore <n>` stepped over: no longer one to go back to, but kept among the
 * `undone` copies, as the content a single restore replaces is. So a jump keeps what n single
 * restores keep. Its saved state goes: nothing restores an undone copy's filters. `from`: where the
 * backup is now, when a restore holds it under another name (src/io/backup-claims.ts).
 */
export function setAside(configPath: string, backup: string, from = backup): void {
  try {
    renameSync(from, backup.replace(/\.backup$/, '.undone'));
  } catch (error) {
    // Settled by another run already: nothing left to set aside.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  removeBackup(from);
  prune(configPath, 'undone');
}

/**
 * Saved states whose backup is gone (an older version's rollback, a run killed between the two
 * writes): nothing restores them, so they would pile up. One of a run still going may be about to
 * get its backup, so only those of ended processes (and of this one) are removed.
 */
function removeOrphanedSidecars(configPath: string): void {
  const dir = statesDirFor(configPath);
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

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a backup was taken, from its name (`<config>.<UTC stamp>.<seq>.<pid>.<kind>`), as ISO 8601. */
export function backupTime(backup: string): string | undefined {
  const stamp = /\.(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.\d+\.\d+\.\w+$/.exec(basename(backup));
  if (!stamp) return undefined;
  const [, y, mo, d, h, mi, s, ms] = stamp;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
}

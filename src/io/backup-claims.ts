import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { backupDirFor, claimNamePattern, isRunning, removeBackup, setAside, stateSidecarFor } from './backup.js';
import { checkOwnFolders } from './folders.js';
import { describeFsError } from './fs-errors.js';
import { ownFolderFor } from './state.js';

// Two restores at once must not both put back the same backup. A restore decides under OpenClaw's
// lock, with its write, and before letting the lock go takes what it put back and stepped over out of
// every listing: each is renamed `<name>.<pid>.restoring` until the restore ends (its check, its
// state). Another restore that meets such a hold waits for it, then decides on the file, the state
// and the backups that restore left: it goes one step further.

/** A backup a restore holds. */
export interface Claim {
  /** The backup's own path: what the report names, and what a release puts back. */
  backup: string;
  /** Where it is while held. */
  held: string;
}

/**
 * Takes `backups` (with the state saved beside each) out of every listing for this process. Under
 * OpenClaw's lock, with the write that puts one of them back.
 */
export function claimBackups(backups: readonly string[]): Claim[] {
  const claims: Claim[] = [];
  for (const backup of backups) {
    const held = `${backup}.${process.pid}.restoring`;
    try {
      renameSync(backup, held);
    } catch (error) {
      releaseClaims(claims);
      throw new ConfigError(`Cannot use the backup ${backup} (${describeFsError(error)}); the config was left as it is.`);
    }
    claims.push({ backup, held });
    renameQuietly(stateSidecarFor(backup), stateSidecarFor(held));
  }
  return claims;
}

/** A restore that did not stand (OpenClaw rejected it, Ctrl-C, an error): its backups are restore points again. */
export function releaseClaims(claims: readonly Claim[]): void {
  for (const { backup, held } of claims) {
    renameQuietly(held, backup);
    renameQuietly(stateSidecarFor(held), stateSidecarFor(backup));
  }
}

/** A restore that stands: the point it put back is used up, the newer ones it stepped over are kept as `undone` copies. */
export function settleClaims(configPath: string, claims: readonly Claim[]): void {
  const point = claims.at(-1);
  for (const claim of claims.slice(0, -1)) setAside(configPath, claim.backup, claim.held);
  if (point) removeBackup(point.held);
}

/**
 * The pid of another restore of this config that holds backups now, if any. What a restore that
 * ended holds (killed after its write: the write stands) is kept as `undone` copies, so it neither
 * blocks every later restore nor is put back twice.
 */
export function otherRestoreRunning(configPath: string): number | undefined {
  const dir = backupDirFor(configPath);
  if (!checkOwnFolders(configPath, [ownFolderFor(configPath), dir], false)) return undefined;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const pattern = claimNamePattern(configPath);
  for (const name of names) {
    const match = pattern.exec(name);
    const pid = Number(match?.[2]);
    if (!match || pid === process.pid || pid <= 0) continue;
    if (isRunning(pid)) return pid;
    setAside(configPath, join(dir, match[1]!), join(dir, name));
  }
  return undefined;
}

function renameQuietly(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch {
    // Gone (no saved state: an older backup), or settled by another run.
  }
}

import { lchownSync, lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { describeFsError } from './fs-errors.js';
import { configOwnerUid, ownerFor, type Owner } from './owner.js';

/**
 * Creates a missing folder (and its parents) private to the user: 0700. Run as root on another
 * user's files, each folder it creates is handed to `owner`, so their next run can use it.
 */
export function ensureFolder(folder: string, owner?: Owner): void {
  const missing: string[] = [];
  for (let path = folder; ; path = dirname(path)) {
    try {
      if (!statSync(path).isDirectory()) throw notAFolder(path);
      break;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) break;
      missing.unshift(path);
    }
  }
  for (const path of missing) makeFolder(path, owner);
}

function makeFolder(path: string, owner: Owner | undefined): void {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw new FolderError(path, describeFsError(error));
  }
  // lchown: never follows a link someone put in its place.
  if (owner) lchownSync(path, owner.uid, owner.gid);
}

const notAFolder = (path: string) => new ConfigError(`Cannot use the folder ${path}: it is a file, not a folder; move it away, then run again.`);

/**
 * Our own folders beside the config (`fastrouter-openclaw/`, then `backups/` or `backup-states/`
 * in it), outermost first. Each that exists must be a real folder, never a link (one could make a
 * run as root read or prune another user's files), belonging to the config's owner or to us.
 * Returns false when one is missing; with `create`, missing ones are made (0700, the owner's).
 */
export function checkOwnFolders(configPath: string, folders: readonly string[], create: boolean): boolean {
  const owner = ownerFor(configPath);
  const trusted = configOwnerUid(configPath);
  if (create) ensureFolder(dirname(configPath), owner);
  for (const path of folders) {
    let info;
    try {
      info = lstatSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw notAFolder(dirname(path));
      if (code !== 'ENOENT') throw new ConfigError(`Cannot use the folder ${path} (${describeFsError(error)}).`);
      if (!create) return false;
      makeFolder(path, owner);
      continue;
    }
    if (info.isSymbolicLink()) {
      throw new ConfigError(
        `Cannot use ${path}: it is a symbolic link, and fastrouter-openclaw never follows links in its own folder (one could make it read or replace another user's files); remove the link, then run again.`,
      );
    }
    if (!info.isDirectory()) throw notAFolder(path);
    if (trusted !== undefined && info.uid !== trusted && info.uid !== process.getuid?.()) {
      throw new ConfigError(`Cannot use the folder ${path}: it belongs to uid ${info.uid}, not to the config's owner (uid ${trusted}); remove it or give it to that user, then run again.`);
    }
  }
  return true;
}

export class FolderError extends ConfigError {
  constructor(
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`Cannot create the folder ${folder} (${reason}).`);
  }
}

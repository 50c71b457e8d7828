import { lchownSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { describeFsError } from './fs-errors.js';
import type { Owner } from './owner.js';

/**
 * Creates a missing folder (and its parents) private to the user: 0700. Run as root on another
 * user's files, each folder it creates is handed to `owner`, so their next run can use it.
 */
export function ensureFolder(folder: string, owner?: Owner): void {
  const missing: string[] = [];
  for (let path = folder; ; path = dirname(path)) {
    try {
      if (!statSync(path).isDirectory()) throw new ConfigError(`Cannot use the folder ${path}: it is a file, not a folder.`);
      break;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) break;
      missing.unshift(path);
    }
  }
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new FolderError(path, describeFsError(error));
    }
    // lchown: never follows a link someone put in its place.
    if (owner) lchownSync(path, owner.uid, owner.gid);
  }
}

export class FolderError extends ConfigError {
  constructor(
    readonly folder: string,
    readonly reason: string,
  ) {
    super(`Cannot create the folder ${folder} (${reason}).`);
  }
}

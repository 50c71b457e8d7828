import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadOptions } from './read-file.js';

export interface Owner {
  uid: number;
  gid: number;
}

/**
 * Who should own what we create beside the config: only when we run as root (sudo, a root agent)
 * on someone else's files. Otherwise undefined, and new files are simply ours. The owner is the
 * config's, or else that of the nearest folder above it that exists.
 */
export function ownerFor(configPath: string): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (let path = configPath; ; path = dirname(path)) {
    try {
      const info = statSync(path);
      return info.uid === 0 ? undefined : { uid: info.uid, gid: info.gid };
    } catch {
      if (dirname(path) === path) return undefined;
    }
  }
}

/**
 * Whose files our own folder may hold: the config's owner (through a symlinked config, the file we
 * write), or, before the config exists, whoever its files will belong to. Undefined where there are
 * no uids (Windows).
 */
export function configOwnerUid(configPath: string): number | undefined {
  const self = process.getuid?.();
  if (self === undefined) return undefined;
  try {
    return statSync(configPath).uid;
  } catch {
    return ownerFor(configPath)?.uid ?? self;
  }
}

/** How files in our own folder are read: never through a link, and only the config owner's. */
export function ownFileReading(configPath: string): ReadOptions {
  return { own: { ownerUid: configOwnerUid(configPath) } };
}

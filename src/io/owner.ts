import { statSync } from 'node:fs';
import { dirname } from 'node:path';

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

import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { ConfigError } from '../core/errors.js';
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
 * Why OpenClaw is not run on its state (its database: auth profiles, the secret store) for this
 * config, or undefined when it may be. Run as root on another user's config, OpenClaw would create
 * that user's database, or its -wal and -shm files, owned by root, and their own OpenClaw could no
 * longer open it; with root's HOME it would answer from, or write into, root's own state instead.
 */
export function rootOnAnotherUsersState(configPath: string): string | undefined {
  const owner = ownerFor(configPath);
  if (owner === undefined) return undefined;
  return `OpenClaw's state belongs to the config's owner (uid ${owner.uid}), and run as root it would be left owned by root, or be root's own: run this as that user`;
}

/**
 * Whose files our own folder may hold: the config's owner (through a symlinked config, the file we
 * write), or, before the config exists, whoever its files will belong to. Undefined where there are
 * no uids (Windows).
 */
export function configOwnerUid(configPath: string): number | undefined {
  const self = process.getuid?.();
  if (self === undefined) return undefined;
  // Through a link another user set up, "the config's owner" would be whoever they point us at.
  assertNoForeignLink(configPath);
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

interface ForeignLink {
  link: string;
  linkUid: number;
  targetUid: number | undefined;
}

/**
 * The first symbolic link on the way to `path` that someone else set up to point at what they do
 * not own: a link owned by neither root, nor whoever runs us, nor the owner of what it leads to.
 * Following it would let that user steer a run (root's, say) into another user's files: root's
 * config updated, its secrets put back into a file they can read. As the kernel's protected_symlinks
 * does for sticky folders, such a link is not followed. Links met inside a link's target count too.
 * Undefined where there are no uids (Windows), or when every link on the way is fine.
 */
function foreignLinkOn(path: string): ForeignLink | undefined {
  const runner = process.getuid?.();
  if (runner === undefined) return undefined;
  let pending = resolve(path).split(sep).filter(Boolean);
  let current: string = sep;
  for (let hops = 0; pending.length > 0;) {
    const name = pending.shift()!;
    const next = name === '.' ? current : name === '..' ? dirname(current) : join(current, name);
    let info;
    try {
      info = lstatSync(next);
    } catch {
      return undefined; // the rest does not exist yet: no link to follow
    }
    if (!info.isSymbolicLink()) {
      current = next;
      continue;
    }
    // A loop: reading the config says so in its own words.
    if (++hops > 40) return undefined;
    let targetUid: number | undefined;
    try {
      targetUid = statSync(next).uid;
    } catch {
      targetUid = undefined;
    }
    if (info.uid !== 0 && info.uid !== runner && info.uid !== targetUid) return { link: next, linkUid: info.uid, targetUid };
    const to = readlinkSync(next);
    pending = [...to.split(sep).filter(Boolean), ...pending];
    if (isAbsolute(to)) current = sep;
  }
  return undefined;
}

/** Refuses a config reached through a link someone set up to point at what they do not own (see foreignLinkOn). */
export function assertNoForeignLink(path: string): void {
  const found = foreignLinkOn(path);
  if (!found) return;
  const target = found.targetUid === undefined ? 'a file that does not exist' : `what belongs to uid ${found.targetUid}`;
  throw new ConfigError(
    `The config path ${path} goes through the symbolic link ${found.link}, which belongs to uid ${found.linkUid} but leads to ${target}; a link another user set up is never followed. Point --config at the file itself.`,
  );
}

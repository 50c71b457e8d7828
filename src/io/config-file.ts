import { isUtf8 } from 'node:buffer';
import { accessSync, chmodSync, constants, lstatSync, readlinkSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { describeFsError } from './fs-errors.js';
import { readRegularBytes, UnreadableFileError } from './read-file.js';
import { writeFileAtomic } from './atomic-write.js';
import { assertNoForeignLink, ownerFor } from './owner.js';
import { ConfigError } from '../core/errors.js';
import { holdsPlaintextKey } from '../core/key.js';
import { parseConfigText } from '../json5/config-text.js';

/** The largest config `setup` reads, and so the largest it writes: never write what you would refuse to read. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
/**
 * The largest config `remove` and `restore` read: a way back from any config an older version (or
 * another tool) made, since both only shrink it or put back what was there.
 */
export const MAX_RECOVERY_BYTES = 64 * 1024 * 1024;

export const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export interface ConfigSnapshot {
  path: string;
  /** Undefined when the file does not exist yet. */
  text: string | undefined;
  /** The bytes `text` was decoded from: compared byte for byte before the write, and copied as they are into a backup. */
  bytes?: Buffer | undefined;
  config: unknown;
  /** Inode, size and times when read: see isUnchangedSync. */
  fingerprint: string;
}

const describe = describeFsError;

/** What the file holds, `{}` when there is no file yet; a file holding `null` stays null (and is refused). */
export function configOf(snapshot: ConfigSnapshot): unknown {
  return snapshot.text === undefined ? {} : snapshot.config;
}

/** A link whose target is missing: writing would replace the link with a file, so it is refused. */
function danglingLink(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** The file as it is, without parsing it: what `restore` needs even when the config is broken. */
export function readConfigText(path: string, maxBytes = MAX_CONFIG_BYTES): ConfigSnapshot {
  assertNoForeignLink(path);
  for (let attempt = 0; ; attempt++) {
    let bytes: Buffer;
    let before: string;
    try {
      before = fingerprint(path);
      bytes = readRegularBytes(path, maxBytes);
    } catch (error) {
      if (error instanceof UnreadableFileError) {
        if (error.reason === 'not-regular') throw new ConfigError(`The config path ${path} is ${error.kind}, not a regular file; point --config at the OpenClaw config file.`);
        throw new ConfigError(
          maxBytes < MAX_RECOVERY_BYTES
            ? `The config ${path} is over ${megabytes(maxBytes)}, more than this tool updates; \`fastrouter-openclaw remove\` or \`restore\` still work on it, then run setup again with --include to add fewer models.`
            : `The config ${path} is over ${megabytes(maxBytes)}; that is not an OpenClaw config we can update safely.`,
        );
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        const target = danglingLink(path);
        if (target !== undefined) throw new ConfigError(`The config ${path} is a symbolic link to ${target}, which does not exist; create that file or remove the link, then run again.`);
        return { path, text: undefined, config: undefined, fingerprint: 'missing' };
      }
      throw new ConfigError(`Cannot read the config ${path} (${describe(error)}).`);
    }
    // A writer that replaced the file while we read it would give us a torn view: read again.
    if (fingerprint(path) !== before && attempt < 5) continue;
    return { path, text: bytes.toString('utf8'), bytes, config: undefined, fingerprint: before };
  }
}

export function readConfig(path: string, maxBytes = MAX_CONFIG_BYTES): ConfigSnapshot {
  const snapshot = readConfigText(path, maxBytes);
  // Decoding turned bytes that are not UTF-8 into U+FFFD: writing the text back would change them silently.
  if (snapshot.text?.includes('\uFFFD') && snapshot.bytes && !isUtf8(snapshot.bytes)) {
    throw new ConfigError(`The config ${path} is not valid UTF-8 (e.g. text saved as Latin-1), so it cannot be edited without changing those bytes; save it as UTF-8, then run again.`);
  }
  return snapshot.text === undefined ? snapshot : { ...snapshot, config: parseConfigText(snapshot.text) };
}

/** True when the file has not been touched since `snapshot` was read, or since a write left `snapshot.fingerprint` (cheap: one stat). */
export function isSameFile(snapshot: Pick<ConfigSnapshot, 'path' | 'fingerprint'>): boolean {
  try {
    return fingerprint(snapshot.path) === snapshot.fingerprint;
  } catch (error) {
    throw new ConfigError(`Cannot read the config ${snapshot.path} (${describe(error)}); it was left as it was.`);
  }
}

/** The file's identity: a rename or an in-place write changes it. */
function fingerprint(path: string): string {
  let info;
  try {
    info = statSync(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
}

/** The written file's identity; one that cannot be taken now matches none (the write stands either way). */
function fingerprintAfterWrite(path: string): string {
  try {
    return fingerprint(path);
  } catch {
    return 'unknown';
  }
}

/** True when the file still is exactly what we merged against: same content, same inode, untouched since. */
function isUnchangedSync(snapshot: ConfigSnapshot): boolean {
  let bytes: Buffer | undefined;
  try {
    bytes = readRegularBytes(snapshot.path, MAX_RECOVERY_BYTES);
  } catch (error) {
    // Replaced by something that is not a config (a FIFO, a huge file) is a change; a file we cannot read is not.
    if (error instanceof UnreadableFileError) return false;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`Cannot read the config ${snapshot.path} again before writing it (${describe(error)}); it was left as it was.`);
  }
  // Bytes, not decoded text: cheaper, and a byte that decodes to the same U+FFFD still counts.
  const same = bytes === undefined ? snapshot.text === undefined : snapshot.bytes ? bytes.equals(snapshot.bytes) : bytes.toString('utf8') === snapshot.text;
  return same && fingerprint(snapshot.path) === snapshot.fingerprint;
}

export class ConfigChangedError extends Error {}

/**
 * A read-only file is the user saying "do not change this": respect it, though rename could replace
 * it, and even as root (who may write anything, but whose run acts for the file's owner: no write
 * bit for the owner is read-only). A file another user owns is refused unless we run as root:
 * the rename would make it ours, and its owner could no longer read their own config.
 */
export function assertWritable(path: string): void {
  const target = writeTarget(path);
  let info;
  try {
    accessSync(target, constants.W_OK);
    info = statSync(target);
  } catch (error) {
    throw new ConfigError(`The config ${path} is read-only (${describe(error)}); make it writable, then run again.`);
  }
  if ((info.mode & 0o200) === 0) throw new ConfigError(`The config ${path} is read-only (mode ${octal(info.mode)}); make it writable (chmod u+w), then run again.`);
  const self = process.getuid?.();
  if (self !== undefined && self !== 0 && info.uid !== self) {
    throw new ConfigError(
      `The config ${path} belongs to another user (uid ${info.uid}); updating it as uid ${self} would make it yours and lock them out of it. Run as that user, then run again; it was left as it was.`,
    );
  }
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;

/**
 * Where writes go: through a symlink to its target, so the link stays a link. Only a missing file
 * (not created yet) is written at its own path; a link we cannot follow (a loop, a folder we may not
 * enter) is an error, never a reason to write over the link itself.
 */
export function writeTarget(path: string): string {
  assertNoForeignLink(path);
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw new ConfigError(`Cannot follow the config path ${path} to its file (${describe(error)}); it was left as it was.`);
  }
}

export interface WriteResult {
  /** The file's mode before, when the write took group/other permissions away (it now holds a key). */
  tightenedFrom?: number;
  /** The file's identity right after the write (see isSameFile): whether it is still what we wrote. */
  fingerprint: string;
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Gives the file back the mode a write of ours tightened (a rollback: the change did not stand). */
export function restoreMode(path: string, mode: number): void {
  try {
    chmodSync(writeTarget(path), mode);
  } catch {
    // gone or not ours to change: the content is what matters, and it was put back
  }
}

/**
 * Replaces the file atomically (temp file + rename, so a crash leaves the old or the new content),
 * after checking, with the new content ready, that nobody changed the file since `snapshot`.
 * An existing file keeps its mode (minus group/other bits once it holds a plaintext key), a new
 * one gets 0600. `null` deletes the file, with the same check.
 */
export function writeConfig(snapshot: ConfigSnapshot, text: string | null): WriteResult {
  const target = writeTarget(snapshot.path);
  try {
    if (text === null) {
      if (!isUnchangedSync(snapshot)) throw new ConfigChangedError();
      unlinkSync(target);
      return { fingerprint: 'missing' };
    }
    const secret = holdsPlaintextKey(text);
    const previousMode = secret ? modeOf(target) : undefined;
    writeFileAtomic(target, text, {
      mode: 0o600,
      // A new config, written by root into another user's folder, is theirs (an existing one keeps its owner).
      owner: ownerFor(target),
      secret,
      beforeRename: () => {
        if (!isUnchangedSync(snapshot)) throw new ConfigChangedError();
      },
    });
    const written = { fingerprint: fingerprintAfterWrite(snapshot.path) };
    return previousMode !== undefined && (previousMode & 0o077) !== 0 ? { ...written, tightenedFrom: previousMode } : written;
  } catch (error) {
    if (error instanceof ConfigChangedError || error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot write the config ${snapshot.path} (${describe(error)}); it was left as it was.`);
  }
}

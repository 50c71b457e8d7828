import { isUtf8 } from 'node:buffer';
import { accessSync, constants, readFileSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { writeFileAtomic } from './atomic-write.js';
import { ConfigError } from '../core/errors.js';
import { parseConfigText } from '../json5/config-text.js';

export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

export interface ConfigSnapshot {
  path: string;
  /** Undefined when the file does not exist yet. */
  text: string | undefined;
  config: unknown;
  /** Inode, size and times when read: see isUnchangedSync. */
  fingerprint: string;
  /** True when the bytes are not UTF-8, so `text` holds U+FFFD where they were. */
  notUtf8?: boolean;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
}

/** The file as it is, without parsing it: what `restore` needs even when the config is broken. */
export async function readConfigText(path: string): Promise<ConfigSnapshot> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    let before: string;
    let notUtf8 = false;
    try {
      const info = statSync(path);
      if (info.isDirectory()) throw new ConfigError(`The config path ${path} is a directory, not a file.`);
      if (info.size > MAX_CONFIG_BYTES) throw new ConfigError(`The config ${path} is over 10 MB; that is not an OpenClaw config we can update safely.`);
      before = fingerprint(path);
      const bytes = readFileSync(path);
      text = bytes.toString('utf8');
      notUtf8 = text.includes('\uFFFD') && !isUtf8(bytes);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { path, text: undefined, config: undefined, fingerprint: 'missing' };
      }
      throw new ConfigError(`Cannot read the config ${path} (${describe(error)}).`);
    }
    // A writer that replaced the file while we read it would give us a torn view: read again.
    if (fingerprint(path) !== before && attempt < 5) continue;
    return { path, text, config: undefined, fingerprint: before, ...(notUtf8 ? { notUtf8 } : {}) };
  }
}

export async function readConfig(path: string): Promise<ConfigSnapshot> {
  const snapshot = await readConfigText(path);
  // Decoding replaced those bytes with U+FFFD: writing the text back would change them silently.
  if (snapshot.notUtf8) throw new ConfigError(`The config ${path} is not valid UTF-8 (a byte in it is not, e.g. text saved as Latin-1), so it cannot be edited without changing those bytes; save it as UTF-8, then run again.`);
  return snapshot.text === undefined ? snapshot : { ...snapshot, config: parseConfigText(snapshot.text) };
}

/** True when the file has not been touched since `snapshot` was read (cheap: one stat). */
export function isSameFile(snapshot: ConfigSnapshot): boolean {
  return fingerprint(snapshot.path) === snapshot.fingerprint;
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

/** True when the file still is exactly what we merged against: same content, same inode, untouched since. */
function isUnchangedSync(snapshot: ConfigSnapshot): boolean {
  let text: string | undefined;
  try {
    text = readFileSync(snapshot.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  return text === snapshot.text && fingerprint(snapshot.path) === snapshot.fingerprint;
}

export class ConfigChangedError extends Error {}

/** A read-only file is the user saying "do not change this": respect it, though rename could replace it. */
export function assertWritable(path: string): void {
  try {
    accessSync(writeTarget(path), constants.W_OK);
  } catch (error) {
    throw new ConfigError(`The config ${path} is read-only (${describe(error)}); make it writable, then run again.`);
  }
}

/** Where writes go: through a symlink to its target, so the link stays a link. */
export function writeTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Replaces the file atomically (temp file + rename, so a crash leaves the old or the new content),
 * after checking, with the new content ready, that nobody changed the file since `snapshot`.
 * An existing file keeps its mode, a new one gets 0600. `null` deletes the file, with the same check.
 */
export async function writeConfig(snapshot: ConfigSnapshot, text: string | null): Promise<void> {
  const target = writeTarget(snapshot.path);
  try {
    if (text === null) {
      if (!isUnchangedSync(snapshot)) throw new ConfigChangedError();
      unlinkSync(target);
      return;
    }
    await writeFileAtomic(target, text, {
      mode: 0o600,
      beforeRename: () => {
        if (!isUnchangedSync(snapshot)) throw new ConfigChangedError();
      },
    });
  } catch (error) {
    if (error instanceof ConfigChangedError || error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot write the config ${snapshot.path} (${describe(error)}); it was left as it was.`);
  }
}

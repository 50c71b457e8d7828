import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';
import { ConfigError } from './errors.js';
import { parseConfigText } from './config-text.js';

export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

export interface ConfigSnapshot {
  path: string;
  /** Undefined when the file does not exist yet. */
  text: string | undefined;
  config: unknown;
  hash: string;
}

function hashText(text: string | undefined): string {
  return text === undefined ? 'missing' : createHash('sha256').update(text).digest('hex');
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
}

export async function readConfig(path: string): Promise<ConfigSnapshot> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new ConfigError(`The config path ${path} is a directory, not a file.`);
    if (info.size > MAX_CONFIG_BYTES) throw new ConfigError(`The config ${path} is over 10 MB; that is not an OpenClaw config we can update safely.`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { path, text: undefined, config: undefined, hash: hashText(undefined) };
    }
    throw new ConfigError(`Cannot read the config ${path} (${describe(error)}).`);
  }
  return { path, text, config: parseConfigText(text), hash: hashText(text) };
}

/** True when the file still holds what we merged against. */
export async function isUnchanged(snapshot: ConfigSnapshot): Promise<boolean> {
  let text: string | undefined;
  try {
    text = await readFile(snapshot.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`Cannot read the config ${snapshot.path} (${describe(error)}).`);
  }
  return hashText(text) === snapshot.hash;
}

export class ConfigChangedError extends Error {}

/** A read-only file is the user saying "do not change this": respect it, though rename could replace it. */
export async function assertWritable(path: string): Promise<void> {
  try {
    await access(await writeTarget(path), constants.W_OK);
  } catch (error) {
    throw new ConfigError(`The config ${path} is read-only (${describe(error)}); make it writable, then run again.`);
  }
}

/** Where writes go: through a symlink to its target, so the link stays a link. */
export async function writeTarget(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/**
 * Replaces the file atomically (temp file + rename, so a crash leaves the old or the new content),
 * after checking, with the new content ready, that nobody changed the file since `snapshot`.
 * An existing file keeps its mode, a new one gets 0600.
 */
export async function writeConfig(snapshot: ConfigSnapshot, text: string): Promise<void> {
  const target = await writeTarget(snapshot.path);
  try {
    await writeFileAtomic(target, text, {
      mode: 0o600,
      beforeRename: async () => {
        if (!(await isUnchanged(snapshot))) throw new ConfigChangedError();
      },
    });
  } catch (error) {
    if (error instanceof ConfigChangedError || error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot write the config ${snapshot.path} (${describe(error)}); it was left as it was.`);
  }
}

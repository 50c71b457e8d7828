import { realpathSync } from 'node:fs';
import { IncludeError, type IncludeLoader } from '../core/includes.js';
import { parseConfigText } from '../json5/config-text.js';
import { describeFsError } from './fs-errors.js';
import { readRegularFile, UnreadableFileError } from './read-file.js';

/** OpenClaw's MAX_INCLUDE_FILE_BYTES. */
const MAX_INCLUDE_BYTES = 2 * 1024 * 1024;

/** Reads an included file as OpenClaw does: a regular file of at most 2 MB inside `rootDir` (after links), JSON5. */
export function includeLoader(rootDir: string): IncludeLoader {
  let realRoot = rootDir;
  try {
    realRoot = realpathSync(rootDir);
  } catch {
    // a folder that cannot be resolved: compared as written
  }
  return (path) => {
    let text: string;
    try {
      const real = realpathSync(path);
      if (real !== realRoot && !real.startsWith(`${realRoot}/`)) throw new IncludeError(`"${path}" leads outside the config's folder through a link`);
      text = readRegularFile(path, MAX_INCLUDE_BYTES);
    } catch (error) {
      if (error instanceof IncludeError) throw error;
      const why = error instanceof UnreadableFileError ? (error.reason === 'too-large' ? 'it is over 2 MB' : `it is ${error.kind}`) : describeFsError(error);
      throw new IncludeError(`"${path}" cannot be read (${why})`);
    }
    try {
      return parseConfigText(text);
    } catch {
      throw new IncludeError(`"${path}" is not valid JSON5`);
    }
  };
}

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { envValue, type Env } from './env.js';
import { UsageError } from './errors.js';

export interface ConfigPathOptions {
  config?: string | undefined;
  profile?: string | undefined;
}


function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

/** OpenClaw's own order: --config, --profile, OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR, then the home folder. */
export function resolveConfigPath(options: ConfigPathOptions, env: Env = process.env): string {
  const home = envValue(env, 'OPENCLAW_HOME') ?? envValue(env, 'HOME') ?? homedir();
  if (options.config !== undefined) {
    if (options.config.trim() === '') throw new UsageError('--config needs a file path.');
    return resolve(expandHome(options.config, home));
  }
  if (options.profile !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.profile)) {
      throw new UsageError('--profile takes a name of letters, digits, "-" and "_" (e.g. --profile work).');
    }
    return join(home, `.openclaw-${options.profile}`, 'openclaw.json');
  }
  const explicit = envValue(env, 'OPENCLAW_CONFIG_PATH');
  if (explicit) return resolve(expandHome(explicit, home));
  const stateDir = envValue(env, 'OPENCLAW_STATE_DIR');
  if (stateDir) return join(resolve(expandHome(stateDir, home)), 'openclaw.json');
  return join(home, '.openclaw', 'openclaw.json');
}

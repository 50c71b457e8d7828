import { join, resolve } from 'node:path';
import { envValue, type Env } from './env.js';
import { UsageError } from './errors.js';

export interface ConfigPathOptions {
  config?: string | undefined;
  profile?: string | undefined;
}

function expandHome(path: string, home: string): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  if (home === '') throw new UsageError('Cannot tell where your home folder is: set HOME, or give the full path.');
  return join(home, path.slice(1));
}

/** OpenClaw's own order: --config, --profile, OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR, then the home folder. */
export function resolveConfigPath(options: ConfigPathOptions, env: Env = process.env): string {
  const home = envValue(env, 'OPENCLAW_HOME') ?? envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? '';
  if (options.config !== undefined) {
    if (options.config.trim() === '') throw new UsageError('--config needs a file path.');
    return resolve(expandHome(options.config, home));
  }
  if (home === '' && !envValue(env, 'OPENCLAW_CONFIG_PATH') && !envValue(env, 'OPENCLAW_STATE_DIR')) {
    throw new UsageError('Cannot tell where your home folder is: set HOME, or pass --config <path>.');
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

import { basename, dirname, join, resolve } from 'node:path';
import { envValue, type Env } from './env.js';
import { UsageError } from './errors.js';
import { looksLikeKey } from './key.js';

export interface ConfigPathOptions {
  config?: string | undefined;
  profile?: string | undefined;
}

function expandHome(path: string, home: string): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  if (home === '') throw new UsageError('Cannot tell where your home folder is: set HOME, or give the full path.');
  return join(home, path.slice(1));
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

function profileStateDir(profile: string, home: string): string {
  return join(home, profile.toLowerCase() === 'default' ? '.openclaw' : `.openclaw-${profile}`);
}

/**
 * The environment `openclaw --profile NAME` runs with (its applyCliProfileEnv, 2026.9.6): the
 * profile's folder becomes the state dir and config path, unless OPENCLAW_STATE_DIR or
 * OPENCLAW_CONFIG_PATH already point elsewhere than the inherited profile's (then they win).
 */
function profileEnv(profile: string, env: Env, home: string): Env {
  const at = (path: string) => resolve(expandHome(path.trim(), home));
  const inherited = envValue(env, 'OPENCLAW_PROFILE')?.trim() ?? 'default';
  const inheritedDir = profileStateDir(PROFILE_NAME.test(inherited) ? inherited : 'default', home);
  const selectedDir = profileStateDir(profile, home);
  const switches = inheritedDir !== selectedDir;
  const stateDir = envValue(env, 'OPENCLAW_STATE_DIR');
  const configPath = envValue(env, 'OPENCLAW_CONFIG_PATH');
  const leavesInheritedState = Boolean(stateDir && switches && at(stateDir) === inheritedDir);
  const replacesInheritedConfig = Boolean(switches && (!stateDir || leavesInheritedState) && configPath && at(configPath) === join(inheritedDir, 'openclaw.json'));
  const nextStateDir = stateDir && !leavesInheritedState ? stateDir : selectedDir;
  return { ...env, OPENCLAW_STATE_DIR: nextStateDir, OPENCLAW_CONFIG_PATH: !configPath || replacesInheritedConfig ? join(nextStateDir, 'openclaw.json') : configPath };
}

const homeOf = (env: Env) => envValue(env, 'OPENCLAW_HOME') ?? envValue(env, 'HOME') ?? envValue(env, 'USERPROFILE') ?? '';

/**
 * Where OpenClaw keeps its state (resolveStateDir): OPENCLAW_STATE_DIR (as --profile sets it), else
 * `~/.openclaw`. Its health store, which judges every read of the config, is in there.
 */
function resolveStateDir(options: ConfigPathOptions, env: Env = process.env): string {
  const home = homeOf(env);
  const profiled = options.profile !== undefined && PROFILE_NAME.test(options.profile) ? profileEnv(options.profile, env, home) : env;
  const stateDir = envValue(profiled, 'OPENCLAW_STATE_DIR');
  return stateDir ? resolve(expandHome(stateDir.trim(), home)) : join(home, '.openclaw');
}

/**
 * The state dir of the OpenClaw that reads `configPath` (its health store lives there): ours, except
 * when root runs on another user's config, where root's HOME says nothing of theirs: then
 * OPENCLAW_STATE_DIR if set, else the `.openclaw` folder the config sits in (OpenClaw's own layout),
 * else undefined: we cannot tell.
 */
export function stateDirOf(configPath: string, options: ConfigPathOptions, env: Env, runAs: number | undefined, owner: number | undefined): string | undefined {
  if (runAs !== 0 || owner === undefined || owner === 0) return resolveStateDir(options, env);
  if (envValue(env, 'OPENCLAW_STATE_DIR')) return resolveStateDir(options, env);
  const folder = dirname(configPath);
  return basename(folder) === '.openclaw' ? folder : undefined;
}

/** OpenClaw's own order: --config, --profile, OPENCLAW_CONFIG_PATH, OPENCLAW_STATE_DIR, then the home folder. */
export function resolveConfigPath(options: ConfigPathOptions, env: Env = process.env): string {
  const home = homeOf(env);
  if (options.config !== undefined) {
    if (options.config.trim() === '') throw new UsageError('--config needs a file path.');
    return resolve(expandHome(options.config, home));
  }
  if (home === '' && !envValue(env, 'OPENCLAW_CONFIG_PATH') && !envValue(env, 'OPENCLAW_STATE_DIR')) {
    throw new UsageError('Cannot tell where your home folder is: set HOME, or pass --config <path>.');
  }
  if (options.profile !== undefined) {
    if (looksLikeKey(options.profile)) throw new UsageError('--profile looks like an API key; it names a folder, so it was not used.');
    if (!PROFILE_NAME.test(options.profile)) {
      throw new UsageError('--profile takes a name of up to 64 letters, digits, "-" and "_" (e.g. --profile work).');
    }
    env = profileEnv(options.profile, env, home);
  }
  const explicit = envValue(env, 'OPENCLAW_CONFIG_PATH');
  if (explicit) return resolve(expandHome(explicit, home));
  const stateDir = envValue(env, 'OPENCLAW_STATE_DIR');
  if (stateDir) return join(resolve(expandHome(stateDir, home)), 'openclaw.json');
  return join(home, '.openclaw', 'openclaw.json');
}

const SHELL_SAFE = /^[A-Za-z0-9_/.:@%+=,-]+$/;

/** A path as one shell word, for the commands we print ("undo with: ... --config <path>"). */
export const shellQuote = (text: string) => (SHELL_SAFE.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

import { envValue, type Env } from './env.js';
import { UsageError } from './errors.js';
import { extractKeyFromMessage, hasKeyPrefix, parseKey } from './key.js';
import { KEY_ENV_VAR } from './provider.js';

export type KeySource = 'flag' | 'stdin' | 'message' | 'env' | 'config';

export interface KeyInputs {
  keys: readonly string[];
  /** A bare key, or a message that contains one. */
  stdinText?: string | undefined;
  message?: string | undefined;
  env: Env;
}

export interface ResolvedKey {
  key: string;
  source: KeySource;
}

// Names only ways that keep the key out of argv: an agent relays this line, and a user follows it.
export const NO_KEY_HELP = `No FastRouter API key given: set the ${KEY_ENV_VAR} environment variable, or pipe the key to --key-stdin.`;

/** The key in text piped to --key-stdin: the text itself, or a key found in a message. */
function keyInText(text: string, where: string): string {
  const trimmed = text.trim();
  if (hasKeyPrefix(trimmed) && !/\s/.test(trimmed)) return trimmed;
  const found = extractKeyFromMessage(text);
  if (found === undefined) throw new UsageError(`No FastRouter API key (sk-v1-… or sk-fr-…) found in ${where}.`);
  return found;
}

/** The key the user gave this run, validated before any network or file work; undefined when none was given. */
export function resolveGivenKey({ keys, stdinText, message, env }: KeyInputs): ResolvedKey | undefined {
  const stdinKey = stdinText === undefined ? undefined : keyInText(stdinText, 'standard input');
  const fromMessage = message === undefined ? undefined : extractKeyFromMessage(message);
  const direct = [...keys, ...(stdinKey === undefined ? [] : [stdinKey])].map(parseKey);
  if (new Set([...direct, ...(fromMessage === undefined ? [] : [parseKey(fromMessage)])]).size > 1) throw new UsageError('Two different API keys were given; pass just one.');
  if (direct[0]) return { key: direct[0], source: stdinKey !== undefined && keys.length === 0 ? 'stdin' : 'flag' };
  if (fromMessage !== undefined) return { key: parseKey(fromMessage), source: 'message' };
  const fromEnv = envValue(env, KEY_ENV_VAR);
  if (fromEnv !== undefined) return { key: parseKey(fromEnv), source: 'env' };
  return undefined;
}

// How the config holds the FastRouter key, as `status` shows it: the form, a masked view, and for a
// reference to a variable whether this environment sets it. Never the key itself.
import { envValue, type Env } from './env.js';
import { maskKey, redactKeys } from './key.js';
import { ENV_SHORTHAND, stringKeyForm } from './merge.js';
import { isPlainObject } from './json.js';

export interface KeyStatus {
  form: 'plain' | 'env-template' | 'env-shorthand' | 'auth-profile' | 'secret-ref' | 'missing' | 'not-a-key';
  /** What a person reads: `sk-v1-…abcd`, `${FASTROUTER_API_KEY}`, `env SecretRef $FASTROUTER_API_KEY`. */
  shown: string;
  /** The variables OpenClaw reads the key from, when it is a reference to the environment. */
  variables: string[];
  /** Whether this environment sets all of them; undefined when the key is not read from a variable here. */
  set: boolean | undefined;
}

const TEMPLATE_NAMES = /(?<!\$)\$\{([A-Z_][A-Z0-9_]*)\}/g;

function fromVariables(form: KeyStatus['form'], shown: string, variables: string[], env: Env): KeyStatus {
  return { form, shown, variables, set: variables.every((name) => envValue(env, name) !== undefined) };
}

/**
 * `raw` is the config's `models.providers.fastrouter.apiKey`, whatever it holds; `config` the whole
 * config, whose `auth.profiles` tell a profile id from a key. The string forms are the ones a refresh
 * keeps (stringKeyForm), so status and setup never disagree about what the config holds.
 */
export function keyStatus(raw: unknown, env: Env, config?: unknown): KeyStatus {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { form: 'missing', shown: 'none', variables: [], set: undefined };
  if (typeof raw === 'string') {
    const key = raw.trim();
    switch (stringKeyForm(key, config)) {
      case 'template':
        return fromVariables(
          'env-template',
          redactKeys(key),
          [...key.matchAll(TEMPLATE_NAMES)].map((m) => m[1]!),
          env,
        );
      case 'shorthand':
        return fromVariables('env-shorthand', key, [ENV_SHORTHAND.exec(key)![1]!], env);
      case 'profile':
        return { form: 'auth-profile', shown: redactKeys(key), variables: [], set: undefined };
      case 'plain':
        return { form: 'plain', shown: maskKey(key), variables: [], set: undefined };
    }
  }
  if (isPlainObject(raw) && typeof raw.source === 'string' && typeof raw.id === 'string') {
    const id = redactKeys(raw.id);
    if (raw.source === 'env') return fromVariables('secret-ref', `env SecretRef $${id}`, [raw.id], env);
    return { form: 'secret-ref', shown: `${raw.source} SecretRef ${id}`, variables: [], set: undefined };
  }
  return { form: 'not-a-key', shown: 'neither a key nor a SecretRef', variables: [], set: undefined };
}

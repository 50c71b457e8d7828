// How the config holds the FastRouter key, as `status` shows it: the form, a masked view, and for a
// reference to a variable whether this environment sets it. Never the key itself.
import { envValue, type Env } from './env.js';
import { looksLikeKey, maskKey, redactKeys } from './key.js';
import { isEnvTemplate } from './merge.js';
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
const SHORTHAND = /^\$([A-Z_][A-Z0-9_]*)$/;
// `openclaw models auth paste-api-key` writes the profile id, `<provider>:<name>`.
const AUTH_PROFILE = /^[a-z0-9][a-z0-9_-]*:[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function fromVariables(form: KeyStatus['form'], shown: string, variables: string[], env: Env): KeyStatus {
  return { form, shown, variables, set: variables.every((name) => envValue(env, name) !== undefined) };
}

/** `raw` is the config's `models.providers.fastrouter.apiKey`, whatever it holds. */
export function keyStatus(raw: unknown, env: Env): KeyStatus {
  if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return { form: 'missing', shown: 'none', variables: [], set: undefined };
  if (typeof raw === 'string') {
    const key = raw.trim();
    if (isEnvTemplate(key))
      return fromVariables(
        'env-template',
        redactKeys(key),
        [...key.matchAll(TEMPLATE_NAMES)].map((m) => m[1]!),
        env,
      );
    const shorthand = SHORTHAND.exec(key);
    if (shorthand) return fromVariables('env-shorthand', key, [shorthand[1]!], env);
    if (!looksLikeKey(key) && AUTH_PROFILE.test(key)) return { form: 'auth-profile', shown: key, variables: [], set: undefined };
    return { form: 'plain', shown: maskKey(key), variables: [], set: undefined };
  }
  if (isPlainObject(raw) && typeof raw.source === 'string' && typeof raw.id === 'string') {
    const id = redactKeys(raw.id);
    if (raw.source === 'env') return fromVariables('secret-ref', `env SecretRef $${id}`, [raw.id], env);
    return { form: 'secret-ref', shown: `${raw.source} SecretRef ${id}`, variables: [], set: undefined };
  }
  return { form: 'not-a-key', shown: 'neither a key nor a SecretRef', variables: [], set: undefined };
}

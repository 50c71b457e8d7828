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

/**
 * The key as OpenClaw would send it, where this process can read it without side effects: a plain
 * key, or a `${VAR}`, `$VAR` or env SecretRef whose variables this environment sets. Never a file,
 * a command or the secret store (reading those is OpenClaw's business): `why` says so instead.
 */
export function keyAtHand(raw: unknown, env: Env, config?: unknown): { key: string } | { why: string } {
  const status = keyStatus(raw, env, config);
  switch (status.form) {
    case 'plain':
      return { key: (raw as string).trim() };
    case 'env-template':
    case 'env-shorthand':
    case 'secret-ref': {
      if (status.variables.length === 0) {
        const source = isPlainObject(raw) ? String(raw.source) : 'other';
        return { why: source === 'store' ? "the key is in OpenClaw's secret store, which this tool never reads" : `the key comes from a ${source} SecretRef, which this tool never reads` };
      }
      if (!status.set) return { why: `${status.variables.map((name) => `$${name}`).join(', ')} is not set here` };
      const key = status.form === 'env-template' ? (raw as string).trim().replace(TEMPLATE_NAMES, (_, name: string) => envValue(env, name)!) : envValue(env, status.variables[0]!)!;
      return { key: key.trim() };
    }
    case 'auth-profile':
      return { why: 'the key is in an OpenClaw auth profile, which this tool never reads' };
    default:
      return { why: 'the config holds no usable key' };
  }
}

import { ConfigError } from './errors.js';
import type { Change } from './changes.js';
import { deepEqual, getPath, isPlainObject, type JsonObject } from './json.js';
import { MODEL_REF_PREFIX, PROVIDER_ID, modelRef, type ApiKeyValue, type ProviderBlock } from './provider.js';

const PROVIDER_PATH = ['models', 'providers', PROVIDER_ID] as const;
const AGENT_MODELS_PATH = ['agents', 'defaults', 'models'] as const;
const POLICY_ALLOW_PATH = ['agents', 'defaults', 'modelPolicy', 'allow'] as const;
const POLICY_WILDCARD = `${MODEL_REF_PREFIX}*`;

/** Containers we write into: each must be an object when present, or we cannot merge safely. */
const CONTAINERS = [['models'], ['models', 'providers'], ['agents'], ['agents', 'defaults'], ['agents', 'defaults', 'models']];
const INCLUDE_SCOPES = [[], ['models'], ['agents']];

/** Refuses configs we cannot update without guessing: wrong container types, or `$include`s we would flatten. */
export function assertMergeable(config: unknown): asserts config is JsonObject {
  if (!isPlainObject(config)) throw new ConfigError('The config is not a JSON object at the top level.');
  for (const scope of INCLUDE_SCOPES) {
    const node = getPath(config, scope);
    if (isPlainObject(node) && Object.hasOwn(node, '$include')) {
      const where = scope.length ? `"${scope.join('.')}"` : 'the top level';
      throw new ConfigError(`The config uses "$include" at ${where}; edit the included file by hand, or inline it, so nothing is flattened.`);
    }
  }
  for (const path of CONTAINERS) {
    const node = getPath(config, path);
    if (node !== undefined && !isPlainObject(node)) {
      throw new ConfigError(`"${path.join('.')}" in the config is not an object, so it cannot be updated safely.`);
    }
  }
}

function modelIds(provider: unknown): string[] {
  const models = isPlainObject(provider) ? provider.models : undefined;
  if (!Array.isArray(models)) return [];
  return models.flatMap((m) => (isPlainObject(m) && typeof m.id === 'string' ? [m.id] : []));
}

/** The key already stored in the config, for "update fastrouter models" runs that give none. */
export function storedApiKey(config: unknown): ApiKeyValue | undefined {
  const key = getPath(config, [...PROVIDER_PATH, 'apiKey']);
  if (typeof key === 'string' && key.trim() !== '') return key;
  if (isPlainObject(key) && typeof key.source === 'string' && typeof key.provider === 'string' && typeof key.id === 'string') {
    return { source: key.source as 'env', provider: key.provider, id: key.id };
  }
  return undefined;
}

/**
 * Whether a non-empty `agents.defaults.models` limits which models can be picked. OpenClaw's older
 * rule (the only one before `modelPolicy` existed, e.g. 2026.7.x): it does, unless
 * `agents.defaults.modelPolicy` is present or OpenClaw has recorded that migration in `meta`
 * (2026.9.x, `resolveConfiguredModelPolicyAllow` in its dist/).
 */
function modelMapRestricts(config: JsonObject): boolean {
  if (isPlainObject(getPath(config, ['agents', 'defaults', 'modelPolicy']))) return false;
  return getPath(config, ['meta', 'migrations', 'modelPolicyAllowlist']) !== true;
}

const isOurs = (ref: string) => ref.startsWith(MODEL_REF_PREFIX);
const isBare = (settings: unknown) => !isPlainObject(settings) || Object.keys(settings).length === 0;

/**
 * Whether FastRouter gets entries in `agents.defaults.models`. Not when that map would turn into an
 * allowlist: where it restricts and holds nothing of the user's (our own bare entries from an older
 * run don't count), adding entries would lock the user out of every model they could pick before.
 * Without entries, FastRouter's models are still listed and selectable (`fastrouter/<id>`).
 */
function wantsPickerEntries(config: JsonObject, current: JsonObject | undefined, offered: ReadonlySet<string>): boolean {
  if (!modelMapRestricts(config)) return true;
  // An entry of ours with settings counts only while its model stays: a gone one leaves either way,
  // and judging by it would keep the map on this run and clear it on the next.
  return Object.entries(current ?? {}).some(([ref, settings]) => ref.trim() !== '' && (!isOurs(ref) || (!isBare(settings) && offered.has(ref))));
}

/**
 * `agents.defaults.models` holding one entry per offered model (none when `withEntries` is false):
 * existing entries keep their place and settings, gone `fastrouter/` ones leave, new ones are
 * appended. One change, not thousands; undefined when nothing changes.
 */
function pickerEntries(current: JsonObject | undefined, offered: ReadonlySet<string>, withEntries: boolean): JsonObject | undefined {
  const next: JsonObject = {};
  // defineProperty, not assignment: a key named "__proto__" must stay a plain key.
  const put = (key: string, value: unknown) => Object.defineProperty(next, key, { value, enumerable: true, writable: true, configurable: true });
  let changed = false;
  for (const [ref, settings] of Object.entries(current ?? {})) {
    if (isOurs(ref) && (!withEntries || !offered.has(ref))) {
      changed = true;
      continue;
    }
    if (offered.has(ref) && !isPlainObject(settings)) {
      put(ref, {});
      changed = true;
    } else put(ref, settings);
  }
  if (withEntries) {
    for (const ref of offered) {
      if (!Object.hasOwn(next, ref)) {
        put(ref, {});
        changed = true;
      }
    }
  }
  return changed ? next : undefined;
}

export interface MergePlan {
  changes: Change[];
  /** Model ids offered now that the config did not have before. */
  added: string[];
  /** Model ids the config had that the catalog no longer offers. */
  removed: string[];
  /** True when this plan adds `fastrouter/*` to the model policy (so `remove` may take it out again). */
  policyWildcardAdded: boolean;
  /**
   * `skipped`: no `agents.defaults.models` entries, because they would have started an allowlist;
   * `unlocked`: also took out bare `fastrouter/` entries an earlier run left there, which had made
   * that map an allowlist of FastRouter models only. Undefined when entries are kept as usual.
   */
  picker?: 'skipped' | 'unlocked' | undefined;
}

export interface MergeOptions {
  /** A model id of `provider` to make the primary model, keeping any fallbacks. */
  defaultModel?: string | undefined;
}

const MODEL_PATH = ['agents', 'defaults', 'model'] as const;

function planPrimary(config: JsonObject, ref: string): Change[] {
  const current = getPath(config, MODEL_PATH);
  if (isPlainObject(current)) return current.primary === ref ? [] : [{ path: [...MODEL_PATH, 'primary'], value: ref }];
  if (current !== undefined && typeof current !== 'string') {
    throw new ConfigError('"agents.defaults.model" in the config is neither a model name nor an object, so --default cannot set it safely.');
  }
  return current === ref ? [] : [{ path: MODEL_PATH, value: { primary: ref } }];
}

/** What must change in `config` to hold exactly `provider`, its picker entries, and a policy that admits them. */
export function planMerge(config: JsonObject, provider: ProviderBlock, options: MergeOptions = {}): MergePlan {
  const changes: Change[] = [];
  const previous = getPath(config, PROVIDER_PATH);
  if (!deepEqual(previous, provider)) changes.push({ path: PROVIDER_PATH, value: provider });

  const newIds = provider.models.map((m) => m.id);
  const offered = new Set(newIds.map(modelRef));
  const oldIds = new Set(modelIds(previous));
  const added = newIds.filter((id) => !oldIds.has(id));
  const removed = [...oldIds].filter((id) => !offered.has(modelRef(id))).sort();

  const current = getPath(config, AGENT_MODELS_PATH) as JsonObject | undefined;
  const withEntries = wantsPickerEntries(config, current, offered);
  const entries = pickerEntries(current, offered, withEntries);
  if (entries) changes.push({ path: AGENT_MODELS_PATH, value: entries });
  const picker = withEntries ? undefined : Object.keys(current ?? {}).some(isOurs) ? 'unlocked' : 'skipped';

  const allow = getPath(config, POLICY_ALLOW_PATH);
  const policyWildcardAdded = Array.isArray(allow) && allow.length > 0 && !allow.includes(POLICY_WILDCARD);
  if (policyWildcardAdded) changes.push({ path: POLICY_ALLOW_PATH, value: [...allow, POLICY_WILDCARD] });
  if (options.defaultModel !== undefined) changes.push(...planPrimary(config, modelRef(options.defaultModel)));
  return { changes, added, removed, policyWildcardAdded, picker };
}

export interface RemovalPlan {
  changes: Change[];
  /** Model ids that were configured. */
  removed: string[];
  /** `agents.defaults.model` settings that still name a fastrouter model: the user's call, not ours. */
  stillReferenced: string[];
}

/** Takes out what setup put in: the block, our picker entries, and the policy wildcard if we added it. */
export function planRemoval(config: JsonObject, removePolicyWildcard: boolean): RemovalPlan {
  const changes: Change[] = [];
  const provider = getPath(config, PROVIDER_PATH);
  if (provider !== undefined) changes.push({ path: PROVIDER_PATH });
  const entries = getPath(config, AGENT_MODELS_PATH) as JsonObject | undefined;
  for (const ref of Object.keys(entries ?? {})) if (ref.startsWith(MODEL_REF_PREFIX)) changes.push({ path: [...AGENT_MODELS_PATH, ref] });
  const allow = getPath(config, POLICY_ALLOW_PATH);
  if (removePolicyWildcard && Array.isArray(allow) && allow.includes(POLICY_WILDCARD)) {
    changes.push({ path: POLICY_ALLOW_PATH, value: allow.filter((entry) => entry !== POLICY_WILDCARD) });
  }
  const model = getPath(config, MODEL_PATH);
  const named = typeof model === 'string' ? [model] : isPlainObject(model) ? [model.primary, ...(Array.isArray(model.fallbacks) ? model.fallbacks : [])] : [];
  const stillReferenced = named.filter((ref): ref is string => typeof ref === 'string' && ref.startsWith(MODEL_REF_PREFIX));
  return { changes, removed: modelIds(provider), stillReferenced };
}

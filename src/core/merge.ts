import { ConfigError } from './errors.js';
import { applyChanges, type Change } from './changes.js';
import type { Model } from './catalog.js';
import { dirname } from 'node:path';
import type { PrimaryRecord, WriteRecord } from './checks.js';
import { IncludeError, resolveIncludes, type IncludeLoader } from './includes.js';
import { deepEqual, fingerprint, getPath, isPlainObject, type JsonObject } from './json.js';
import { MODEL_REF_PREFIX, PROVIDER_ID, modelRef, type ApiKeyValue, type ProviderBlock } from './provider.js';

const PROVIDER_PATH = ['models', 'providers', PROVIDER_ID] as const;
const AGENT_MODELS_PATH = ['agents', 'defaults', 'models'] as const;
const POLICY_ALLOW_PATH = ['agents', 'defaults', 'modelPolicy', 'allow'] as const;
const MODEL_PATH = ['agents', 'defaults', 'model'] as const;
const POLICY_WILDCARD = `${MODEL_REF_PREFIX}*`;

/** Containers we write into: each must be an object when present, or we cannot merge safely. */
const CONTAINERS = [['models'], ['models', 'providers'], ['agents'], ['agents', 'defaults'], ['agents', 'defaults', 'models']];
const INCLUDE_SCOPES = [[], ['models'], ['models', 'providers'], ['agents']];

/**
 * The first `$include` anywhere inside `node`, as a dotted path below `base`; undefined when none.
 * One path, pushed and popped: the walk visits every value of the provider block (10,000 models on
 * a big catalog), so it must not allocate per value.
 */
function findInclude(node: unknown, base: readonly string[]): string | undefined {
  const path = [...base];
  const visit = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) return false;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(String(i));
        if (visit(value[i])) return true;
        path.pop();
      }
    } else if (isPlainObject(value)) {
      if (Object.hasOwn(value, '$include')) return true;
      for (const key of Object.keys(value)) {
        path.push(key);
        if (visit(value[key])) return true;
        path.pop();
      }
    }
    return false;
  };
  return visit(node) ? path.join('.') : undefined;
}

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
  const inProvider = findInclude(getPath(config, PROVIDER_PATH), PROVIDER_PATH);
  if (inProvider) {
    throw new ConfigError(`The config uses "$include" at "${inProvider}", inside the FastRouter provider; inline it so a refresh can keep what it holds.`);
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

const API_KEY_FIELD = `${PROVIDER_PATH.join('.')}.apiKey`;
const SECRET_SOURCES = ['env', 'file', 'exec', 'store'];
const SECRET_PROVIDER = /^[a-z][a-z0-9_-]{0,63}$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]{0,127}$/;
/** OpenClaw substitutes `${VAR}` (uppercase names) in config strings at load time; `$${` escapes. */
const ENV_TEMPLATE = /(^|[^$])\$\{[A-Z_][A-Z0-9_]*\}/;

/** True for a string OpenClaw fills in from the environment: the config holds a reference, not the key. */
export function isEnvTemplate(value: string): boolean {
  return ENV_TEMPLATE.test(value);
}

/** OpenClaw's env shorthand for a secret (`$NAME`, `ENV_SECRET_SHORTHAND_RE` in its types.secrets-*.mjs). */
export const ENV_SHORTHAND = /^\$([A-Z][A-Z0-9_]{0,127})$/;
/** An auth-profile id as OpenClaw writes them (`<provider>:<name>`, e.g. `fastrouter:manual`); a key has no colon. */
const PROFILE_ID = /^[a-z0-9][a-z0-9._-]*:\S+$/i;

/** How a stored string key is meant: the key itself, or a reference OpenClaw resolves (which a refresh keeps). */
export type StringKeyForm = 'plain' | 'template' | 'shorthand' | 'profile';

/**
 * `${VAR}` anywhere (substituted when the config loads), `$VAR` alone (an env SecretRef), or an
 * auth-profile id: one the config's `auth.profiles` lists, or one shaped like them (the profile may
 * live only in OpenClaw's auth store, as `openclaw models auth paste-api-key` leaves it).
 */
export function stringKeyForm(value: string, config?: unknown): StringKeyForm {
  const trimmed = value.trim();
  if (isEnvTemplate(value)) return 'template';
  if (ENV_SHORTHAND.test(trimmed)) return 'shorthand';
  const profiles = getPath(config, ['auth', 'profiles']);
  if (isPlainObject(profiles) && Object.hasOwn(profiles, trimmed)) return 'profile';
  return PROFILE_ID.test(trimmed) && !/^sk-v1-/i.test(trimmed) ? 'profile' : 'plain';
}

/** The config's OpenClaw auth profiles for FastRouter (what `openclaw models auth paste-api-key --provider fastrouter` adds), in their order. */
export function fastRouterAuthProfiles(config: unknown): string[] {
  const profiles = getPath(config, ['auth', 'profiles']);
  return Object.entries(isPlainObject(profiles) ? profiles : {}).flatMap(([id, profile]) => (isPlainObject(profile) && profile.provider === PROVIDER_ID ? [id] : []));
}

/** True when the stored key is a reference (a SecretRef, `${VAR}`, `$VAR`, an auth profile): never replaced by a plain key. */
export function isKeyReference(key: ApiKeyValue, config?: unknown): boolean {
  return typeof key !== 'string' || stringKeyForm(key, config) !== 'plain';
}

/**
 * The key already stored in the config, in the form it is stored: a plain key, a `${VAR}` template,
 * or a SecretRef (env, file, exec, store; checked as OpenClaw's schema does). A SecretRef we do not
 * understand is a config error naming the field: rewriting it would lose the user's secret wiring.
 */
export function storedApiKey(config: unknown): ApiKeyValue | undefined {
  const key = getPath(config, [...PROVIDER_PATH, 'apiKey']);
  if (key === undefined || (typeof key === 'string' && key.trim() === '')) return undefined;
  if (typeof key === 'string') return key;
  if (!isPlainObject(key)) throw new ConfigError(`"${API_KEY_FIELD}" in the config is neither a key nor a SecretRef; fix it, or pass a key with --key-ref plain.`);
  const { source, provider, id } = key;
  if (typeof source !== 'string' || !SECRET_SOURCES.includes(source)) {
    throw new ConfigError(`"${API_KEY_FIELD}.source" is ${JSON.stringify(source)}, which OpenClaw does not know (env, file, exec or store); fix it, or pass a key with --key-ref plain.`);
  }
  const extra = Object.keys(key).find((k) => !['source', 'provider', 'id'].includes(k));
  const problem =
    extra !== undefined
      ? `has an unknown field "${extra}"`
      : typeof provider !== 'string' || !SECRET_PROVIDER.test(provider)
        ? 'needs "provider" in lowercase letters, digits, "_" and "-"'
        : typeof id !== 'string' || id === ''
          ? 'needs an "id"'
          : (source === 'env' || source === 'store') && !ENV_NAME.test(id)
            ? `needs an "id" in UPPER_CASE for source "${source}"`
            : undefined;
  if (problem) throw new ConfigError(`The SecretRef at "${API_KEY_FIELD}" ${problem}; fix it, or pass a key with --key-ref plain.`);
  return { source: source as 'env', provider: provider as string, id: id as string };
}

/** The stored `baseUrl` (undefined when absent or not a string). */
export function storedBaseUrl(config: unknown): string | undefined {
  const url = getPath(config, [...PROVIDER_PATH, 'baseUrl']);
  return typeof url === 'string' && url.trim() !== '' ? url : undefined;
}

/** Model fields derived from the catalog: ours to rewrite. Everything else on a model is the user's. */
const OWNED_MODEL_KEYS = new Set(['id', 'name', 'input', 'cost', 'contextWindow', 'maxTokens']);
/** Provider fields we set; the rest (timeoutSeconds, headers, maxTokens, params, ...) is the user's. */
const OWNED_PROVIDER_KEYS = new Set(['baseUrl', 'api', 'apiKey', 'models']);

function put(target: JsonObject, key: string, value: unknown): void {
  // defineProperty, not assignment: a key named "__proto__" must stay a plain key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `previous` with `ours` laid over it: keys keep their place (so the text editor changes values
 * in place instead of rewriting the block), ours that were missing are appended, and keys `owned`
 * names but `ours` lacks are dropped. Everything else stays as the user wrote it.
 */
function overlay(previous: JsonObject, ours: JsonObject, owned: ReadonlySet<string>): JsonObject {
  const merged: JsonObject = {};
  for (const [key, value] of Object.entries(previous)) {
    if (Object.hasOwn(ours, key)) put(merged, key, ours[key]);
    else if (!owned.has(key)) put(merged, key, value);
  }
  for (const [key, value] of Object.entries(ours)) if (!Object.hasOwn(merged, key)) put(merged, key, value);
  return merged;
}

/**
 * One model: the catalog's fields, plus whatever the user set by hand on it (params, headers,
 * thinkingLevelMap, compat settings, a `reasoning` they turned on). `compat.supportsTools` follows the catalog.
 */
function mergeModel(previous: unknown, ours: Model): JsonObject {
  if (!isPlainObject(previous)) return { ...ours };
  const { compat: ourCompat, reasoning, thinkingLevelMap, ...derived } = ours;
  const { supportsTools, ...effortCompat } = ourCompat ?? {};
  // What the catalog says about reasoning effort fills what is missing; a value already there may be the user's.
  const compat = overlay(underneath(previous.compat, effortCompat), supportsTools === undefined ? {} : { supportsTools }, new Set(['supportsTools']));
  // The catalog says whether a model reasons; a `reasoning: true` the user set stays theirs.
  const layer: JsonObject = { ...derived, reasoning: previous.reasoning === true || reasoning };
  if (Object.keys(compat).length > 0) layer.compat = compat;
  if (thinkingLevelMap) layer.thinkingLevelMap = underneath(previous.thinkingLevelMap, thinkingLevelMap);
  return overlay(previous, layer, new Set([...OWNED_MODEL_KEYS, 'compat']));
}

/** `previous` (when it is an object) with the keys of `fill` it lacks appended. */
function underneath(previous: unknown, fill: object): JsonObject {
  const merged: JsonObject = isPlainObject(previous) ? { ...previous } : {};
  for (const [key, value] of Object.entries(fill)) if (!Object.hasOwn(merged, key)) put(merged, key, value);
  return merged;
}

/**
 * The catalog's models in the order the user's list has them. A list still in catalog order (ours,
 * never rearranged) takes the catalog's order, new models included; one the user rearranged
 * (favourites first) keeps it, with new models after it in catalog order.
 */
function inPreviousOrder(previousIds: readonly string[], models: readonly Model[]): readonly Model[] {
  const position = new Map(models.map((m, i) => [m.id, i]));
  const kept = previousIds.filter((id) => position.has(id));
  if (kept.every((id, i) => i === 0 || position.get(kept[i - 1]!)! < position.get(id)!)) return models;
  const placed = new Set(kept);
  return [...kept.map((id) => models[position.get(id)!]!), ...models.filter((m) => !placed.has(m.id))];
}

/**
 * The provider block a refresh writes: `ours` (built from the catalog, the endpoint and the key)
 * laid over what is there, so the user's own provider settings and per-model extras survive; a
 * model's extras leave only with the model.
 */
function mergeProvider(previous: unknown, ours: ProviderBlock): JsonObject {
  const before = previousModels(previous);
  const models = inPreviousOrder([...before.keys()], ours.models as readonly Model[]).map((m) => mergeModel(before.get(m.id), m));
  const layer: JsonObject = { baseUrl: ours.baseUrl, api: ours.api, apiKey: ours.apiKey, models };
  return isPlainObject(previous) ? overlay(previous, layer, OWNED_PROVIDER_KEYS) : layer;
}

/** The block's models by id (the first of duplicates, as OpenClaw reads them). */
function previousModels(provider: unknown): Map<string, JsonObject> {
  const before = new Map<string, JsonObject>();
  const oldModels = isPlainObject(provider) && Array.isArray(provider.models) ? provider.models : [];
  for (const m of oldModels) if (isPlainObject(m) && typeof m.id === 'string' && !before.has(m.id)) before.set(m.id, m);
  return before;
}

/** Models that stay and whose price changed, and those whose `contextWindow` this refresh sets back to the catalog's. */
function entryChanges(previous: unknown, models: readonly Model[]): Pick<MergePlan, 'repriced' | 'contextWindows'> {
  const before = previousModels(previous);
  const repriced: string[] = [];
  const contextWindows: MergePlan['contextWindows'] = [];
  for (const model of models) {
    const old = before.get(model.id);
    if (old === undefined) continue;
    if (isPlainObject(old.cost) && !deepEqual(old.cost, model.cost)) repriced.push(model.id);
    if (typeof old.contextWindow === 'number' && old.contextWindow !== model.contextWindow) contextWindows.push({ id: model.id, from: old.contextWindow, to: model.contextWindow });
  }
  return { repriced, contextWindows };
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
  let changed = false;
  for (const [ref, settings] of Object.entries(current ?? {})) {
    if (isOurs(ref) && (!withEntries || !offered.has(ref))) {
      changed = true;
      continue;
    }
    if (offered.has(ref) && !isPlainObject(settings)) {
      put(next, ref, {});
      changed = true;
    } else put(next, ref, settings);
  }
  if (withEntries) {
    for (const ref of offered) {
      if (!Object.hasOwn(next, ref)) {
        put(next, ref, {});
        changed = true;
      }
    }
  }
  return changed ? next : undefined;
}

function settingsLeaving(current: JsonObject | undefined, next: JsonObject): MergePlan['droppedSettings'] {
  return Object.entries(current ?? {})
    .filter(([ref, settings]) => isOurs(ref) && !isBare(settings) && !Object.hasOwn(next, ref))
    .map(([ref, settings]) => {
      const alias = (settings as JsonObject).alias;
      return { ref, alias: typeof alias === 'string' && alias.trim() !== '' ? alias : undefined };
    });
}

export interface MergePlan {
  changes: Change[];
  /** Model ids offered now that the config did not have before. */
  added: string[];
  /** Model ids the config had that the catalog no longer offers. */
  removed: string[];
  /** True when this plan adds `fastrouter/*` to the model policy (so `remove` may take it out again). */
  policyWildcardAdded: boolean;
  /** `agents.defaults.model` primary or fallbacks naming a fastrouter model this plan does not offer. */
  droppedReferences: string[];
  /** The model this plan makes the primary, when it sets one. */
  primarySet: string | undefined;
  /** The primary before this plan set one (undefined: none, or the plan sets none). */
  primaryBefore?: string | undefined;
  /** Our picker entries that held the user's settings (an alias, params) and leave with their model. */
  droppedSettings: Array<{ ref: string; alias: string | undefined }>;
  /** Model ids that stay and whose price (`cost`) changed. */
  repriced: string[];
  /** Models that stay whose `contextWindow` (a hand edit, or the catalog's own change) is set to the catalog's. */
  contextWindows: Array<{ id: string; from: number; to: number }>;
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
  /** On a first install with no primary model set anywhere, this one becomes the primary. */
  firstInstallPrimary?: string | undefined;
  /** What `includedPrimary` found: a primary set through `$include` is set too, and one we cannot read is never guessed at. */
  included?: IncludedPrimary | undefined;
}

/** The primary OpenClaw reads through `$include`, when the config names one on the way to it. */
export type IncludedPrimary = { primary: string | undefined } | { unreadable: string };

/**
 * The primary as OpenClaw will read it when `agents.defaults` or `agents.defaults.model` is (or
 * holds) an `$include`: resolved the way OpenClaw does (src/core/includes.ts). Undefined when
 * neither does, so the config's own value is all there is.
 */
export function includedPrimary(config: JsonObject, configPath: string, load: IncludeLoader): IncludedPrimary | undefined {
  const defaults = getPath(config, ['agents', 'defaults']);
  const model = getPath(defaults, ['model']);
  if (!(isPlainObject(defaults) && Object.hasOwn(defaults, '$include')) && !(isPlainObject(model) && Object.hasOwn(model, '$include'))) return undefined;
  try {
    return { primary: configuredPrimary({ agents: { defaults: resolveIncludes(defaults, configPath, dirname(configPath), load) } }) };
  } catch (error) {
    if (error instanceof IncludeError) return { unreadable: error.message };
    throw error;
  }
}

/** Every model `agents.defaults.model` names (primary first, then fallbacks), in either of its forms. */
function configuredModelRefs(config: JsonObject): string[] {
  const model = getPath(config, MODEL_PATH);
  const named = typeof model === 'string' ? [model] : isPlainObject(model) ? [model.primary, ...(Array.isArray(model.fallbacks) ? model.fallbacks : [])] : [];
  return named.filter((ref): ref is string => typeof ref === 'string');
}

/** The primary model, when one is set (a string, or an object's non-empty `primary`). */
export function configuredPrimary(config: unknown): string | undefined {
  const model = getPath(config, MODEL_PATH);
  const primary = typeof model === 'string' ? model : isPlainObject(model) ? model.primary : undefined;
  return typeof primary === 'string' && primary.trim() !== '' ? primary : undefined;
}

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
  const merged = mergeProvider(previous, provider);
  if (!deepEqual(previous, merged)) changes.push({ path: PROVIDER_PATH, value: merged });

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
  const droppedSettings = entries ? settingsLeaving(current, entries) : [];

  const allow = getPath(config, POLICY_ALLOW_PATH);
  const policyWildcardAdded = Array.isArray(allow) && allow.length > 0 && !allow.includes(POLICY_WILDCARD);
  if (policyWildcardAdded) changes.push({ path: POLICY_ALLOW_PATH, value: [...allow, POLICY_WILDCARD] });
  const noPrimary = configuredPrimary(config) === undefined && (options.included === undefined || ('primary' in options.included && options.included.primary === undefined));
  const primaryId = options.defaultModel ?? (previous === undefined && noPrimary ? options.firstInstallPrimary : undefined);
  const primaryChanges = primaryId === undefined ? [] : planPrimary(config, modelRef(primaryId));
  changes.push(...primaryChanges);
  const after = primaryChanges.length > 0 ? applyChanges(config, primaryChanges) : config;
  const droppedReferences = configuredModelRefs(after).filter((ref) => ref.startsWith(MODEL_REF_PREFIX) && !offered.has(ref));
  const primarySet = primaryChanges.length > 0 ? primaryId : undefined;
  return {
    changes,
    added,
    removed,
    policyWildcardAdded,
    picker,
    droppedReferences,
    primarySet,
    primaryBefore: primarySet ? configuredPrimary(config) : undefined,
    droppedSettings,
    ...entryChanges(previous, provider.models as readonly Model[]),
  };
}

export interface RemovalPlan {
  changes: Change[];
  /** Model ids that were configured. */
  removed: string[];
  /** The primary a run of ours had set, taken back to what it was before (null: none). */
  primaryRestored?: { from: string; to: string | null } | undefined;
  /** `agents.defaults.model` settings that still name a fastrouter model: the user's call, not ours. */
  stillReferenced: string[];
  /** Which of them is the primary. */
  stillPrimary: string | undefined;
  /** Our picker entries that held the user's settings (an alias, params): they leave with FastRouter. */
  droppedSettings: MergePlan['droppedSettings'];
}

/**
 * The primary moved from `from` back to `to` (null: none), while the config still names `from`;
 * one chosen since is the user's. A `{primary}` we made out of nothing goes whole.
 */
function planPrimaryBack(config: JsonObject, from: string | null, to: string | null): Change[] {
  if ((configuredPrimary(config) ?? null) !== from || from === to) return [];
  if (to !== null) return planPrimary(config, to);
  const model = getPath(config, MODEL_PATH);
  if (typeof model === 'string' || (isPlainObject(model) && Object.keys(model).length === 1)) return [{ path: MODEL_PATH }];
  return [{ path: [...MODEL_PATH, 'primary'] }];
}

/** The primary a run of ours set (recorded in our state), put back to what was there before it. */
function planPrimaryRestore(config: JsonObject, record: PrimaryRecord | undefined): Change[] {
  return record ? planPrimaryBack(config, record.set, record.previous) : [];
}

/** Takes out what setup put in: the block, our picker entries, the policy wildcard if we added it, the primary if we set it. */
export function planRemoval(config: JsonObject, removePolicyWildcard: boolean, primary?: PrimaryRecord): RemovalPlan {
  const changes: Change[] = [];
  const provider = getPath(config, PROVIDER_PATH);
  if (provider !== undefined) changes.push({ path: PROVIDER_PATH });
  const entries = getPath(config, AGENT_MODELS_PATH) as JsonObject | undefined;
  for (const ref of Object.keys(entries ?? {})) if (ref.startsWith(MODEL_REF_PREFIX)) changes.push({ path: [...AGENT_MODELS_PATH, ref] });
  const allow = getPath(config, POLICY_ALLOW_PATH);
  if (removePolicyWildcard && Array.isArray(allow) && allow.includes(POLICY_WILDCARD)) {
    changes.push({ path: POLICY_ALLOW_PATH, value: allow.filter((entry) => entry !== POLICY_WILDCARD) });
  }
  const primaryChanges = planPrimaryRestore(config, primary);
  changes.push(...primaryChanges);
  const after = primaryChanges.length > 0 ? applyChanges(config, primaryChanges) : config;
  const stillReferenced = configuredModelRefs(after).filter((ref) => ref.startsWith(MODEL_REF_PREFIX));
  const primaryRestored = primaryChanges.length > 0 ? { from: primary!.set, to: primary!.previous } : undefined;
  const primaryLeft = configuredPrimary(after);
  return {
    changes,
    removed: modelIds(provider),
    primaryRestored,
    stillReferenced,
    stillPrimary: primaryLeft?.startsWith(MODEL_REF_PREFIX) ? primaryLeft : undefined,
    droppedSettings: settingsLeaving(entries, {}),
  };
}

/** What a write leaves in our part, as fingerprints (see WriteRecord.ours): the models themselves are left out. */
export function oursFingerprints(config: unknown): NonNullable<WriteRecord['ours']> {
  const provider = getPath(config, PROVIDER_PATH);
  const entries = getPath(config, AGENT_MODELS_PATH);
  const fields: Record<string, string> = {};
  if (isPlainObject(provider)) for (const [key, value] of Object.entries(provider)) if (key !== 'models') fields[key] = fingerprint(value);
  const settings: Record<string, string> = {};
  if (isPlainObject(entries)) for (const [ref, value] of Object.entries(entries)) if (isOurs(ref) && !isEmptyObject(value)) settings[ref] = fingerprint(value);
  return { provider: fields, entries: settings };
}

const isEmptyObject = (value: unknown) => isPlainObject(value) && Object.keys(value).length === 0;

/** Whether `value`, now at `key` of our part, is no longer what our write left there: OpenClaw or the user changed it since. */
function changedSince(written: Record<string, string>, key: string, value: unknown, absentIs: (value: unknown) => boolean): boolean {
  return Object.hasOwn(written, key) ? fingerprint(value) !== written[key] : !absentIs(value);
}

/**
 * The FastRouter block to put back: the backup's, but every setting other than the model list that
 * OpenClaw or the user changed since our write (a key pasted with `openclaw models auth`, a timeout
 * set with `openclaw config set`) stays as it is now. Without a record of what we wrote, the backup's.
 */
function providerToRestore(now: unknown, then: unknown, written: Record<string, string> | undefined): { block: unknown; kept: string[] } {
  if (!written || !isPlainObject(now) || !isPlainObject(then)) return { block: then, kept: [] };
  const block: JsonObject = { ...then };
  const kept: string[] = [];
  for (const key of new Set([...Object.keys(now), ...Object.keys(written)])) {
    if (key === 'models') continue;
    const present = Object.hasOwn(now, key);
    if (!changedSince(written, key, present ? now[key] : undefined, () => !present)) continue;
    if (present ? deepEqual(now[key], then[key]) : !Object.hasOwn(then, key)) continue;
    if (present) put(block, key, now[key]);
    else delete block[key];
    kept.push(key);
  }
  return { block, kept };
}

export interface RestorePlan {
  changes: Change[];
  /** Settings of our part that OpenClaw or the user changed since our write, kept as they are now. */
  keptSince?: string[] | undefined;
  /** Settings the user gave a fastrouter/ model the restored config no longer has: they leave with it. */
  leaving?: string[] | undefined;
  /** The primary our write had changed, put back (null: none). */
  primaryRestored?: { from: string | null; to: string | null } | undefined;
  /** Which of our parts were put back, for the report. */
  restored: string[];
  /** Settings that name a fastrouter model the restored config does not have: the user's to change. */
  stillReferenced: string[];
}

/**
 * Our part of the config as it was in `backup` (taken before our last write), laid into `config`,
 * which others changed since: the FastRouter provider, the `fastrouter/` picker entries, the
 * policy's `fastrouter/*`, and the primary if our write changed it (`wrote`) and nobody chose
 * another since (`primaryTakenOver`: a run of ours saw another one there since). Everything else stays as it is now.
 */
export function planRestore(config: JsonObject, backup: unknown, wrote: WriteRecord | undefined, primaryTakenOver = false): RestorePlan {
  const changes: Change[] = [];
  const restored: string[] = [];
  const keptSince: string[] = [];
  const leaving: string[] = [];
  const written = wrote?.ours;
  const { block: providerThen, kept } = providerToRestore(getPath(config, PROVIDER_PATH), getPath(backup, PROVIDER_PATH), written?.provider);
  keptSince.push(...kept.map((key) => `${PROVIDER_PATH.join('.')}.${key}`));
  if (!deepEqual(providerThen, getPath(config, PROVIDER_PATH))) {
    changes.push(providerThen === undefined ? { path: PROVIDER_PATH } : { path: PROVIDER_PATH, value: providerThen });
    restored.push(PROVIDER_PATH.join('.'));
  }
  const providerNow = getPath(config, PROVIDER_PATH);
  if (written && providerThen === undefined && isPlainObject(providerNow)) {
    // Undoing a first install takes the whole block out, settings set since included: say which.
    for (const [key, value] of Object.entries(providerNow)) if (key !== 'models' && changedSince(written.provider, key, value, () => false)) leaving.push(`${PROVIDER_PATH.join('.')}.${key}`);
  }
  const offeredThen = new Set(modelIds(providerThen).map((id) => `${MODEL_REF_PREFIX}${id}`));
  const entriesNow = getPath(config, AGENT_MODELS_PATH);
  const entriesThen = isPlainObject(getPath(backup, AGENT_MODELS_PATH)) ? (getPath(backup, AGENT_MODELS_PATH) as JsonObject) : {};
  if (isPlainObject(entriesNow) || Object.keys(entriesThen).some(isOurs)) {
    const next: JsonObject = {};
    for (const [ref, settings] of Object.entries(isPlainObject(entriesNow) ? entriesNow : {})) {
      if (!isOurs(ref)) put(next, ref, settings);
      else if (written && changedSince(written.entries, ref, settings, isEmptyObject)) {
        // An alias or params set since our write: theirs while the restored list has the model.
        if (offeredThen.has(ref)) {
          put(next, ref, settings);
          if (!deepEqual(settings, entriesThen[ref])) keptSince.push(`${AGENT_MODELS_PATH.join('.')}["${ref}"]`);
        } else leaving.push(`${AGENT_MODELS_PATH.join('.')}["${ref}"]`);
      } else if (Object.hasOwn(entriesThen, ref)) put(next, ref, entriesThen[ref]);
    }
    for (const [ref, settings] of Object.entries(entriesThen)) if (isOurs(ref) && !Object.hasOwn(next, ref)) put(next, ref, settings);
    if (!deepEqual(next, entriesNow ?? {})) {
      changes.push({ path: AGENT_MODELS_PATH, value: next });
      restored.push(`the ${MODEL_REF_PREFIX} entries of ${AGENT_MODELS_PATH.join('.')}`);
    }
  }
  const allowNow = getPath(config, POLICY_ALLOW_PATH);
  const allowThen = getPath(backup, POLICY_ALLOW_PATH);
  if (Array.isArray(allowNow)) {
    const then = Array.isArray(allowThen) && allowThen.includes(POLICY_WILDCARD);
    if (allowNow.includes(POLICY_WILDCARD) !== then) {
      changes.push({ path: POLICY_ALLOW_PATH, value: then ? [...allowNow, POLICY_WILDCARD] : allowNow.filter((entry) => entry !== POLICY_WILDCARD) });
      restored.push(`"${POLICY_WILDCARD}" in ${POLICY_ALLOW_PATH.join('.')}`);
    }
  }
  const primaryThen = configuredPrimary(backup) ?? null;
  const primaryChanges = wrote && !primaryTakenOver ? planPrimaryBack(config, wrote.primary, primaryThen) : [];
  changes.push(...primaryChanges);
  const after = applyChanges(config, changes);
  const offered = new Set(modelIds(getPath(after, PROVIDER_PATH)).map((id) => `${MODEL_REF_PREFIX}${id}`));
  const stillReferenced = configuredModelRefs(after).filter((ref) => isOurs(ref) && !offered.has(ref));
  return {
    changes,
    restored,
    primaryRestored: primaryChanges.length > 0 ? { from: wrote!.primary, to: primaryThen } : undefined,
    stillReferenced,
    ...(keptSince.length > 0 ? { keptSince } : {}),
    ...(leaving.length > 0 ? { leaving } : {}),
  };
}

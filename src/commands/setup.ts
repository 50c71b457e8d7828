import { normalizeCatalog } from '../core/catalog.js';
import { megabytes, readConfig } from '../io/config-file.js';
import { resolveConfigPath } from '../core/config-path.js';
import { previewUpdate, SETUP_LIMIT, updateConfig, type SizeLimit } from '../io/config-store.js';
import { configDiff } from '../json5/diff.js';
import { REWRITE_WARNING } from '../json5/config-text.js';
import { deepEqual, type JsonObject } from '../core/json.js';
import { resolveEndpoint } from '../core/endpoint.js';
import { envValue, type Env } from '../core/env.js';
import { NoModelsError, UsageError } from '../core/errors.js';
import { fetchCatalogText, parseCatalogText, readCatalogFile } from '../net/fetch-catalog.js';
import { restartGateway } from '../openclaw/gateway.js';
import { checkWithHost, type HostCheck } from '../openclaw/host-check.js';
import { maskKey, parseKey } from '../core/key.js';
import { NO_KEY_HELP, resolveGivenKey, type KeySource, type ResolvedKey } from '../core/key-source.js';
import { assertMergeable, planMerge, storedApiKey, type MergePlan } from '../core/merge.js';
import { applyFilter, compilePattern, NO_FILTER, splitPatterns, type ModelFilter } from '../core/model-filter.js';
import { buildProvider, ENV_KEY_REF, KEY_ENV_VAR, MODEL_REF_PREFIX, type ApiKeyValue } from '../core/provider.js';
import type { RestartState, SetupResult } from './results.js';
import { readState, stateWarning, writeState } from '../io/state.js';
import { suggestModels } from '../core/suggestions.js';

type KeyForm = 'env' | 'plain';

export interface SetupOptions {
  keys: string[];
  stdinText?: string | undefined;
  message?: string | undefined;
  baseUrl?: string | undefined;
  catalog?: string | undefined;
  timeoutSeconds: number;
  config?: string | undefined;
  profile?: string | undefined;
  restart: boolean;
  allowInsecureHttp: boolean;
  include: string[];
  exclude: string[];
  resetFilters: boolean;
  defaultModel?: string | undefined;
  keyRef?: KeyForm | undefined;
  dryRun: boolean;
  validate: boolean;
  /** --validate: ask OpenClaw even when this version accepted the same shape before. */
  forceValidate?: boolean | undefined;
  env: Env;
  userAgent: string;
  /** Told when the (possibly slow) catalog fetch starts and ends, for a spinner. */
  onFetch?: (phase: 'start' | 'end') => void;
  /** Told when the (slow) check with the installed OpenClaw starts and ends. */
  onHostCheck?: (phase: 'start' | 'end', openclaw: string | undefined) => void;
}

/** Said whenever a write took group/other access away from the config, so nobody is surprised. */
function modeNote(configPath: string, tightenedFrom: number | undefined): string[] {
  if (tightenedFrom === undefined) return [];
  const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;
  return [
    `${configPath} was readable by other users (mode ${octal(tightenedFrom)}) and now holds your key in plain text, so it is now ${octal(tightenedFrom & 0o7700)} (owner only), as OpenClaw keeps it.`,
  ];
}

/** What we did about OpenClaw's "agents.defaults.models is an allowlist" rule, when it mattered. */
function pickerNote(picker: MergePlan['picker'], firstInstall: boolean): string[] {
  if (picker === 'unlocked') {
    return [
      "Removed the fastrouter/ entries an earlier run put in agents.defaults.models: with nothing else there, OpenClaw treated them as an allowlist that blocked your other models. Every model stays selectable, FastRouter's as fastrouter/<id>.",
    ];
  }
  if (picker === 'skipped' && firstInstall) {
    return [
      "FastRouter's models were not added to agents.defaults.models: in this config that list would become an allowlist and block your other models. They are all selectable as fastrouter/<id>.",
    ];
  }
  return [];
}

interface KeyChoice {
  apiKey: ApiKeyValue;
  masked: string;
  source: KeySource;
  notes: string[];
}

function describeKey(apiKey: ApiKeyValue): string {
  return typeof apiKey === 'string' ? maskKey(apiKey) : `$${apiKey.id} (${apiKey.source} SecretRef)`;
}

/**
 * Which key, in which form. The key the user gave wins over the stored one; the form is what
 * --key-ref says, else what the config already uses (a refresh never flips plaintext and SecretRef).
 */
function chooseKey(keyRef: KeyForm | undefined, given: ResolvedKey | undefined, stored: ApiKeyValue | undefined): KeyChoice {
  const storedRef = stored !== undefined && typeof stored !== 'string' ? stored : undefined;
  if (keyRef === 'env' || (keyRef === undefined && storedRef)) {
    const ref = keyRef === 'env' ? ENV_KEY_REF : storedRef!;
    const notes: string[] = [];
    if (keyRef === 'env' && !deepEqual(storedRef, ENV_KEY_REF)) notes.push(`The config now reads the key from $${KEY_ENV_VAR}: make sure the OpenClaw gateway's environment sets it.`);
    if (given && given.source !== 'env') notes.push(`The key you gave (${maskKey(given.key)}) was not written: the config reads it through a SecretRef. Pass --key-ref plain to store it instead.`);
    return { apiKey: ref, masked: describeKey(ref), source: 'config', notes };
  }
  if (given) return { apiKey: given.key, masked: maskKey(given.key), source: given.source, notes: [] };
  if (typeof stored === 'string') {
    const key = parseKey(stored);
    return { apiKey: key, masked: maskKey(key), source: 'config', notes: [] };
  }
  throw new UsageError(NO_KEY_HELP);
}

/** The filters given as flags, checked (a bad pattern is a usage error); undefined when none were given. */
function filterFromFlags(options: SetupOptions): ModelFilter | undefined {
  const include = splitPatterns(options.include);
  const exclude = splitPatterns(options.exclude);
  [...include, ...exclude].forEach(compilePattern);
  return include.length > 0 || exclude.length > 0 ? { include, exclude } : undefined;
}

async function loadModels(options: SetupOptions, catalogUrl: string) {
  options.onFetch?.('start');
  try {
    const text = options.catalog ? readCatalogFile(options.catalog) : await fetchCatalogText(catalogUrl, { timeoutMs: options.timeoutSeconds * 1000, userAgent: options.userAgent, env: options.env });
    return normalizeCatalog(parseCatalogText(text));
  } finally {
    options.onFetch?.('end');
  }
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const endpoint = resolveEndpoint(options.baseUrl ?? envValue(options.env, 'FASTROUTER_BASE_URL'), options.allowInsecureHttp);
  const configPath = resolveConfigPath(options, options.env);
  // A malformed key or pattern stops the run before any file or network work.
  const given = resolveGivenKey({ keys: options.keys, stdinText: options.stdinText, message: options.message, env: options.env });
  const flagFilter = filterFromFlags(options);
  // The request first: the config is read and parsed while it is in flight. Its failure is reported
  // only when awaited below, after any problem with the config itself.
  const catalog = loadModels(options, endpoint.catalogUrl);
  catalog.catch(() => {});
  // Reading and parsing are synchronous: let the request get onto the wire first (transport set up,
  // connect issued), or it would only start once the parse is done.
  await new Promise((resolve) => setImmediate(resolve));
  const initial = readConfig(configPath);
  assertMergeable(initial.config ?? {});
  const state = readState(configPath);
  const filter = flagFilter ?? (options.resetFilters ? NO_FILTER : { include: state.include, exclude: state.exclude });
  const key = chooseKey(options.keyRef, given, storedApiKey(initial.config));

  const { models: offered, stats } = await catalog;
  if (offered.length === 0) throw new NoModelsError();
  const { kept: models, removed: filteredOut } = applyFilter(offered, filter);
  if (models.length === 0) {
    throw new NoModelsError(
      `None of the ${offered.length} FastRouter models match --include/--exclude (${[...filter.include, ...filter.exclude.map((p) => `!${p}`)].join(', ')}); the config was not changed.`,
    );
  }
  const defaultModel = options.defaultModel?.replace(new RegExp(`^${MODEL_REF_PREFIX}`), '');
  if (defaultModel !== undefined && !models.some((m) => m.id === defaultModel)) {
    throw new UsageError(`--default ${defaultModel} is not among the ${models.length} models being added; pick one from the list (for example ${models[0]!.id}).`);
  }
  const provider = buildProvider(endpoint.apiBaseUrl, key.apiKey, models);
  const plan = (config: JsonObject) => planMerge(config, provider, { defaultModel });

  const base = {
    configPath,
    maskedKey: key.masked,
    keySource: key.source,
    models: models.map((m) => m.id),
    catalog: stats,
    filteredOut,
    filter,
    defaultModel,
    suggestions: suggestModels(models.map((m) => m.id)),
  };

  const limit: SizeLimit = {
    maxBytes: SETUP_LIMIT.maxBytes,
    tooLarge: (bytes) =>
      `With ${models.length} models the config would be ${megabytes(bytes)}, over the ${megabytes(SETUP_LIMIT.maxBytes)} this tool reads back, so nothing was written; choose fewer models with --include (for example --include 'openai/*,anthropic/*').`,
  };

  if (options.dryRun) {
    const { plan: planned, rendered } = previewUpdate(initial, plan, limit);
    return {
      ...base,
      status: !rendered ? 'unchanged' : initial.text === undefined ? 'created' : 'updated',
      dryRun: true,
      diff: rendered ? await configDiff(configPath, initial.text, rendered.text) : '',
      added: planned.added,
      removed: planned.removed,
      firstInstall: planned.removed.length === 0 && planned.added.length === models.length,
      backup: undefined,
      restart: { status: 'not-requested' },
      hostCheck: { status: 'not-requested' },
      warnings: [
        ...key.notes,
        ...pickerNote(planned.picker, rendered !== undefined && planned.removed.length === 0 && planned.added.length === models.length),
        ...(rendered && !rendered.preserved ? [REWRITE_WARNING] : []),
      ],
    };
  }

  const outcome = await updateConfig(configPath, plan, initial, limit);
  const { added, removed, policyWildcardAdded } = outcome.plan;
  const warnings = [
    ...key.notes,
    ...modeNote(configPath, outcome.tightenedFrom),
    ...pickerNote(outcome.plan.picker, outcome.written && outcome.plan.removed.length === 0 && outcome.plan.added.length === models.length),
    ...(outcome.preserved ? [] : [REWRITE_WARNING]),
  ];
  // Before the state: a change OpenClaw rejects is rolled back, and its filters are not remembered.
  let hostCheck: HostCheck = { status: 'not-requested' };
  let hostMemory = state.hostCheck;
  if (outcome.text !== undefined && options.validate) {
    const checked = await checkWithHost({
      configPath,
      before: outcome.before,
      written: outcome.text,
      writtenConfig: outcome.config,
      backup: outcome.backup,
      memory: state.hostCheck,
      force: options.forceValidate ?? false,
      env: options.env,
      onProgress: options.onHostCheck,
    });
    hostCheck = checked.check;
    hostMemory = checked.memory;
    warnings.push(...checked.warnings);
  }
  const nextState = {
    ...state,
    include: filter.include,
    exclude: filter.exclude,
    policyWildcardAdded: state.policyWildcardAdded || policyWildcardAdded,
    ...(hostMemory ? { hostCheck: hostMemory } : {}),
  };
  if (!deepEqual(nextState, state)) {
    try {
      writeState(configPath, nextState);
    } catch (error) {
      warnings.push(stateWarning(error));
    }
  }

  let restart: RestartState = { status: 'not-requested' };
  if (options.restart) restart = outcome.written ? await restartGateway() : { status: 'not-needed' };

  return {
    ...base,
    status: !outcome.written ? 'unchanged' : outcome.created ? 'created' : 'updated',
    dryRun: false,
    diff: undefined,
    added,
    removed,
    firstInstall: outcome.written && removed.length === 0 && added.length === models.length,
    backup: outcome.backup,
    restart,
    hostCheck,
    warnings,
  };
}

import { normalizeCatalog } from '../core/catalog.js';
import { assertWritable, configOf, megabytes, readConfig } from '../io/config-file.js';
import { resolveConfigPath } from '../core/config-path.js';
import { previewUpdate, SETUP_LIMIT, updateConfig, type SizeLimit } from '../io/config-store.js';
import { dryRunDiff } from './dry-run.js';
import { changedModels, configuredModels, pickerDelta } from '../core/drift.js';
import { REWRITE_WARNING } from '../json5/config-text.js';
import { deepEqual, getPath, type JsonObject } from '../core/json.js';
import { explicitEndpoint as explicitEndpointOf, liveApiRoot, resolveEndpoint, urlSourceHint } from '../core/endpoint.js';
import { chooseEndpoint } from '../core/config-base-url.js';
import { catalogHeaders } from '../core/provider-headers.js';
import { envValue, type Env } from '../core/env.js';
import { ConfigError, KeyRefusedError, NoModelsError, UsageError } from '../core/errors.js';
import { locateOpenClaw } from '../openclaw/host-version.js';
import { storedNames, storeSecret, type StoreTarget } from '../openclaw/secret-store.js';
import { rootOnAnotherUsersState } from '../io/owner.js';
import { findPlaintextCopies, plaintextCopiesNote, scrubBackups } from '../io/plaintext-copies.js';
import { probeModel, refusalMessage, type KeyAnswer, type KeyCheck } from '../core/key-verdict.js';
import { checkKey, probeKey } from '../net/key-check.js';
import { fetchCatalogText, parseCatalogText, readCatalogFile } from '../net/fetch-catalog.js';
import { restartGateway } from '../openclaw/gateway.js';
import { writeChecked, wroteRecord } from './checked-write.js';
import { holdInterrupts, InterruptedError, RestartInterruptedError } from './interrupts.js';
import { looksLikeKey, maskKey, parseKey, plaintextKeyPaths, redactKeys } from '../core/key.js';
import { NO_KEY_HELP, resolveGivenKey, type KeySource, type ResolvedKey } from '../core/key-source.js';
import { firstFew } from '../core/words.js';
import {
  assertMergeable,
  configuredPrimary,
  fastRouterAuthProfiles,
  includedPrimary,
  isEnvTemplate,
  isKeyReference,
  planMerge,
  storedApiKey,
  stringKeyForm,
  type IncludedPrimary,
  type MergePlan,
} from '../core/merge.js';
import { includeLoader } from '../io/include-files.js';
import { askModelsStatus } from '../openclaw/host-models.js';
import { dirname } from 'node:path';
import { applyFilter, compilePattern, describeFilter, NO_FILTER, splitPatterns, unmatchedIncludeHints, unmatchedPatterns, type ModelFilter } from '../core/model-filter.js';
import { nearestIds } from '../core/nearest.js';
import type { Model } from '../core/catalog.js';
import { buildProvider, ENV_KEY_REF, KEY_ENV_VAR, MODEL_REF_PREFIX, PROVIDER_ID, type ApiKeyValue } from '../core/provider.js';
import type { RestartState, SetupResult } from './results.js';
import { readState, rememberedFilter, stateReadWarnings, type PrimaryRecord } from '../io/state.js';
import { suggestModels } from '../core/suggestions.js';

type KeyForm = 'env' | 'plain' | 'store';

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
  /** Ask FastRouter about a given key before writing (false: --no-key-check). */
  keyCheck?: boolean | undefined;
  /** Replace a plaintext key in our backups with the reference the config now uses. */
  scrubBackups?: boolean | undefined;
  /** --probe: also a 1-token chat request to a free model. */
  probe?: boolean | undefined;
  dryRun: boolean;
  /** --dry-run --diff: the whole diff, model list included. */
  fullDiff?: boolean | undefined;
  validate: boolean;
  /** --validate: ask OpenClaw even when this version accepted the same shape before. */
  forceValidate?: boolean | undefined;
  env: Env;
  userAgent: string;
  /** Do not make the top pick the primary model on a first install. */
  noDefault?: boolean | undefined;
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
  source: KeySource | 'store';
  notes: string[];
  /** A key to put into OpenClaw's secret store under `name` before the config refers to it. */
  toStore?: { name: string; key: string } | undefined;
  /** The store entry the config will read and this run does not write: it must be there already. */
  expectStored?: string | undefined;
  /** A FASTROUTER_API_KEY set in this environment that the config never reads: not checked, not written. */
  unused?: true;
  /** An auth profile the config will name: OpenClaw must hold a key in it, or it sends the id itself. */
  profileToCheck?: string;
}

type StoreRef = { source: 'store'; provider: string; id: string };
const PROVIDER_ALIAS = /^[a-z][a-z0-9_-]{0,63}$/;

/** The config's own default provider alias for a SecretRef source (`secrets.defaults.<source>`): OpenClaw resolves no other once it is set. */
function defaultAlias(config: unknown, source: 'env' | 'store'): string {
  const alias = getPath(config, ['secrets', 'defaults', source]);
  return typeof alias === 'string' && PROVIDER_ALIAS.test(alias) ? alias : 'default';
}

/** Our SecretRef into OpenClaw's secret store, under the config's default store alias. */
function storeRefFor(config: unknown): StoreRef {
  return { source: 'store', provider: defaultAlias(config, 'store'), id: KEY_ENV_VAR };
}

/** Our SecretRef to $FASTROUTER_API_KEY, under the config's default env alias. */
function envRefFor(config: unknown): ApiKeyValue {
  return { ...ENV_KEY_REF, provider: defaultAlias(config, 'env') };
}

const isStoreRef = (value: ApiKeyValue | undefined): value is StoreRef => typeof value === 'object' && value.source === 'store';

function describeKey(apiKey: ApiKeyValue, config?: unknown): string {
  if (typeof apiKey !== 'string') return apiKey.source === 'env' ? `$${apiKey.id} (env SecretRef)` : `${apiKey.id} (${apiKey.source} SecretRef)`;
  switch (stringKeyForm(apiKey, config)) {
    case 'template':
      return `${redactKeys(apiKey)}, substituted by OpenClaw`;
    case 'shorthand':
      return `${apiKey.trim()}, read from the environment by OpenClaw`;
    case 'profile':
      return `OpenClaw auth profile ${redactKeys(apiKey.trim())}`;
    case 'plain':
      return maskKey(apiKey);
  }
}

/** Where a key given to a run that keeps the stored reference belongs instead. */
function notWrittenNote(given: ResolvedKey, ref: ApiKeyValue, config: unknown): string {
  const said = `The key you gave (${maskKey(given.key)}) was not written: the config reads it through ${describeKey(ref, config)}.`;
  // OpenClaw prefers an auth profile's key to one in the config: storing it plainly would change nothing.
  if (typeof ref === 'string' && stringKeyForm(ref, config) === 'profile') return `${said} To change the key in that profile, run ${pasteCommand(ref.trim())}.`;
  return `${said} Pass --key-ref plain to store it instead.`;
}

const pasteCommand = (profile: string) => `\`printf %s "$KEY" | openclaw models auth paste-api-key --provider ${PROVIDER_ID} --profile-id ${redactKeys(profile)}\``;

/**
 * A profile OpenClaw lists (`auth.profiles`) may hold no key for the default agent (pasted for another
 * agent, a copied config): naming it would have OpenClaw send the id itself. Its own report decides.
 */
async function assertProfileHoldsKey(profile: string, configPath: string, env: Env): Promise<void> {
  const notOurs = rootOnAnotherUsersState(configPath);
  const host = locateOpenClaw(env);
  const answer = host && notOurs === undefined ? await askModelsStatus(host.command, configPath, env) : undefined;
  if (answer?.status === 'answered' && answer.keyProfiles.includes(profile)) return;
  const why =
    notOurs !== undefined
      ? `${notOurs}, or give the key`
      : answer === undefined
        ? 'openclaw is not on PATH to say whether it holds one'
        : answer.status === 'failed'
          ? `\`openclaw models status\` failed (${answer.detail})`
          : 'OpenClaw holds no key in it for the default agent';
  throw new UsageError(`${NO_KEY_HELP} (OpenClaw's auth profile ${redactKeys(profile)} was not used: ${why}.)`);
}

/** A plain key in the config is not what OpenClaw sends while one of its auth profiles holds a FastRouter key. */
function profileWinsNote(config: unknown): string[] {
  const [profile, ...others] = fastRouterAuthProfiles(config);
  if (profile === undefined) return [];
  const also = others.length === 0 ? '' : ` (and ${firstFew(others.map(redactKeys))})`;
  return [
    `OpenClaw sends the FastRouter key its auth profile ${redactKeys(profile)}${also} holds, not the one in the config: to use this key, run ${pasteCommand(profile)}, or take the profile out with \`openclaw models auth logout ${redactKeys(profile)} --yes\`.`,
  ];
}

/** `--key-ref env` is met by a stored `${FASTROUTER_API_KEY}` or `$FASTROUTER_API_KEY` as much as by the SecretRef. */
function readsKeyVariable(stored: ApiKeyValue | undefined, config: unknown): boolean {
  if (stored === undefined || deepEqual(stored, ENV_KEY_REF) || deepEqual(stored, envRefFor(config))) return stored !== undefined;
  return typeof stored === 'string' && ['template', 'shorthand'].includes(stringKeyForm(stored, config)) && stored.trim().replace(/[${}]/g, '') === KEY_ENV_VAR;
}

/**
 * Which key, in which form. The key the user gave wins over the stored one; the form is what
 * --key-ref says, else what the config already uses: a refresh never turns a reference (`${VAR}`,
 * `$VAR`, an auth-profile id, a SecretRef) into plaintext, nor the reverse.
 */
function chooseKey(keyRef: KeyForm | undefined, given: ResolvedKey | undefined, config: unknown): KeyChoice {
  // A key given with --key-ref plain replaces whatever is stored, even a SecretRef we cannot read.
  if (keyRef === 'plain' && given) return { apiKey: given.key, masked: maskKey(given.key), source: given.source, notes: [] };
  const stored = storedApiKey(config);
  const storedRef = stored !== undefined && isKeyReference(stored, config) ? stored : undefined;
  // The store: a given key goes in (also on a refresh of a config that already reads it from there,
  // when the key was given on purpose: a FASTROUTER_API_KEY that is merely set in this environment
  // must not replace the stored secret, as it replaces no other reference).
  if (keyRef === 'store' || (keyRef === undefined && given && given.source !== 'env' && isStoreRef(storedRef))) {
    const ref = keyRef === 'store' ? storeRefFor(config) : (storedRef as StoreRef);
    const toStore = given ? { name: ref.id, key: given.key } : undefined;
    return { apiKey: ref, masked: describeKey(ref), source: given?.source ?? 'store', notes: [], toStore, expectStored: toStore ? undefined : ref.id };
  }
  if (keyRef === 'env' || (keyRef === undefined && storedRef !== undefined)) {
    const keep = keyRef === undefined || readsKeyVariable(storedRef, config);
    const ref = keep ? storedRef! : envRefFor(config);
    const notes: string[] = [];
    if (!keep) notes.push(`The config now reads the key from $${KEY_ENV_VAR}: make sure the OpenClaw gateway's environment sets it.`);
    if (given && given.source !== 'env') notes.push(notWrittenNote(given, ref, config));
    // Merely set here, and read by nothing the config names (the store, a file, a profile, another
    // variable): checking it would judge a key OpenClaw never sends, storing it would overrule the stored one.
    if (given?.source === 'env' && !readsKeyVariable(ref, config)) {
      const pass = isStoreRef(ref) ? 'pass --key-ref store to put it there' : 'pass --key-ref env or plain to use it instead';
      const from = isStoreRef(ref) ? `OpenClaw's secret store (${ref.id})` : describeKey(ref, config);
      notes.push(`$${KEY_ENV_VAR} is set here, but the config reads the key from ${from}; it was neither checked nor stored: ${pass}.`);
      return { apiKey: ref, masked: describeKey(ref, config), source: 'config', notes, unused: true };
    }
    return { apiKey: ref, masked: describeKey(ref, config), source: 'config', notes };
  }
  if (given) return { apiKey: given.key, masked: maskKey(given.key), source: given.source, notes: profileWinsNote(config) };
  if (storedRef !== undefined) throw new UsageError(`--key-ref plain needs the key itself (the config reads it through ${describeKey(storedRef, config)}): pass it with --key-stdin.`);
  if (typeof stored === 'string') {
    const key = parseKey(stored);
    return { apiKey: key, masked: maskKey(key), source: 'config', notes: profileWinsNote(config) };
  }
  // A key pasted into OpenClaw before any setup (`openclaw models auth paste-api-key`): the config refers to its profile, as OpenClaw itself would.
  const [profile] = fastRouterAuthProfiles(config);
  if (profile !== undefined && keyRef === undefined) return { apiKey: profile, masked: describeKey(profile, config), source: 'config', notes: [], profileToCheck: profile };
  throw new UsageError(NO_KEY_HELP);
}

/**
 * What FastRouter says about the key given this run, asked while the catalog is fetched (same
 * transport, same deadline). No key given, --no-key-check, or --catalog (offline): nothing is asked.
 */
function startKeyCheck(options: SetupOptions, given: ResolvedKey | undefined, apiRoot: string, headers: Record<string, string>): Promise<KeyAnswer> {
  if (given === undefined && options.keyRef === 'store') return Promise.resolve({ status: 'not-verified', reason: "the key is in OpenClaw's secret store, which this tool never reads" });
  if (given === undefined) return Promise.resolve({ status: 'skipped', reason: 'no key given: the stored one was reused' });
  if (options.keyCheck === false) return Promise.resolve({ status: 'skipped', reason: '--no-key-check' });
  if (options.catalog !== undefined) return Promise.resolve({ status: 'not-verified', reason: '--catalog reads a saved catalog, so FastRouter was not asked' });
  return checkKey(apiRoot, given.key, { timeoutMs: Math.round(options.timeoutSeconds * 1000), userAgent: options.userAgent, env: options.env, headers });
}

/** With --probe, after the catalog: a 1-token request to a free model; a refused key ends the run here, before any write. */
async function probeIfAsked(options: SetupOptions, given: ResolvedKey | undefined, answer: KeyCheck, apiRoot: string, models: readonly Model[], headers: Record<string, string>): Promise<KeyCheck> {
  if (!options.probe || given === undefined) return answer;
  const model = probeModel(models);
  if (options.catalog !== undefined || model === undefined) {
    const why = model === undefined ? 'the catalog lists no free model to probe with' : '--catalog: FastRouter was not asked';
    return answer.status === 'verified' ? { ...answer, warning: `--probe: ${why}.` } : answer;
  }
  const probed = await probeKey(apiRoot, given.key, model, { timeoutMs: Math.round(options.timeoutSeconds * 1000), userAgent: options.userAgent, env: options.env, headers });
  if (probed.status === 'refused') throw new KeyRefusedError(refusalMessage(probed, given.key));
  return probed.status === 'verified' ? probed : { ...answer, ...(answer.status === 'verified' ? { warning: `--probe got no answer: ${probed.reason}.` } : {}) };
}

const STORE_NEEDS_OPENCLAW = "--key-ref store keeps the key in OpenClaw's secret store, which needs the `openclaw` command on PATH; run this where OpenClaw is installed, or use --key-ref env.";

/** OpenClaw's secret store is in its state: as root on another user's config, not ours to open. */
function assertStoreIsOurs(configPath: string): void {
  const notOurs = rootOnAnotherUsersState(configPath);
  if (notOurs !== undefined) throw new UsageError(`The key was not put into OpenClaw's secret store and ${configPath} was not changed: ${notOurs}, or use --key-ref env.`);
}

/** --key-ref store without a key: the entry the config will read must be in the store already. */
function expectInStore(name: string, listing: Awaited<ReturnType<typeof storedNames>>): void {
  if ('detail' in listing) throw new UsageError(`Could not list OpenClaw's secret store (openclaw secrets store list: ${listing.detail}); give the key with --key-stdin to store it.`);
  if (!listing.names.includes(name)) {
    throw new UsageError(`OpenClaw's secret store has no ${name}: give the key with --key-stdin (it goes into the store, not the config), or let the agent request it with its secrets tool.`);
  }
}

/**
 * `openclaw secrets store set` with the key on stdin, bound to the host the key is sent to, before the
 * config refers to it. A Ctrl-C stops it: nothing was written to the config.
 */
async function putIntoStore(entry: { name: string; key: string }, apiRoot: string, target: StoreTarget, configPath: string): Promise<string[]> {
  assertStoreIsOurs(configPath);
  const host = new URL(apiRoot).hostname.replace(/^\[(.*)\]$/, '$1');
  const interrupts = holdInterrupts();
  try {
    const outcome = await storeSecret(entry.name, entry.key, [host], { ...target, signal: interrupts.signal });
    if (interrupts.signal.aborted) throw new InterruptedError(`Interrupted while storing the key in OpenClaw's secret store; ${configPath} was not changed.`);
    if (outcome.status === 'failed') throw new ConfigError(`Could not put the key into OpenClaw's secret store (openclaw secrets store set: ${outcome.detail}); ${configPath} was not changed.`);
  } finally {
    interrupts.release();
  }
  return [
    `The key (${maskKey(entry.key)}) is in OpenClaw's secret store as ${entry.name}, usable only towards ${host}; the config refers to it. A running gateway picks up a changed value after \`openclaw secrets reload\`.`,
  ];
}

/**
 * Once the config holds no plaintext key: when this run took it out (or --scrub-backups asks), the
 * copies that still hold it are named, and ours scrubbed on request.
 */
function plaintextCopies(options: SetupOptions, configPath: string, before: unknown, after: unknown, apiKey: ApiKeyValue): string[] {
  const plainAfter = typeof apiKey === 'string' && !isEnvTemplate(apiKey);
  const stored = storedApiKey(before);
  const plainBefore = typeof stored === 'string' && !isEnvTemplate(stored);
  if (plainAfter) return options.scrubBackups ? ['--scrub-backups: the config itself holds the key in plain text, so nothing was scrubbed; use --key-ref store (or env) to take it out.'] : [];
  if (!(plainBefore || options.scrubBackups)) return [];
  // The key left FastRouter's apiKey, but the user may keep it elsewhere in the config too.
  const elsewhere = plaintextKeyPaths(after);
  if (elsewhere.length > 0) {
    return [
      `The config still holds your FastRouter key in plain text at ${elsewhere.slice(0, 3).join(', ')}${elsewhere.length > 3 ? ', …' : ''}, where you put it; anything that reads openclaw.json sees it there${options.scrubBackups ? ', so our backups were not scrubbed' : ''}.`,
    ];
  }
  const copies = findPlaintextCopies(configPath);
  const scrubbed = options.scrubBackups && copies.ours.length > 0 ? scrubBackups(configPath, copies.ours, apiKey) : undefined;
  return plaintextCopiesNote(copies, scrubbed);
}

/** The filters given as flags, checked (a bad pattern is a usage error); undefined when none were given. */
function filterFromFlags(options: SetupOptions): ModelFilter | undefined {
  const include = splitPatterns(options.include);
  const exclude = splitPatterns(options.exclude);
  [...include, ...exclude].forEach(compilePattern);
  if ([...include, ...exclude].some(looksLikeKey)) {
    throw new UsageError('An --include/--exclude pattern looks like an API key; patterns match model ids, so it was not used or remembered.');
  }
  return include.length > 0 || exclude.length > 0 ? { include, exclude } : undefined;
}

/** The catalog from `catalogUrl` or the --catalog file, normalized: also what `status` and `models` read. */
export async function loadModels(
  options: Pick<SetupOptions, 'catalog' | 'timeoutSeconds' | 'userAgent' | 'env' | 'onFetch' | 'allowInsecureHttp'>,
  catalogUrl: string,
  urlSource: string,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  options.onFetch?.('start');
  try {
    const text = options.catalog
      ? readCatalogFile(options.catalog)
      : await fetchCatalogText(catalogUrl, {
          timeoutMs: Math.round(options.timeoutSeconds * 1000),
          userAgent: options.userAgent,
          env: options.env,
          urlSource,
          allowInsecureHttp: options.allowInsecureHttp,
          headers,
          signal,
        });
    return normalizeCatalog(parseCatalogText(text, options.catalog ? { file: options.catalog } : { url: catalogUrl, check: urlSource }));
  } finally {
    options.onFetch?.('end');
  }
}

function droppedWarnings(refs: readonly string[]): string[] {
  return refs.map(
    (ref) =>
      `agents.defaults.model names ${ref}, which is no longer among the FastRouter models in this config (gone from the catalog or left out by the filters); pick another with \`openclaw models set <provider/model>\` (or --default <id>) so OpenClaw does not fall back to a missing model.`,
  );
}

/** A refresh sets `contextWindow` back to the catalog's: say so, and where a lasting cap goes. */
function contextWindowWarnings(changed: MergePlan['contextWindows']): string[] {
  if (changed.length === 0) return [];
  const shown = firstFew(changed.map(({ id, from, to }) => `${id} ${from} → ${to}`));
  return [
    `contextWindow follows the catalog, so this refresh set it back (${shown}); to cap the context OpenClaw uses, set contextTokens on that model entry (models.providers.fastrouter.models[].contextTokens), which refreshes keep.`,
  ];
}

function settingsWarnings(dropped: MergePlan['droppedSettings']): string[] {
  return dropped.map(
    ({ ref, alias }) =>
      `agents.defaults.models["${ref}"] held your settings${alias ? ` (alias "${alias}")` : ''} and left with its model (gone from the catalog or left out by the filters); restore brings it back.`,
  );
}

/** Filters given on the command line take the place of the remembered ones: say so when that drops some. */
function replacedFilterNote(given: ModelFilter | undefined, remembered: ModelFilter): string[] {
  const before = describeFilter(remembered);
  if (given === undefined || before === '' || before === describeFilter(given)) return [];
  return [`--include/--exclude replace the remembered filters (${before}); give those again to keep them, or --reset-filters to start over.`];
}

/** --default names no model being added: say whether the filters hide it, else offer the nearest ids. */
function unknownDefault(id: string, models: readonly Model[], offered: readonly Model[], filter: ModelFilter, source: 'flags' | 'remembered'): UsageError {
  if (offered.some((m) => m.id === id)) {
    const how = source === 'remembered' ? 'Pass --reset-filters (or an --include that matches it) to add it.' : 'Widen --include/--exclude to add it.';
    return new UsageError(`--default ${id} is in the catalog, but the ${source === 'remembered' ? 'remembered ' : ''}filters (${describeFilter(filter)}) leave it out. ${how}`);
  }
  const near = nearestIds(
    id,
    models.map((m) => m.id),
  );
  const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : 'run with --dry-run to see the list.';
  return new UsageError(`--default ${id} is not among the ${models.length} models being added; ${hint}`);
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const explicitEndpoint = explicitEndpointOf(options.baseUrl, envValue(options.env, 'FASTROUTER_BASE_URL'), options.allowInsecureHttp);
  if (options.defaultModel !== undefined && options.noDefault) throw new UsageError('--default and --no-default contradict each other; pass one.');
  const configPath = resolveConfigPath(options, options.env);
  // A malformed key or pattern stops the run before any file or network work.
  const given = resolveGivenKey({ keys: options.keys, stdinText: options.stdinText, message: options.message, env: options.env });
  const flagFilter = filterFromFlags(options);
  if (options.keyRef === 'store' && !locateOpenClaw(options.env)) throw new UsageError(STORE_NEEDS_OPENCLAW);
  if (options.keyRef === 'store') assertStoreIsOurs(configPath);
  const storeTarget = { env: options.env, configPath, profile: options.profile };
  // Without a key, --key-ref store refers to an entry that must be there: asked now, it answers while the catalog comes.
  const storeListing = options.keyRef === 'store' && given === undefined ? storedNames(storeTarget) : undefined;
  // The request first when its URL does not depend on the config (a flag, the variable, a file): the
  // config is read and parsed while it is in flight. Without them the URL is the config's own
  // baseUrl, so the config is read first. A failure is reported only when awaited below, after any
  // problem with the config itself.
  const early = new AbortController();
  const startCatalog = (url: string, urlSource: string, headers: Record<string, string> = {}, signal = new AbortController().signal) => {
    const started = loadModels(options, url, urlSource, headers, signal);
    started.catch(() => {});
    return started;
  };
  let catalog =
    options.catalog !== undefined || explicitEndpoint
      ? startCatalog((explicitEndpoint ?? resolveEndpoint()).catalogUrl, urlSourceHint(options.baseUrl !== undefined ? 'flag' : 'env'), {}, early.signal)
      : undefined;
  // Reading and parsing are synchronous: let the request get onto the wire first (transport set up,
  // connect issued), or it would only start once the parse is done.
  if (catalog) await new Promise((resolve) => setImmediate(resolve));
  const initial = readConfig(configPath);
  assertMergeable(configOf(initial));
  const state = readState(configPath);
  const filter = flagFilter ?? (options.resetFilters ? NO_FILTER : rememberedFilter(configPath, state));
  const key = chooseKey(options.keyRef, given, initial.config);
  if (key.profileToCheck !== undefined) await assertProfileHoldsKey(key.profileToCheck, configPath, options.env);
  const { endpoint, changedFrom, urlSource, notes: endpointNotes } = chooseEndpoint(explicitEndpoint, initial.config, options.env, options.catalog !== undefined, options.allowInsecureHttp);
  const filterSource = flagFilter ? 'flags' : 'remembered';

  // The provider's headers (a gateway in front of FastRouter may need one) are known only now: an
  // early request without them gives way to one with them.
  const sent = options.catalog === undefined ? catalogHeaders(initial.config, options.env) : { headers: {}, notes: [] };
  if (catalog && Object.keys(sent.headers).length > 0) {
    early.abort();
    catalog = undefined;
  }
  catalog ??= startCatalog(endpoint.catalogUrl, urlSource, sent.headers);
  // The key check carries the provider's headers too: a gateway in front that wants one would refuse
  // the request for their lack, and that is not FastRouter refusing the key.
  const apiRoot = liveApiRoot(endpoint);
  // The key's answer first: a refused key is what the user must fix, whatever the catalog did.
  const answered = await startKeyCheck(options, key.unused ? undefined : given, apiRoot, sent.headers);
  if (answered.status === 'refused') throw new KeyRefusedError(refusalMessage(answered, given!.key));
  const { models: offered, stats } = await catalog;
  const keyCheck = await probeIfAsked(options, given, answered, apiRoot, offered, sent.headers);
  if (offered.length === 0) throw new NoModelsError();
  // A part of the flags that matches nothing is a typo: refused before it is written or remembered.
  const typos = flagFilter ? unmatchedPatterns(offered, flagFilter) : [];
  if (typos.length > 0) throw new UsageError(`${typos.join(' ')} Nothing was changed: fix ${typos.length > 1 ? 'these patterns' : 'the pattern'}, or leave ${typos.length > 1 ? 'them' : 'it'} out.`);
  const { kept: models, removed: filteredOut } = applyFilter(offered, filter);
  const unmatched = unmatchedIncludeHints(offered, filter);
  if (models.length === 0) {
    throw new NoModelsError(
      `None of the ${offered.length} FastRouter models match ${filterSource === 'flags' ? '--include/--exclude' : 'the remembered filters'} (${describeFilter(filter)}); the config was not changed.${unmatched.length ? ` ${unmatched.join(' ')}` : ''}${filterSource === 'remembered' ? ' Pass --reset-filters to forget them.' : ''}`,
    );
  }
  const defaultModel = options.defaultModel?.replace(new RegExp(`^${MODEL_REF_PREFIX}`), '');
  if (defaultModel !== undefined && !models.some((m) => m.id === defaultModel)) throw unknownDefault(defaultModel, models, offered, filter, filterSource);
  // A `${VAR}` base URL is OpenClaw's to fill in: the block is checked with a real URL, then keeps the template.
  const checkedUrl = isEnvTemplate(endpoint.apiBaseUrl) ? resolveEndpoint().apiBaseUrl : endpoint.apiBaseUrl;
  const provider = { ...buildProvider(checkedUrl, key.apiKey, models), baseUrl: endpoint.apiBaseUrl };
  const suggestions = suggestModels(models.map((m) => m.id));
  const firstInstallPrimary = options.noDefault ? undefined : suggestions[0];
  const included = includedPrimary((initial.config ?? {}) as JsonObject, configPath, includeLoader(dirname(configPath)));
  const firstInstall = getPath(initial.config, ['models', 'providers', 'fastrouter']) === undefined;
  const plan = (config: JsonObject) => planMerge(config, provider, { defaultModel, firstInstallPrimary, included });
  const stateNotes = stateReadWarnings(configPath);
  const notes = [
    ...stateNotes,
    ...(keyCheck.status === 'verified' && keyCheck.warning ? [keyCheck.warning] : []),
    ...key.notes,
    ...endpointNotes,
    ...sent.notes,
    ...unmatched,
    ...replacedFilterNote(flagFilter, state),
    ...(firstInstall ? includeNote(included, defaultModel, firstInstallPrimary) : []),
  ];

  const base = {
    configPath,
    maskedKey: key.masked,
    keySource: key.source,
    keyCheck,
    models: models.map((m) => m.id),
    catalog: stats,
    filteredOut,
    filter,
    defaultModel,
    suggestions,
    baseUrl: endpoint.apiBaseUrl,
    baseUrlChangedFrom: changedFrom,
  };

  const limit: SizeLimit = {
    maxBytes: SETUP_LIMIT.maxBytes,
    tooLarge: (bytes) =>
      `With ${models.length} models the config would be ${megabytes(bytes)}, over the ${megabytes(SETUP_LIMIT.maxBytes)} this tool reads back, so nothing was written; choose fewer models with --include (for example --include 'openai/*,anthropic/*').`,
  };

  if (options.dryRun) {
    const { plan: planned, rendered, after } = previewUpdate(initial, plan, limit);
    const providerOf = (config: unknown) => configuredModels(getPath(config, ['models', 'providers', PROVIDER_ID]));
    return {
      ...base,
      status: !rendered ? 'unchanged' : initial.text === undefined ? 'created' : 'updated',
      dryRun: true,
      ...(rendered ? await dryRunDiff(configPath, initial.text, rendered.text, options.fullDiff ?? false) : { diff: '', folded: false }),
      changed: after ? changedModels(providerOf(initial.config), providerOf(after)) : [],
      picker: after ? pickerDelta(initial.config, after) : { added: 0, removed: 0 },
      added: planned.added,
      removed: planned.removed,
      repriced: planned.repriced,
      firstInstall: planned.removed.length === 0 && planned.added.length === models.length,
      primarySet: planned.primarySet,
      backup: undefined,
      restart: { status: 'not-requested' },
      openclawVersion: undefined,
      hostCheck: { status: 'not-requested' },
      warnings: [
        ...notes,
        ...(key.toStore ? [`--dry-run: the key was not put into OpenClaw's secret store as ${key.toStore.name}.`] : []),
        ...droppedWarnings(planned.droppedReferences),
        ...settingsWarnings(planned.droppedSettings),
        ...contextWindowWarnings(planned.contextWindows),
        ...pickerNote(planned.picker, rendered !== undefined && planned.removed.length === 0 && planned.added.length === models.length),
        ...(rendered && !rendered.preserved ? [REWRITE_WARNING] : []),
      ],
    };
  }

  if (key.expectStored !== undefined) expectInStore(key.expectStored, await storeListing!);
  if (key.toStore !== undefined) {
    // The store is changed before the config (which refers to it): a config change we then could not
    // write must be known first, or a failed run would leave the store changed.
    if (!locateOpenClaw(options.env)) throw new UsageError(STORE_NEEDS_OPENCLAW.replace('--key-ref store keeps', 'This config keeps'));
    if (initial.text !== undefined && previewUpdate(initial, plan, limit).rendered) assertWritable(configPath);
    notes.push(...(await putIntoStore(key.toStore, liveApiRoot(endpoint), storeTarget, configPath)));
  }

  // From the write until the state is saved, a Ctrl-C is held: the run ends with both or neither.
  const {
    outcome,
    hostCheck,
    warnings: checkWarnings,
  } = await writeChecked({
    configPath,
    options,
    memory: state.hostCheck,
    write: () => updateConfig(configPath, plan, initial, limit),
    nextState: (written, hostMemory) => {
      const next = {
        ...state,
        include: filter.include,
        exclude: filter.exclude,
        policyWildcardAdded: state.policyWildcardAdded || written.plan.policyWildcardAdded,
        ...(hostMemory ? { hostCheck: hostMemory } : {}),
        // `status` says when the list was last refreshed.
        ...(written.written ? { lastRefresh: new Date().toISOString() } : {}),
        // A run that writes nothing still sees whose primary it is: the config as read under the lock.
        primary: primaryRecord(state.primary, written.plan, written.config ?? configOf(written.before)),
        ...(written.text !== undefined ? { wrote: wroteRecord(written.text, written.config) } : {}),
      };
      if (next.primary === undefined) delete next.primary;
      // An unreadable state file is left as it is; stateNotes already say so.
      return stateNotes.length > 0 || deepEqual(next, state) ? undefined : next;
    },
  });
  const { added, removed, droppedReferences, primarySet } = outcome.plan;
  const warnings = [
    ...notes,
    ...plaintextCopies(options, configPath, initial.config, outcome.config ?? initial.config, key.apiKey),
    ...droppedWarnings(droppedReferences),
    ...settingsWarnings(outcome.plan.droppedSettings),
    ...contextWindowWarnings(outcome.written ? outcome.plan.contextWindows : []),
    ...modeNote(configPath, outcome.tightenedFrom),
    ...pickerNote(outcome.plan.picker, outcome.written && outcome.plan.removed.length === 0 && outcome.plan.added.length === models.length),
    ...(outcome.preserved ? [] : [REWRITE_WARNING]),
    ...checkWarnings,
  ];

  let restart: RestartState = { status: 'not-requested' };
  if (options.restart) restart = outcome.written ? await restartHeld(configPath, outcome.backup) : { status: 'not-needed' };

  return {
    ...base,
    status: !outcome.written ? 'unchanged' : outcome.created ? 'created' : 'updated',
    dryRun: false,
    diff: undefined,
    folded: false,
    changed: [],
    picker: undefined,
    added,
    removed,
    repriced: outcome.written ? outcome.plan.repriced : [],
    firstInstall: outcome.written && removed.length === 0 && added.length === models.length,
    primarySet: outcome.written ? primarySet : undefined,
    backup: outcome.backup,
    restart,
    openclawVersion: 'openclaw' in hostCheck && hostCheck.openclaw !== undefined ? hostCheck.openclaw : locateOpenClaw(options.env)?.version,
    hostCheck,
    warnings,
  };
}

/** A primary behind an `$include` we could not read is left alone: say so when it mattered. */
function includeNote(included: IncludedPrimary | undefined, defaultModel: string | undefined, firstInstallPrimary: string | undefined): string[] {
  if (!included || !('unreadable' in included) || defaultModel !== undefined || firstInstallPrimary === undefined) return [];
  return [
    `agents.defaults takes its settings from an "$include", and ${included.unreadable}, so this run cannot tell which primary model OpenClaw will use and left it alone; pass --default <id> to set one.`,
  ];
}

/**
 * What `remove` needs to take back the primary this run set: the first one a run of ours replaced
 * stays the one to go back to while the config still names our pick. Once a run sees another
 * primary there, the user took it over: it is theirs from then on, even if they pick ours again.
 */
function primaryRecord(record: PrimaryRecord | undefined, plan: MergePlan, config: unknown): PrimaryRecord | undefined {
  if (plan.primarySet === undefined) return record && configuredPrimary(config) === record.set ? record : undefined;
  const previous = record && record.set === plan.primaryBefore ? record.previous : (plan.primaryBefore ?? null);
  return { set: `${MODEL_REF_PREFIX}${plan.primarySet}`, previous };
}

/**
 * --restart after a write: a Ctrl-C (SIGTERM, SIGHUP) stops the restart and ends the run with a
 * sentence saying the change stands, instead of silently, as if nothing had been written.
 */
async function restartHeld(configPath: string, backup: string | undefined): Promise<RestartState> {
  const interrupts = holdInterrupts();
  try {
    const outcome = await restartGateway(interrupts.signal);
    if (interrupts.signal.aborted) throw new RestartInterruptedError(configPath, backup);
    return outcome;
  } finally {
    interrupts.release();
  }
}

import { listBackups, backupTime } from '../io/backup.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import type { Env } from '../core/env.js';
import { CliError, ExitCode, type ExitCodeValue } from '../core/errors.js';
import { catalogDrift, configuredModels, fastrouterReferences, isStale, type ModelReference } from '../core/drift.js';
import { deepEqual, getPath } from '../core/json.js';
import { keyAtHand, keyStatus, type KeyStatus } from '../core/key-status.js';
import { liveApiRoot } from '../core/endpoint.js';
import { catalogHeaders } from '../core/provider-headers.js';
import type { KeyAnswer } from '../core/key-verdict.js';
import { checkKey } from '../net/key-check.js';
import { applyFilter, type ModelFilter } from '../core/model-filter.js';
import type { Model } from '../core/catalog.js';
import { PROVIDER_ID } from '../core/provider.js';
import { isSameFile, MAX_RECOVERY_BYTES, readConfig } from '../io/config-file.js';
import { readState, rememberedFilterProblem, statePathFor, stateReadWarnings } from '../io/state.js';
import { askModelsStatus, type HostModels } from '../openclaw/host-models.js';
import { locateOpenClaw } from '../openclaw/host-version.js';
import { holdInterrupts, InterruptedError } from './interrupts.js';
import { rootOnAnotherUsersState } from '../io/owner.js';
import type { StatusCatalog, StatusResult } from './results.js';
import { endpointFor, readCatalogFor, type CatalogReadOptions } from './catalog-read.js';

export interface StatusOptions extends ConfigPathOptions, CatalogReadOptions {
  env: Env;
  /** False with --no-validate: OpenClaw is not asked. */
  askOpenClaw: boolean;
  /**
   * A command line for a hint: this runner as a person starts it (its path where no package is
   * installed) with `args`, and the flag naming this same config (`--profile work`), if one is needed.
   */
  hint?: (args: string) => string;
}

type CatalogRead = { offered: Model[]; ids: Set<string>; notes: string[] } | { unavailable: string };

/** The catalog as setup would read it (same endpoint choice, same filters); a failure is reported, not thrown. */
async function readCatalog(options: StatusOptions, config: unknown, filter: ModelFilter): Promise<CatalogRead> {
  try {
    const { models, notes } = await readCatalogFor(options, config);
    return { offered: applyFilter(models, filter).kept, ids: new Set(models.map((m) => m.id)), notes };
  } catch (error) {
    // A usage error (a malformed --base-url) is the user's to fix now; the rest is what status reports.
    if (error instanceof CliError && error.exitCode !== ExitCode.usage) return { unavailable: error.message };
    throw error;
  }
}

/**
 * The key check of setup, for the key the config holds, where it is at hand (a plain key, a variable
 * set here): one free request beside the catalog fetch. Offline (--catalog) nothing is asked.
 */
function checkConfiguredKey(options: StatusOptions, config: unknown, provider: unknown): Promise<KeyAnswer> {
  if (provider === undefined) return Promise.resolve({ status: 'skipped', reason: 'FastRouter is not set up' });
  if (options.catalog !== undefined) return Promise.resolve({ status: 'not-verified', reason: '--catalog reads a saved catalog, so FastRouter was not asked' });
  const atHand = keyAtHand(getPath(provider, ['apiKey']), options.env, config);
  if ('why' in atHand) return Promise.resolve({ status: atHand.why.includes('never reads') ? 'not-verified' : 'skipped', reason: atHand.why });
  let apiRoot: string;
  try {
    apiRoot = liveApiRoot(endpointFor(options, config).endpoint);
  } catch {
    // The catalog read says what is wrong with the endpoint.
    return Promise.resolve({ status: 'skipped', reason: 'the FastRouter endpoint is not usable' });
  }
  const headers = catalogHeaders(config, options.env).headers;
  return checkKey(apiRoot, atHand.key, { timeoutMs: Math.round(options.timeoutSeconds * 1000), userAgent: options.userAgent, env: options.env, headers }).catch((): KeyAnswer => ({
    status: 'not-verified',
    reason: 'the check failed',
  }));
}

/** A key FastRouter refuses: OpenClaw's every request with it fails the same way. */
function keyProblem(answer: KeyAnswer, key: KeyStatus, hint: (args: string) => string): string[] {
  if (answer.status !== 'refused') return [];
  const said = `HTTP ${answer.httpStatus}${answer.said ? `: ${answer.said}` : ''}`;
  if (key.form === 'plain') return [`FastRouter refuses the key in the config (${said}); give a working one: \`printf %s "$KEY" | ${hint('--key-stdin')}\`.`];
  // A reference stays a reference on a refresh: the variable is what must change.
  const names = key.variables.map((name) => `$${name}`).join(', ');
  return [`FastRouter refuses the key in ${names} (${said}); set ${names} to a working key here and where the gateway runs.`];
}

/** What OpenClaw says, with Ctrl-C stopping it (and everything it started) rather than leaving it behind. */
async function askOpenClaw(options: StatusOptions, configPath: string): Promise<StatusResult['openclaw']> {
  const host = locateOpenClaw(options.env);
  if (!host) return { status: 'not-on-path' };
  if (!options.askOpenClaw) return { status: 'not-asked', version: host.version };
  if (rootOnAnotherUsersState(configPath) !== undefined) return { status: 'not-asked', version: host.version, reason: 'another-user' };
  const interrupts = holdInterrupts();
  let answer: HostModels;
  try {
    answer = await askModelsStatus(host.command, configPath, options.env, interrupts.signal);
  } finally {
    interrupts.release();
  }
  if (interrupts.signal.aborted) throw new InterruptedError('Interrupted: nothing was changed.');
  return { ...answer, version: host.version };
}

/**
 * The primary and fallbacks the config or the catalog no longer has, each with the command that
 * fixes it: a new primary with --default, a gone fallback taken out with OpenClaw's own command.
 * The fallbacks are one line however many there are, so no other problem is pushed off the list.
 */
function referenceProblems(references: readonly ModelReference[], hint: (args: string) => string): string[] {
  const why = (r: ModelReference) => (!r.inConfig ? 'is not among the FastRouter models in the config' : 'is gone from the FastRouter catalog');
  const broken = references.filter((r) => !r.inConfig || r.inCatalog === false);
  const primary = broken.filter((r) => r.role === 'primary');
  const fallbacks = broken.filter((r) => r.role !== 'primary');
  return [
    ...primary.map((r) => `The primary model ${r.ref} ${why(r)}, so OpenClaw cannot use it; pick another with \`${hint('--default <id>')}\` (ids: \`${hint('models')}\`).`),
    ...(fallbacks.length === 0
      ? []
      : [
          fallbacks.length === 1
            ? `The fallback model ${fallbacks[0]!.ref} ${why(fallbacks[0]!)}; take it out with \`openclaw models fallbacks remove ${fallbacks[0]!.ref}\`.`
            : `${fallbacks.length} fallback models are gone from the config or the catalog (${fallbacks
                .slice(0, 3)
                .map((r) => r.ref)
                .join(', ')}${fallbacks.length > 3 ? ', …' : ''}); take each out with \`openclaw models fallbacks remove <model>\`.`,
        ]),
  ];
}

function openClawProblems(openclaw: StatusResult['openclaw'], setUp: boolean, hint: (args: string) => string): string[] {
  if (openclaw.status === 'failed') return [`\`openclaw models status\` failed (${openclaw.detail}).`];
  if (openclaw.status !== 'answered' || !setUp) return [];
  if (openclaw.keyMissing || openclaw.keyFrom === undefined) return [`OpenClaw finds no key for FastRouter; give one: \`printf %s "$KEY" | ${hint('--key-stdin')}\`.`];
  return [];
}

/**
 * The catalog moved on: a refresh brings the config up to date, unless the catalog (or the filters)
 * leave no model, where a refresh changes nothing and exits 4.
 */
function staleProblem(offered: number, inCatalog: number, hint: (args: string) => string): string {
  if (offered > 0) return `The FastRouter catalog changed since the last refresh; run \`${hint('')}\` to bring the config up to date.`;
  if (inCatalog === 0) return 'The FastRouter catalog offers no text or image model now, so a refresh would leave the config as it is; check https://fastrouter.ai, then run status again later.';
  return `The remembered filters keep none of the ${inCatalog} models the FastRouter catalog offers now, so a refresh would leave the config as it is; widen them, or run \`${hint('--reset-filters')}\`.`;
}

function exitCodeFor(setUp: boolean, problems: readonly string[], catalog: StatusCatalog): ExitCodeValue {
  if (!setUp) return ExitCode.notSetUp;
  if (problems.length > 0) return ExitCode.attention;
  return catalog.status === 'unavailable' ? ExitCode.catalog : ExitCode.ok;
}

/** What the config at `configPath` holds for FastRouter, read once. */
function readSetup(configPath: string) {
  const snapshot = readConfig(configPath, MAX_RECOVERY_BYTES);
  const provider = getPath(snapshot.config, ['models', 'providers', PROVIDER_ID]);
  return { snapshot, provider, setUp: provider !== undefined, configured: configuredModels(provider) };
}

/**
 * Whether FastRouter is set up in the config OpenClaw reads, and whether it is current: one read of
 * the config and the state, one catalog fetch (beside one `openclaw models status` when OpenClaw is
 * on PATH). Writes nothing, creates nothing.
 */
export async function runStatus(options: StatusOptions): Promise<StatusResult> {
  const hint = options.hint ?? ((args: string) => `fastrouter-openclaw ${args}`.trimEnd());
  const configPath = resolveConfigPath(options, options.env);
  let setup = readSetup(configPath);
  const state = readState(configPath);
  const filter = { include: state.include, exclude: state.exclude };
  // Filters that no longer compile stop every refresh: a problem to name, and nothing to compare the catalog with.
  const filterProblem = rememberedFilterProblem(state);
  const catalogOf = (now: typeof setup): Promise<CatalogRead | undefined> =>
    !now.setUp ? Promise.resolve(undefined) : filterProblem ? Promise.resolve({ unavailable: 'the remembered filters do not work' }) : readCatalog(options, now.snapshot.config, filter);
  let [read, openclaw, keyCheck] = await Promise.all([catalogOf(setup), askOpenClaw(options, configPath), checkConfiguredKey(options, setup.snapshot.config, setup.provider)]);
  // OpenClaw may rewrite the file while it answers: its clobber guard puts `openclaw.json.bak` back
  // when the file shrank (an old config copied over it). Describe the file OpenClaw left, not the one it replaced.
  const rewritten = !isSameFile(setup.snapshot);
  if (rewritten) {
    const before = setup;
    setup = readSetup(configPath);
    if (setup.setUp && (!before.setUp || !deepEqual(getPath(before.provider, ['baseUrl']), getPath(setup.provider, ['baseUrl'])))) read = await catalogOf(setup);
    if (!deepEqual(getPath(before.provider, ['apiKey']), getPath(setup.provider, ['apiKey']))) keyCheck = await checkConfiguredKey(options, setup.snapshot.config, setup.provider);
  }
  const { snapshot, provider, setUp, configured } = setup;
  const catalog: StatusCatalog =
    read === undefined
      ? { status: 'not-read' }
      : 'unavailable' in read
        ? { status: 'unavailable', detail: read.unavailable }
        : { status: 'read', models: read.offered.length, drift: catalogDrift(configured, read.offered) };
  const references = fastrouterReferences(snapshot.config, configured, read && 'ids' in read ? read.ids : undefined);
  const key = keyStatus(getPath(provider, ['apiKey']), options.env, snapshot.config);
  const baseUrl = getPath(provider, ['baseUrl']);

  const problems = [
    // The way out first: --json cuts a long problem at its end.
    ...(filterProblem
      ? [
          `The remembered filters in ${statePathFor(configPath)} do not work, so every refresh stops: forget them with \`${hint('--reset-filters')}\`, or give new --include/--exclude (${filterProblem.replace(/\.$/, '')}).`,
        ]
      : []),
    ...(rewritten
      ? [
          `The config changed while OpenClaw was asked (OpenClaw puts openclaw.json.bak back when the file shrinks, and says "Config auto-restored"); this report describes the file as it is now: check that it is the one you want.`,
        ]
      : []),
    ...(setUp
      ? [
          ...(configured.size === 0 ? [`The FastRouter block lists no models; run \`${hint('')}\` to refresh it.`] : []),
          ...(key.form === 'missing' || key.form === 'not-a-key' ? [`The FastRouter block holds no usable key (${key.shown}); give one: \`printf %s "$KEY" | ${hint('--key-stdin')}\`.`] : []),
          ...keyProblem(keyCheck, key, hint),
          ...referenceProblems(references, hint),
          ...(catalog.status === 'read' && isStale(catalog.drift) ? [staleProblem(catalog.models, read && 'ids' in read ? read.ids.size : 0, hint)] : []),
          ...openClawProblems(openclaw, setUp, hint),
        ]
      : []),
  ];
  const backups = listBackups(configPath);
  const newest = backups.at(-1);
  return {
    exitCode: exitCodeFor(setUp, problems, catalog),
    configPath,
    configExists: snapshot.text !== undefined,
    setUp,
    models: configured.size,
    baseUrl: typeof baseUrl === 'string' ? baseUrl : undefined,
    key,
    keyCheck,
    filter,
    lastRefresh: state.lastRefresh,
    catalog,
    references,
    openclaw,
    backups: { count: backups.length, newest: newest === undefined ? undefined : backupTime(newest) },
    problems,
    warnings: [...stateReadWarnings(configPath), ...(read && 'notes' in read ? read.notes : [])],
  };
}

// What each command returns: plain data that src/cli/report.ts turns into text or JSON.
import type { CatalogStats } from '../core/catalog.js';
import type { KeyAnswer, KeyCheck } from '../core/key-verdict.js';
import type { ModelFilter } from '../core/model-filter.js';
import type { RestartOutcome } from '../openclaw/gateway.js';
import type { HostCheck } from '../openclaw/host-check.js';
import type { HostModels } from '../openclaw/host-models.js';
import type { Drift, ModelReference, RunChange } from '../core/drift.js';
import type { ExitCodeValue } from '../core/errors.js';
import type { KeyStatus } from '../core/key-status.js';
import type { ModelRow, SortOrder } from '../core/model-list.js';

export type RestartState = RestartOutcome | { status: 'not-requested' } | { status: 'not-needed' };

export interface SetupResult {
  status: 'created' | 'updated' | 'unchanged';
  dryRun: boolean;
  /** Unified diff of the config (keys masked), for --dry-run. */
  diff: string | undefined;
  /** The diff shows the model list (and the picker entries) as one line each: --diff shows them. */
  folded: boolean;
  configPath: string;
  maskedKey: string;
  keySource: string;
  /** What FastRouter said about the key before the write (or why it was not asked). */
  keyCheck: KeyCheck;
  models: string[];
  added: string[];
  removed: string[];
  /** --dry-run: models in both lists whose entries would change (a price, a context window...). */
  changed: string[];
  /** --dry-run: the `fastrouter/` entries of agents.defaults.models it would add and take out. */
  picker: { added: number; removed: number } | undefined;
  /** Models that stay and whose price changed. */
  repriced: string[];
  firstInstall: boolean;
  catalog: CatalogStats;
  filteredOut: number;
  filter: ModelFilter;
  defaultModel: string | undefined;
  /** The model this run made the primary: `--default`'s, or on a first install (no primary set anywhere) the top pick. */
  primarySet: string | undefined;
  suggestions: string[];
  /** The `baseUrl` written. */
  baseUrl: string;
  /** The `baseUrl` the config had, when --base-url or $FASTROUTER_BASE_URL changed it. */
  baseUrlChangedFrom: string | undefined;
  backup: string | undefined;
  restart: RestartState;
  /** The installed OpenClaw's version, when it can be told (for what to do next). */
  openclawVersion: string | undefined;
  /** What the installed OpenClaw said about the write (or why it was not asked). */
  hostCheck: HostCheck;
  /** Diagnostics for stderr (text mode) or the `warnings` field (JSON). */
  warnings: string[];
}

export interface RemoveResult {
  status: 'removed' | 'would-remove' | 'not-configured';
  dryRun: boolean;
  /** --dry-run: the unified diff (secrets masked), long lists folded unless --diff. */
  diff?: string;
  folded?: boolean;
  configPath: string;
  removed: string[];
  /** The primary model a run of ours had set, put back to the one before it (null: none). */
  primaryRestored: { from: string; to: string | null } | undefined;
  stillReferenced: string[];
  /** Which of stillReferenced is the primary. */
  stillPrimary: string | undefined;
  backup: string | undefined;
  hostCheck: HostCheck;
  warnings: string[];
}

export interface RestoreResult {
  /** `unchanged`: a dry run that would change nothing. */
  status: 'restored' | 'would-restore' | 'unchanged';
  dryRun: boolean;
  /** --dry-run: the unified diff (secrets masked), long lists folded unless --diff. */
  diff?: string;
  folded?: boolean;
  configPath: string;
  /** Which point of `restore --list` (1 = newest). */
  point: number;
  restoredFrom: string;
  /** Where the content that the restore replaced was saved. */
  savedCurrentAs: string | undefined;
  /** True when the backup carried our state (the filters), and it was put back too. */
  stateRestored: boolean;
  /**
   * Set when the config had changed since our last write (OpenClaw, the user): only our part was put
   * back as the backup had it, and everything else kept.
   */
  onlyOurs?: { restored: string[]; primaryRestored: { from: string | null; to: string | null } | undefined } | undefined;
  hostCheck: HostCheck;
  warnings: string[];
}

export type StatusCatalog =
  /** `models`: how many it offers after the remembered filters. */
  | { status: 'read'; models: number; drift: Drift }
  | { status: 'unavailable'; detail: string }
  /** Not set up: nothing to compare. */
  | { status: 'not-read' };

export interface StatusResult {
  /** 0 all is well; 6 set up but stale or broken (`problems`); 7 not set up; 3 all else well, but the catalog could not be read. */
  exitCode: ExitCodeValue;
  configPath: string;
  configExists: boolean;
  /** The config has a `models.providers.fastrouter` block. */
  setUp: boolean;
  /** Models in that block. */
  models: number;
  baseUrl: string | undefined;
  key: KeyStatus;
  /** setup's key check, for the key the config holds where it is at hand (plain, or a variable set here). */
  keyCheck: KeyAnswer;
  /** The remembered filters. */
  filter: ModelFilter;
  /** When a refresh last wrote the config (ISO 8601); undefined when no run of this version recorded it. */
  lastRefresh: string | undefined;
  catalog: StatusCatalog;
  /** The primary and fallbacks naming a FastRouter model. */
  references: ModelReference[];
  /** Not asked: with --no-validate, or ('another-user') as root on another user's config, where OpenClaw's state is theirs. */
  openclaw: { status: 'not-on-path' } | ({ version: string | undefined } & ({ status: 'not-asked'; reason?: 'another-user' } | HostModels));
  backups: { count: number; newest: string | undefined };
  /** What needs the user: each one makes the exit code 6. */
  problems: string[];
  warnings: string[];
}

export interface ModelsResult {
  configPath: string;
  /** Usable catalog models after the filters, before the patterns. */
  offered: number;
  filter: ModelFilter;
  patterns: string[];
  sort: SortOrder;
  /** Rows matching the patterns, in order, before --limit. */
  matching: number;
  rows: ModelRow[];
  warnings: string[];
}

export interface RestorePoint {
  /** 1 is the newest: what `restore` puts back first. */
  n: number;
  time: string | undefined;
  file: string;
  /** FastRouter models in it; undefined when it has no FastRouter block. */
  models: number | undefined;
  /** What the run after it changed (to the next newer backup, or to the config now). */
  nextRun?: RunChange | undefined;
  /** Why it cannot be read: restore would refuse it. */
  damaged?: string | undefined;
  /** Dated in the future (a wrong clock, a copied file): listed after the others, never the newest. */
  future?: true | undefined;
}

export interface RestoreListResult {
  configPath: string;
  points: RestorePoint[];
}

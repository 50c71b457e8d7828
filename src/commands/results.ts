// What each command returns: plain data that src/cli/report.ts turns into text or JSON.
import type { CatalogStats } from '../core/catalog.js';
import type { KeyCheck } from '../core/key-verdict.js';
import type { ModelFilter } from '../core/model-filter.js';
import type { RestartOutcome } from '../openclaw/gateway.js';
import type { HostCheck } from '../openclaw/host-check.js';

export type RestartState = RestartOutcome | { status: 'not-requested' } | { status: 'not-needed' };

export interface SetupResult {
  status: 'created' | 'updated' | 'unchanged';
  dryRun: boolean;
  /** Unified diff of the config (keys masked), for --dry-run. */
  diff: string | undefined;
  configPath: string;
  maskedKey: string;
  keySource: string;
  /** What FastRouter said about the key before the write (or why it was not asked). */
  keyCheck: KeyCheck;
  models: string[];
  added: string[];
  removed: string[];
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
  /** What the installed OpenClaw said about the write (or why it was not asked). */
  hostCheck: HostCheck;
  /** Diagnostics for stderr (text mode) or the `warnings` field (JSON). */
  warnings: string[];
}

export interface RemoveResult {
  status: 'removed' | 'not-configured';
  configPath: string;
  removed: string[];
  stillReferenced: string[];
  backup: string | undefined;
  hostCheck: HostCheck;
  warnings: string[];
}

export interface RestoreResult {
  configPath: string;
  restoredFrom: string;
  /** Where the content that the restore replaced was saved. */
  savedCurrentAs: string | undefined;
  /** True when the backup carried our state (the filters), and it was put back too. */
  stateRestored: boolean;
  hostCheck: HostCheck;
  warnings: string[];
}

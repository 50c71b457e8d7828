import { dirname } from 'node:path';
import { removeStaleTemps } from './temp-files.js';
import { removeBackup, removeEmptyBackupFolders, saveBackup, type BackupKind } from './backup.js';
import {
  assertWritable,
  ConfigChangedError,
  isSameFile,
  MAX_CONFIG_BYTES,
  MAX_RECOVERY_BYTES,
  megabytes,
  readConfig,
  readConfigText,
  writeConfig,
  writeTarget,
  type ConfigSnapshot,
  type WriteResult,
  configOf,
} from './config-file.js';
import { ownerFor } from './owner.js';
import { renderConfig, type RenderedConfig } from '../json5/config-text.js';
import { applyChanges, type Change } from '../core/changes.js';
import { ensureFolder } from './folders.js';
import { ConfigError } from '../core/errors.js';
import { deepEqual, getPath, type JsonObject } from '../core/json.js';
import { lockPathFor, withLock } from './lock.js';
import { assertMergeable } from '../core/merge.js';

const MAX_MERGE_ATTEMPTS = 5;

export interface UpdateOutcome<T> {
  /** False when the plan asked for no changes: the file was not touched. */
  written: boolean;
  created: boolean;
  /** False when comments and formatting could not be kept (the file was rewritten whole). */
  preserved: boolean;
  /** The copy of the previous file, when there was one. */
  backup: string | undefined;
  /** The file's earlier mode, when this write made it private because it now holds a key. */
  tightenedFrom?: number | undefined;
  /** The file's identity right after the write; undefined when nothing was written. */
  fingerprint?: string | undefined;
  before: ConfigSnapshot;
  plan: T;
  /** The text written (or, for a preview, that would be); undefined when nothing changes. */
  text: string | undefined;
  /** What that text holds. */
  config: JsonObject | undefined;
}

/** The size bound of one command: it reads configs up to `maxBytes`, so it never writes a bigger one. */
export interface SizeLimit {
  maxBytes: number;
  /** The sentence for a result over the bound, e.g. how to choose fewer models. */
  tooLarge?: (bytes: number) => string;
}

export const SETUP_LIMIT: SizeLimit = { maxBytes: MAX_CONFIG_BYTES };
/** remove and restore only shrink a config or put back what was there: they accept more. */
export const RECOVERY_LIMIT: SizeLimit = { maxBytes: MAX_RECOVERY_BYTES };

function assertWithinLimit(path: string, text: string, limit: SizeLimit): void {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most texts need no count (it costs ms on a 1 MB config).
  if (text.length * 3 <= limit.maxBytes) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= limit.maxBytes) return;
  throw new ConfigError(limit.tooLarge?.(bytes) ?? `The updated config ${path} would be ${megabytes(bytes)}, over the ${megabytes(limit.maxBytes)} this tool reads back; nothing was changed.`);
}

export interface Preview<T> {
  plan: T;
  /** Undefined when the plan has no changes. */
  rendered: RenderedConfig | undefined;
  /** The config after the plan's edits; undefined when the plan has no edits. */
  after?: JsonObject | undefined;
}

/**
 * What a write would do to `snapshot`, without writing: plan, apply, check OpenClaw's guards, render.
 * The one place that turns a plan into text, for updates and for --dry-run alike.
 */
export function previewUpdate<T extends { changes: Change[] }>(snapshot: ConfigSnapshot, makePlan: (config: JsonObject, snapshot: ConfigSnapshot) => T, limit: SizeLimit = SETUP_LIMIT): Preview<T> {
  const config = configOf(snapshot);
  assertMergeable(config);
  const plan = makePlan(config, snapshot);
  if (plan.changes.length === 0) return { plan, rendered: undefined };
  const after = applyChanges(config, plan.changes);
  assertGuardsKept(config, after);
  const rendered = renderConfig(snapshot.text, config, after);
  // Never write what we would refuse to read back.
  assertWithinLimit(snapshot.path, rendered.text, limit);
  return { plan, rendered, after };
}

/** OpenClaw reverts writes that drop these; we must never be the reason. */
function assertGuardsKept(before: JsonObject, after: JsonObject): void {
  const dropped = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
  if (dropped.length > 0 || !deepEqual(before.meta, after.meta) || !deepEqual(getPath(before, ['gateway', 'mode']), getPath(after, ['gateway', 'mode']))) {
    throw new ConfigError('Refusing to write: the update would drop settings it does not own (a bug; please report it). Nothing was changed.');
  }
}

/**
 * Read, plan, write, under the config's lock and with a lost-update guard: if another writer changed
 * the file after we read it, plan again on their content instead of overwriting it. `initial` is a
 * snapshot read earlier (before the network fetch); it is reused when the file has not changed since.
 */
export async function updateConfig<T extends { changes: Change[] }>(
  path: string,
  makePlan: (config: JsonObject, snapshot: ConfigSnapshot) => T,
  initial?: ConfigSnapshot,
  limit: SizeLimit = SETUP_LIMIT,
  backupKind: BackupKind = 'backup',
): Promise<UpdateOutcome<T>> {
  let reuse = initial;
  let outcome: UpdateOutcome<T> | undefined;
  await transact(
    path,
    () => {
      const before = reuse && isSameFile(reuse) ? reuse : readConfig(path, limit.maxBytes);
      reuse = undefined;
      const { plan, rendered, after } = previewUpdate(before, makePlan, limit);
      outcome = { written: false, created: false, preserved: true, backup: undefined, before, plan, text: undefined, config: undefined };
      if (!rendered) return undefined;
      if (before.text !== undefined) assertWritable(path);
      outcome = { ...outcome, written: true, created: before.text === undefined, preserved: rendered.preserved, text: rendered.text, config: after };
      return { before, text: rendered.text };
    },
    (backup, written) => {
      if (outcome) Object.assign(outcome, { backup, tightenedFrom: written.tightenedFrom, fingerprint: written.fingerprint });
    },
    { limit, backupKind },
  );
  return outcome!;
}

export interface RewriteOutcome {
  written: boolean;
  before: ConfigSnapshot;
  backup: string | undefined;
  tightenedFrom?: number | undefined;
  fingerprint?: string | undefined;
}

/**
 * Replaces the file's text whatever it holds (it may not even parse): `decide` returns the new text,
 * `null` to delete the file, or undefined to leave it. Same lock, backup and lost-update guard.
 */
export async function rewriteConfig(path: string, decide: (snapshot: ConfigSnapshot) => string | null | undefined, options: TransactOptions = {}): Promise<RewriteOutcome> {
  let result: RewriteOutcome | undefined;
  await transact(
    path,
    () => {
      const before = readConfigText(path, (options.limit ?? SETUP_LIMIT).maxBytes);
      const text = decide(before);
      result = { written: text !== undefined, before, backup: undefined };
      if (text === undefined) return undefined;
      if (before.text !== undefined) assertWritable(path);
      return { before, text };
    },
    (backup, written) => {
      if (result) Object.assign(result, { backup, tightenedFrom: written.tightenedFrom, fingerprint: written.fingerprint });
    },
    options,
  );
  return result!;
}

type Step = () => { before: ConfigSnapshot; text: string | null } | undefined;

export interface TransactOptions {
  /** What the previous content is kept as; `none` for a rollback, whose previous content is ours. */
  backupKind?: BackupKind | 'none';
  limit?: SizeLimit;
}

/** The shared write path: lock, clean up crash leftovers, back up, write with the lost-update check, retry. */
async function transact(path: string, step: Step, onWritten: (backup: string | undefined, written: WriteResult) => void, options: TransactOptions = {}): Promise<void> {
  const { backupKind = 'backup', limit = SETUP_LIMIT } = options;
  ensureFolder(dirname(path), ownerFor(path));
  const target = writeTarget(path);
  await withLock(path, () => {
    // Killed runs' temp files: beside the file we replace, and beside the lock (they differ for a symlinked config).
    removeStaleTemps(target);
    const lockTarget = lockPathFor(path).slice(0, -'.lock'.length);
    if (lockTarget !== target) removeStaleTemps(lockTarget);
    for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
      const write = step();
      if (!write) return;
      const { before, text } = write;
      if (text !== null) assertWithinLimit(path, text, limit);
      const backup = before.text === undefined || backupKind === 'none' ? undefined : saveBackup(path, before.bytes ?? before.text, backupKind);
      try {
        onWritten(backup, writeConfig(before, text));
        return;
      } catch (error) {
        // Nothing was replaced, so nothing needs that copy.
        if (backup) {
          removeBackup(backup);
          removeEmptyBackupFolders(path);
        }
        if (error instanceof ConfigChangedError) continue;
        throw error;
      }
    }
    throw new ConfigError(`The config ${path} kept changing while we tried to update it; nothing was written. Try again.`);
  });
}

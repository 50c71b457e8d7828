import { dirname } from 'node:path';
import { removeStaleTemps } from './temp-files.js';
import { removeBackup, saveBackup, type BackupKind } from './backup.js';
import { assertWritable, ConfigChangedError, isSameFile, readConfig, readConfigText, writeConfig, writeTarget, type ConfigSnapshot } from './config-file.js';
import { renderConfig, type RenderedConfig } from '../json5/config-text.js';
import { applyChanges, type Change } from '../core/changes.js';
import { ensureFolder } from './folders.js';
import { ConfigError } from '../core/errors.js';
import { deepEqual, getPath, type JsonObject } from '../core/json.js';
import { withLock } from './lock.js';
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
  before: ConfigSnapshot;
  plan: T;
  /** The text written (or, for a preview, that would be); undefined when nothing changes. */
  text: string | undefined;
  /** What that text holds. */
  config: JsonObject | undefined;
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
export function previewUpdate<T extends { changes: Change[] }>(snapshot: ConfigSnapshot, makePlan: (config: JsonObject, snapshot: ConfigSnapshot) => T): Preview<T> {
  const config = snapshot.config ?? {};
  assertMergeable(config);
  const plan = makePlan(config, snapshot);
  if (plan.changes.length === 0) return { plan, rendered: undefined };
  const after = applyChanges(config, plan.changes);
  assertGuardsKept(config, after);
  return { plan, rendered: renderConfig(snapshot.text, config, after), after };
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
): Promise<UpdateOutcome<T>> {
  let reuse = initial;
  let outcome: UpdateOutcome<T> | undefined;
  await transact(path, async () => {
    const before = reuse && isSameFile(reuse) ? reuse : await readConfig(path);
    reuse = undefined;
    const { plan, rendered, after } = previewUpdate(before, makePlan);
    outcome = { written: false, created: false, preserved: true, backup: undefined, before, plan, text: undefined, config: undefined };
    if (!rendered) return undefined;
    if (before.text !== undefined) assertWritable(path);
    outcome = { ...outcome, written: true, created: before.text === undefined, preserved: rendered.preserved, text: rendered.text, config: after };
    return { before, text: rendered.text };
  }, (backup) => {
    if (outcome) outcome.backup = backup;
  });
  return outcome!;
}

/**
 * Replaces the file's text whatever it holds (it may not even parse): `decide` returns the new text,
 * `null` to delete the file, or undefined to leave it. Same lock, backup and lost-update guard.
 */
export async function rewriteConfig(
  path: string,
  decide: (snapshot: ConfigSnapshot) => string | null | undefined,
  backupKind: BackupKind = 'backup',
): Promise<{ written: boolean; before: ConfigSnapshot; backup: string | undefined }> {
  let result: { written: boolean; before: ConfigSnapshot; backup: string | undefined } | undefined;
  await transact(path, async () => {
    const before = await readConfigText(path);
    const text = decide(before);
    result = { written: text !== undefined, before, backup: undefined };
    if (text === undefined) return undefined;
    if (before.text !== undefined) assertWritable(path);
    return { before, text };
  }, (backup) => {
    if (result) result.backup = backup;
  }, backupKind);
  return result!;
}

type Step = () => Promise<{ before: ConfigSnapshot; text: string | null } | undefined>;

/** The shared write path: lock, clean up crash leftovers, back up, write with the lost-update check, retry. */
async function transact(path: string, step: Step, onBackup: (path: string | undefined) => void, backupKind: BackupKind = 'backup'): Promise<void> {
  await ensureFolder(dirname(path));
  const target = writeTarget(path);
  await withLock(target, async () => {
    await removeStaleTemps(target);
    for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
      const write = await step();
      if (!write) return;
      const { before, text } = write;
      const backup = before.text === undefined ? undefined : await saveBackup(path, before.text, backupKind);
      try {
        await writeConfig(before, text);
        onBackup(backup);
        return;
      } catch (error) {
        // Nothing was replaced, so nothing needs that copy.
        if (backup) removeBackup(backup);
        if (error instanceof ConfigChangedError) continue;
        throw error;
      }
    }
    throw new ConfigError(`The config ${path} kept changing while we tried to update it; nothing was written. Try again.`);
  });
}

import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { removeStaleTemps } from './atomic-write.js';
import { backupConfig } from './backup.js';
import { assertWritable, ConfigChangedError, readConfig, writeConfig, writeTarget, type ConfigSnapshot } from './config-file.js';
import { renderConfig } from './config-text.js';
import { applyEdits, type Edit } from './edits.js';
import { ConfigError } from './errors.js';
import { deepEqual, getPath, type JsonObject } from './json.js';
import { withLock } from './lock.js';
import { assertMergeable } from './merge.js';

const MAX_MERGE_ATTEMPTS = 5;

export interface UpdateOutcome<T> {
  /** False when the plan asked for no edits: the file was not touched. */
  written: boolean;
  created: boolean;
  /** False when comments and formatting could not be kept (the file was rewritten whole). */
  preserved: boolean;
  /** The copy of the previous file, when there was one. */
  backup: string | undefined;
  before: ConfigSnapshot;
  plan: T;
}

/** OpenClaw reverts writes that drop these; we must never be the reason. */
function assertGuardsKept(before: JsonObject, after: JsonObject): void {
  const dropped = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
  if (dropped.length > 0 || !deepEqual(before.meta, after.meta) || !deepEqual(getPath(before, ['gateway', 'mode']), getPath(after, ['gateway', 'mode']))) {
    throw new ConfigError('Refusing to write: the update would drop settings it does not own (a bug; please report it). Nothing was changed.');
  }
}

async function ensureFolder(path: string): Promise<void> {
  const folder = dirname(path);
  if (!(await stat(folder).catch(() => undefined))) await mkdir(folder, { recursive: true, mode: 0o700 });
}

/**
 * Read, plan, write, under our lock and with a lost-update guard: if another writer changed the file
 * after we read it, plan again on their content instead of overwriting it.
 */
export async function updateConfig<T extends { edits: Edit[] }>(
  path: string,
  makePlan: (config: JsonObject, snapshot: ConfigSnapshot) => T,
): Promise<UpdateOutcome<T>> {
  await ensureFolder(path);
  const target = await writeTarget(path);
  return withLock(target, async () => {
    await removeStaleTemps(target);
    for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
      const before = await readConfig(path);
      const config = before.config ?? {};
      assertMergeable(config);
      const plan = makePlan(config, before);
      if (plan.edits.length === 0) return { written: false, created: false, preserved: true, backup: undefined, before, plan };
      if (before.text !== undefined) await assertWritable(path);
      const after = applyEdits(config, plan.edits);
      assertGuardsKept(config, after);
      const { text, preserved } = renderConfig(before.text, config, after);
      const backup = before.text === undefined ? undefined : await backupConfig(path, before.text);
      try {
        await writeConfig(before, text);
      } catch (error) {
        if (error instanceof ConfigChangedError) continue;
        throw error;
      }
      return { written: true, created: before.text === undefined, preserved, backup, before, plan };
    }
    throw new ConfigError(`The config ${path} kept changing while we tried to update it; nothing was written. Try again.`);
  });
}

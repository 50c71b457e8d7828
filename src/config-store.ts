import { ConfigError } from './errors.js';
import { applyEdits, type Edit } from './edits.js';
import { readConfig, isUnchanged, writeConfig, type ConfigSnapshot } from './config-file.js';
import { renderConfig } from './config-text.js';
import { assertMergeable } from './merge.js';
import type { JsonObject } from './json.js';

const MAX_MERGE_ATTEMPTS = 5;

export interface UpdateOutcome<T> {
  /** False when the plan asked for no edits: the file was not touched. */
  written: boolean;
  created: boolean;
  /** False when comments and formatting could not be kept (the file was rewritten whole). */
  preserved: boolean;
  before: ConfigSnapshot;
  plan: T;
}

/**
 * Read, plan, write, with a lost-update guard: if another writer changed the file after we read it,
 * plan again on their content instead of overwriting it.
 */
export async function updateConfig<T extends { edits: Edit[] }>(
  path: string,
  makePlan: (config: JsonObject, snapshot: ConfigSnapshot) => T,
): Promise<UpdateOutcome<T>> {
  for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
    const before = await readConfig(path);
    const config = before.config ?? {};
    assertMergeable(config);
    const plan = makePlan(config, before);
    if (plan.edits.length === 0) return { written: false, created: false, preserved: true, before, plan };
    const { text, preserved } = renderConfig(before.text, config, applyEdits(config, plan.edits));
    if (!(await isUnchanged(before))) continue;
    await writeConfig(before, text);
    return { written: true, created: before.text === undefined, preserved, before, plan };
  }
  throw new ConfigError(`The config ${path} kept changing while we tried to update it; nothing was written. Try again.`);
}

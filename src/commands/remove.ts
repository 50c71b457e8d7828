import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { updateConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { planRemoval } from '../core/merge.js';
import type { RemoveResult } from './results.js';
import { readState, writeState, EMPTY_STATE } from '../io/state.js';

export interface RemoveOptions extends ConfigPathOptions {
  env: Env;
}

/** Takes FastRouter out cleanly; a primary or fallback that still names a fastrouter model is left to the user. */
export async function runRemove(options: RemoveOptions): Promise<RemoveResult> {
  const configPath = resolveConfigPath(options, options.env);
  const state = await readState(configPath);
  const outcome = await updateConfig(configPath, (config) => planRemoval(config, state.policyWildcardAdded));
  if (outcome.written) await writeState(configPath, EMPTY_STATE);
  return {
    status: outcome.written ? 'removed' : 'not-configured',
    configPath,
    removed: outcome.plan.removed,
    stillReferenced: outcome.plan.stillReferenced,
    backup: outcome.backup,
  };
}

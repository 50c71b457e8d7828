import { resolveConfigPath, type ConfigPathOptions } from './config-path.js';
import { updateConfig } from './config-store.js';
import type { Env } from './env.js';
import { planRemoval } from './merge.js';
import type { RemoveResult } from './report.js';
import { readState, writeState, EMPTY_STATE } from './state.js';

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

import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { RECOVERY_LIMIT, updateConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { planRemoval } from '../core/merge.js';
import type { RemoveResult } from '../cli/report.js';
import { readState, stateWarning, writeState, EMPTY_STATE } from '../io/state.js';

export interface RemoveOptions extends ConfigPathOptions {
  env: Env;
}

/** Takes FastRouter out cleanly; a primary or fallback that still names a fastrouter model is left to the user. */
export async function runRemove(options: RemoveOptions): Promise<RemoveResult> {
  const configPath = resolveConfigPath(options, options.env);
  const state = await readState(configPath);
  const outcome = await updateConfig(configPath, (config) => planRemoval(config, state.policyWildcardAdded), undefined, RECOVERY_LIMIT);
  const warnings: string[] = [];
  if (outcome.written) await writeState(configPath, EMPTY_STATE).catch((error: unknown) => warnings.push(stateWarning(error)));
  return {
    warnings,
    status: outcome.written ? 'removed' : 'not-configured',
    configPath,
    removed: outcome.plan.removed,
    stillReferenced: outcome.plan.stillReferenced,
    backup: outcome.backup,
  };
}

import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { RECOVERY_LIMIT, updateConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { planRemoval } from '../core/merge.js';
import type { RemoveResult } from './results.js';
import { checkWithHost, type HostCheck, type HostCheckOptions } from '../openclaw/host-check.js';
import { readState, stateWarning, writeState, EMPTY_STATE } from '../io/state.js';

export interface RemoveOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
}

/** Takes FastRouter out cleanly; a primary or fallback that still names a fastrouter model is left to the user. */
export async function runRemove(options: RemoveOptions): Promise<RemoveResult> {
  const configPath = resolveConfigPath(options, options.env);
  const state = readState(configPath);
  const outcome = await updateConfig(configPath, (config) => planRemoval(config, state.policyWildcardAdded), undefined, RECOVERY_LIMIT);
  let hostCheck: HostCheck = { status: 'not-requested' };
  const warnings: string[] = [];
  if (outcome.written) {
    let memory = state.hostCheck;
    if (options.validate && outcome.text !== undefined) {
      const checked = await checkWithHost({
        configPath,
        before: outcome.before,
        written: outcome.text,
        writtenConfig: outcome.config,
        backup: outcome.backup,
        memory,
        force: options.forceValidate ?? false,
        env: options.env,
        onProgress: options.onHostCheck,
      });
      ({ check: hostCheck, memory } = checked);
      warnings.push(...checked.warnings);
    }
    try {
      writeState(configPath, { ...EMPTY_STATE, ...(memory ? { hostCheck: memory } : {}) });
    } catch (error) {
      warnings.push(stateWarning(error));
    }
  }
  return {
    status: outcome.written ? 'removed' : 'not-configured',
    configPath,
    removed: outcome.plan.removed,
    stillReferenced: outcome.plan.stillReferenced,
    backup: outcome.backup,
    hostCheck,
    warnings,
  };
}

import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { RECOVERY_LIMIT, updateConfig } from '../io/config-store.js';
import type { Env } from '../core/env.js';
import { planRemoval } from '../core/merge.js';
import type { RemoveResult } from './results.js';
import type { HostCheckOptions } from '../openclaw/host-check.js';
import { readState, EMPTY_STATE } from '../io/state.js';
import { writeChecked } from './checked-write.js';
import { findPlaintextCopies, plaintextCopiesNote } from '../io/plaintext-copies.js';

export interface RemoveOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
}

/** Takes FastRouter out cleanly; a primary or fallback that still names a fastrouter model is left to the user. */
export async function runRemove(options: RemoveOptions): Promise<RemoveResult> {
  const configPath = resolveConfigPath(options, options.env);
  const state = readState(configPath);
  const { outcome, hostCheck, warnings } = await writeChecked({
    configPath,
    options,
    memory: state.hostCheck,
    write: () => updateConfig(configPath, (config) => planRemoval(config, state.policyWildcardAdded), undefined, RECOVERY_LIMIT),
    nextState: (written, memory) => (written.written ? { ...EMPTY_STATE, ...(memory ? { hostCheck: memory } : {}) } : undefined),
  });
  // The key left with the provider block, but copies of it may not have.
  if (outcome.written) warnings.push(...plaintextCopiesNote(findPlaintextCopies(configPath), undefined, false));
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

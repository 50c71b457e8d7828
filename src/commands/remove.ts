import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { previewUpdate, RECOVERY_LIMIT, updateConfig } from '../io/config-store.js';
import { readConfig } from '../io/config-file.js';
import { getPath, isPlainObject, type JsonObject } from '../core/json.js';
import { PROVIDER_ID } from '../core/provider.js';
import { redactKeys } from '../core/key.js';
import { dryRunDiff } from './dry-run.js';
import type { Env } from '../core/env.js';
import { planRemoval } from '../core/merge.js';
import type { RemoveResult } from './results.js';
import type { HostCheckOptions } from '../openclaw/host-check.js';
import { readState, EMPTY_STATE } from '../io/state.js';
import { writeChecked, wroteRecord } from './checked-write.js';
import { findPlaintextCopies, plaintextCopiesNote } from '../io/plaintext-copies.js';

export interface RemoveOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
  /** Show the diff, write nothing. */
  dryRun?: boolean;
  /** With dryRun: the whole diff, model list included. */
  fullDiff?: boolean;
}

/**
 * Takes FastRouter out cleanly, and the primary a run of ours set back to what it was; a primary or
 * fallback the user chose that still names a fastrouter model is left to them.
 */
export async function runRemove(options: RemoveOptions): Promise<RemoveResult> {
  const configPath = resolveConfigPath(options, options.env);
  const state = readState(configPath);
  const plan = (config: JsonObject) => planRemoval(config, state.policyWildcardAdded, state.primary);
  const before = readConfig(configPath, RECOVERY_LIMIT.maxBytes);
  // No config, nothing to take out: and no folder made for it (the write path would make one).
  if (options.dryRun || before.text === undefined) {
    const { plan: planned, rendered } = previewUpdate(before, plan, RECOVERY_LIMIT);
    return {
      status: rendered ? 'would-remove' : 'not-configured',
      dryRun: options.dryRun ?? false,
      ...(rendered ? await dryRunDiff(configPath, before.text, rendered.text, options.fullDiff ?? false) : { diff: '', folded: false }),
      configPath,
      removed: planned.removed,
      primaryRestored: planned.primaryRestored,
      stillReferenced: planned.stillReferenced,
      stillPrimary: planned.stillPrimary,
      backup: undefined,
      hostCheck: { status: 'not-requested' },
      warnings: [],
    };
  }
  const { outcome, hostCheck, warnings } = await writeChecked({
    configPath,
    options,
    memory: state.hostCheck,
    write: () => updateConfig(configPath, plan, before, RECOVERY_LIMIT),
    nextState: (written, memory) =>
      written.written && written.text !== undefined ? { ...EMPTY_STATE, ...(memory ? { hostCheck: memory } : {}), wrote: wroteRecord(written.text, written.config) } : undefined,
  });
  // The key left with the provider block, but copies of it may not have.
  if (outcome.written) warnings.push(...plaintextCopiesNote(findPlaintextCopies(configPath), undefined, false), ...storeEntryNote(before.config));
  return {
    status: outcome.written ? 'removed' : 'not-configured',
    dryRun: false,
    configPath,
    removed: outcome.plan.removed,
    primaryRestored: outcome.plan.primaryRestored,
    stillReferenced: outcome.plan.stillReferenced,
    stillPrimary: outcome.plan.stillPrimary,
    backup: outcome.backup,
    hostCheck,
    warnings,
  };
}

/** A key the config read from OpenClaw's secret store stays there: said, with the command that takes it out. */
function storeEntryNote(config: unknown): string[] {
  const apiKey = getPath(config, ['models', 'providers', PROVIDER_ID, 'apiKey']);
  if (!isPlainObject(apiKey) || apiKey.source !== 'store' || typeof apiKey.id !== 'string') return [];
  const id = redactKeys(apiKey.id);
  return [`The FastRouter key stays in OpenClaw's secret store as ${id}; take it out with \`openclaw secrets store rm ${id}\` if nothing else uses it.`];
}

import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { previewUpdate, RECOVERY_LIMIT, updateConfig } from '../io/config-store.js';
import { readConfig } from '../io/config-file.js';
import { getPath, isPlainObject, type JsonObject } from '../core/json.js';
import { PROVIDER_ID } from '../core/provider.js';
import { redactKeys } from '../core/key.js';
import { dryRunDiff } from './dry-run.js';
import { firstFew } from '../core/words.js';
import type { Env } from '../core/env.js';
import { fastRouterAuthProfiles, planRemoval, stringKeyForm, type RemovalPlan } from '../core/merge.js';
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
      warnings: rendered ? settingsNote(planned.droppedSettings, 'would leave') : [],
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
  if (outcome.written) {
    warnings.push(...settingsNote(outcome.plan.droppedSettings, 'left'));
    warnings.push(...plaintextCopiesNote(findPlaintextCopies(configPath), undefined, false), ...storeEntryNote(before.config), ...authProfileNote(before.config));
  }
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

/** Keys OpenClaw keeps in its auth store for the config's FastRouter auth profiles stay there: said, with OpenClaw's command. */
function authProfileNote(config: unknown): string[] {
  const ids = new Set<string>();
  const apiKey = getPath(config, ['models', 'providers', PROVIDER_ID, 'apiKey']);
  if (typeof apiKey === 'string' && stringKeyForm(apiKey, config) === 'profile') ids.add(apiKey.trim());
  for (const id of fastRouterAuthProfiles(config)) ids.add(id);
  if (ids.size === 0) return [];
  const [first, ...rest] = [...ids].map(redactKeys);
  const shown = firstFew([first!, ...rest]);
  const others = rest.length === 0 ? '' : ` (and the same for ${rest.length > 2 ? 'the others' : rest.join(', ')})`;
  return [
    rest.length === 0
      ? `OpenClaw's auth profile ${first} still holds a FastRouter key (in OpenClaw's auth store); take it out with \`openclaw models auth logout ${first} --yes\` if nothing else uses it.`
      : `OpenClaw's auth profiles ${shown} still hold a FastRouter key (in OpenClaw's auth store); take them out with \`openclaw models auth logout ${first} --yes\`${others} if nothing else uses them.`,
  ];
}

/** One line for every alias or params the user set on the fastrouter/ picker entries that go (a list could be long). */
function settingsNote(dropped: RemovalPlan['droppedSettings'], verb: 'left' | 'would leave'): string[] {
  if (dropped.length === 0) return [];
  const aliases = dropped.flatMap(({ alias }) => (alias === undefined ? [] : [`"${alias}"`]));
  const held = aliases.length === 0 ? '' : ` (alias${aliases.length === 1 ? '' : 'es'} ${firstFew(aliases)})`;
  const entries = dropped.length === 1 ? `agents.defaults.models["${dropped[0]!.ref}"]` : `${dropped.length} entries of agents.defaults.models`;
  const back = verb === 'left' ? `; restore brings ${dropped.length === 1 ? 'it' : 'them'} back.` : '.';
  return [`${entries} held your settings${held} and ${verb} with FastRouter${dropped.length === 1 ? '' : `: ${firstFew(dropped.map(({ ref }) => ref))}`}${back}`];
}

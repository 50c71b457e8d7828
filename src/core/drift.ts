// What changed in FastRouter's part of a config: the catalog against the list (status), one config
// against the next (a dry run, a backup against the run after it), and whether the primary and
// fallbacks still exist. Pure comparisons; nothing here reads or writes.
import type { Model } from './catalog.js';
import { deepEqual, getPath, isPlainObject } from './json.js';
import { MODEL_REF_PREFIX, PROVIDER_ID } from './provider.js';

/** USD per million tokens, as OpenClaw's `cost` holds it. */
interface Price {
  input: number;
  output: number;
}

interface PriceChange {
  id: string;
  before: Price;
  after: Price;
}

export interface Drift {
  /** Offered now (after the filters), not in the config. */
  added: string[];
  /** In the config, no longer offered (gone from the catalog or left out by the filters). */
  removed: string[];
  /** In both, with another input or output price. */
  priceChanges: PriceChange[];
  /** In both, with another name, context window, max output, input kinds or tool support. */
  otherChanges: number;
}

/** The FastRouter model entries of a config's provider block, by id (the first of duplicates). */
export function configuredModels(provider: unknown): Map<string, Record<string, unknown>> {
  const byId = new Map<string, Record<string, unknown>>();
  const models = isPlainObject(provider) && Array.isArray(provider.models) ? provider.models : [];
  for (const m of models) if (isPlainObject(m) && typeof m.id === 'string' && !byId.has(m.id)) byId.set(m.id, m);
  return byId;
}

function priceOf(entry: Record<string, unknown>): Price {
  const cost = isPlainObject(entry.cost) ? entry.cost : {};
  const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { input: number(cost.input), output: number(cost.output) };
}

const sameList = (a: unknown, b: readonly unknown[]) => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

/** The catalog-derived fields a refresh rewrites, other than the price: differ, and a refresh would change the entry. */
function othersDiffer(entry: Record<string, unknown>, model: Model): boolean {
  const tools = isPlainObject(entry.compat) ? entry.compat.supportsTools !== false : true;
  return entry.name !== model.name || entry.contextWindow !== model.contextWindow || entry.maxTokens !== model.maxTokens || !sameList(entry.input, model.input) || tools !== !model.compat;
}

/** The config's list against the catalog's (already filtered) models. */
export function catalogDrift(configured: ReadonlyMap<string, Record<string, unknown>>, offered: readonly Model[]): Drift {
  const offeredIds = new Set(offered.map((m) => m.id));
  const drift: Drift = { added: [], removed: [...configured.keys()].filter((id) => !offeredIds.has(id)).sort(), priceChanges: [], otherChanges: 0 };
  for (const model of offered) {
    const entry = configured.get(model.id);
    if (!entry) {
      drift.added.push(model.id);
      continue;
    }
    const before = priceOf(entry);
    if (before.input !== model.cost.input || before.output !== model.cost.output) drift.priceChanges.push({ id: model.id, before, after: { input: model.cost.input, output: model.cost.output } });
    else if (othersDiffer(entry, model)) drift.otherChanges++;
  }
  return drift;
}

export const isStale = (drift: Drift) => drift.added.length + drift.removed.length + drift.priceChanges.length + drift.otherChanges > 0;

/** The primary model `agents.defaults.model` names (a string, or an object's non-empty `primary`). */
const primaryOf = (config: unknown): string | undefined => {
  const model = getPath(config, ['agents', 'defaults', 'model']);
  const primary = typeof model === 'string' ? model : isPlainObject(model) ? model.primary : undefined;
  return typeof primary === 'string' && primary.trim() !== '' ? primary : undefined;
};

export interface ModelReference {
  ref: string;
  role: 'primary' | 'fallback';
  /** The config's FastRouter block lists it (else OpenClaw cannot use it). */
  inConfig: boolean;
  /** The catalog still offers it; undefined when the catalog could not be read. */
  inCatalog: boolean | undefined;
}

/**
 * The primary and fallbacks of `agents.defaults.model` that name a FastRouter model, and whether
 * the config and the catalog still have each.
 */
export function fastrouterReferences(config: unknown, configured: ReadonlyMap<string, unknown>, catalogIds: ReadonlySet<string> | undefined): ModelReference[] {
  const model = getPath(config, ['agents', 'defaults', 'model']);
  const fallbacks = isPlainObject(model) && Array.isArray(model.fallbacks) ? model.fallbacks : [];
  const named: Array<[unknown, ModelReference['role']]> = [[primaryOf(config), 'primary'], ...fallbacks.map((f): [unknown, ModelReference['role']] => [f, 'fallback'])];
  return named.flatMap(([ref, role]) => {
    if (typeof ref !== 'string' || !ref.startsWith(MODEL_REF_PREFIX)) return [];
    const id = ref.slice(MODEL_REF_PREFIX.length);
    return [{ ref, role, inConfig: configured.has(id), inCatalog: catalogIds?.has(id) }];
  });
}

/** Ids in both lists whose entries differ: what a refresh rewrites in place. */
export function changedModels(before: ReadonlyMap<string, unknown>, after: ReadonlyMap<string, unknown>): string[] {
  return [...after.keys()].filter((id) => before.has(id) && !deepEqual(before.get(id), after.get(id)));
}

/** How many `fastrouter/` entries of `agents.defaults.models` a change adds and takes out. */
export function pickerDelta(before: unknown, after: unknown): { added: number; removed: number } {
  const refs = (config: unknown) => {
    const map = getPath(config, ['agents', 'defaults', 'models']);
    return new Set(isPlainObject(map) ? Object.keys(map).filter((ref) => ref.startsWith(MODEL_REF_PREFIX)) : []);
  };
  const [old, now] = [refs(before), refs(after)];
  return { added: [...now].filter((r) => !old.has(r)).length, removed: [...old].filter((r) => !now.has(r)).length };
}

export interface RunChange {
  fastrouter: 'added' | 'removed' | 'kept' | 'absent';
  /** Models in the later config that the earlier one lacked, and the reverse. */
  added: number;
  removed: number;
  /** Models in both whose entries differ (a price, a context window...). */
  changed: number;
  /** Set when the primary model differs. */
  primary?: { from: string | undefined; to: string | undefined };
}

/** What changed between two configs in FastRouter's part: what a run (or anything since) did. */
export function runChange(before: unknown, after: unknown): RunChange {
  const provider = (config: unknown) => getPath(config, ['models', 'providers', PROVIDER_ID]);
  const [old, now] = [configuredModels(provider(before)), configuredModels(provider(after))];
  const had = provider(before) !== undefined;
  const has = provider(after) !== undefined;
  const change: RunChange = {
    fastrouter: had && has ? 'kept' : has ? 'added' : had ? 'removed' : 'absent',
    added: [...now.keys()].filter((id) => !old.has(id)).length,
    removed: [...old.keys()].filter((id) => !now.has(id)).length,
    changed: changedModels(old, now).length,
  };
  const [from, to] = [primaryOf(before), primaryOf(after)];
  return from === to ? change : { ...change, primary: { from, to } };
}

// One check per shape we read or write. Each is a hand-written mirror of its zod schema in
// src/lazy/schemas.ts, kept in exact agreement by test/fast-guards.property.test.ts: measured on
// Node 20 and 24 (BENCHMARKS.md, "Checking shapes"), loading zod and checking 300 models with it
// costs a run 53-65 ms, the mirror 2-7 ms. zod is loaded only to name the first problem of a rejected value.
import type { infer as Infer } from 'zod/mini';
import type { CatalogEntry, ProviderBlock as ProviderBlockSchema, SecretRef } from '../lazy/schemas.js';
import { CliError, ExitCode, type ExitCodeValue } from './errors.js';
import { isPlainObject, isStringList } from './json.js';

export type { CatalogEntry };
export type ProviderBlock = Infer<typeof ProviderBlockSchema>;
export type ApiKeyValue = string | Infer<typeof SecretRef>;

const isNullish = (v: unknown): v is null | undefined => v === null || v === undefined;
const isNumberish = (v: unknown) => isNullish(v) || (typeof v === 'number' && Number.isFinite(v));
const isNullishStringList = (v: unknown) => isNullish(v) || isStringList(v);
const hasOnly = (o: Record<string, unknown>, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));
const isPositive = (v: unknown) => typeof v === 'number' && v > 0 && Number.isFinite(v);

/** The CatalogEntry schema: an entry it rejects is counted as malformed and skipped. */
export function isCatalogEntry(raw: unknown): raw is CatalogEntry {
  if (!isPlainObject(raw) || typeof raw.id !== 'string') return false;
  if (!(isNullish(raw.is_active) || typeof raw.is_active === 'boolean')) return false;
  if (!isNumberish(raw.context_length) || !isNumberish(raw.max_completion_tokens)) return false;
  const arch = raw.architecture;
  if (!isNullish(arch) && !(isPlainObject(arch) && isNullishStringList(arch.input_modalities) && isNullishStringList(arch.output_modalities))) return false;
  const top = raw.top_provider;
  return isNullish(top) || (isPlainObject(top) && isNumberish(top.context_length) && isNumberish(top.max_completion_tokens));
}

const MODEL_KEYS = ['id', 'name', 'reasoning', 'input', 'cost', 'contextWindow', 'maxTokens', 'compat', 'thinkingLevelMap'];
const COMPAT_KEYS = ['supportsTools', 'supportsReasoningEffort', 'supportedReasoningEfforts'];
const COST_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite'];
const SECRET_REF_KEYS = ['source', 'provider', 'id'];

const isOptionalBoolean = (v: unknown) => v === undefined || typeof v === 'boolean';

function isModelCompat(compat: unknown): boolean {
  if (!isPlainObject(compat) || !hasOnly(compat, COMPAT_KEYS)) return false;
  const efforts = compat.supportedReasoningEfforts;
  const effortsOk = efforts === undefined || (Array.isArray(efforts) && efforts.every((e) => typeof e === 'string' && e !== ''));
  return isOptionalBoolean(compat.supportsTools) && isOptionalBoolean(compat.supportsReasoningEffort) && effortsOk;
}

/** The ModelEntry schema (OpenClaw's strict model object). */
export function isModelEntry(m: unknown): boolean {
  if (!isPlainObject(m) || !hasOnly(m, MODEL_KEYS)) return false;
  const { id, name, reasoning, input, cost } = m;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '' || typeof reasoning !== 'boolean') return false;
  if (!Array.isArray(input) || input.length === 0 || !input.every((i) => i === 'text' || i === 'image')) return false;
  if (!isPlainObject(cost) || !hasOnly(cost, COST_KEYS) || !COST_KEYS.every((k) => typeof cost[k] === 'number' && Number.isFinite(cost[k]))) return false;
  if (m.compat !== undefined && !isModelCompat(m.compat)) return false;
  if (m.thinkingLevelMap !== undefined && !(isPlainObject(m.thinkingLevelMap) && hasOnly(m.thinkingLevelMap, ['off']) && m.thinkingLevelMap.off === null)) return false;
  return isPositive(m.contextWindow) && (m.maxTokens === undefined || isPositive(m.maxTokens));
}

function isApiKey(key: unknown): boolean {
  if (typeof key === 'string') return key !== '';
  return (
    isPlainObject(key) &&
    hasOnly(key, SECRET_REF_KEYS) &&
    ['env', 'file', 'exec', 'store'].includes(key.source as string) &&
    typeof key.provider === 'string' &&
    /^[a-z][a-z0-9_-]{0,63}$/.test(key.provider) &&
    typeof key.id === 'string' &&
    key.id !== ''
  );
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // What zod's url({ protocol: /^https?$/ }) checks: trimmed, "http(s)://" in any case, parses, protocol.
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return false;
  try {
    return /^https?:$/.test(new URL(trimmed).protocol);
  } catch {
    return false;
  }
}

/** The ProviderBlock schema: OpenClaw's strict `models.providers.<id>` object. */
export function isProviderBlock(block: unknown): block is ProviderBlock {
  if (!isPlainObject(block) || !hasOnly(block, ['baseUrl', 'api', 'apiKey', 'models'])) return false;
  if (!isHttpUrl(block.baseUrl) || block.api !== 'openai-completions' || !isApiKey(block.apiKey)) return false;
  return Array.isArray(block.models) && block.models.length > 0 && block.models.every(isModelEntry);
}

/** A value that does not fit its shape. The message names zod's path for it once explain() ran. */
export class ShapeError extends CliError {
  constructor(
    private readonly shape: 'ProviderBlock',
    private readonly value: unknown,
    /** Builds the one-line message around "<path>: <problem>". */
    private readonly sentence: (problem: string) => string,
    exitCode: ExitCodeValue,
  ) {
    super(sentence('its shape is not what OpenClaw accepts'), exitCode);
  }

  /** The same error, naming the first problem as zod sees it (zod is loaded here, on a failure path only). */
  async explain(): Promise<CliError> {
    const schemas = await import('../lazy/schemas.js');
    const issue = schemas[this.shape].safeParse(this.value).error?.issues[0];
    if (!issue) return this;
    const path = issue.path.map(String).join('.');
    return new CliError(this.sentence(`${path || '(the block itself)'}: ${issue.message}`), this.exitCode);
  }
}

/** The provider block, or a ShapeError (exit 5: what does not fit came from the config or the flags). */
export function checkProvider(block: unknown, where: string): ProviderBlock {
  if (isProviderBlock(block)) return block;
  throw new ShapeError('ProviderBlock', block, (problem) => `The ${where} block would not pass OpenClaw's schema (${problem}); nothing was changed.`, ExitCode.config);
}

/** Our state file's content (see src/io/state.ts). */
export interface State {
  include: string[];
  exclude: string[];
  policyWildcardAdded: boolean;
  /** What the installed OpenClaw last said about our writes (see src/openclaw/host-check.ts); absent until it was asked. */
  hostCheck?: HostCheckMemory | undefined;
  /** When a refresh last wrote the config (ISO 8601), for `status`; absent before this was recorded. */
  lastRefresh?: string | undefined;
  /** The primary model a run of ours set, and the one before it (null: none), so `remove` can take it back. */
  primary?: PrimaryRecord | undefined;
  /** What our last write left in the config, so `restore` can tell whether anything else changed it since. */
  wrote?: WriteRecord | undefined;
}

export interface WriteRecord {
  /** contentHash (core/content-hash.ts) of the text written; a SHA-256 in hex in records of earlier versions. */
  hash: string;
  /** The primary model it left (null: none). */
  primary: string | null;
  /**
   * Fingerprints (json.ts) of what it left in our part: each setting of the FastRouter block but its
   * model list, and each `fastrouter/` picker entry that was not `{}`. `restore` keeps what no longer
   * matches (OpenClaw or the user changed it since). Absent in records of older versions.
   */
  ours?: { provider: Record<string, string>; entries: Record<string, string> } | undefined;
}

export interface PrimaryRecord {
  set: string;
  previous: string | null;
}

/**
 * The OpenClaw version whose `config validate` accepted the shapes we wrote (hashes from
 * src/core/host-shape.ts), and whether the config had problems of its own when last checked.
 */
export interface HostCheckMemory {
  openclaw: string;
  shapes: string[];
  hadProblems: boolean;
}

/** The State schema: missing fields take their defaults, a malformed hostCheck is forgotten; undefined when it is not a state. */
export function checkState(raw: unknown): State | undefined {
  if (!isPlainObject(raw)) return undefined;
  const { include = [], exclude = [], policyWildcardAdded = false, hostCheck: h, lastRefresh } = raw;
  if (!isStringList(include) || !isStringList(exclude) || typeof policyWildcardAdded !== 'boolean') return undefined;
  const hostCheck =
    isPlainObject(h) && typeof h.openclaw === 'string' && isStringList(h.shapes) && typeof h.hadProblems === 'boolean'
      ? { openclaw: h.openclaw, shapes: h.shapes, hadProblems: h.hadProblems }
      : undefined;
  const p = raw.primary;
  const primary = isPlainObject(p) && typeof p.set === 'string' && (p.previous === null || typeof p.previous === 'string') ? { set: p.set, previous: p.previous } : undefined;
  const w = raw.wrote;
  const wrote = isPlainObject(w) && typeof w.hash === 'string' && (w.primary === null || typeof w.primary === 'string') ? { hash: w.hash, primary: w.primary, ...oursRecord(w.ours) } : undefined;
  return {
    include,
    exclude,
    policyWildcardAdded,
    ...(hostCheck ? { hostCheck } : {}),
    ...(primary ? { primary } : {}),
    ...(wrote ? { wrote } : {}),
    ...(typeof lastRefresh === 'string' ? { lastRefresh } : {}),
  };
}

const isTextMap = (value: unknown): value is Record<string, string> => isPlainObject(value) && Object.values(value).every((v) => typeof v === 'string');

/** A saved `ours` record, or nothing when it is missing or not in this shape (then restore keeps to the older rule). */
function oursRecord(raw: unknown): { ours?: WriteRecord['ours'] } {
  return isPlainObject(raw) && isTextMap(raw.provider) && isTextMap(raw.entries) ? { ours: { provider: { ...raw.provider }, entries: { ...raw.entries } } } : {};
}

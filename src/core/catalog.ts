import { isCatalogEntry, type CatalogEntry } from './checks.js';
import { isPlainObject } from './json.js';
import { openclawRewrites } from './openclaw-ids.js';

type ModelInput = 'text' | 'image';

interface ModelCost {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface Model {
  id: string;
  name: string;
  /** The catalog lists `reasoning` or `include_reasoning` among the model's parameters. */
  reasoning: boolean;
  input: ModelInput[];
  /** USD per million tokens, as OpenClaw's usage and cost views read it. */
  cost: ModelCost;
  contextWindow: number;
  /** Only when the catalog gives one: without it OpenClaw applies its default (the provider's `maxTokens`, else 8192). */
  maxTokens?: number;
  /**
   * `supportsTools: false` only when the catalog lists the model's parameters without `tools`; the
   * reasoning-effort fields only when the catalog's `reasoning` object declares them.
   */
  compat?: ModelCompat;
  /** `{ off: null }` for a model whose catalog `reasoning` says thinking is mandatory. */
  thinkingLevelMap?: { off: null };
}

interface ModelCompat {
  supportsTools?: false;
  supportsReasoningEffort?: boolean;
  supportedReasoningEfforts?: string[];
}

export interface CatalogStats {
  /** Entries in `data`. */
  entries: number;
  /** Entries that did not parse (wrong types, not an object). */
  malformed: number;
  /** Inactive, or not text-out with text/image-in, or no usable context length: not chat models we list. */
  unsuitable: number;
  /** Ids OpenClaw could not address (empty, too long, whitespace, control characters, `@`). */
  invalidIds: number;
  /** Later entries with an id already taken. */
  duplicates: number;
  /** Ids holding a `${VAR}` OpenClaw would substitute: skipped (an id is also a key, which it does not). */
  envReferenceIds: number;
  /** Names whose `${VAR}` was escaped to `$${VAR}`, so OpenClaw shows the text, not the variable. */
  escapedNames: number;
  /** Ids OpenClaw rewrites to another model's id (`google/gemini-3.1-flash-lite-preview`): left out, as `from → to`. */
  rewrittenIds: string[];
}

export interface NormalizedCatalog {
  models: Model[];
  stats: CatalogStats;
}

const MAX_ID_LENGTH = 256;
// Whitespace, C0/C1 controls, DEL, `@` (OpenClaw cuts a model ref at `@`), and what shows as nothing:
// format characters (zero-width, bidi controls), the other default-ignorables (a grapheme joiner,
// variation selectors, Hangul fillers), a blank braille cell, private-use and lone
// surrogate code points. An id holding one would look exactly like another.
const BAD_ID_CHAR = /[\s\u0000-\u001f\u007f-\u009f@\p{Cf}\p{Default_Ignorable_Code_Point}\u2800\p{Co}\p{Cs}]/u;
// In a name, shown wherever OpenClaw lists models: controls, and the bidi controls that reorder what follows.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME_LENGTH = 256;

function isAddressableId(id: string): boolean {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    // Printable ASCII other than space and "@" is the common case; anything else gets the full test.
    if (c <= 0x20 || c === 0x40 || c >= 0x7f) return !BAD_ID_CHAR.test(id);
  }
  return true;
}

/** The first positive safe integer, as OpenClaw's asPositiveSafeInteger reads each limit. */
function firstPositive(...values: unknown[]): number | undefined {
  return values.find((v): v is number => Number.isSafeInteger(v) && (v as number) > 0);
}

/**
 * One direction's modalities, lowercased, as OpenClaw's readOpenRouterModalities reads them: the
 * explicit list when it has any, else that side of `architecture.modality` ("text+image->text").
 */
function modalities(arch: CatalogEntry['architecture'], direction: 'input' | 'output'): string[] {
  const explicit = (arch?.[`${direction}_modalities`] ?? []).map((m) => m.toLowerCase());
  if (explicit.length > 0) return explicit;
  const modality = isPlainObject(arch) && typeof arch.modality === 'string' ? arch.modality.trim() : '';
  if (modality === '') return [];
  const [input = '', output = ''] = modality.split('->', 2);
  return (direction === 'input' ? input : output).toLowerCase().split('+').filter(Boolean);
}

const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function displayName(name: unknown, id: string): string {
  if (typeof name !== 'string') return id;
  const stripped = HAS_CONTROL.test(name) ? name.replace(CONTROL_CHARS, '') : name;
  const clean = stripped.length > MAX_NAME_LENGTH ? stripped.trim().slice(0, MAX_NAME_LENGTH).trim() : stripped.trim();
  return clean === '' ? id : clean;
}

/**
 * A catalog price (USD per token, a string such as "0.000003", or a number) as USD per million
 * tokens, rounded to 6 decimals so binary noise (2.9999999999999996) does not reach the config.
 * Missing, empty, negative (OpenRouter's "-1" for variable pricing) or unparsable prices are 0.
 */
export function perMillion(price: unknown): number {
  const value = typeof price === 'number' ? price : typeof price === 'string' && price.trim() !== '' ? Number(price) : NaN;
  if (!Number.isFinite(value) || value <= 0) return 0;
  const rounded = Math.round(value * 1e12) / 1e6;
  return Number.isFinite(rounded) ? rounded : 0;
}

function costOf(pricing: unknown): ModelCost {
  const p: Record<string, unknown> = isPlainObject(pricing) ? pricing : {};
  return { input: perMillion(p.prompt), output: perMillion(p.completion), cacheRead: perMillion(p.input_cache_read), cacheWrite: perMillion(p.input_cache_write) };
}

/** As OpenClaw's own OpenRouter mapping reads it (its provider-catalog-*.mjs). */
function takesReasoning(parameters: unknown): boolean {
  return Array.isArray(parameters) && (parameters.includes('reasoning') || parameters.includes('include_reasoning'));
}

const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high', 'xhigh', 'max'];
// An effort is sent to FastRouter as written; one holding `${VAR}` would be substituted by OpenClaw.
const EFFORT_NAME = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A catalog `reasoning` object ({ mandatory, supported_efforts }) as OpenClaw's own
 * normalizeOpenRouterModelReasoning reads it: the model reasons, the efforts it declares (with
 * "none" unless thinking is mandatory; null means all), and `off` sends no effort when mandatory.
 */
function reasoningOf(value: unknown): (Pick<Model, 'thinkingLevelMap'> & { compat: ModelCompat }) | undefined {
  if (!isPlainObject(value) || typeof value.mandatory !== 'boolean') return undefined;
  const raw = value.supported_efforts;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) return undefined;
  const declared = raw === undefined ? undefined : raw === null ? REASONING_EFFORTS : raw.flatMap((e) => (typeof e === 'string' && e.trim() !== '' ? [e.trim()] : []));
  const efforts = declared?.filter((e) => EFFORT_NAME.test(e));
  const supported = efforts?.length ? [...new Set(value.mandatory ? efforts.filter((e) => e !== 'none') : ['none', ...efforts])] : efforts;
  return {
    compat: { supportsReasoningEffort: (supported?.length ?? 0) > 0, ...(supported === undefined ? {} : { supportedReasoningEfforts: supported }) },
    ...(value.mandatory ? { thinkingLevelMap: { off: null } } : {}),
  };
}

/** True only when the catalog says which parameters the model takes and `tools` is not one of them. */
function lacksTools(parameters: unknown): boolean {
  return Array.isArray(parameters) && !parameters.includes('tools');
}

// OpenClaw substitutes `${NAME}` (NAME: [A-Z_][A-Z0-9_]*) in every config string when it loads, and
// reads `$${NAME}` as the literal `${NAME}` (src/config/env-substitution.ts in its package).
const ENV_REFERENCE = /\$\{[A-Z_][A-Z0-9_]*\}/;
const ENV_REFERENCES = /\$\{([A-Z_][A-Z0-9_]*)\}/g;

/**
 * The text OpenClaw turns back into `text`: a `$` before each `${NAME}` it would substitute. A
 * catalog must never make OpenClaw read the user's environment (a gateway token as a model name).
 */
function escapeEnvReferences(text: string): string {
  return text.includes('${') ? text.replace(ENV_REFERENCES, '$$$${$1}') : text;
}

function toModel(entry: CatalogEntry): Model | undefined {
  if (entry.is_active !== true) return undefined;
  if (!modalities(entry.architecture, 'output').includes('text')) return undefined;
  const inputs = modalities(entry.architecture, 'input');
  if (!inputs.includes('text') && !inputs.includes('image')) return undefined;
  // OpenClaw sends text to every model, so one that reads images reads text too.
  const input: ModelInput[] = inputs.includes('image') ? ['text', 'image'] : ['text'];
  // The provider that serves the model first, as OpenClaw's OpenRouter mapping reads it.
  const contextWindow = firstPositive(entry.top_provider?.context_length, entry.context_length);
  if (contextWindow === undefined) return undefined;
  const maxTokens = firstPositive(entry.top_provider?.max_completion_tokens, entry.max_completion_tokens, entry.max_output_tokens);
  const reasoning = reasoningOf(entry.reasoning);
  const compat: ModelCompat = { ...(lacksTools(entry.supported_parameters) ? { supportsTools: false } : {}), ...reasoning?.compat };
  return {
    id: entry.id,
    name: displayName(entry.name, entry.id),
    reasoning: reasoning !== undefined || takesReasoning(entry.supported_parameters),
    input,
    cost: costOf(entry.pricing),
    contextWindow,
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(Object.keys(compat).length > 0 ? { compat } : {}),
    ...(reasoning?.thinkingLevelMap ? { thinkingLevelMap: reasoning.thinkingLevelMap } : {}),
  };
}

/**
 * Keeps the active models that write text and read text or images, in OpenClaw's shape,
 * sorted by id. A malformed entry is counted and skipped, never fatal.
 */
export function normalizeCatalog(data: readonly unknown[]): NormalizedCatalog {
  const stats: CatalogStats = { entries: data.length, malformed: 0, unsuitable: 0, invalidIds: 0, duplicates: 0, envReferenceIds: 0, escapedNames: 0, rewrittenIds: [] };
  const byId = new Map<string, Model>();
  for (let i = 0; i < data.length; i++) {
    const entry = data[i];
    if (!isCatalogEntry(entry)) {
      stats.malformed++;
      continue;
    }
    const model = toModel(entry);
    if (!model) {
      stats.unsuitable++;
    } else if (!isAddressableId(model.id)) {
      stats.invalidIds++;
    } else if (model.id.includes('${') && ENV_REFERENCE.test(model.id)) {
      stats.envReferenceIds++;
    } else if (byId.has(model.id)) {
      stats.duplicates++;
    } else if (openclawRewrites(model.id) !== undefined) {
      stats.rewrittenIds.push(`${model.id} → ${openclawRewrites(model.id)}`);
    } else {
      const name = escapeEnvReferences(model.name);
      if (name !== model.name) stats.escapedNames++;
      byId.set(model.id, name === model.name ? model : { ...model, name });
    }
  }
  // The built-in sort without a comparator compares UTF-16 code units natively: the order the issue
  // asks for, several times faster than a JS comparator on thousands of ids.
  const models = [...byId.keys()].sort().map((id) => byId.get(id)!);
  return { models, stats };
}

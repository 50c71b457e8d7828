// The rows of `models`: what a person or an agent needs to pick a model (and `--default`).
import type { Model } from './catalog.js';
import { compilePattern } from './model-filter.js';
import { UsageError } from './errors.js';

export interface ModelRow {
  id: string;
  name: string;
  /** USD per million tokens. */
  inputPerMillion: number;
  outputPerMillion: number;
  contextWindow: number;
  /** Absent when the catalog gives none (OpenClaw then sends no max_tokens). */
  maxOutput: number | undefined;
  tools: boolean;
  imageInput: boolean;
  /** The config's FastRouter block lists it (`/model fastrouter/<id>` works now). */
  inConfig: boolean;
}

const SORT_ORDERS = ['id', 'price', 'context'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export function parseSortOrder(raw: string | undefined): SortOrder {
  if (raw === undefined) return 'id';
  if ((SORT_ORDERS as readonly string[]).includes(raw)) return raw as SortOrder;
  throw new UsageError(`--sort takes ${SORT_ORDERS.join(', ')}, not "${raw}".`);
}

export function parseLimit(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--limit takes a whole number of models, 1 or more, e.g. --limit 10, not "${raw}".`);
  return n;
}

const HAS_WILDCARD = /[*?]|^\/.+\/[a-z]*$/;

/**
 * `models claude 'openai/gpt-5*'`: a word matches anywhere in the id (case-insensitive), a glob or
 * /regex/ as --include reads it. No pattern matches everything.
 */
export function idMatcher(patterns: readonly string[]): (id: string) => boolean {
  const tests = patterns.map((p) => compilePattern(HAS_WILDCARD.test(p) ? p : `*${p}*`));
  return (id) => tests.length === 0 || tests.some((t) => t.test(id));
}

const byPrice = (a: ModelRow, b: ModelRow) => a.inputPerMillion - b.inputPerMillion || a.outputPerMillion - b.outputPerMillion;
const ORDER: Record<SortOrder, (a: ModelRow, b: ModelRow) => number> = {
  id: () => 0,
  price: byPrice,
  context: (a, b) => b.contextWindow - a.contextWindow,
};

/** The catalog's models (sorted by id) as rows, in `order` (ties stay by id). */
export function modelRows(models: readonly Model[], inConfig: ReadonlySet<string>, order: SortOrder): ModelRow[] {
  const rows = models.map((m): ModelRow => ({
    id: m.id,
    name: m.name,
    inputPerMillion: m.cost.input,
    outputPerMillion: m.cost.output,
    contextWindow: m.contextWindow,
    maxOutput: m.maxTokens,
    tools: !m.compat,
    imageInput: m.input.includes('image'),
    inConfig: inConfig.has(m.id),
  }));
  return rows.sort(ORDER[order]);
}

/** `$3`, `$0.15`, `$0` (free, or no price in the catalog): a price per million tokens as a person reads it. */
export function formatPrice(perMillion: number): string {
  const digits = perMillion >= 1 ? 2 : perMillion >= 0.01 ? 3 : 6;
  return `$${Number(perMillion.toFixed(digits))}`;
}

/** `200K`, `1M`, `1.05M`: a token count. */
export function formatTokens(tokens: number | undefined): string {
  if (tokens === undefined) return '-';
  if (tokens >= 1e6) return `${Number((tokens / 1e6).toFixed(2))}M`;
  if (tokens >= 1e3) return `${Number((tokens / 1e3).toFixed(1))}K`;
  return String(tokens);
}

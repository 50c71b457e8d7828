import { UsageError } from './errors.js';
import { nearestForGlob, nearestIds } from './nearest.js';

/** Which catalog models land in the picker: ids matching any include (all when none) and no exclude. */
export interface ModelFilter {
  include: string[];
  exclude: string[];
}

export const NO_FILTER: ModelFilter = { include: [], exclude: [] };

/** The filter as a person reads it: `openai/*, not *:free`. */
export function describeFilter(filter: ModelFilter): string {
  return [...filter.include, ...filter.exclude.map((p) => `not ${p}`)].join(', ');
}

const REGEX_LITERAL = /^\/(.+)\/([a-z]*)$/;

/** Flag values are repeatable and comma-separated; a `/regex/` is taken whole, commas and all. */
export function splitPatterns(values: readonly string[]): string[] {
  return values
    .flatMap((value) => (REGEX_LITERAL.test(value.trim()) ? [value.trim()] : value.split(',')))
    .map((p) => p.trim())
    .filter(Boolean);
}

/** `anthropic/*`, `*:free`, `openai/gpt-?` (case-insensitive globs; `*` crosses `/`), or `/regex/flags`. */
export function compilePattern(pattern: string): RegExp {
  const literal = REGEX_LITERAL.exec(pattern);
  if (literal) {
    try {
      return new RegExp(literal[1]!, literal[2]);
    } catch (error) {
      throw new UsageError(`${pattern} is not a valid regular expression (${(error as Error).message}).`);
    }
  }
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

function isFiltered(filter: ModelFilter): boolean {
  return filter.include.length > 0 || filter.exclude.length > 0;
}

export function applyFilter<T extends { id: string }>(models: readonly T[], filter: ModelFilter): { kept: T[]; removed: number } {
  if (!isFiltered(filter)) return { kept: [...models], removed: 0 };
  const include = filter.include.map(compilePattern);
  const exclude = filter.exclude.map(compilePattern);
  const kept = models.filter((m) => (include.length === 0 || include.some((r) => r.test(m.id))) && !exclude.some((r) => r.test(m.id)));
  return { kept, removed: models.length - kept.length };
}

const WILDCARD = /[*?]/;

/** What to say about one pattern that matches no model: the plain word's glob, or the nearest ids. */
function unmatchedHint(pattern: string, ids: readonly string[]): string {
  if (REGEX_LITERAL.test(pattern)) return '';
  if (!WILDCARD.test(pattern)) {
    const wide = compilePattern(`*${pattern}*`);
    if (ids.some((id) => wide.test(id))) return ` (patterns match whole ids: did you mean '*${pattern}*'?)`;
    const near = nearestIds(pattern, ids);
    return near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
  }
  const near = nearestForGlob(pattern, ids);
  return near.length > 0 ? `; nearest ids: ${near.join(', ')}` : '';
}

/**
 * One sentence per --include/--exclude part that matches none of the catalog's models (a typo would
 * otherwise be remembered and applied to every refresh), with the nearest ids.
 */
export function unmatchedPatterns(models: readonly { id: string }[], filter: ModelFilter): string[] {
  const ids = models.map((m) => m.id);
  const parts = [...filter.include.map((p) => ['--include', p] as const), ...filter.exclude.map((p) => ['--exclude', p] as const)];
  return parts.flatMap(([flag, pattern]) => {
    const compiled = compilePattern(pattern);
    return ids.some((id) => compiled.test(id)) ? [] : [`${flag} ${pattern} matches none of the ${ids.length} FastRouter models${unmatchedHint(pattern, ids)}.`];
  });
}

/**
 * Hints for remembered include patterns that match nothing because patterns match whole ids: `claude` would
 * match as `*claude*`. Only for plain words (no wildcard, no regex) where the wider glob finds models.
 */
export function unmatchedIncludeHints(models: readonly { id: string }[], filter: ModelFilter): string[] {
  return filter.include.flatMap((pattern) => {
    if (REGEX_LITERAL.test(pattern) || WILDCARD.test(pattern)) return [];
    const exact = compilePattern(pattern);
    if (models.some((m) => exact.test(m.id))) return [];
    const wide = compilePattern(`*${pattern}*`);
    return models.some((m) => wide.test(m.id)) ? [`--include ${pattern} matches whole model ids, so it matched none; did you mean '*${pattern}*'?`] : [];
  });
}

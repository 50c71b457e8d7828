/**
 * Edits (insert, delete, replace, swap two neighbours) between two strings, with an early exit
 * once every path exceeds `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The ids closest to a mistyped one (case-insensitive; an id typed without its vendor prefix is
 * compared with the part after the "/"), nearest first, at most `count`, none further than a
 * third of its length (at least 2 edits).
 */
export function nearestIds(typed: string, ids: readonly string[], count = 3): string[] {
  const wanted = typed.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: Array<[number, string]> = [];
  for (const id of ids) {
    const lower = id.toLowerCase();
    const bare = wanted.includes('/') ? lower : lower.slice(lower.indexOf('/') + 1);
    const distance = editDistance(wanted, bare, limit);
    if (distance <= limit) scored.push([distance, id]);
  }
  return scored
    .sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1))
    .slice(0, count)
    .map(([, id]) => id);
}

/**
 * Edits that make `id` match the glob `pattern` (case-insensitive; `*` takes any run of characters,
 * `?` one, for free), with an early exit once every path exceeds `limit`.
 */
function globDistance(pattern: string, id: string, limit = Infinity): number {
  const p = pattern.toLowerCase();
  const t = id.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= p.length; i++) {
    const c = p[i - 1];
    const current = [c === '*' ? previous[0]! : previous[0]! + 1];
    for (let j = 1; j <= t.length; j++) {
      current[j] = c === '*' ? Math.min(previous[j]!, current[j - 1]!) : Math.min(previous[j - 1]! + (c === '?' || c === t[j - 1] ? 0 : 1), previous[j]! + 1, current[j - 1]! + 1);
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[t.length]!;
}

/** The ids a mistyped glob was most likely meant to match, nearest first (as nearestIds, for patterns). */
export function nearestForGlob(pattern: string, ids: readonly string[], count = 3): string[] {
  const literal = pattern.replace(/[*?]/g, '').length;
  const limit = Math.max(1, Math.floor(literal / 3));
  const scored: Array<[number, string]> = [];
  for (const id of ids) {
    const distance = globDistance(pattern, id, limit);
    if (distance <= limit) scored.push([distance, id]);
  }
  return scored
    .sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1))
    .slice(0, count)
    .map(([, id]) => id);
}

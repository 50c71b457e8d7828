/** The first `shown` items, then how many more: `a, b, c and 4 more`. Keeps a long list on one line. */
export function firstFew(items: readonly string[], shown = 3): string {
  return items.slice(0, shown).join(', ') + (items.length > shown ? ` and ${items.length - shown} more` : '');
}

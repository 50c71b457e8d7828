/** Popular families, each with the patterns it prefers first. */
const FAMILIES: RegExp[][] = [
  [/^anthropic\/claude-sonnet/, /^anthropic\/claude-opus/, /^anthropic\/claude/],
  [/^openai\/gpt-\d/, /^openai\/gpt/],
  [/^google\/gemini-[\d.]+-pro/, /^google\/gemini/],
  [/^deepseek\/deepseek/, /^deepseek\//],
];

const newestFirst = new Intl.Collator('en', { numeric: true }).compare;

/** Up to one model per popular family that is really in `ids`: the highest version, paid variants first. */
export function suggestModels(ids: readonly string[]): string[] {
  const picks: string[] = [];
  for (const patterns of FAMILIES) {
    for (const pattern of patterns) {
      const matches = ids.filter((id) => pattern.test(id)).sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')) || newestFirst(b, a));
      if (matches[0]) {
        picks.push(matches[0]);
        break;
      }
    }
  }
  return picks;
}

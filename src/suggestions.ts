/** Popular families, each with the patterns it prefers first. */
const FAMILIES: RegExp[][] = [
  [/^anthropic\/claude-sonnet/, /^anthropic\/claude-opus/, /^anthropic\/claude/],
  [/^openai\/gpt-\d/, /^openai\/gpt/],
  [/^google\/gemini-[\d.]+-pro/, /^google\/gemini/],
  [/^deepseek\/deepseek/, /^deepseek\//],
];

/** Compares ids as people read versions: "gpt-5.10" after "gpt-5.9". (Intl.Collator would do, at 5 ms of ICU start-up.) */
function naturalCompare(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

const newestFirst = (a: string, b: string) => naturalCompare(a, b);

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

/** Popular families: a vendor prefix, then the patterns the family prefers first. */
const FAMILIES: Array<{ prefix: string; patterns: RegExp[] }> = [
  { prefix: 'anthropic/', patterns: [/^anthropic\/claude-sonnet/, /^anthropic\/claude-opus/, /^anthropic\/claude/] },
  { prefix: 'openai/', patterns: [/^openai\/gpt-\d/, /^openai\/gpt/] },
  { prefix: 'google/', patterns: [/^google\/gemini-[\d.]+-pro/, /^google\/gemini/] },
  { prefix: 'deepseek/', patterns: [/^deepseek\/deepseek/, /^deepseek\//] },
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

/** True when `a` is the better pick: a paid variant (no `:free` and the like) first, then the newest. */
function better(a: string, b: string): boolean {
  const variant = Number(a.includes(':')) - Number(b.includes(':'));
  return variant !== 0 ? variant < 0 : naturalCompare(a, b) > 0;
}

/** Up to one model per popular family that is really in `ids`: the most preferred pattern, then the best id. One pass. */
export function suggestModels(ids: readonly string[]): string[] {
  const best = FAMILIES.map((family) => family.patterns.map((): string | undefined => undefined));
  for (const id of ids) {
    FAMILIES.forEach((family, f) => {
      if (!id.startsWith(family.prefix)) return;
      const p = family.patterns.findIndex((pattern) => pattern.test(id));
      if (p === -1) return;
      const current = best[f]![p];
      if (current === undefined || better(id, current)) best[f]![p] = id;
    });
  }
  return best.flatMap((byPattern) => byPattern.find((id) => id !== undefined) ?? []);
}

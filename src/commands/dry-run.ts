import { configDiff } from '../json5/diff.js';
import { foldText, type Fold } from '../json5/fold.js';
import { PROVIDER_ID } from '../core/provider.js';

/** The lists a dry run folds into one line each, unless --diff: hundreds of entries a person does not read. */
const DRY_RUN_FOLDS: Fold[] = [
  { path: ['models', 'providers', PROVIDER_ID, 'models'], label: (n) => `[ … ${n} models (--dry-run --diff shows them) … ]` },
  { path: ['agents', 'defaults', 'models'], label: (n) => `{ … ${n} entries (--dry-run --diff shows them) … }` },
];

export async function dryRunDiff(configPath: string, before: string | undefined, after: string, full: boolean): Promise<{ diff: string; folded: boolean }> {
  let folded = false;
  const fold = (text: string) => {
    const short = foldText(text, DRY_RUN_FOLDS)!;
    folded ||= short !== text;
    return short;
  };
  return { diff: await configDiff(configPath, before, after, full ? undefined : fold), folded };
}

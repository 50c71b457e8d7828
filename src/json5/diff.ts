import { maskSecrets } from '../core/mask-secrets.js';

/** A unified diff of the config, every secret-looking value masked on every line: what a write would change. */
export async function configDiff(path: string, before: string | undefined, after: string): Promise<string> {
  const { createTwoFilesPatch } = await import('../lazy/diff.js');
  const patch = createTwoFilesPatch(path, path, before ?? '', after, before === undefined ? '(new file)' : 'current', 'after', { context: 3 });
  // Drop the "Index:" and "====" header lines; keep --- +++ and the hunks.
  return patch.split('\n').slice(2).map(maskSecrets).join('\n');
}

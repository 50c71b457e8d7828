import { maskedValue, maskLooseText, maskSecrets } from '../core/mask-secrets.js';
import { parseJson5, type Node } from './json5-cst.js';

/** A string token with `value`, in the quote the text used. */
function quoteAs(quote: string, value: string): string {
  const json = JSON.stringify(value);
  return quote === '"' ? json : `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/**
 * The config text with every secret masked by what it is, not by how its line looks: each string
 * and number is judged at its parsed path (a value on the next line, one split by a line
 * continuation, an escaped field name are all seen as the parser sees them), and whatever lies
 * between values (comments) loses anything key-shaped. A text that does not parse is masked line by line.
 */
function maskConfigText(text: string): string {
  let root: Node;
  try {
    root = parseJson5(text).root;
  } catch {
    return text.split('\n').map(maskSecrets).join('\n');
  }
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const visit = (node: Node, path: Array<string | number>) => {
    if (node.kind === 'scalar') {
      if (typeof node.value !== 'string' && typeof node.value !== 'number') return;
      const masked = maskedValue(node.value, path);
      // A number's stand-in is a string, so the masked text still parses (the folds read it).
      if (masked !== undefined) edits.push({ start: node.start, end: node.end, text: quoteAs(typeof node.value === 'string' ? text[node.start]! : '"', masked) });
      return;
    }
    node.members.forEach((member, index) => visit(member.value, [...path, node.kind === 'object' ? member.key : index]));
  };
  visit(root, []);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += maskLooseText(text.slice(at, edit.start)) + edit.text;
    at = edit.end;
  }
  return out + maskLooseText(text.slice(at));
}

/**
 * A unified diff of the config, every secret masked: what a write would change. `shorten` (the dry
 * run's folds) runs on the masked texts: a folded text no longer parses, and masking it line by line
 * would miss a secret only the parser sees (an escaped field name, a value on the next line).
 */
export async function configDiff(path: string, before: string | undefined, after: string, shorten = (text: string) => text): Promise<string> {
  const { createTwoFilesPatch } = await import('../lazy/diff.js');
  const shown = (text: string) => shorten(maskConfigText(text));
  const patch = createTwoFilesPatch(path, path, before === undefined ? '' : shown(before), shown(after), before === undefined ? '(new file)' : 'current', 'after', { context: 3 });
  // Drop the "Index:" and "====" header lines; keep --- +++ and the hunks.
  return patch.split('\n').slice(2).join('\n');
}

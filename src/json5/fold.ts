import { parseJson5, type Member, type Node } from './json5-cst.js';

/** A few members read as easily as a summary of them. */
const FOLD_ABOVE = 3;

export interface Fold {
  /** Where the container is (its last duplicate key wins, as JSON5.parse reads it). */
  path: readonly string[];
  /** The one line that stands for it, given how many members it has. */
  label: (members: number) => string;
}

function nodeAt(root: Node, path: readonly string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const key of path) {
    if (node?.kind !== 'object') return undefined;
    const members: Member[] = node.members.filter((m) => m.key === key);
    node = members.at(-1)?.value;
  }
  return node;
}

/**
 * `text` with each container of more than a few members at a fold's path replaced by its label, everything around it
 * as written: the text a dry run diffs so that hundreds of model entries become one line. A text
 * that does not parse is returned as it is.
 */
export function foldText(text: string | undefined, folds: readonly Fold[]): string | undefined {
  if (text === undefined) return undefined;
  let root: Node;
  try {
    root = parseJson5(text).root;
  } catch {
    return text;
  }
  const spans = folds
    .flatMap(({ path, label }) => {
      const node = nodeAt(root, path);
      return node && node.kind !== 'scalar' && node.members.length > FOLD_ABOVE ? [{ start: node.start, end: node.end, text: label(node.members.length) }] : [];
    })
    .sort((a, b) => b.start - a.start);
  let folded = text;
  for (const span of spans) folded = folded.slice(0, span.start) + span.text + folded.slice(span.end);
  return folded;
}

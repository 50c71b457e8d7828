import { isPlainObject } from '../core/json.js';
import type { Node } from './json5-cst.js';

/**
 * True when OpenClaw reads `a` and `b` the same: the same keys in the same order, and numbers equal
 * by Object.is (NaN is NaN, -0 is not 0).
 */
export function readsTheSame(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => readsTheSame(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    const other = Object.keys(b);
    return keys.length === other.length && keys.every((k, i) => k === other[i] && readsTheSame(a[k], b[k]));
  }
  return false;
}

/** Every key that appears more than once in one object, as a JSON path (earlier copies' subtrees too). */
export function duplicateKeys(root: Node): Set<string> {
  const found = new Set<string>();
  const path: Array<string | number> = [];
  const visit = (node: Node): void => {
    if (node.kind === 'scalar') return;
    const seen = node.kind === 'object' ? new Set<string>() : undefined;
    node.members.forEach((m, i) => {
      if (seen) {
        if (seen.has(m.key)) found.add(JSON.stringify([...path, m.key]));
        seen.add(m.key);
      }
      path.push(seen ? m.key : i);
      visit(m.value);
      path.pop();
    });
  };
  visit(root);
  return found;
}

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

/**
 * `after` as the in-place editor writes it: in every object it edits, the keys the file had keep the
 * file's order and new keys follow. That is the order the edited text must read back in.
 */
export function inFileOrder(before: unknown, after: unknown): unknown {
  if (!isPlainObject(before) || !isPlainObject(after) || before === after) return after;
  const ordered: Record<string, unknown> = {};
  const put = (key: string) => Object.defineProperty(ordered, key, { value: inFileOrder(before[key], after[key]), enumerable: true, writable: true, configurable: true });
  for (const key of Object.keys(before)) if (Object.hasOwn(after, key)) put(key);
  for (const key of Object.keys(after)) if (!Object.hasOwn(before, key)) put(key);
  return ordered;
}

import { isPlainObject } from '../core/json.js';
import type { Node } from './json5-cst.js';

/**
 * True when OpenClaw reads `a` and `b` the same: the same keys in the same order, and numbers equal
 * by Object.is (NaN is NaN, -0 is not 0).
 */
export function readsTheSame(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!readsTheSame(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k !== other[i] || !readsTheSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * How often each key path holds a duplicate key (array indices as "*": an entry that moves within its
 * array keeps its paths), counting earlier copies' subtrees too.
 */
export function duplicateKeys(root: Node): Map<string, number> {
  const found = new Map<string, number>();
  const path: string[] = [];
  const visit = (node: Node): void => {
    if (node.kind === 'scalar') return;
    const seen = node.kind === 'object' ? new Set<string>() : undefined;
    for (const m of node.members) {
      if (seen) {
        if (seen.has(m.key)) {
          const at = JSON.stringify([...path, m.key]);
          found.set(at, (found.get(at) ?? 0) + 1);
        }
        seen.add(m.key);
      }
      path.push(seen ? m.key : '*');
      visit(m.value);
      path.pop();
    }
  };
  visit(root);
  return found;
}

/** The string `id` of an array entry (a model), by which an entry and its new version are paired. */
function entryId(item: unknown): string | undefined {
  const id = isPlainObject(item) ? item.id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** A key under which equal primitives meet (numbers as Object.is tells them apart). */
function primitiveKey(item: unknown): string | undefined {
  if (typeof item === 'string') return 's' + item;
  if (typeof item === 'number') return Object.is(item, -0) ? 'n-0' : 'n' + String(item);
  if (typeof item === 'boolean' || item === null) return String(item);
  return undefined;
}

/**
 * Which item of `before` each item of `after` continues (-1: a new item), as the editor pairs them:
 * in order, the first later item that reads the same, else the first later object with the same string
 * `id` (a model whose catalog fields changed). Linear for entries with ids and for primitives: each
 * index list is walked once.
 */
export function matchItems(before: readonly unknown[], after: readonly unknown[]): readonly number[] {
  const known = pairings?.get(after);
  if (known && sameItems(known.before, before)) return known.pairs;
  const pairs = pairItems(before, after);
  pairings?.set(after, { before, pairs });
  return pairs;
}

/**
 * Within one render, the editor and the read-back check pair the same arrays (10,000 models on a big
 * catalog): the second asks with the same `after` and a `before` holding the very same items, and
 * gets the first's answer. Kept for that one call only, so nothing changed in between can be missed.
 */
let pairings: Map<readonly unknown[], { before: readonly unknown[]; pairs: readonly number[] }> | undefined;

export function sharingPairings<T>(render: () => T): T {
  const outer = pairings;
  pairings = new Map();
  try {
    return render();
  } finally {
    pairings = outer;
  }
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function pairItems(before: readonly unknown[], after: readonly unknown[]): number[] {
  const byKey = new Map<string, { at: number[]; next: number }>();
  const index = (key: string | undefined, j: number) => {
    if (key === undefined) return;
    const list = byKey.get(key);
    if (list) list.at.push(j);
    else byKey.set(key, { at: [j], next: 0 });
  };
  before.forEach((item, j) => {
    const id = entryId(item);
    index(id === undefined ? primitiveKey(item) : 'i' + id, j);
  });
  let next = 0;
  return after.map((item) => {
    const id = entryId(item);
    const key = id === undefined ? primitiveKey(item) : 'i' + id;
    let found = -1;
    if (key === undefined) {
      // Arrays and objects without an id: looked for one by one.
      for (let j = next; j < before.length && found === -1; j++) if (readsTheSame(before[j], item)) found = j;
    } else {
      const list = byKey.get(key);
      if (list) {
        while (list.next < list.at.length && list.at[list.next]! < next) list.next++;
        for (let k = list.next; k < list.at.length && found === -1; k++) if (readsTheSame(before[list.at[k]!], item)) found = list.at[k]!;
        if (found === -1 && id !== undefined && list.next < list.at.length) found = list.at[list.next]!;
      }
    }
    if (found !== -1) next = found + 1;
    return found;
  });
}

/**
 * `after` as the in-place editor writes it: in every object it edits, the keys the file had keep the
 * file's order and new keys follow; array items it pairs with the file's (matchItems) likewise. That
 * is the order the edited text must read back in.
 */
export function inFileOrder(before: unknown, after: unknown): unknown {
  if (before === after) return after;
  if (Array.isArray(before) && Array.isArray(after)) {
    const pairs = matchItems(before, after);
    let changed = false;
    const items = after.map((item, i) => {
      const ordered = pairs[i]! === -1 ? item : inFileOrder(before[pairs[i]!], item);
      if (ordered !== item) changed = true;
      return ordered;
    });
    return changed ? items : after;
  }
  if (!isPlainObject(before) || !isPlainObject(after)) return after;
  const keys = Object.keys(after);
  const order = Object.keys(before).filter((key) => Object.hasOwn(after, key));
  for (const key of keys) if (!Object.hasOwn(before, key)) order.push(key);
  let changed = false;
  const values = order.map((key, i) => {
    const value = inFileOrder(before[key], after[key]);
    if (key !== keys[i] || value !== after[key]) changed = true;
    return value;
  });
  // Unchanged objects are returned as they are: only what the edit reorders is copied.
  if (!changed) return after;
  const ordered: Record<string, unknown> = {};
  order.forEach((key, i) => {
    if (key === '__proto__') Object.defineProperty(ordered, key, { value: values[i], enumerable: true, writable: true, configurable: true });
    else ordered[key] = values[i];
  });
  return ordered;
}

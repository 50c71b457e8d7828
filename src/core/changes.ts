import { getPath, isPlainObject, shallowCopy, type JsonObject } from './json.js';

/** One change to the config: set `path` to `value`, or delete it when `value` is undefined. */
export interface Change {
  path: readonly string[];
  value?: unknown;
}

/**
 * Applies changes without mutating `root`: only the objects on an edited path are copied,
 * so a large config costs little and everything else keeps its identity and key order.
 */
export function applyChanges(root: JsonObject, changes: readonly Change[]): JsonObject {
  const copied = new Set<object>();
  const result = shallowCopy(root);
  copied.add(result);
  for (const { path, value } of changes) {
    if (value === undefined && !isPlainObject(getPath(result, path.slice(0, -1)))) continue;
    let node: JsonObject = result;
    for (const key of path.slice(0, -1)) {
      const child = node[key];
      const next: JsonObject = isPlainObject(child) ? (copied.has(child) ? child : shallowCopy(child)) : {};
      copied.add(next);
      node[key] = next;
      node = next;
    }
    const last = path[path.length - 1]!;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return result;
}

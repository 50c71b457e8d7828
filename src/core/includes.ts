import { dirname, isAbsolute, normalize, resolve } from 'node:path';
import { isPlainObject, type JsonObject } from './json.js';

/**
 * OpenClaw's `$include`, as its IncludeProcessor (dist/includes-*.mjs, 2026.9.6) resolves it: a path
 * or a list of paths, relative to the file that names it, inside the config's folder; nested up to
 * 10 deep, never in a circle; a list is merged in order; keys beside `$include` are merged over what
 * it brought (objects key by key, arrays joined). `load` reads and parses one file, refusing what
 * OpenClaw refuses (outside the folder through a link, over 2 MB, not a regular file).
 */
export type IncludeLoader = (path: string) => unknown;

export class IncludeError extends Error {}

const MAX_DEPTH = 10;

function mergeDeep(target: unknown, source: unknown): unknown {
  if (Array.isArray(target) && Array.isArray(source)) return [...target, ...source];
  if (!isPlainObject(target) || !isPlainObject(source)) return source;
  const merged: JsonObject = { ...target };
  for (const [key, value] of Object.entries(source)) merged[key] = Object.hasOwn(merged, key) ? mergeDeep(merged[key], value) : value;
  return merged;
}

function within(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`);
}

/** `node` with every `$include` in it replaced by what OpenClaw would read there; throws IncludeError. */
export function resolveIncludes(node: unknown, file: string, rootDir: string, load: IncludeLoader, visited: ReadonlySet<string> = new Set([normalize(file)]), depth = 0): unknown {
  if (Array.isArray(node)) return node.map((item) => resolveIncludes(item, file, rootDir, load, visited, depth));
  if (!isPlainObject(node)) return node;
  const rest: JsonObject = {};
  for (const [key, value] of Object.entries(node)) if (key !== '$include') rest[key] = resolveIncludes(value, file, rootDir, load, visited, depth);
  if (!Object.hasOwn(node, '$include')) return rest;
  const value = node.$include;
  const paths = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((p) => typeof p === 'string') ? (value as string[]) : undefined;
  if (!paths) throw new IncludeError('its "$include" is neither a path nor a list of paths');
  const loaded = paths.map((path) => {
    const target = normalize(isAbsolute(path) ? path : resolve(dirname(file), path));
    if (!within(rootDir, target)) throw new IncludeError(`"${path}" is outside the config's folder`);
    if (visited.has(target)) throw new IncludeError(`"${path}" includes itself`);
    if (depth >= MAX_DEPTH) throw new IncludeError(`"${path}" is nested more than ${MAX_DEPTH} deep`);
    return resolveIncludes(load(target), target, rootDir, load, new Set([...visited, target]), depth + 1);
  });
  const included = typeof value === 'string' ? loaded[0] : loaded.reduce((merged, entry) => mergeDeep(merged, entry), {});
  if (Object.keys(rest).length === 0) return included;
  if (!isPlainObject(included)) throw new IncludeError('keys beside "$include" need it to bring an object');
  return mergeDeep(included, rest);
}

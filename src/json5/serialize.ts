import { isPlainObject } from '../core/json.js';
import type { Layout } from './text-style.js';

/** A number as JSON5 writes it: NaN, Infinity and -0 keep their value (JSON would write null and 0). */
export function formatNumber(n: number): string {
  if (Number.isFinite(n)) return Object.is(n, -0) ? '-0' : String(n);
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

/** True when JSON.stringify would change a value of `root` (a non-finite number or -0). */
function needsJson5(root: unknown): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || Object.is(value, -0)) return true;
    } else if (Array.isArray(value)) stack.push(...value);
    else if (isPlainObject(value)) for (const k in value) stack.push(value[k]);
  }
  return false;
}

/**
 * The whole file: what JSON.stringify(value, null, indent) writes (OpenClaw's own format), except
 * that numbers JSON cannot hold are written as JSON5 (NaN, Infinity, -0), so every value reads back.
 */
export function stringifyConfig(value: unknown, layout: Layout): string {
  return withLayout(needsJson5(value) ? stringifyJson5(value, layout.indent, '') : JSON.stringify(value, null, layout.indent), layout);
}

/** Exactly JSON.stringify's output in the file's layout: for values known to hold only JSON numbers. */
export function stringifyJson(value: unknown, layout: Layout): string {
  return withLayout(JSON.stringify(value, null, layout.indent), layout);
}

function withLayout(json: string, layout: Layout): string {
  const text = json + '\n';
  return (layout.bom ? '\uFEFF' : '') + (layout.eol === '\n' ? text : text.replace(/\n/g, layout.eol));
}

function stringifyJson5(value: unknown, unit: string, indent: string): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = indent + unit;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + (v === undefined ? 'null' : stringifyJson5(v, unit, inner))).join(',\n')}\n${indent}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringifyJson5(value[k], unit, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value ?? null);
}

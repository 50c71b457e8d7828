import type { ContainerNode, Node, TokenCounts } from './json5-cst.js';
import { isLineTerminator, isWhiteSpace, startsLine } from './scanner.js';

const BOM = 0xfeff;

/** How a config file is written, learned from the file itself, so whatever we write matches it. */
export interface TextStyle {
  bom: boolean;
  eol: '\n' | '\r\n' | '\r' | '\u2028' | '\u2029';
  /** One level of indentation. */
  indent: string;
  quote: '"' | "'";
  unquotedKeys: boolean;
  trailingComma: boolean;
}

/** What a whole rewrite needs: the layout of lines. */
export type Layout = Pick<TextStyle, 'bom' | 'eol' | 'indent'>;

/** What a new file gets: JSON.stringify's own layout. */
export const DEFAULT_STYLE: TextStyle = { bom: false, eol: '\n', indent: '  ', quote: '"', unquotedKeys: false, trailingComma: false };

/**
 * The first line terminator decides the file's. CR and LF cannot stand raw in a string, so the first
 * of them is the answer; only a file without either is scanned, tokens skipped, for U+2028 or U+2029
 * (which JSON allows raw inside strings). Each character is looked at a bounded number of times.
 */
function firstEol(text: string): Layout['eol'] {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr >= 0 && (lf < 0 || cr < lf)) return text.charCodeAt(cr + 1) === 10 ? '\r\n' : '\r';
  if (lf >= 0) return '\n';
  return separatorEol(text) ?? '\n';
}

/** The first U+2028 or U+2029 outside a string, in a text without CR or LF. */
function separatorEol(text: string): '\u2028' | '\u2029' | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2028) return '\u2028';
    if (c === 0x2029) return '\u2029';
    if (c === 34 || c === 39) {
      // A string: skip to its closing quote; an escaped character is part of it.
      for (i++; i < n && text.charCodeAt(i) !== c; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // A block comment: a separator inside it still ends a line, so only the quotes in it are skipped.
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close;
      for (let j = i + 2; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x2028) return '\u2028';
        if (d === 0x2029) return '\u2029';
      }
      i = end + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      // A line comment ends at the separator, which the loop then finds.
      i++;
      while (i + 1 < n && !isLineTerminator(text.charCodeAt(i + 1))) i++;
    }
  }
  return undefined;
}

/** The spaces or tabs that start the first indented line. */
function firstIndent(text: string): string | undefined {
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && !isLineTerminator(text.charCodeAt(i))) i++;
    if (i >= n) return undefined;
    const start = ++i;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const c = text.charCodeAt(i);
    if (i > start && i < n && !isLineTerminator(c) && !isWhiteSpace(c)) return text.slice(start, i);
  }
}

export function detectLayout(text: string): Layout {
  return { bom: text.charCodeAt(0) === BOM, eol: firstEol(text), indent: firstIndent(text) ?? DEFAULT_STYLE.indent };
}

/** The offset where the line holding `offset` starts (after any JSON5 line terminator). */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isLineTerminator(text.charCodeAt(i - 1))) i--;
  return i;
}

/** The spaces and tabs that start the line holding `offset`, up to `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  let end = start;
  while (end < offset && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return text.slice(start, end);
}

/** One indent step: how much deeper the first root member on its own line sits than the root. */
function indentUnit(text: string, root: Node): string | undefined {
  if (root.kind === 'scalar') return undefined;
  const outer = lineIndent(text, root.start);
  for (const m of (root as ContainerNode).members) {
    if (!startsLine(text, m.bodyStart)) continue;
    const inner = lineIndent(text, m.bodyStart);
    return inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : undefined;
  }
  return undefined;
}

export function learnStyle(text: string, root: Node, counts: TokenCounts): TextStyle {
  const layout = detectLayout(text);
  return {
    ...layout,
    indent: indentUnit(text, root) ?? layout.indent,
    quote: counts.singleQuoted > counts.doubleQuoted ? "'" : '"',
    unquotedKeys: counts.identifierKeys > counts.quotedKeys,
    trailingComma: counts.trailingCommas > counts.noTrailingCommas,
  };
}

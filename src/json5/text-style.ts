import type { ContainerNode, Node, TokenCounts } from './json5-cst.js';
import { isLineTerminator, isWhiteSpace, startsLine } from './scanner.js';

const BOM = 0xfeff;

/** How a config file is written, learned from the file itself, so whatever we write matches it. */
export interface TextStyle {
  bom: boolean;
  eol: '\n' | '\r\n' | '\r';
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

/** The first line terminator decides the file's; each character is looked at a bounded number of times. */
function firstEol(text: string): Layout['eol'] {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return '\n';
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r';
  }
  return '\n';
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

import { deepEqual, isPlainObject } from '../core/json.js';
import { Json5Cst, type ContainerNode, type Member, type Node } from './json5-cst.js';
import { detectStyle, type TextStyle } from './text-style.js';

interface Piece {
  lead: string;
  body: string;
  beforeComma: string;
  trailer: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Rewrites only what differs between `before` (what `text` holds) and `after`: everything else,
 * comments, quotes, commas, blank lines and key order included, stays byte for byte.
 * Throws when the text is something it will not edit safely (duplicate keys); the caller falls back.
 */
export function editText(text: string, before: unknown, after: unknown, style: TextStyle = detectStyle(text)): string {
  const root = Json5Cst.parse(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  return new TextEditor(text, style).apply(root, before, after);
}

class TextEditor {
  constructor(
    private readonly text: string,
    private readonly style: TextStyle,
  ) {}

  apply(root: Node, before: unknown, after: unknown): string {
    return this.text.slice(0, root.start) + this.render(root, before, after) + this.text.slice(root.end);
  }

  private lineIndent(offset: number): string {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(this.text.slice(lineStart, offset))![0];
  }

  private render(node: Node, before: unknown, after: unknown): string {
    if (deepEqual(before, after)) return this.text.slice(node.start, node.end);
    if (node.kind === 'object' && isPlainObject(before) && isPlainObject(after)) return this.renderObject(node, before, after);
    if (node.kind === 'array' && Array.isArray(before) && Array.isArray(after)) return this.renderArray(node, before, after);
    return this.serialize(after, this.lineIndent(node.start));
  }

  private keep(m: Member, body: string): Piece {
    const { text } = this;
    const valueEnd = m.value.end;
    return {
      lead: text.slice(m.segmentStart, m.bodyStart),
      body,
      beforeComma: m.comma >= 0 ? text.slice(valueEnd, m.comma) : '',
      trailer: text.slice(m.comma >= 0 ? m.comma + 1 : valueEnd, m.segmentEnd),
    };
  }

  private renderObject(node: ContainerNode, before: Record<string, unknown>, after: Record<string, unknown>): string {
    const keys = new Set(node.members.map((m) => m.key));
    if (keys.size !== node.members.length) throw new Error('duplicate keys');
    const pieces: Piece[] = [];
    for (const m of node.members) {
      if (!Object.hasOwn(after, m.key)) continue;
      const body = this.text.slice(m.bodyStart, m.valueStart) + this.render(m.value, before[m.key], after[m.key]);
      pieces.push(this.keep(m, body));
    }
    const layout = this.layout(node);
    const separator = node.members[0] ? this.separatorOf(node.members[0]) : ': ';
    for (const key of Object.keys(after)) {
      if (keys.has(key)) continue;
      pieces.push({ lead: layout.lead, body: this.key(key) + separator + this.serialize(after[key], layout.indent), beforeComma: '', trailer: '' });
    }
    return this.assemble(node, pieces, layout);
  }

  private renderArray(node: ContainerNode, before: unknown[], after: unknown[]): string {
    const pieces: Piece[] = [];
    const layout = this.layout(node);
    let next = 0;
    for (const item of after) {
      let found = -1;
      for (let j = next; j < before.length; j++) {
        if (deepEqual(before[j], item)) {
          found = j;
          break;
        }
      }
      if (found === -1) {
        pieces.push({ lead: layout.lead, body: this.serialize(item, layout.indent), beforeComma: '', trailer: '' });
      } else {
        const m = node.members[found]!;
        pieces.push(this.keep(m, this.text.slice(m.bodyStart, m.value.end)));
        next = found + 1;
      }
    }
    return this.assemble(node, pieces, layout);
  }

  private separatorOf(m: Member): string {
    const between = this.text.slice(m.bodyStart, m.valueStart);
    return /:[ \t]*$/.test(between) ? between.slice(between.lastIndexOf(':')) : ': ';
  }

  /** How a new member of `node` starts: on its own line at the members' indent, or inline. */
  private layout(node: ContainerNode) {
    const inner = this.text.slice(node.start + 1, node.end - 1);
    const outer = this.lineIndent(node.start);
    const inline = node.members.length > 0 && !inner.includes('\n');
    if (inline) return { inline, outer, indent: outer + this.style.indent, lead: ' ' };
    const last = node.members[node.members.length - 1];
    const indent = last ? this.lineIndent(last.bodyStart) : outer + this.style.indent;
    return { inline, outer, indent, lead: this.style.eol + indent };
  }

  private assemble(node: ContainerNode, pieces: Piece[], layout: { inline: boolean; outer: string }): string {
    const { text } = this;
    const open = text[node.start]!;
    const close = text[node.end - 1]!;
    const last = node.members[node.members.length - 1];
    const trailingComma = last ? last.comma >= 0 : this.style.trailingComma && !layout.inline;
    let tail = text.slice(last ? last.segmentEnd : node.start + 1, node.end - 1);
    if (!last && pieces.length > 0 && !tail.includes('\n')) tail = this.style.eol + layout.outer;
    if (pieces.length === 0 && !/\/[/*]/.test(tail)) tail = '';
    let out = open;
    pieces.forEach((p, i) => {
      const comma = i < pieces.length - 1 || trailingComma;
      out += p.lead + p.body + (comma ? p.beforeComma + ',' : '') + p.trailer;
    });
    return out + tail + close;
  }

  private quote(s: string): string {
    const json = JSON.stringify(s);
    if (this.style.quote === '"') return json;
    return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
  }

  private key(k: string): string {
    return this.style.unquotedKeys && IDENTIFIER.test(k) ? k : this.quote(k);
  }

  /** A new value in the file's style, indented to sit at `indent`. */
  private serialize(value: unknown, indent: string): string {
    const { eol, trailingComma } = this.style;
    const inner = indent + this.style.indent;
    const tc = trailingComma ? ',' : '';
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      return `[${value.map((v) => eol + inner + this.serialize(v, inner)).join(',')}${tc}${eol}${indent}]`;
    }
    if (isPlainObject(value)) {
      const keys = Object.keys(value).filter((k) => value[k] !== undefined);
      if (keys.length === 0) return '{}';
      return `{${keys.map((k) => `${eol}${inner}${this.key(k)}: ${this.serialize(value[k], inner)}`).join(',')}${tc}${eol}${indent}}`;
    }
    return typeof value === 'string' ? this.quote(value) : JSON.stringify(value ?? null);
  }
}

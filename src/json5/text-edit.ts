import { isPlainObject } from '../core/json.js';
import { parseJson5, type ContainerNode, type Member, type Node, type ParsedJson5 } from './json5-cst.js';
import { isLineTerminator, isWhiteSpace } from './scanner.js';
import { formatNumber } from './serialize.js';
import { learnStyle, lineIndent, type TextStyle } from './text-style.js';
import { matchItems, readsTheSame } from './verify.js';

/** A member as it will be written: its leading trivia, key and value, what stood before its comma, and after. */
interface Piece {
  lead: string;
  body: string;
  beforeComma: string;
  trailer: string;
  /** Where in `body` its value starts, and which kept containers (their range in the editor's list) it holds. */
  valueAt: number;
  keptFrom: number;
  keptTo: number;
}

interface ContainerLayout {
  inline: boolean;
  /** The indent of the line the container opens on. */
  outer: string;
  /** The indent of its members. */
  indent: string;
  /** What starts a new member: a line break and the indent, or a space. */
  lead: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** True when `trivia` (whitespace and comments only) ends inside a line comment. */
function endsInLineComment(trivia: string): boolean {
  let i = 0;
  while (i < trivia.length) {
    if (trivia.charCodeAt(i) !== 47 /* / */) i++;
    else if (trivia.charCodeAt(i + 1) === 47) {
      i += 2;
      while (i < trivia.length && !isLineTerminator(trivia.charCodeAt(i))) i++;
      if (i === trivia.length) return true;
    } else if (trivia.charCodeAt(i + 1) === 42 /* * */) {
      const close = trivia.indexOf('*/', i + 2);
      i = close === -1 ? trivia.length : close + 2;
    } else i++;
  }
  return false;
}

function startsWithLineTerminator(text: string): boolean {
  return text.length > 0 && isLineTerminator(text.charCodeAt(0));
}

/** `text` without the whitespace (not line terminators) it starts with. */
function trimLeadingSpace(text: string): string {
  let i = 0;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return text.slice(i);
}

/** `text` without the whitespace and line terminators it ends with. */
function trimTrailingSpace(text: string): string {
  let i = text.length;
  while (i > 0 && (isWhiteSpace(text.charCodeAt(i - 1)) || isLineTerminator(text.charCodeAt(i - 1)))) i--;
  return text.slice(0, i);
}

/** The edited text, and where in it a container of the original stands unchanged (its offset there). */
export interface EditedText {
  text: string;
  kept: Map<number, ContainerNode>;
}

/**
 * Rewrites only what differs between what `text` holds and `after`: everything else, comments, quotes,
 * commas, blank lines and key order included, stays byte for byte. Of duplicate keys, the last member
 * (the one OpenClaw reads) is edited and the others are kept as written; a removed key loses all copies.
 */
export function editText(text: string, after: unknown, parsed: ParsedJson5 = parseJson5(text)): string {
  return editInPlace(text, after, parsed).text;
}

/** editText, also saying where the original's unchanged containers stand, so a check need not read them again. */
export function editInPlace(text: string, after: unknown, parsed: ParsedJson5): EditedText {
  return new TextEditor(text, learnStyle(text, parsed.root, parsed.counts)).apply(parsed.root, after);
}

class TextEditor {
  /**
   * The containers written as they were, and their offsets: each relative to the text that the render
   * call holding it returns, moved on as that text is placed in its parent's.
   */
  private readonly keptAt: number[] = [];
  private readonly keptNode: ContainerNode[] = [];

  constructor(
    private readonly text: string,
    private readonly style: TextStyle,
  ) {}

  apply(root: Node, after: unknown): EditedText {
    const body = this.render(root, after);
    const kept = new Map<number, ContainerNode>();
    this.keptNode.forEach((node, i) => kept.set(this.keptAt[i]! + root.start, node));
    return { text: this.text.slice(0, root.start) + body + this.text.slice(root.end), kept };
  }

  private render(node: Node, after: unknown): string {
    if (readsTheSame(node.value, after)) return this.keepValue(node);
    if (node.kind === 'object' && isPlainObject(after)) return this.renderObject(node, after);
    if (node.kind === 'array' && Array.isArray(after)) return this.renderArray(node, after);
    return this.serialize(after, lineIndent(this.text, node.start));
  }

  /** A value of the original written as it was. */
  private keepValue(node: Node): string {
    if (node.kind !== 'scalar') {
      this.keptAt.push(0);
      this.keptNode.push(node);
    }
    return this.text.slice(node.start, node.end);
  }

  /** A member of the original, its value written by `value` (which notes the containers it keeps). */
  private keep(m: Member, value: (m: Member) => string): Piece {
    const { text } = this;
    const valueEnd = m.value.end;
    const key = text.slice(m.bodyStart, m.valueStart);
    const keptFrom = this.keptAt.length;
    const body = key + value(m);
    return {
      lead: text.slice(m.segmentStart, m.bodyStart),
      body,
      beforeComma: m.comma >= 0 ? text.slice(valueEnd, m.comma) : '',
      trailer: text.slice(m.comma >= 0 ? m.comma + 1 : valueEnd, m.segmentEnd),
      valueAt: key.length,
      keptFrom,
      keptTo: this.keptAt.length,
    };
  }

  private added(layout: ContainerLayout, body: string): Piece {
    return { lead: layout.lead, body, beforeComma: '', trailer: '', valueAt: 0, keptFrom: 0, keptTo: 0 };
  }

  private renderObject(node: ContainerNode, after: Record<string, unknown>): string {
    const lastOfKey = new Map<string, Member>();
    for (const m of node.members) lastOfKey.set(m.key, m);
    const pieces: Piece[] = [];
    for (const m of node.members) {
      if (!Object.hasOwn(after, m.key)) continue;
      // An earlier copy of a duplicate key: OpenClaw does not read it, so it stays as written.
      pieces.push(this.keep(m, lastOfKey.get(m.key) === m ? (m) => this.render(m.value, after[m.key]) : (m) => this.keepValue(m.value)));
    }
    const layout = this.layout(node);
    const separator = node.members[0] ? this.separatorOf(node.members[0]) : ': ';
    for (const key of Object.keys(after)) {
      if (lastOfKey.has(key)) continue;
      pieces.push(this.added(layout, this.key(key) + separator + this.serialize(after[key], layout.indent)));
    }
    return this.assemble(node, pieces, layout);
  }

  private renderArray(node: ContainerNode, after: unknown[]): string {
    const layout = this.layout(node);
    const { members } = node;
    // A changed entry (a model whose catalog fields moved) is paired with its old self and edited in
    // place, so the comments in and around it stay.
    const pairs = matchItems(
      members.map((m) => m.value.value),
      after,
    );
    const pieces = after.map((item, i): Piece => {
      const m = members[pairs[i]!];
      return m ? this.keep(m, (m) => this.render(m.value, item)) : this.added(layout, this.serialize(item, layout.indent));
    });
    return this.assemble(node, pieces, layout);
  }

  private separatorOf(m: Member): string {
    const between = this.text.slice(m.bodyStart, m.valueStart);
    const colon = between.lastIndexOf(':');
    return /^:[ \t]*$/.test(between.slice(colon)) ? between.slice(colon) : ': ';
  }

  /** How a new member of `node` starts: on its own line at the members' indent, or inline. */
  private layout(node: ContainerNode): ContainerLayout {
    const { text } = this;
    const outer = lineIndent(text, node.start);
    let multiline = false;
    for (let i = node.start + 1; i < node.end - 1 && !multiline; i++) multiline = isLineTerminator(text.charCodeAt(i));
    const inline = node.members.length > 0 && !multiline;
    if (inline) return { inline, outer, indent: outer + this.style.indent, lead: ' ' };
    const last = node.members[node.members.length - 1];
    const indent = last ? lineIndent(text, last.bodyStart) : outer + this.style.indent;
    return { inline, outer, indent, lead: this.style.eol + indent };
  }

  /**
   * Joins the pieces. Where a removed member leaves a kept one (or the closing bracket) right after a
   * line comment, a line break goes between, so nothing ends up inside the comment.
   */
  private assemble(node: ContainerNode, pieces: Piece[], layout: ContainerLayout): string {
    const { text, style } = this;
    const open = text[node.start]!;
    const close = text[node.end - 1]!;
    const last = node.members[node.members.length - 1];
    const trailingComma = last ? last.comma >= 0 : style.trailingComma && !layout.inline;
    let out = open;
    let tail: string;
    if (!last) {
      // An empty container: what stood inside it (a comment such as "add providers here") stays first.
      out += trimTrailingSpace(text.slice(node.start + 1, node.end - 1));
      tail = style.eol + layout.outer;
    } else {
      // The comments on the opening bracket's line stay with the container.
      out = text.slice(node.start, node.members[0]!.segmentStart);
      tail = text.slice(last.segmentEnd, node.end - 1);
      if (pieces.length === 0 && !/\/[/*]/.test(tail)) tail = out.length > 1 ? ' ' : '';
    }
    let openComment = endsInLineComment(out.slice(1));
    pieces.forEach((p, i) => {
      const comma = i < pieces.length - 1 || trailingComma;
      const lead = openComment && !startsWithLineTerminator(p.lead) ? style.eol + layout.indent + trimLeadingSpace(p.lead) : p.lead;
      const valueAt = out.length + lead.length + p.valueAt;
      for (let k = p.keptFrom; k < p.keptTo; k++) this.keptAt[k]! += valueAt;
      out += lead + p.body + p.beforeComma + (comma ? ',' : '') + p.trailer;
      openComment = p.trailer !== '' && endsInLineComment(p.trailer);
    });
    if (openComment && !startsWithLineTerminator(tail)) tail = style.eol + layout.outer + trimLeadingSpace(tail);
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

  /**
   * A new value in the file's style, indented to sit at `indent`. Loops, not map and join: a new
   * provider block is thousands of values, and closures here cost a cold run their compilation.
   */
  private serialize(value: unknown, indent: string): string {
    if (typeof value === 'string') return this.quote(value);
    if (typeof value === 'number') return formatNumber(value);
    if (Array.isArray(value)) return this.serializeArray(value, indent);
    if (isPlainObject(value)) return this.serializeObject(value, indent);
    return JSON.stringify(value ?? null);
  }

  private serializeArray(value: unknown[], indent: string): string {
    if (value.length === 0) return '[]';
    const { eol } = this.style;
    const inner = indent + this.style.indent;
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + eol + inner + this.serialize(value[i], inner);
    return out + (this.style.trailingComma ? ',' : '') + eol + indent + ']';
  }

  private serializeObject(value: Record<string, unknown>, indent: string): string {
    const { eol } = this.style;
    const inner = indent + this.style.indent;
    let out = '';
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item !== undefined) out += (out === '' ? '{' : ',') + eol + inner + this.key(key) + ': ' + this.serialize(item, inner);
    }
    return out === '' ? '{}' : out + (this.style.trailingComma ? ',' : '') + eol + indent + '}';
  }
}

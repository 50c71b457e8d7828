import JSON5 from 'json5';

/**
 * A minimal concrete syntax tree for JSON5: where each value, key and comma sits in the text.
 * It only runs on text that JSON5 already parsed, so it locates rather than validates.
 */

export interface ScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
}

export interface Member {
  /** Decoded key (objects only). */
  key: string;
  /** Where this member's segment starts: right after the previous segment (or the opening bracket). */
  segmentStart: number;
  /** Start of the key (objects) or of the value (arrays). */
  bodyStart: number;
  /** Start of the value: after `key:` and its trivia. */
  valueStart: number;
  value: Node;
  /** Offset of the comma after the value, or -1. */
  comma: number;
  /** End of the segment: after the comma (or value) and any trivia that stays on the same line. */
  segmentEnd: number;
}

export interface ContainerNode {
  kind: 'object' | 'array';
  start: number;
  end: number;
  members: Member[];
}

export type Node = ScalarNode | ContainerNode;

const enum Ch {
  Tab = 9,
  LF = 10,
  CR = 13,
  Space = 32,
  DoubleQuote = 34,
  SingleQuote = 39,
  Comma = 44,
  Slash = 47,
  Colon = 58,
  BracketOpen = 91,
  Backslash = 92,
  BracketClose = 93,
  BraceOpen = 123,
  BraceClose = 125,
  Star = 42,
}

const WHITESPACE = /[\s\uFEFF]/;

export class Json5Cst {
  private pos = 0;

  private constructor(private readonly text: string) {}

  static parse(text: string): Node {
    const cst = new Json5Cst(text);
    cst.skipTrivia();
    return cst.value();
  }

  private code(at = this.pos): number {
    return this.text.charCodeAt(at);
  }

  /** Skips whitespace and comments, across lines. */
  private skipTrivia(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = this.code();
      if (c === Ch.Space || c === Ch.LF || c === Ch.CR || c === Ch.Tab) this.pos++;
      else if (c === Ch.Slash && this.code(this.pos + 1) === Ch.Slash) {
        const nl = text.indexOf('\n', this.pos);
        this.pos = nl === -1 ? text.length : nl;
      } else if (c === Ch.Slash && this.code(this.pos + 1) === Ch.Star) {
        const close = text.indexOf('*/', this.pos + 2);
        this.pos = close === -1 ? text.length : close + 2;
      } else if (c > 127 && WHITESPACE.test(text[this.pos]!)) this.pos++;
      else return;
    }
  }

  /** Takes comments that start on this line (with the spaces before them); a line comment ends at its newline. */
  private skipSameLineTrivia(): void {
    const { text } = this;
    for (;;) {
      let at = this.pos;
      while (this.code(at) === Ch.Space || this.code(at) === Ch.Tab) at++;
      if (this.code(at) !== Ch.Slash) return;
      if (this.code(at + 1) === Ch.Slash) {
        const nl = text.indexOf('\n', at);
        this.pos = nl === -1 ? text.length : this.code(nl - 1) === Ch.CR ? nl - 1 : nl;
        return;
      }
      if (this.code(at + 1) !== Ch.Star) return;
      const close = text.indexOf('*/', at + 2);
      const nl = text.indexOf('\n', at);
      if (close === -1 || (nl !== -1 && nl < close)) return;
      this.pos = close + 2;
    }
  }

  private value(): Node {
    const c = this.code();
    if (c === Ch.BraceOpen) return this.container('object', Ch.BraceClose);
    if (c === Ch.BracketOpen) return this.container('array', Ch.BracketClose);
    const start = this.pos;
    if (c === Ch.DoubleQuote || c === Ch.SingleQuote) this.string();
    else this.bareWord();
    return { kind: 'scalar', start, end: this.pos };
  }

  private string(): string {
    const { text } = this;
    const quote = this.code();
    const start = this.pos;
    this.pos++;
    while (this.pos < text.length) {
      const c = this.code();
      if (c === Ch.Backslash) this.pos += 2;
      else if (c === quote) {
        this.pos++;
        return text.slice(start, this.pos);
      } else this.pos++;
    }
    throw new SyntaxError('unterminated string');
  }

  /** Numbers, literals and unquoted keys: everything up to a delimiter. */
  private bareWord(): string {
    const { text } = this;
    const start = this.pos;
    while (this.pos < text.length) {
      const c = this.code();
      if (c === Ch.Comma || c === Ch.Colon || c === Ch.BraceClose || c === Ch.BracketClose || c === Ch.Slash || c === Ch.Space || c === Ch.LF || c === Ch.CR || c === Ch.Tab) break;
      if (c > 127 && WHITESPACE.test(text[this.pos]!)) break;
      this.pos++;
    }
    if (this.pos === start) throw new SyntaxError(`unexpected character at ${start}`);
    return text.slice(start, this.pos);
  }

  private key(): string {
    const c = this.code();
    if (c === Ch.DoubleQuote || c === Ch.SingleQuote) return decodeString(this.string());
    const word = this.bareWord();
    return word.includes('\\') ? word.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : word;
  }

  private container(kind: 'object' | 'array', close: number): ContainerNode {
    const start = this.pos;
    this.pos++;
    const members: Member[] = [];
    let segmentStart = this.pos;
    for (;;) {
      this.skipTrivia();
      if (this.code() === close) break;
      if (this.pos >= this.text.length) throw new SyntaxError('unterminated container');
      const bodyStart = this.pos;
      let key = '';
      if (kind === 'object') {
        key = this.key();
        this.skipTrivia();
        if (this.code() !== Ch.Colon) throw new SyntaxError(`expected ":" at ${this.pos}`);
        this.pos++;
        this.skipTrivia();
      }
      const valueStart = this.pos;
      const value = this.value();
      const afterValue = this.pos;
      this.skipTrivia();
      let comma = -1;
      if (this.code() === Ch.Comma) {
        comma = this.pos;
        this.pos++;
      } else {
        this.pos = afterValue;
      }
      this.skipSameLineTrivia();
      members.push({ key, segmentStart, bodyStart, valueStart, value, comma, segmentEnd: this.pos });
      segmentStart = this.pos;
      if (comma === -1) {
        this.skipTrivia();
        if (this.code() !== close) throw new SyntaxError(`expected "," at ${this.pos}`);
        break;
      }
    }
    this.pos++;
    return { kind, start, end: this.pos, members };
  }
}

function decodeString(literal: string): string {
  // Escapes in keys are rare; JSON5 knows all of them.
  return literal.includes('\\') ? (JSON5.parse(literal) as string) : literal.slice(1, -1);
}

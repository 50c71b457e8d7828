import { ID_CONTINUE, ID_START } from './identifier-chars.js';

/**
 * The JSON5 1.0 lexical grammar (https://spec.json5.org/#lexical-grammar): trivia, punctuators,
 * strings, numbers and identifier names, each token decoded to its value.
 */

export const enum Token {
  BraceOpen,
  BraceClose,
  BracketOpen,
  BracketClose,
  Colon,
  Comma,
  String,
  Number,
  /** An IdentifierName: a key, or (unescaped) one of true, false, null, NaN, Infinity as a value. */
  Identifier,
  End,
}

/** Not valid JSON5 at `offset` (a UTF-16 index into the text). */
export class Json5SyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'Json5SyntaxError';
  }
}

const enum Ch {
  Tab = 9,
  LF = 10,
  VT = 11,
  FF = 12,
  CR = 13,
  Space = 32,
  DoubleQuote = 34,
  Dollar = 36,
  SingleQuote = 39,
  Star = 42,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  BracketOpen = 91,
  Backslash = 92,
  BracketClose = 93,
  Underscore = 95,
  BraceOpen = 123,
  BraceClose = 125,
  NBSP = 0xa0,
  LS = 0x2028,
  PS = 0x2029,
  BOM = 0xfeff,
}

export function isLineTerminator(c: number): boolean {
  return c === Ch.LF || c === Ch.CR || c === Ch.LS || c === Ch.PS;
}

/** True when only spaces and tabs stand between `offset` and the start of its line (bounded by that run). */
export function startsLine(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  return i === 0 || isLineTerminator(text.charCodeAt(i - 1));
}

/** WhiteSpace: TAB, VT, FF, SP, NBSP, BOM and every other Unicode "Zs" (space separator). */
export function isWhiteSpace(c: number): boolean {
  if (c < 128) return c === Ch.Space || c === Ch.Tab || c === Ch.VT || c === Ch.FF;
  return c === Ch.NBSP || c === Ch.BOM || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

// Sticky regular expressions scan runs of plain characters: linear, and fast before the JIT warms up.
/** WhiteSpace and LineTerminator, as isWhiteSpace and isLineTerminator define them. */
const SPACE_RUN = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/y;
const LINE_COMMENT = /\/\/[^\n\r\u2028\u2029]*/y;
const DOUBLE_QUOTED_RUN = /[^"\\\n\r]+/y;
const SINGLE_QUOTED_RUN = /[^'\\\n\r]+/y;
const ASCII_IDENTIFIER = /[A-Za-z$_][A-Za-z0-9$_]*/y;
// The common tokens whole, each read by a small function of its own, so that the full grammar's
// functions are not what the JIT compiles for every file (a cold run pays for that compilation).
/** A string without escapes. */
const PLAIN_DOUBLE_QUOTED = /"[^"\\\n\r]*"/y;
const PLAIN_SINGLE_QUOTED = /'[^'\\\n\r]*'/y;
/** A number in plain digits (a sign, an integer, a fraction) that a punctuator, quote, slash, whitespace or the end follows. */
const PLAIN_DECIMAL = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?=[,:\]}[{\s"'/]|$)/y;

/** A set of code points from its encoded boundaries (see identifier-chars.ts), decoded on first use. */
function codePointSet(encoded: string): (cp: number) => boolean {
  let bounds: Uint32Array | undefined;
  return (cp) => {
    if (!bounds) {
      const deltas = encoded.split(',');
      bounds = new Uint32Array(deltas.length);
      let at = 0;
      deltas.forEach((d, i) => (bounds![i] = at += parseInt(d, 36)));
    }
    // How many boundaries are at or below cp: odd means inside a run.
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bounds[mid]! <= cp) lo = mid + 1;
      else hi = mid;
    }
    return (lo & 1) === 1;
  };
}

// json5 2.2.3's own tables (what OpenClaw parses with), not Node's newer \p{...}: a letter Unicode
// added since is refused in an unquoted key, as OpenClaw refuses it.
export const isIdStart = codePointSet(ID_START);
export const isIdPart = codePointSet(ID_CONTINUE);

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === Ch.Dollar || c === Ch.Underscore;
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const SINGLE_ESCAPES: Record<number, string> = { 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t', 118: '\v' };

export class Scanner {
  /** Where scanning continues. */
  pos = 0;
  /** Start of the last token scanned. */
  tokenStart = 0;
  /** The decoded value of the last String, Number or Identifier token. */
  value: unknown;
  /** The quote of the last String token. */
  quote = 0;
  /** True when the last Identifier token had a \u escape (so it cannot be a literal like `true`). */
  escaped = false;

  constructor(readonly text: string) {}

  private code(at: number): number {
    return this.text.charCodeAt(at);
  }

  fail(message: string, at = this.pos): never {
    throw new Json5SyntaxError(message, at);
  }

  private unexpected(at: number): never {
    if (at >= this.text.length) this.fail('invalid end of input', at);
    const char = String.fromCodePoint(this.text.codePointAt(at)!);
    this.fail(`invalid character ${JSON.stringify(char)}`, at);
  }

  /** Skips whitespace, line terminators and comments. */
  skipTrivia(): void {
    const { text } = this;
    const length = text.length;
    while (this.pos < length) {
      SPACE_RUN.lastIndex = this.pos;
      if (SPACE_RUN.test(text)) this.pos = SPACE_RUN.lastIndex;
      if (this.code(this.pos) !== Ch.Slash) return;
      const next = this.code(this.pos + 1);
      if (next === Ch.Slash) this.skipLineComment();
      else if (next === Ch.Star) this.skipBlockComment();
      else return;
    }
  }

  /**
   * Skips the comments that end the current line (and the whitespace before them): what trails a
   * member, or an opening bracket. A line comment stops before its line terminator; a block comment
   * on the line counts unless a token follows it there (then it leads that token, and nothing is
   * skipped). A block comment that starts on the line and ends on a later one leads what follows it,
   * so the skip ends before it.
   */
  skipSameLineTrivia(): void {
    const start = this.pos;
    let at = start;
    for (;;) {
      while (isWhiteSpace(this.code(at))) at++;
      if (at >= this.text.length || isLineTerminator(this.code(at))) break;
      if (this.code(at) !== Ch.Slash) {
        this.pos = start;
        return;
      }
      const next = this.code(at + 1);
      if (next === Ch.Slash) {
        this.pos = at;
        this.skipLineComment();
        return;
      }
      const close = next === Ch.Star ? this.text.indexOf('*/', at + 2) : -1;
      if (close === -1) {
        this.pos = start;
        return;
      }
      for (let i = at + 2; i < close; i++) {
        // Multi-line: it leads what follows; the same-line comments before it (pos) stay trailing.
        if (isLineTerminator(this.code(i))) return;
      }
      at = this.pos = close + 2;
    }
  }

  private skipLineComment(): void {
    LINE_COMMENT.lastIndex = this.pos;
    LINE_COMMENT.test(this.text);
    this.pos = LINE_COMMENT.lastIndex;
  }

  private skipBlockComment(): void {
    const close = this.text.indexOf('*/', this.pos + 2);
    if (close === -1) this.fail('unterminated comment');
    this.pos = close + 2;
  }

  /** Scans the token at `pos` (trivia already skipped). */
  scan(): Token {
    const start = (this.tokenStart = this.pos);
    if (start >= this.text.length) return Token.End;
    const c = this.code(start);
    switch (c) {
      case Ch.BraceOpen:
        this.pos++;
        return Token.BraceOpen;
      case Ch.BraceClose:
        this.pos++;
        return Token.BraceClose;
      case Ch.BracketOpen:
        this.pos++;
        return Token.BracketOpen;
      case Ch.BracketClose:
        this.pos++;
        return Token.BracketClose;
      case Ch.Colon:
        this.pos++;
        return Token.Colon;
      case Ch.Comma:
        this.pos++;
        return Token.Comma;
      case Ch.DoubleQuote:
      case Ch.SingleQuote:
        this.value = this.string(c);
        return Token.String;
    }
    if (isDigit(c) || c === Ch.Dot || c === Ch.Plus || c === Ch.Minus) {
      this.value = this.number();
      return Token.Number;
    }
    this.value = this.identifierName();
    return Token.Identifier;
  }

  private string(quote: number): string {
    const plain = quote === Ch.DoubleQuote ? PLAIN_DOUBLE_QUOTED : PLAIN_SINGLE_QUOTED;
    this.quote = quote;
    plain.lastIndex = this.pos;
    if (!plain.test(this.text)) return this.escapedString(quote);
    const start = this.pos;
    this.pos = plain.lastIndex;
    return this.text.slice(start + 1, this.pos - 1);
  }

  /** A string with escapes (or not valid): decoded piece by piece. */
  private escapedString(quote: number): string {
    const { text } = this;
    let out = '';
    let chunk = ++this.pos;
    for (;;) {
      if (this.pos >= text.length) this.fail('invalid end of input');
      const c = this.code(this.pos);
      if (c === quote) {
        out += text.slice(chunk, this.pos++);
        return out;
      }
      const run = quote === Ch.DoubleQuote ? DOUBLE_QUOTED_RUN : SINGLE_QUOTED_RUN;
      run.lastIndex = this.pos;
      if (run.test(text)) {
        this.pos = run.lastIndex;
        continue;
      }
      if (c === Ch.LF || c === Ch.CR) this.unexpected(this.pos);
      if (c !== Ch.Backslash) {
        this.pos++;
        continue;
      }
      out += text.slice(chunk, this.pos);
      this.pos++;
      out += this.escape();
      chunk = this.pos;
    }
  }

  /** The escape after a backslash (which `pos` has passed). */
  private escape(): string {
    const at = this.pos;
    const c = this.code(at);
    if (at >= this.text.length) this.fail('invalid end of input');
    this.pos++;
    const single = SINGLE_ESCAPES[c];
    if (single !== undefined) return single;
    if (c === Ch.Zero) {
      if (isDigit(this.code(this.pos))) this.unexpected(this.pos);
      return '\0';
    }
    if (isDigit(c)) this.unexpected(at);
    if (c === 120 /* x */) return String.fromCharCode(this.hex(2));
    if (c === 117 /* u */) return String.fromCharCode(this.hex(4));
    // A LineContinuation: the terminator is not part of the value.
    if (c === Ch.CR) {
      if (this.code(this.pos) === Ch.LF) this.pos++;
      return '';
    }
    if (c === Ch.LF || c === Ch.LS || c === Ch.PS) return '';
    return this.text[at]!;
  }

  private hex(digits: number): number {
    let value = 0;
    for (let i = 0; i < digits; i++) {
      const digit = hexValue(this.code(this.pos));
      if (digit < 0) this.unexpected(this.pos);
      value = value * 16 + digit;
      this.pos++;
    }
    return value;
  }

  /** JSON5Number: an optional sign, then Infinity, NaN, a hex integer or an ES5 decimal literal. */
  private number(): number {
    const start = this.pos;
    PLAIN_DECIMAL.lastIndex = start;
    if (!PLAIN_DECIMAL.test(this.text)) return this.fullNumber();
    this.pos = PLAIN_DECIMAL.lastIndex;
    return Number(this.text.slice(start, this.pos));
  }

  private fullNumber(): number {
    let sign = 1;
    const first = this.code(this.pos);
    if (first === Ch.Plus || first === Ch.Minus) {
      if (first === Ch.Minus) sign = -1;
      this.pos++;
      const c = this.code(this.pos);
      if (c === 73 /* I */ || c === 78 /* N */) {
        const word = this.identifierName();
        // Written with an escape (-I\u006efinity) it is no literal: json5 and OpenClaw refuse it.
        if (!this.escaped && word === 'Infinity') return sign * Infinity;
        if (!this.escaped && word === 'NaN') return NaN;
        this.fail(`invalid number ${JSON.stringify(word)}`, this.tokenStart);
      }
    }
    const start = this.pos;
    const c = this.code(start);
    if (c === Ch.Zero && (this.code(start + 1) | 0x20) === 120 /* x or X */) {
      this.pos += 2;
      if (hexValue(this.code(this.pos)) < 0) this.unexpected(this.pos);
      while (hexValue(this.code(this.pos)) >= 0) this.pos++;
    } else {
      let digits = 0;
      if (c === Ch.Zero) {
        this.pos++;
        digits = 1;
      } else {
        while (isDigit(this.code(this.pos))) this.pos++;
        digits = this.pos - start;
      }
      if (this.code(this.pos) === Ch.Dot) {
        this.pos++;
        const fraction = this.pos;
        while (isDigit(this.code(this.pos))) this.pos++;
        digits += this.pos - fraction;
      }
      if (digits === 0) this.unexpected(this.pos);
      if ((this.code(this.pos) | 0x20) === 101 /* e or E */) {
        this.pos++;
        const s = this.code(this.pos);
        if (s === Ch.Plus || s === Ch.Minus) this.pos++;
        if (!isDigit(this.code(this.pos))) this.unexpected(this.pos);
        while (isDigit(this.code(this.pos))) this.pos++;
      }
    }
    // ES5: the source character right after a numeric literal is no IdentifierStart or digit.
    const after = this.code(this.pos);
    if (isDigit(after) || isAsciiIdStart(after) || after === Ch.Backslash || (after > 127 && isIdStart(this.text.codePointAt(this.pos)!))) {
      this.unexpected(this.pos);
    }
    return sign * Number(this.text.slice(start, this.pos));
  }

  /** IdentifierName with \uXXXX escapes, decoded. */
  private identifierName(): string {
    const { text } = this;
    const start = this.pos;
    this.escaped = false;
    ASCII_IDENTIFIER.lastIndex = start;
    if (ASCII_IDENTIFIER.test(text)) {
      const end = ASCII_IDENTIFIER.lastIndex;
      const next = this.code(end);
      // The common case: nothing but ASCII letters, digits, $ and _.
      if (next !== Ch.Backslash && !(next > 127)) {
        this.pos = end;
        return text.slice(start, end);
      }
    }
    return this.fullIdentifierName(start);
  }

  /** An IdentifierName with escapes or letters beyond ASCII. */
  private fullIdentifierName(start: number): string {
    const { text } = this;
    let out = '';
    let chunk = this.pos;
    for (;;) {
      const c = this.code(this.pos);
      const first = this.pos === start;
      if (isAsciiIdStart(c) || (!first && isDigit(c))) {
        this.pos++;
        continue;
      }
      if (c === Ch.Backslash) {
        if (this.code(this.pos + 1) !== 117 /* u */) this.unexpected(this.pos + 1);
        out += text.slice(chunk, this.pos);
        this.escaped = true;
        this.pos += 2;
        const unit = this.hex(4);
        const char = String.fromCharCode(unit);
        if (!(first ? isIdStart : isIdPart)(unit)) this.fail(`invalid identifier character ${JSON.stringify(char)}`, this.pos - 6);
        out += char;
        chunk = this.pos;
        continue;
      }
      if (c > 127 && this.pos < text.length) {
        const point = text.codePointAt(this.pos)!;
        if ((first ? isIdStart : isIdPart)(point)) {
          this.pos += point > 0xffff ? 2 : 1;
          continue;
        }
      }
      if (first) this.unexpected(this.pos);
      return out + text.slice(chunk, this.pos);
    }
  }
}

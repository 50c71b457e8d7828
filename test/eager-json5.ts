import { Json5DepthError, MAX_DEPTH, type ContainerNode, type Member, type Node, type ParsedJson5, type TokenCounts } from '../src/json5/json5-cst.js';
import { Scanner, startsLine, Token } from '../src/json5/scanner.js';

/**
 * The JSON5 parser as it was before members were read lazily (at 244b86c): every member record built
 * in the one pass. Kept as the oracle the lazy tree is held to (json5-lazy.test.ts).
 */
export function parseEagerly(text: string, kept?: ReadonlyMap<number, ContainerNode>): ParsedJson5 {
  return new Parser(text, kept).parse();
}

const LITERALS: Record<string, unknown> = { true: true, false: false, null: null, NaN: NaN, Infinity: Infinity };

class Parser {
  private readonly scanner: Scanner;
  private depth = 0;
  private duplicates = 0;
  readonly counts: TokenCounts = { singleQuoted: 0, doubleQuoted: 0, identifierKeys: 0, quotedKeys: 0, trailingCommas: 0, noTrailingCommas: 0 };

  constructor(
    text: string,
    private readonly kept?: ReadonlyMap<number, ContainerNode>,
  ) {
    this.scanner = new Scanner(text);
  }

  parse(): ParsedJson5 {
    const s = this.scanner;
    s.skipTrivia();
    const root = this.value(s.scan());
    s.skipTrivia();
    if (s.scan() !== Token.End) s.fail('invalid character after the value', s.tokenStart);
    return { root, counts: this.counts, duplicates: this.duplicates };
  }

  private countString(): void {
    if (this.scanner.quote === 39) this.counts.singleQuoted++;
    else this.counts.doubleQuoted++;
  }

  private value(token: Token): Node {
    const s = this.scanner;
    const start = s.tokenStart;
    switch (token) {
      case Token.BraceOpen:
        return this.reuse(start) ?? this.container('object', start);
      case Token.BracketOpen:
        return this.reuse(start) ?? this.container('array', start);
      case Token.String:
        this.countString();
        return { kind: 'scalar', start, end: s.pos, value: s.value };
      case Token.Number:
        return { kind: 'scalar', start, end: s.pos, value: s.value };
      case Token.Identifier:
        if (!s.escaped && Object.hasOwn(LITERALS, s.value as string)) return { kind: 'scalar', start, end: s.pos, value: LITERALS[s.value as string] };
        return s.fail(`invalid value ${JSON.stringify(s.value)}`, start);
      case Token.End:
        return s.fail('invalid end of input', start);
      default:
        return s.fail(`invalid character ${JSON.stringify(s.text[start])}`, start);
    }
  }

  /** A kept container at `start`: the scanner continues after it. */
  private reuse(start: number): ContainerNode | undefined {
    const node = this.kept?.get(start);
    if (node) this.scanner.pos = start + (node.end - node.start);
    return node;
  }

  private key(token: Token): string {
    const s = this.scanner;
    if (token === Token.String) {
      this.countString();
      this.counts.quotedKeys++;
      return s.value as string;
    }
    if (token === Token.Identifier) {
      this.counts.identifierKeys++;
      return s.value as string;
    }
    if (token === Token.End) return s.fail('invalid end of input', s.tokenStart);
    return s.fail(`invalid character ${JSON.stringify(s.text[s.tokenStart])}`, s.tokenStart);
  }

  private container(kind: 'object' | 'array', start: number): ContainerNode {
    const s = this.scanner;
    if (++this.depth > MAX_DEPTH) throw new Json5DepthError(`nested more than ${MAX_DEPTH} levels deep`, start);
    const close = kind === 'object' ? Token.BraceClose : Token.BracketClose;
    const members: Member[] = [];
    const value: unknown = kind === 'object' ? {} : [];
    // A comment on the opening bracket's line belongs to the container, not to its first member.
    s.skipSameLineTrivia();
    let segmentStart = s.pos;
    for (;;) {
      s.skipTrivia();
      const bodyStart = s.pos;
      let token = s.scan();
      if (token === close) break;
      let key = '';
      if (kind === 'object') {
        key = this.key(token);
        s.skipTrivia();
        if (s.scan() !== Token.Colon) s.fail(`expected ":" after the key`, s.tokenStart);
        s.skipTrivia();
        token = s.scan();
      }
      const valueStart = s.tokenStart;
      const node = this.value(token);
      if (kind === 'object') {
        if (Object.hasOwn(value as object, key)) this.duplicates++;
        setOwn(value as Record<string, unknown>, key, node.value);
      } else (value as unknown[]).push(node.value);
      const afterValue = s.pos;
      s.skipTrivia();
      let comma = -1;
      if (s.scan() === Token.Comma) comma = s.tokenStart;
      else s.pos = afterValue;
      s.skipSameLineTrivia();
      members.push({ key, segmentStart, bodyStart, valueStart, value: node, comma, segmentEnd: s.pos });
      segmentStart = s.pos;
      if (comma === -1) {
        s.skipTrivia();
        const end = s.scan();
        if (end !== close) s.fail(end === Token.End ? 'invalid end of input' : `expected "," or "${kind === 'object' ? '}' : ']'}"`, s.tokenStart);
        break;
      }
    }
    if (members.length > 0 && startsLine(s.text, s.tokenStart)) {
      if (members[members.length - 1]!.comma >= 0) this.counts.trailingCommas++;
      else this.counts.noTrailingCommas++;
    }
    this.depth--;
    return { kind, start, end: s.pos, members, value };
  }
}

/** As JSON5.parse stores a member: a key named "__proto__" stays a plain key. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

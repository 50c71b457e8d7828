import { Json5SyntaxError, Scanner, startsLine, Token } from './scanner.js';

/**
 * A concrete syntax tree for JSON5: where each value, key and comma sits in the text, and the value
 * each node holds, read as JSON5.parse reads it (the last of duplicate keys wins, in the first one's
 * place). One pass over the text reads the values; the members of a container, with their offsets,
 * are read from its part of the text when first asked for, so a run parses its config once.
 */

interface ScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
  value: unknown;
}

export interface Member {
  /** Decoded key (objects only). */
  key: string;
  /** Where this member's segment starts: right after the previous segment (or the opening bracket and the comments that end its line). */
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
  value: unknown;
}

export type Node = ScalarNode | ContainerNode;

/** What the writing style of a file is, counted while parsing (see style.ts). */
export interface TokenCounts {
  singleQuoted: number;
  doubleQuoted: number;
  identifierKeys: number;
  quotedKeys: number;
  /** Multi-line containers (closed on a line of its own) whose last member has a comma, and those without. */
  trailingCommas: number;
  noTrailingCommas: number;
}

export interface ParsedJson5 {
  root: Node;
  counts: TokenCounts;
  /** How many members repeat a key of their object (containers taken as read not counted). */
  duplicates: number;
}

/** Nesting beyond this is refused: no OpenClaw config needs it, and deeper would risk the stack. */
export const MAX_DEPTH = 256;

export class Json5DepthError extends Json5SyntaxError {}

const LITERALS: Record<string, unknown> = { true: true, false: false, null: null, NaN: NaN, Infinity: Infinity };

/** What finds a lazy container's members when they are first asked for. */
export interface MemberReader {
  membersOf(node: ContainerNode): Member[];
}

/** A container whose members are read from the text only when asked for (most never are). */
export class LazyContainer implements ContainerNode {
  private found: Member[] | undefined;

  constructor(
    readonly kind: 'object' | 'array',
    readonly start: number,
    readonly end: number,
    readonly value: unknown,
    private readonly reader: MemberReader,
  ) {}

  get members(): Member[] {
    return (this.found ??= this.reader.membersOf(this));
  }
}

/**
 * Parses a JSON5 text (a leading BOM is whitespace); throws Json5SyntaxError where it is not JSON5.
 * `kept` names containers of an earlier parse that stand unchanged at these offsets of `text` (an
 * edit's untouched parts): they are taken as they are, not read again, so the tree is for reading
 * values and keys; positions inside them are the earlier text's.
 *
 * One pass reads the values, the style counts, the duplicates and where each container ends; a
 * container's members are read from its text only when asked for, passing over its child containers
 * by their recorded ends: an edit opens a handful of a config's containers, and a read-back check none.
 */
export function parseJson5(text: string, kept?: ReadonlyMap<number, ContainerNode>): ParsedJson5 {
  return new Parser(text, kept).parse();
}

/** The text, and where each container the value pass read ends: what opening a container needs. */
class Json5Tree implements MemberReader {
  /** Container starts in the order they open (so ascending), and their ends. */
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private count = 0;

  constructor(
    readonly text: string,
    readonly kept: ReadonlyMap<number, ContainerNode> | undefined,
  ) {}

  /** Records a container opening at `start`; returns its slot for `close`. */
  open(start: number): number {
    if (this.count === this.starts.length) {
      const starts = new Int32Array(this.count * 2);
      const ends = new Int32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    return this.count++;
  }

  close(slot: number, end: number): void {
    this.ends[slot] = end;
  }

  private endOf(start: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    return this.ends[lo]!;
  }

  /** The node of a value the value pass read from `start` to `end`. */
  node(start: number, end: number, value: unknown): Node {
    const c = this.text.charCodeAt(start);
    if (c !== 123 && c !== 91) return { kind: 'scalar', start, end, value };
    return this.kept?.get(start) ?? new LazyContainer(c === 123 ? 'object' : 'array', start, end, value, this);
  }

  /** The members as the value pass met them, their values taken from the container's value. */
  membersOf(node: ContainerNode): Member[] {
    const s = new Scanner(this.text);
    const object = node.kind === 'object';
    const close = object ? Token.BraceClose : Token.BracketClose;
    const value = node.value as Record<string, unknown>;
    const members: Member[] = [];
    s.pos = node.start + 1;
    // A comment on the opening bracket's line belongs to the container, not to its first member.
    s.skipSameLineTrivia();
    let segmentStart = s.pos;
    for (let index = 0; ; index++) {
      s.skipTrivia();
      const bodyStart = s.pos;
      let token = s.scan();
      if (token === close) break;
      let key = '';
      if (object) {
        key = s.value as string;
        s.skipTrivia();
        s.scan();
        s.skipTrivia();
        token = s.scan();
      }
      const valueStart = s.tokenStart;
      let child: Node;
      if (token === Token.BraceOpen || token === Token.BracketOpen) {
        child = this.node(valueStart, this.kept?.has(valueStart) ? -1 : this.endOf(valueStart), object ? value[key] : value[index]);
        s.pos = valueStart + (child.end - child.start);
      } else child = { kind: 'scalar', start: valueStart, end: s.pos, value: token === Token.Identifier ? LITERALS[s.value as string] : s.value };
      const afterValue = s.pos;
      s.skipTrivia();
      let comma = -1;
      if (s.scan() === Token.Comma) comma = s.tokenStart;
      else s.pos = afterValue;
      s.skipSameLineTrivia();
      members.push({ key, segmentStart, bodyStart, valueStart, value: child, comma, segmentEnd: s.pos });
      segmentStart = s.pos;
      if (comma === -1) break;
    }
    if (object && members.length !== Object.keys(value).length) this.readEarlierCopies(members);
    return members;
  }

  /** The container values of a repeated key's earlier copies, which the object's value does not hold: read on their own. */
  private readEarlierCopies(members: Member[]): void {
    const last = new Map<string, Member>();
    for (const m of members) last.set(m.key, m);
    for (const m of members) {
      if (last.get(m.key) === m || m.value.kind === 'scalar' || this.kept?.has(m.valueStart)) continue;
      m.value = new Parser(this.text, this.kept).valueAt(m.valueStart);
    }
  }
}

class Parser {
  private readonly scanner: Scanner;
  private readonly tree: Json5Tree;
  private depth = 0;
  private duplicates = 0;
  readonly counts: TokenCounts = { singleQuoted: 0, doubleQuoted: 0, identifierKeys: 0, quotedKeys: 0, trailingCommas: 0, noTrailingCommas: 0 };

  constructor(
    text: string,
    private readonly kept?: ReadonlyMap<number, ContainerNode>,
  ) {
    this.scanner = new Scanner(text);
    this.tree = new Json5Tree(text, kept);
  }

  parse(): ParsedJson5 {
    const s = this.scanner;
    s.skipTrivia();
    const root = this.valueAt(s.pos);
    s.skipTrivia();
    if (s.scan() !== Token.End) s.fail('invalid character after the value', s.tokenStart);
    return { root, counts: this.counts, duplicates: this.duplicates };
  }

  /** The node of the value at `start` (trivia skipped). */
  valueAt(start: number): Node {
    const s = this.scanner;
    s.pos = start;
    const value = this.value(s.scan());
    return this.tree.node(start, s.pos, value);
  }

  private countString(): void {
    if (this.scanner.quote === 39) this.counts.singleQuoted++;
    else this.counts.doubleQuoted++;
  }

  private value(token: Token): unknown {
    const s = this.scanner;
    const start = s.tokenStart;
    switch (token) {
      case Token.BraceOpen:
      case Token.BracketOpen: {
        // A kept container: the scanner continues after it.
        const node = this.kept?.get(start);
        if (!node) return this.container(token === Token.BraceOpen, start);
        s.pos = start + (node.end - node.start);
        return node.value;
      }
      case Token.String:
        this.countString();
        return s.value;
      case Token.Number:
        return s.value;
      case Token.Identifier:
        if (!s.escaped && Object.hasOwn(LITERALS, s.value as string)) return LITERALS[s.value as string];
        return s.fail(`invalid value ${JSON.stringify(s.value)}`, start);
      case Token.End:
        return s.fail('invalid end of input', start);
      default:
        return s.fail(`invalid character ${JSON.stringify(s.text[start])}`, start);
    }
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

  /** A container's value, read member by member; its members themselves are left for Json5Tree to find. */
  private container(object: boolean, start: number): unknown {
    const s = this.scanner;
    if (++this.depth > MAX_DEPTH) throw new Json5DepthError(`nested more than ${MAX_DEPTH} levels deep`, start);
    const slot = this.tree.open(start);
    const close = object ? Token.BraceClose : Token.BracketClose;
    const value: unknown = object ? {} : [];
    let count = 0;
    let lastComma = false;
    for (;;) {
      s.skipTrivia();
      let token = s.scan();
      if (token === close) break;
      let key = '';
      if (object) {
        key = this.key(token);
        s.skipTrivia();
        if (s.scan() !== Token.Colon) s.fail(`expected ":" after the key`, s.tokenStart);
        s.skipTrivia();
        token = s.scan();
      }
      const member = this.value(token);
      if (object) {
        if (Object.hasOwn(value as object, key)) this.duplicates++;
        setOwn(value as Record<string, unknown>, key, member);
      } else (value as unknown[]).push(member);
      count++;
      s.skipTrivia();
      const next = s.scan();
      lastComma = next === Token.Comma;
      if (!lastComma) {
        if (next !== close) s.fail(next === Token.End ? 'invalid end of input' : `expected "," or "${object ? '}' : ']'}"`, s.tokenStart);
        break;
      }
    }
    if (count > 0 && startsLine(s.text, s.tokenStart)) {
      if (lastComma) this.counts.trailingCommas++;
      else this.counts.noTrailingCommas++;
    }
    this.depth--;
    this.tree.close(slot, s.pos);
    return value;
  }
}

/** As JSON5.parse stores a member: a key named "__proto__" stays a plain key. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

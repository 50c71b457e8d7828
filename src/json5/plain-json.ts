import { LazyContainer, type ContainerNode, type Member, type MemberReader, type Node, type ParsedJson5 } from './json5-cst.js';

/**
 * The CST of a text JSON.parse has read, built lazily from JSON.parse's own values: a container's
 * members are found only when the editor opens it, and every other container is passed over by its
 * brackets. What it yields for a container is what parseJson5 yields (same members, offsets, values),
 * so the editor writes the same bytes; the differential test holds it to that.
 */

/** A container the editor opened repeats a key: JSON.parse kept only the last copy's value, so the full CST must read the file. */
export class RepeatedKeyError extends Error {}

// JSON's own whitespace; no comments in JSON, so a container's opening line has nothing trailing to keep.
const SPACE = /[ \t\n\r]*/y;
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
/** A number, true, false or null: it ends where the next JSON token or whitespace starts. */
const SCALAR = /[^,:\]}\s]+/y;
/** Everything up to the next bracket outside a string. */
const TO_BRACKET = /(?:[^"[\]{}]+|"[^"\\]*(?:\\.[^"\\]*)*")*/y;

function after(re: RegExp, text: string, at: number): number {
  re.lastIndex = at;
  re.test(text);
  return re.lastIndex;
}

/** Where each container ends, by where it starts: one pass over the text, natively between brackets. */
function containerEnds(text: string, from: number): Map<number, number> {
  const ends = new Map<number, number>();
  const open: number[] = [];
  for (let at = after(TO_BRACKET, text, from); at < text.length; at = after(TO_BRACKET, text, at + 1)) {
    const c = text.charCodeAt(at);
    if (c === 123 || c === 91) open.push(at);
    else ends.set(open.pop()!, at + 1);
  }
  return ends;
}

class PlainJsonTree implements MemberReader {
  private readonly ends: Map<number, number>;

  constructor(
    private readonly text: string,
    rootStart: number,
  ) {
    this.ends = containerEnds(text, rootStart);
  }

  node(start: number, value: unknown): Node {
    const c = this.text.charCodeAt(start);
    if (c === 123 || c === 91) return new LazyContainer(c === 123 ? 'object' : 'array', start, this.ends.get(start)!, value, this);
    return { kind: 'scalar', start, end: after(c === 34 ? STRING : SCALAR, this.text, start), value };
  }

  /** The members as parseJson5 records them, for JSON's grammar: trivia is whitespace only. */
  membersOf(node: ContainerNode): Member[] {
    const { text } = this;
    const object = node.kind === 'object';
    const members: Member[] = [];
    let segmentStart = node.start + 1;
    for (let index = 0; ; index++) {
      const bodyStart = after(SPACE, text, segmentStart);
      const c = text.charCodeAt(bodyStart);
      if (c === 125 || c === 93) break;
      let key = '';
      let valueStart = bodyStart;
      if (object) {
        const keyEnd = after(STRING, text, bodyStart);
        const raw = text.slice(bodyStart, keyEnd);
        key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        // The colon, then the value.
        valueStart = after(SPACE, text, after(SPACE, text, keyEnd) + 1);
      }
      const value = object ? (node.value as Record<string, unknown>)[key] : (node.value as unknown[])[index];
      const child = this.node(valueStart, value);
      const next = after(SPACE, text, child.end);
      const comma = text.charCodeAt(next) === 44 ? next : -1;
      const segmentEnd = comma === -1 ? child.end : comma + 1;
      members.push({ key, segmentStart, bodyStart, valueStart, value: child, comma, segmentEnd });
      segmentStart = segmentEnd;
      if (comma === -1) break;
    }
    if (object && members.length !== Object.keys(node.value as object).length) throw new RepeatedKeyError();
    return members;
  }
}

/**
 * The tree the editor needs for `text`, which JSON.parse read as `value` (a BOM before it is
 * whitespace, as in parseJson5). Style counts stay zero: JSON's own style (double quotes, quoted
 * keys, no trailing commas) is what zero counts choose. No container is known to repeat a key; one
 * the editor opens that does throws RepeatedKeyError.
 */
export function parsePlainJson(text: string, value: unknown): ParsedJson5 {
  const start = after(SPACE, text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const root = new PlainJsonTree(text, start).node(start, value);
  return { root, counts: { singleQuoted: 0, doubleQuoted: 0, identifierKeys: 0, quotedKeys: 0, trailingCommas: 0, noTrailingCommas: 0 }, duplicates: 0 };
}

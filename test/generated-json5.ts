import fc from 'fast-check';

/**
 * Generated hand-written configs: comments and odd whitespace at every legal position (CR, U+2028,
 * FF, NBSP, BOM...), duplicate keys, NaN and friends, empty objects holding comments, stale
 * `fastrouter/` entries and a stale provider block among the user's own settings.
 * Every comment is numbered; those outside what the run removes or replaces must survive it.
 */

const LINE_ENDS = ['\n', '\r\n', '\r', '\u2028', '\u2029'];
const SPACES = [' ', '  ', '\t', '\v', '\f', '\u00a0', '\ufeff', '\u2003', '\u3000'];

type Bit = { k: 'ws'; text: string } | { k: 'lt'; text: string } | { k: 'line'; end: string } | { k: 'block'; multiline: boolean };
type Trivia = Bit[];

interface Value {
  t: 'lit' | 'obj' | 'arr';
  text?: string;
  members?: Member[];
  inner?: Trivia;
  comma?: boolean;
}

interface Member {
  key: string;
  value: Value;
  /** Before the key, between key and colon, after the colon, after the value, after the comma. */
  trivia: [Trivia, Trivia, Trivia, Trivia, Trivia];
  /** The run removes this member: its comments may go with it. */
  stale?: boolean;
  /** The run rewrites this member's value: comments inside it may go. */
  replaced?: boolean;
  /** The `models` block the run edits (the last copy of `models`). */
  edited?: boolean;
}

const bit: fc.Arbitrary<Bit> = fc.oneof(
  fc.constantFrom(...SPACES).map((text) => ({ k: 'ws' as const, text })),
  fc.constantFrom(...LINE_ENDS).map((text) => ({ k: 'lt' as const, text })),
  fc.constantFrom(...LINE_ENDS).map((end) => ({ k: 'line' as const, end })),
  fc.boolean().map((multiline) => ({ k: 'block' as const, multiline })),
);
const trivia = fc.array(bit, { maxLength: 3 });
const trivia5 = fc.tuple(trivia, trivia, trivia, trivia, trivia);

const literal = fc.constantFrom(
  'null',
  'true',
  'false',
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '+1',
  '-0',
  '0',
  '0x1F',
  '-0xa',
  '.5',
  '5.',
  '1e3',
  '-.5e-2',
  '+5.E+2',
  "'s'",
  '"d"',
  "'it\\'s'",
  '"a\\\nb"',
  '"\\u00e9\\x41\\0"',
  "'\u2028'",
  '"tab\\there"',
);
const userKey = fc.constantFrom('a', 'b', '$c', '_d', '\\u0061', "'a'", '"b"', "'x y'", 'gateway', 'ünï', 'NaN', 'null', "'__proto__'");

const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    literal.map((text) => ({ t: 'lit' as const, text })),
    fc.record({ t: fc.constant('obj' as const), members: fc.array(fc.record({ key: userKey, value: tie('value'), trivia: trivia5 }), { maxLength: 3 }), inner: trivia, comma: fc.boolean() }),
    fc.record({ t: fc.constant('arr' as const), members: fc.array(fc.record({ key: fc.constant(''), value: tie('value'), trivia: trivia5 }), { maxLength: 3 }), inner: trivia, comma: fc.boolean() }),
  ),
})).value;

const member = (key: fc.Arbitrary<string>, v: fc.Arbitrary<Value>, flags: Partial<Member> = {}) => fc.record({ key, value: v, trivia: trivia5 }).map((m) => ({ ...m, ...flags }));
const obj = (members: fc.Arbitrary<Member[]>) => fc.record({ t: fc.constant('obj' as const), members, inner: trivia, comma: fc.boolean() });
const shuffled = <T>(parts: fc.Arbitrary<T[][]>) =>
  parts.chain((lists) => {
    const all = lists.flat();
    return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
  });

const staleProvider = member(
  fc.constant("'fastrouter'"),
  obj(
    fc.tuple(
      member(fc.constant('baseUrl'), fc.constant({ t: 'lit' as const, text: "'https://old.example/v1'" })),
      member(fc.constant('models'), fc.constant({ t: 'arr' as const, members: [], inner: [{ k: 'block' as const, multiline: false }], comma: false })),
    ),
  ),
  { replaced: true },
);
const providers = obj(shuffled(fc.tuple(fc.array(member(fc.constantFrom('local', "'vault'", 'x'), value), { maxLength: 2 }), fc.array(staleProvider, { maxLength: 1 }))));
const pickerEntry = fc.oneof(member(fc.constantFrom("'local/llama'", '"other/n"', "'fastrouter'"), value), member(fc.constantFrom("'fastrouter/gone'", '"fastrouter/old-1"'), value, { stale: true }));
// One entry of the user's always: a map of only fastrouter/ entries is planMerge's business (allowlists), not the editor's.
const picker = fc
  .tuple(member(fc.constant("'local/llama'"), value), fc.array(pickerEntry, { maxLength: 3 }))
  .chain(([own, rest]) => fc.shuffledSubarray([own, ...rest], { minLength: rest.length + 1, maxLength: rest.length + 1 }));
const agents = obj(fc.tuple(member(fc.constant('defaults'), obj(fc.tuple(member(fc.constant('models'), obj(picker)))))));
const modelsBlock = obj(
  shuffled(
    fc.tuple(fc.array(member(fc.constant('mode'), fc.constant({ t: 'lit' as const, text: "'merge'" })), { maxLength: 1 }), fc.array(member(fc.constant('providers'), providers), { maxLength: 1 })),
  ),
);

export const config = fc.record({
  bom: fc.boolean(),
  before: trivia,
  after: trivia,
  root: obj(
    shuffled(
      fc.tuple(
        fc.array(member(userKey, value), { maxLength: 4 }),
        // Earlier copies of `models` are the user's (OpenClaw ignores them); the last one is what we edit.
        fc.oneof(
          fc.constant([] as Member[]),
          member(fc.constant('models'), modelsBlock, { edited: true }).map((b) => [b]),
          fc.tuple(member(fc.constant('models'), value), member(fc.constant('models'), modelsBlock, { edited: true })).map((pair): Member[] => [...pair]),
        ),
        fc.array(member(fc.constant('agents'), agents), { maxLength: 1 }),
      ),
    ).map((members) => {
      const copies = members.flatMap((m, i) => (m.key === 'models' ? [i] : []));
      const edited = members.findIndex((m) => m.edited);
      const last = copies[copies.length - 1]!;
      if (edited >= 0 && edited !== last) [members[edited], members[last]] = [members[last]!, members[edited]!];
      return members;
    }),
  ),
});

/** Renders a generated config, numbering its comments and noting those the run must keep. */
export function render(c: { bom: boolean; before: Trivia; after: Trivia; root: Value }): { text: string; keep: string[] } {
  let id = 0;
  const keep: string[] = [];
  const comment = (expendable: boolean) => {
    const name = `c${++id}`;
    if (!expendable) keep.push(name);
    return name;
  };
  const triv = (bits: Trivia, expendable: boolean) =>
    bits
      .map((b) => (b.k === 'ws' || b.k === 'lt' ? b.text : b.k === 'line' ? `// ${comment(expendable)}${b.end}` : b.multiline ? `/* ${comment(expendable)}\n */` : `/* ${comment(expendable)} */`))
      .join('');
  /** Trivia cut to what stays on its line, ended by a line break: what follows then starts a new line. */
  const toLineEnd = (bits: Trivia): Trivia => {
    const out: Trivia = [];
    for (const b of bits) {
      if (b.k === 'lt' || (b.k === 'block' && b.multiline)) break;
      out.push(b);
      if (b.k === 'line') return out;
    }
    return [...out, { k: 'lt', text: '\n' }];
  };
  /**
   * Trivia split where the parser splits it: what ends the line it starts on (spaces and one-line block
   * comments up to a line break, a line comment, or a block comment running onto the next line) stays
   * with what precedes it; the rest leads what follows. With no line end, all of it leads what follows.
   */
  const sameLine = (bits: Trivia): [Trivia, Trivia] => {
    for (let i = 0; i < bits.length; i++) {
      const b = bits[i]!;
      if (b.k === 'lt' || (b.k === 'block' && b.multiline)) return [bits.slice(0, i), bits.slice(i)];
      if (b.k === 'line') return [bits.slice(0, i + 1), bits.slice(i + 1)];
    }
    return [[], bits];
  };
  /** Trivia whose same-line part must survive and whose rest may go with a removed member. */
  const keptHead = (bits: Trivia): string => {
    const [head, rest] = sameLine(bits);
    return triv(head, false) + triv(rest, true);
  };
  const val = (v: Value, expendable: boolean): string => {
    if (v.t === 'lit') return v.text!;
    const [open, close] = v.t === 'obj' ? ['{', '}'] : ['[', ']'];
    const members = v.members!;
    let out = open;
    members.forEach((m, i) => {
      const next = members[i + 1];
      const last = i === members.length - 1;
      const gone = expendable || !!m.stale;
      let [t1, t2, t3, t4, t5] = m.trivia;
      // Around a removed member, its neighbours' comments sit on their own lines (see the note above),
      // except those that end the kept member's line: a comment on the opening bracket's line belongs
      // to the container, one after a kept member's comma to that member (issue 24).
      const trailsKept = next?.stale && !gone;
      if (m.stale && !expendable) {
        t5 = toLineEnd(t5);
        t4 = last && !v.comma ? toLineEnd(t4) : t4;
      }
      out += i === 0 && m.stale && !expendable ? keptHead(t1) : triv(t1, gone);
      if (v.t === 'obj') out += m.key + triv(t2, gone) + ':' + triv(t3, gone);
      out += val(m.value, gone || !!m.replaced);
      out += triv(t4, gone);
      if (!last || v.comma) out += ',' + (trailsKept ? keptHead(t5) : triv(t5, gone));
    });
    return out + triv(v.inner!, expendable) + close;
  };
  // A line comment must not swallow the closing bracket: trivia ending the container ends with a line break if needed.
  const text = (c.bom ? '\uFEFF' : '') + triv(c.before, false) + val(c.root, false) + triv(c.after, false);
  return { text, keep };
}

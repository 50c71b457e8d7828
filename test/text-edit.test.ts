import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { parseJson5 } from '../src/json5/json5-cst.js';
import { editInPlace, editText } from '../src/json5/text-edit.js';
import { sameReading } from './config-runs.js';

function edit(text: string, change: (v: any) => void): string {
  const before = JSON5.parse(text);
  const after = structuredClone(before);
  change(after);
  const out = editText(text, after);
  expect(JSON5.parse(out)).toEqual(after);
  return out;
}

describe('editText', () => {
  it('returns the text unchanged when nothing changes', () => {
    const text = '// c\n{ a: 1, /* x */ b: [1, 2,], }\n';
    expect(edit(text, () => {})).toBe(text);
  });

  it('edits strict JSON exactly as JSON.stringify would', () => {
    const before = { meta: { v: 1 }, models: { providers: { other: { baseUrl: 'u' } } }, agents: { defaults: { models: { 'x/y': {} } } } };
    const after = structuredClone(before) as any;
    after.models.providers.fastrouter = { baseUrl: 'b', models: [{ id: 'a', input: ['text', 'image'] }] };
    after.agents.defaults.models['fastrouter/a'] = {};
    after.gateway = { mode: 'local' };
    for (const indent of ['  ', '    ', '\t']) {
      const text = JSON.stringify(before, null, indent) + '\n';
      expect(editText(text, after)).toBe(JSON.stringify(after, null, indent) + '\n');
    }
  });

  it('keeps comments, quotes, unquoted keys and trailing commas around the change', () => {
    const text = `// top
{
  meta: { lastTouchedVersion: '2026.9.6' }, // trailing
  /* block */
  models: {
    mode: 'merge',
    providers: {
      local: { baseUrl: 'http://127.0.0.1', },
    },
  },
}
`;
    const out = edit(text, (v) => (v.models.providers.fastrouter = { baseUrl: 'https://x', models: [{ id: 'a/b', input: ['text'] }] }));
    expect(out).toBe(`// top
{
  meta: { lastTouchedVersion: '2026.9.6' }, // trailing
  /* block */
  models: {
    mode: 'merge',
    providers: {
      local: { baseUrl: 'http://127.0.0.1', },
      fastrouter: {
        baseUrl: 'https://x',
        models: [
          {
            id: 'a/b',
            input: [
              'text',
            ],
          },
        ],
      },
    },
  },
}
`);
  });

  it('updates inside the fastrouter block and keeps its comments', () => {
    const text = `{
  "models": {
    "providers": {
      "fastrouter": {
        // my key, rotated monthly
        "apiKey": "old",
        "baseUrl": "https://api.fastrouter.ai/api/v1", /* do not change */
        "models": [
          { "id": "a" },
          // the one I use
          { "id": "b" },
          { "id": "c" }
        ]
      }
    }
  }
}`;
    const out = edit(text, (v) => {
      const fr = v.models.providers.fastrouter;
      fr.apiKey = 'new';
      fr.models = [{ id: 'b' }, { id: 'c' }, { id: 'd' }];
    });
    expect(out).toContain('// my key, rotated monthly\n        "apiKey": "new",');
    expect(out).toContain('/* do not change */');
    expect(out).toContain('// the one I use\n          { "id": "b" },');
    expect(out).not.toContain('"a"');
    expect(out).toMatch(/\{ "id": "c" \},\n {10}\{\n {12}"id": "d"\n {10}\}\n {8}\]/);
  });

  it('removes several adjacent keys, including the last one, and keeps JSON valid', () => {
    const text = `{
  "agents": {
    "defaults": {
      "models": {
        "fastrouter/a": { "alias": "a" },
        "fastrouter/b": {},
        "fastrouter/c": {},
        "local/x": {},
        "fastrouter/d": {},
        "fastrouter/e": {}
      }
    }
  }
}
`;
    const out = edit(text, (v) => {
      for (const k of ['fastrouter/b', 'fastrouter/c', 'fastrouter/d', 'fastrouter/e']) delete v.agents.defaults.models[k];
    });
    expect(out).toBe(`{
  "agents": {
    "defaults": {
      "models": {
        "fastrouter/a": { "alias": "a" },
        "local/x": {}
      }
    }
  }
}
`);
    JSON.parse(out);
  });

  it('removes a member with its same-line comment and keeps comments of the others', () => {
    const text = `{
  a: 1, // one
  // about b
  b: 2, // two
  c: 3 // three
}`;
    expect(edit(text, (v) => delete v.b)).toBe(`{
  a: 1, // one
  c: 3 // three
}`);
    expect(edit(text, (v) => delete v.c)).toBe(`{
  a: 1, // one
  // about b
  b: 2 // two
}`);
  });

  it('adds to an empty object, an inline object and an inline array in their style', () => {
    expect(edit('{\n  "a": {}\n}\n', (v) => (v.a.k = 1))).toBe('{\n  "a": {\n    "k": 1\n  }\n}\n');
    expect(edit("{ allow: ['local/*'] }", (v) => v.allow.push('fastrouter/*'))).toBe("{ allow: ['local/*', 'fastrouter/*'] }");
    expect(edit('{ a: { x: 1 } }', (v) => (v.a.y = 2))).toBe('{ a: { x: 1, y: 2 } }');
    expect(edit('{}', (v) => (v.models = { a: 1 }))).toBe('{\n  "models": {\n    "a": 1\n  }\n}');
  });

  it('edits array entries with the same id in place, so comments in and around them stay', () => {
    const text = `{
  models: [ // my favourites
    {id: 'b', name: 'B'}, // the best
    /* second */ {id: 'a', name: 'A', params: {t: 1}},
    {id: 'gone'},
  ],
}`;
    const out = edit(text, (v) => {
      v.models = [
        { id: 'b', name: 'B!', cost: 1 },
        { id: 'a', name: 'A', params: { t: 1 }, cost: 2 },
        { id: 'new', name: 'N' },
      ];
    });
    for (const comment of ['// my favourites', '// the best', '/* second */']) expect(out).toContain(comment);
    expect(out).toContain("{id: 'b', name: 'B!', cost: 1}, // the best");
  });

  it('creates missing parents in one nested value', () => {
    const out = edit('{\n  // keep\n  "gateway": { "mode": "local" }\n}\n', (v) => (v.agents = { defaults: { models: { 'fastrouter/a': {} } } }));
    expect(out).toBe('{\n  // keep\n  "gateway": { "mode": "local" },\n  "agents": {\n    "defaults": {\n      "models": {\n        "fastrouter/a": {}\n      }\n    }\n  }\n}\n');
  });

  it('keeps CRLF line endings and a BOM', () => {
    const text = '\uFEFF{\r\n  "a": 1, // c\r\n  "b": 2\r\n}\r\n';
    const out = edit(text, (v) => (v.c = { d: 3 }));
    expect(out).toBe('\uFEFF{\r\n  "a": 1, // c\r\n  "b": 2,\r\n  "c": {\r\n    "d": 3\r\n  }\r\n}\r\n');
  });

  it('handles keys and strings with escapes, quotes and unicode', () => {
    const text = `{ 'it\\'s': "say \\"hi\\"", "\\u0041": 1, emoji: '😀', }`;
    const out = edit(text, (v) => (v["it's"] = 'new \'quoted\' "value"'));
    expect(out).toContain('"\\u0041": 1');
  });

  it('edits the last of duplicate keys (the one OpenClaw reads) and removes every copy of a removed key', () => {
    expect(editText('{"a": 1, "b": 0, "a": 2}', { a: 3, b: 0 })).toBe('{"a": 1, "b": 0, "a": 3}');
    expect(editText('{"a": 1, "b": 0, "a": 2}', { b: 0 })).toBe('{ "b": 0}');
  });
});

describe('editInPlace', () => {
  it('names where each unchanged container of the original stands in the edited text, so the check can take it as read', () => {
    const text = `// top
{
  gateway: { mode: 'local', auth: { token: '\${T}' } }, // gw
  models: { providers: { local: { models: [{ id: 'a', input: ['text'] }, { id: 'b' }] }, x: [1, [2]] } },
  agents: { defaults: { models: { 'local/a': {}, 'fastrouter/old': { alias: 'o' } } } },
}
`;
    const before = JSON5.parse(text);
    const after = structuredClone(before);
    after.models.providers.fastrouter = { baseUrl: 'https://x', models: [{ id: 'n', cost: { input: 1 } }] };
    after.models.providers.local.models.unshift({ id: 'first' });
    delete after.agents.defaults.models['fastrouter/old'];
    const parsed = parseJson5(text);
    const edited = editInPlace(text, after, parsed);
    expect(JSON5.parse(edited.text)).toEqual(after);
    expect(edited.kept.size).toBeGreaterThan(3);
    for (const [at, node] of edited.kept) expect(edited.text.slice(at, at + node.end - node.start)).toBe(text.slice(node.start, node.end));
    expect(sameReading(parseJson5(edited.text, edited.kept).root.value, parseJson5(edited.text).root.value)).toBe(true);
  });
});

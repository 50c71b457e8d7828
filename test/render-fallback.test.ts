import { describe, expect, it, vi } from 'vitest';
import { renderConfig } from '../src/json5/config-text.js';
import { Json5SyntaxError } from '../src/json5/scanner.js';

// The editor is replaced so each kind of failure can be produced on demand.
const failure = vi.hoisted(() => ({ error: undefined as Error | undefined }));
vi.mock('../src/json5/text-edit.js', () => ({
  editInPlace: () => {
    throw failure.error;
  },
}));

const text = '{\n  // a comment keeps this off the JSON.stringify fast path\n  "a": 1,\n}\n';

describe('renderConfig falls back to a whole rewrite only for what it expects', () => {
  it('rewrites whole (and says so) when the edit does not read back as JSON5', () => {
    failure.error = new Json5SyntaxError('unexpected token', 3);
    expect(renderConfig(text, { a: 1 }, { a: 2 })).toEqual({ text: '{\n  "a": 2\n}\n', preserved: false });
  });

  it('lets a bug in the editor surface instead of turning it into a silent rewrite', () => {
    failure.error = new TypeError('Cannot read properties of undefined');
    expect(() => renderConfig(text, { a: 1 }, { a: 2 })).toThrow(TypeError);
  });
});

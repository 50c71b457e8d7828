// ARCHITECTURE.md stays true about the folders, and the core stays pure: both drift silently otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const SRC = join(ROOT, 'src');
const folders = readdirSync(SRC, { withFileTypes: true }).filter((d) => d.isDirectory());
const modulesIn = (folder: string) =>
  readdirSync(join(SRC, folder))
    .filter((f) => f.endsWith('.ts'))
    .sort();

/** The Folders table of ARCHITECTURE.md: folder → the modules its last column names. */
function documentedFolders(): Map<string, string[]> {
  const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const table = text.slice(text.indexOf('| folder | layer | modules |'), text.indexOf('\n\n', text.indexOf('| folder | layer | modules |')));
  const rows = new Map<string, string[]>();
  for (const line of table.split('\n').slice(2)) {
    const cells = line.split(' | ');
    const folder = /`src\/([^/`]+)\/`/.exec(cells[0] ?? '')?.[1];
    if (folder) rows.set(folder, [...(cells.at(-1) ?? '').matchAll(/`([\w-]+\.ts)`/g)].map((m) => m[1]!).sort());
  }
  return rows;
}

describe('ARCHITECTURE.md', () => {
  it('names every folder of src/ and every module in it, and nothing that is gone', () => {
    const documented = documentedFolders();
    expect([...documented.keys()].sort()).toEqual(folders.map((d) => d.name).sort());
    for (const { name } of folders) expect(documented.get(name), `src/${name}/`).toEqual(modulesIn(name));
  });

  it('names only modules that exist in its pipeline and prose', () => {
    const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
    const named = new Set([...text.matchAll(/`src\/([\w-]+\/[\w-]+\.ts)`/g)].map((m) => m[1]!));
    const existing = new Set(folders.flatMap(({ name }) => modulesIn(name).map((f) => `${name}/${f}`)));
    expect([...named].filter((path) => !existing.has(path))).toEqual([]);
  });
});

describe('src/core/ is pure', () => {
  // checks.ts names zod's types and loads the schemas on demand to explain a rejected value.
  const allowed = new Set(['../lazy/schemas.js']);
  it.each(modulesIn('core'))('%s imports only the core, and no node: module but path', (file) => {
    const text = readFileSync(join(SRC, 'core', file), 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
    const outside = specifiers.filter((s) => !allowed.has(s) && !/^\.\/[\w-]+\.js$/.test(s) && s !== 'node:path' && !s.startsWith('zod'));
    expect(outside).toEqual([]);
  });
});

describe('src/ has no import circle', () => {
  it('no module reaches itself through its imports (type imports included)', () => {
    const files = folders.flatMap(({ name }) => modulesIn(name).map((f) => `${name}/${f}`));
    const imports = new Map(
      files.map((file) => {
        const text = readFileSync(join(SRC, file), 'utf8');
        const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)].map((m) => join(file, '..', `${m[1]!}.ts`));
        return [file, specifiers];
      }),
    );
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const next of imports.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).toEqual([]);
  });
});

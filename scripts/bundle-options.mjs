// How dist/ is split into chunks. Imported by scripts/build.mjs and by test/chunks.test.ts.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

// Separate CommonJS files, loaded with require() only when needed: the entry answers --help alone,
// main.cjs is the runner, and each file in src/lazy/ (zod, undici, diff) is its own chunk that the
// rest reaches only through a lazy import. The boundary is the folder, not an import string: any
// import of our own that resolves to an entry of its own chunk stays external.
// CommonJS because Node starts a CommonJS file about 3 ms faster than an ES module.
const LAZY_DIR = join(root, 'src', 'lazy');
export const ENTRIES = {
  'fastrouter-openclaw': 'src/cli/cli.ts',
  main: 'src/cli/main.ts',
  ...Object.fromEntries((await readdir(LAZY_DIR)).filter((f) => f.endsWith('.ts')).map((f) => [f.slice(0, -3), `src/lazy/${f}`])),
};
const CHUNK_OF = new Map(Object.entries(ENTRIES).map(([name, file]) => [join(root, file), name]));

const splitPlugin = {
  name: 'local-splits',
  setup(b) {
    const ours = join(root, 'src') + '/';
    b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      if (!args.importer.startsWith(ours)) return undefined;
      const target = join(dirname(args.importer), args.path.replace(/\.js$/, '.ts'));
      const chunk = CHUNK_OF.get(target);
      if (chunk === undefined || target === args.importer) return undefined;
      return { path: `./${chunk}.cjs`, external: true };
    });
  },
};

/** esbuild's options for dist/, shared by the build and by test/chunks.test.ts, which reads the metafile. */
export function bundleOptions(outdir) {
  return {
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20.18',
    // Turns the lazy import() of a split file into require(), which skips the ES module loader.
    supported: { 'dynamic-import': false },
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { __VERSION__: JSON.stringify(pkg.version) },
    plugins: [splitPlugin],
  };
}

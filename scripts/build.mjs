// Bundles the runner into dist/ (committed, so a skill installed straight from git runs without a
// build step) and assembles build/skill/<name>/: SKILL.md plus dist/, the clean folder to hand to
// `openclaw skills install`.
//   --check  rebuild into a temp folder and fail if the committed dist/ is stale
//   --skill  only assemble build/skill/ from the committed dist/
import { build } from 'esbuild';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const check = process.argv.includes('--check');
const skillOnly = process.argv.includes('--skill');

// Separate CommonJS files, loaded with require() only when needed: the entry answers --help alone,
// main.cjs is the runner, and each file in src/lazy/ (zod, undici, diff) is its own chunk that the
// rest reaches only through a lazy import. The boundary is the folder, not an import string: any
// import of our own that resolves to an entry of its own chunk stays external.
// CommonJS because Node starts a CommonJS file about 3 ms faster than an ES module.
const LAZY_DIR = join(root, 'src', 'lazy');
const ENTRIES = {
  'fastrouter-openclaw': 'src/cli/cli.ts',
  main: 'src/cli/main.ts',
  ...Object.fromEntries(
    (await readdir(LAZY_DIR)).filter((f) => f.endsWith('.ts')).map((f) => [f.slice(0, -3), `src/lazy/${f}`]),
  ),
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

async function bundle(outdir) {
  await rm(outdir, { recursive: true, force: true });
  await build({
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
  });
}

async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function sameTree(a, b) {
  const [filesA, filesB] = await Promise.all([listFiles(a), listFiles(b)]);
  if (filesA.join('\n') !== filesB.join('\n')) return false;
  for (const file of filesA) {
    const [x, y] = await Promise.all([readFile(join(a, file)), readFile(join(b, file))]);
    if (!x.equals(y)) return false;
  }
  return true;
}

if (check) {
  const scratch = await mkdtemp(join(tmpdir(), 'fastrouter-build-'));
  try {
    await bundle(scratch);
    if (!(await sameTree(scratch, join(root, 'dist')))) {
      console.error('dist/ is out of date with src/: run `npm run build` and commit dist/.');
      process.exit(1);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
} else {
  if (!skillOnly) await bundle(join(root, 'dist'));
  const skill = join(root, 'build', 'skill', pkg.name);
  await rm(join(root, 'build', 'skill'), { recursive: true, force: true });
  await mkdir(skill, { recursive: true });
  await cp(join(root, 'SKILL.md'), join(skill, 'SKILL.md'));
  await cp(join(root, 'dist'), join(skill, 'dist'), { recursive: true });
  console.log(`${skillOnly ? 'assembled' : 'built dist/ and'} build/skill/${pkg.name}/`);
}

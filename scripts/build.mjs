// Bundles the runner into dist/ (committed, so a skill installed straight from git runs without a
// build step) and assembles build/skill/<name>/: SKILL.md plus dist/, the clean folder to hand to
// `openclaw skills install`.
//   --check  rebuild into a temp folder and fail if the committed dist/ is stale
//   --skill  only assemble build/skill/ from the committed dist/
import { build } from 'esbuild';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const check = process.argv.includes('--check');
const skillOnly = process.argv.includes('--skill');

// Separate CommonJS files, loaded with require() only when needed: the entry answers --help alone,
// main.cjs is the runner; undici.cjs (proxies), diff.cjs (--dry-run) and schemas.cjs (zod, when a
// hand-written guard has doubts) are rarely needed.
// CommonJS because Node starts a CommonJS file about 3 ms faster than an ES module.
const ENTRIES = {
  'fastrouter-openclaw': 'src/cli.ts',
  main: 'src/main.ts',
  undici: 'src/vendor/undici.ts',
  diff: 'src/vendor/diff.ts',
  schemas: 'src/schemas.ts',
};
const LOCAL_SPLITS = { './main.js': './main.cjs', './vendor/undici.js': './undici.cjs', './vendor/diff.js': './diff.cjs', './schemas.js': './schemas.cjs' };

const splitPlugin = {
  name: 'local-splits',
  setup(b) {
    const ours = join(root, 'src') + '/';
    b.onResolve({ filter: /^\.\/(main|vendor\/undici|vendor\/diff|schemas)\.js$/ }, (args) => {
      // Only our own imports: a dependency may have a "./schemas.js" of its own (zod does).
      if (!args.importer.startsWith(ours) || args.importer.startsWith(join(ours, 'vendor'))) return undefined;
      return { path: LOCAL_SPLITS[args.path], external: true };
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

// Bundles the runner into dist/ (committed, so a skill installed straight from git runs without a
// build step) and assembles build/skill/<name>/: SKILL.md plus dist/, the clean folder to hand to
// `openclaw skills install`.
//   --check  rebuild into a temp folder and fail if the committed dist/ is stale
//   --skill  only assemble build/skill/ from the committed dist/
import { build } from 'esbuild';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleOptions, pkg, root } from './bundle-options.mjs';

const check = process.argv.includes('--check');
const skillOnly = process.argv.includes('--skill');

async function bundle(outdir) {
  await rm(outdir, { recursive: true, force: true });
  await build(bundleOptions(outdir));
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

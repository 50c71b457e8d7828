import { spawnSync } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budget, ROOT, tempDir } from './helpers.js';

describe("npm run demo (the README's first command)", () => {
  it('runs without a key or network and leaves no temp folder behind', { timeout: budget({ runs: 2 }) }, async () => {
    const tmp = await tempDir();
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', TMPDIR: tmp, NO_COLOR: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('models.providers.fastrouter in');
    expect(await readdir(tmp)).toEqual([]);
  });
});

import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { lstat, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { updateConfig } from '../src/io/config-store.js';
import { writeConfig } from '../src/io/config-file.js';
import { ConfigError } from '../src/core/errors.js';
import { tempDir } from './helpers.js';

describe('updateConfig', () => {
  it('merges again, never overwrites, when another writer changed the file after we read it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'openclaw.json');
    await writeFile(path, '{\n  "gateway": { "mode": "local" }\n}\n');
    let plans = 0;
    const outcome = await updateConfig(path, (config) => {
      plans++;
      // The first time, a foreign writer lands between our read and our write.
      if (plans === 1) writeFileSync(path, '{\n  "gateway": { "mode": "local" },\n  "foreign": 1\n}\n');
      return { changes: [{ path: ['ours'], value: Object.hasOwn(config, 'foreign') ? 'saw foreign' : 'blind' }] };
    });
    expect(plans).toBe(2);
    expect(outcome.written).toBe(true);
    expect(JSON5.parse(await readFile(path, 'utf8'))).toEqual({ gateway: { mode: 'local' }, foreign: 1, ours: 'saw foreign' });
  });

  it('gives up with exit 5 when the file keeps changing, and leaves the last foreign version', async () => {
    const dir = await tempDir();
    const path = join(dir, 'openclaw.json');
    await writeFile(path, '{}');
    let n = 0;
    await expect(
      updateConfig(path, () => {
        writeFileSync(path, JSON.stringify({ n: ++n }));
        return { changes: [{ path: ['ours'], value: 1 }] };
      }),
    ).rejects.toMatchObject({ exitCode: 5, message: expect.stringMatching(/kept changing/) });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ n });
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
    // No write happened, so no backup is left either, nor the folders made for it.
    expect(await readdir(dir)).toEqual(['openclaw.json']);
  });

  it('does not touch the file when the plan has no changes', async () => {
    const dir = await tempDir();
    const path = join(dir, 'openclaw.json');
    await writeFile(path, '// mine\n{}');
    const outcome = await updateConfig(path, () => ({ changes: [] }));
    expect(outcome.written).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('// mine\n{}');
    expect(await readdir(dir)).toEqual(['openclaw.json']);
  });
});

describe('a file error while writing is a typed error naming it, never a fallback or "kept changing"', () => {
  it('a symlinked config that became a loop after we read it: exit-5 error naming the loop, the link kept', async () => {
    const dir = await tempDir();
    const real = join(dir, 'real.json');
    const path = join(dir, 'openclaw.json');
    await writeFile(real, '{}\n');
    symlinkSync(real, path);
    const update = updateConfig(path, () => {
      // Between our read and our write, the link is made a loop (openclaw.json -> loop -> openclaw.json).
      symlinkSync(path, join(dir, 'loop'));
      symlinkSync(join(dir, 'loop'), join(dir, 'new-link'));
      renameSync(join(dir, 'new-link'), path);
      return { changes: [{ path: ['ours'], value: 1 }] };
    });
    const error = await update.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/too many levels of symbolic links/);
    expect((error as Error).message).not.toMatch(/read-only|kept changing/);
    expect((await lstat(path)).isSymbolicLink()).toBe(true);
    expect(await readlink(path)).toBe(join(dir, 'loop'));
    expect(await readFile(real, 'utf8')).toBe('{}\n');
  });

  it('a read error while checking the file before the write (EIO) is that error, not "the file changed"', () => {
    // /proc/self/mem is a regular file whose read fails with EIO: a disk error, for real.
    const snapshot = { path: '/proc/self/mem', text: '', config: undefined, fingerprint: 'unused' };
    expect(() => writeConfig(snapshot, null)).toThrow(ConfigError);
    expect(() => writeConfig(snapshot, null)).toThrow(/input\/output error/);
  });
});

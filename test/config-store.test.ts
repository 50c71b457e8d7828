import { writeFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import JSON5 from 'json5';
import { describe, expect, it } from 'vitest';
import { updateConfig } from '../src/io/config-store.js';
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
    // No write happened, so no backup is left either.
    expect(await readdir(join(dir, 'fastrouter-openclaw', 'backups'))).toEqual([]);
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

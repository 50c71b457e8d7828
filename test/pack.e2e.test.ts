import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('npm pack', () => {
  it('produces a tarball that installs into an empty folder and runs --help', { timeout: 60_000 }, async () => {
    const packDir = await tempDir();
    // npm's own cache and logs go to a temp folder: HOME may be read-only or missing (a service
    // user, a sandbox), and the install below must come from the tarball alone, not a warm cache.
    const env = { ...process.env, npm_config_cache: join(await tempDir(), 'npm-cache'), npm_config_update_notifier: 'false' };
    execFileSync(npm, ['pack', '--pack-destination', packDir, '--silent'], { cwd: ROOT, stdio: 'pipe', env });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const app = await tempDir();
    execFileSync(npm, ['init', '-y'], { cwd: app, stdio: 'pipe', env });
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--offline', join(packDir, tarball!)], { cwd: app, stdio: 'pipe', env });
    const bin = join(app, 'node_modules', '.bin', 'fastrouter-openclaw');
    const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('fastrouter-openclaw');
    expect(r.stdout).toContain('Exit codes');
  });
});

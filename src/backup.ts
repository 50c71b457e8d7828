import { mkdir, readdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const KEEP_BACKUPS = 5;

/**
 * Our own backup folder beside the config. Not `openclaw.json.bak*`: OpenClaw prunes files named
 * like that. Names sort by time: `<config>.<UTC timestamp>.<pid>`.
 */
export function backupDirFor(configPath: string): string {
  return join(dirname(configPath), 'fastrouter-backups');
}

export async function listBackups(configPath: string): Promise<string[]> {
  const dir = backupDirFor(configPath);
  const prefix = `${basename(configPath)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(prefix) && n.endsWith('.backup')).sort().map((n) => join(dir, n));
}

/** Saves `text` (the file as we read it) in the backup folder (0600, folder 0700), keeping the newest five. */
export async function backupConfig(configPath: string, text: string): Promise<string> {
  const dir = backupDirFor(configPath);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('.', '');
  const target = join(dir, `${basename(configPath)}.${stamp}.${process.pid}.backup`);
  await writeFile(target, text, { mode: 0o600, flag: 'wx' });
  const all = await listBackups(configPath);
  await Promise.all(all.slice(0, Math.max(0, all.length - KEEP_BACKUPS)).map((p) => unlink(p).catch(() => {})));
  return target;
}

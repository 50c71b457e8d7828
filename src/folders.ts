import { mkdir, stat } from 'node:fs/promises';

/** Creates a missing folder (and its parents) private to the user: 0700. */
export async function ensureFolder(folder: string): Promise<void> {
  if (!(await stat(folder).catch(() => undefined))) await mkdir(folder, { recursive: true, mode: 0o700 });
}

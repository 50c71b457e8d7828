import { existsSync, mkdirSync } from 'node:fs';

/** Creates a missing folder (and its parents) private to the user: 0700. */
export async function ensureFolder(folder: string): Promise<void> {
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
}

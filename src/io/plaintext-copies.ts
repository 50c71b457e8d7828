// Where a FastRouter key is still written out in full once the config no longer holds it (issue 20):
// our own backups, and OpenClaw's copies beside the config (`openclaw.json.bak*`, `.last-good`,
// `.clobbered.*`). Ours can be scrubbed (the key replaced by the reference the config now uses, so a
// restore still works); OpenClaw's are only named, never touched.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { maskKey } from '../core/key.js';
import { writeFileAtomic } from './atomic-write.js';
import { listBackups } from './backup.js';
import { holdsPlaintextKey } from '../core/key.js';
import { ownerFor } from './owner.js';
import { readRegularFile } from './read-file.js';

const MAX_COPY_BYTES = 64 * 1024 * 1024;
const QUOTED_KEY = /(["'])(sk-(?:v1|fr)-[0-9a-fA-F]{8,})\1/g;
const BARE_KEY = /sk-(?:v1|fr)-[0-9a-fA-F]{8,}/g;

export interface PlaintextCopies {
  /** Our backups (and the copies a restore saved) that hold a key. */
  ours: string[];
  /** OpenClaw's files beside the config that hold one. */
  openclaw: string[];
}

function holdsKey(path: string): boolean {
  try {
    return holdsPlaintextKey(readRegularFile(path, MAX_COPY_BYTES));
  } catch {
    return false;
  }
}

/** OpenClaw's copies of the config: `<name>.bak`, `<name>.bak.N`, `<name>.last-good`, `<name>.clobbered.*`. */
function openClawCopies(configPath: string): string[] {
  const name = basename(configPath);
  const copy = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:bak(?:\\.\\d+)?|last-good|clobbered\\..+)$`);
  try {
    return readdirSync(dirname(configPath))
      .filter((entry) => copy.test(entry))
      .sort()
      .map((entry) => join(dirname(configPath), entry));
  } catch {
    return [];
  }
}

export function findPlaintextCopies(configPath: string): PlaintextCopies {
  return {
    ours: [...listBackups(configPath, 'backup'), ...listBackups(configPath, 'undone')].filter(holdsKey),
    openclaw: openClawCopies(configPath).filter(holdsKey),
  };
}

/** Replaces each quoted key in our backups with `reference` (JSON text), any other occurrence with its masked form. Returns the files it could not rewrite. */
export function scrubBackups(configPath: string, backups: readonly string[], reference: string): string[] {
  const failed: string[] = [];
  const owner = ownerFor(configPath);
  for (const backup of backups) {
    try {
      const text = readRegularFile(backup, MAX_COPY_BYTES);
      const scrubbed = text.replace(QUOTED_KEY, reference).replace(BARE_KEY, (key) => maskKey(key));
      writeFileAtomic(backup, scrubbed, { mode: 0o600, owner });
    } catch {
      failed.push(backup);
    }
  }
  return failed;
}

/** One sentence naming what still holds the key, and what to do about it. */
export function plaintextCopiesNote(copies: PlaintextCopies, scrubbed: { done: number; failed: readonly string[] } | undefined, offerScrub = true): string[] {
  const notes: string[] = [];
  if (scrubbed && scrubbed.done > 0)
    notes.push(`Replaced the key in ${scrubbed.done === 1 ? 'one of our backups' : `${scrubbed.done} of our backups`} with the reference the config now uses (restore still works).`);
  const ours = scrubbed ? [...scrubbed.failed] : copies.ours;
  if (ours.length > 0) {
    notes.push(
      `${ours.length === 1 ? 'One of our backups' : `${ours.length} of our backups`} in ${dirname(ours[0]!)} still ${ours.length === 1 ? 'holds' : 'hold'} your FastRouter key in plain text${
        scrubbed
          ? ' (they could not be rewritten)'
          : offerScrub
            ? '; pass --scrub-backups to replace it there with the reference the config now uses'
            : '; restore uses them: delete them once you no longer need them'
      }.`,
    );
  }
  if (copies.openclaw.length > 0) {
    const one = copies.openclaw.length === 1;
    notes.push(
      `OpenClaw's own ${copies.openclaw.map((p) => basename(p)).join(', ')} beside the config still ${one ? 'holds' : 'hold'} your FastRouter key in plain text; ${one ? 'it is' : 'they are'} OpenClaw's, so ${one ? 'it was' : 'they were'} left alone: delete ${one ? 'it' : 'them'} if you do not need ${one ? 'it' : 'them'}.`,
    );
  }
  return notes;
}

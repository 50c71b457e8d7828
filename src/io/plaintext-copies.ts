// Where a FastRouter key is still written out in full once the config no longer holds it (issue 20):
// our own backups, and OpenClaw's copies beside the config (`openclaw.json.bak*`, `.last-good`,
// `.clobbered.*`). Ours can be scrubbed (the key replaced by the reference the config now uses, so a
// restore still works); OpenClaw's are only named, never touched.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { listBackups } from './backup.js';
import { holdsPlaintextKey, plaintextKeyPaths } from '../core/key.js';
import { applyChanges } from '../core/changes.js';
import { getPath, isPlainObject, type JsonObject } from '../core/json.js';
import { PROVIDER_ID, type ApiKeyValue } from '../core/provider.js';
import { parseConfigText, renderConfig } from '../json5/config-text.js';
import { ownerFor } from './owner.js';
import { readRegularFile } from './read-file.js';

const MAX_COPY_BYTES = 64 * 1024 * 1024;
const API_KEY_PATH = ['models', 'providers', PROVIDER_ID, 'apiKey'] as const;

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

export interface ScrubOutcome {
  /** Backups whose FastRouter apiKey now holds the reference. */
  done: number;
  /** Backups that still hold the key where the user put it (env.vars, a header): named, never rewritten. */
  elsewhere: Array<{ backup: string; paths: string[] }>;
  /** Backups that could not be read, parsed or rewritten. */
  failed: string[];
}

/**
 * Replaces the plaintext key at FastRouter's `apiKey` in each of our backups with `reference`, through
 * the same in-place edit as a write. Nowhere else: a key the user keeps in `env.vars` or a header is
 * theirs, and a restore must put it back as they had it (a rewritten copy would break the config).
 */
export function scrubBackups(configPath: string, backups: readonly string[], reference: ApiKeyValue): ScrubOutcome {
  const outcome: ScrubOutcome = { done: 0, elsewhere: [], failed: [] };
  const owner = ownerFor(configPath);
  for (const backup of backups) {
    try {
      const text = readRegularFile(backup, MAX_COPY_BYTES);
      const config = parseConfigText(text);
      let [after, afterText] = [config, text];
      const apiKey = getPath(config, [...API_KEY_PATH]);
      if (isPlainObject(config) && typeof apiKey === 'string' && holdsPlaintextKey(apiKey)) {
        after = applyChanges(config, [{ path: [...API_KEY_PATH], value: reference }]);
        afterText = renderConfig(text, config, after as JsonObject).text;
        writeFileAtomic(backup, afterText, { mode: 0o600, owner });
        outcome.done++;
      }
      const paths = plaintextKeyPaths(after);
      if (paths.length === 0 && holdsPlaintextKey(afterText)) paths.push('a comment');
      if (paths.length > 0) outcome.elsewhere.push({ backup, paths });
    } catch {
      outcome.failed.push(backup);
    }
  }
  return outcome;
}

/** One sentence naming what still holds the key, and what to do about it. */
export function plaintextCopiesNote(copies: PlaintextCopies, scrubbed: ScrubOutcome | undefined, offerScrub = true): string[] {
  const notes: string[] = [];
  const backups = (n: number) => (n === 1 ? 'one of our backups' : `${n} of our backups`);
  if (scrubbed && scrubbed.done > 0) notes.push(`Replaced the key in ${backups(scrubbed.done)} with the reference the config now uses (restore still works).`);
  if (scrubbed && scrubbed.elsewhere.length > 0) {
    const paths = [...new Set(scrubbed.elsewhere.flatMap((e) => e.paths))];
    const n = scrubbed.elsewhere.length;
    notes.push(
      `${capitalize(backups(n))} in ${dirname(scrubbed.elsewhere[0]!.backup)} still ${n === 1 ? 'holds' : 'hold'} your FastRouter key in plain text outside FastRouter's apiKey (${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''}): left as you had it, since restore puts it back; delete ${n === 1 ? 'that backup' : 'them'} once you no longer need ${n === 1 ? 'it' : 'them'}.`,
    );
  }
  const ours = scrubbed ? [...scrubbed.failed] : copies.ours;
  if (ours.length > 0) {
    notes.push(
      `${capitalize(backups(ours.length))} in ${dirname(ours[0]!)} still ${ours.length === 1 ? 'holds' : 'hold'} your FastRouter key in plain text${
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

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

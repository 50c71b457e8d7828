import { stateDirOf, type ConfigPathOptions } from '../core/config-path.js';
import { contentHash } from '../core/content-hash.js';
import { configuredPrimary, hasInclude, oursFingerprints } from '../core/merge.js';
import type { Env } from '../core/env.js';
import { getPath, isPlainObject } from '../core/json.js';
import { parseConfigText } from '../json5/config-text.js';
import { keepWithOpenClaw, type KeepOutcome } from '../openclaw/health-store.js';
import { isSameFile, MAX_RECOVERY_BYTES, readConfigText, type ConfigSnapshot } from '../io/config-file.js';
import { parseState, readState, stateText, stateWarning, writeState, type HostCheckMemory, type State, type WriteRecord } from '../io/state.js';
import { setStateOfBackupsHolding } from '../io/backup.js';
import { stopLockWaitsOn, withLock } from '../io/lock.js';
import { configOwnerUid } from '../io/owner.js';
import { sha256Hex } from '../io/sha256.js';
import { checkWithHost, rollBack, type HostCheck, type HostCheckOptions } from '../openclaw/host-check.js';
import { holdInterrupts, InterruptedError } from './interrupts.js';

/** What a command's write did, as the host check and a rollback need it. */
interface Written {
  before: ConfigSnapshot;
  /** The text written; undefined when nothing was. */
  text: string | undefined;
  /** What that text holds (for the shape OpenClaw is asked about). */
  config: unknown;
  /** The copy of the previous file our write made: dropped when a rollback puts it back. */
  backup: string | undefined;
  /** The mode the write tightened the file from, if it did: a rollback gives it back. */
  tightenedFrom?: number | undefined;
  /** The file's identity right after the write (undefined when nothing was written): whether it still is ours. */
  fingerprint?: string | undefined;
}

export interface CheckedWriteInput<W extends Written> {
  configPath: string;
  options: HostCheckOptions & ConfigPathOptions & { env: Env };
  /** What OpenClaw said before, from the state file. */
  memory: HostCheckMemory | undefined;
  /** The write; `signal` aborts at a Ctrl-C, for any wait before it. */
  write: (signal: AbortSignal) => Promise<W>;
  /** The state to save once the write stands (with what OpenClaw taught us); undefined leaves it as it is. */
  nextState: (outcome: W, memory: HostCheckMemory | undefined) => State | undefined;
}

export interface CheckedWrite<W> {
  outcome: W;
  hostCheck: HostCheck;
  /** False when the state to save could not be (the warning says why). */
  stateSaved: boolean;
  warnings: string[];
}

/**
 * The one write path of setup, remove and restore: write the config, let OpenClaw check it, save the
 * state. From the write until the state is saved a Ctrl-C (SIGTERM, SIGHUP) is held, so the run ends
 * with both or neither: a signal stops the check, the previous config is put back, exit 130.
 */
export async function writeChecked<W extends Written>(input: CheckedWriteInput<W>): Promise<CheckedWrite<W>> {
  const { configPath, options } = input;
  const interrupts = holdInterrupts();
  try {
    // A Ctrl-C while OpenClaw's lock is busy ends the wait at once: nothing was written yet.
    const outcome = await stopLockWaitsOn(interrupts.signal, () => input.write(interrupts.signal));
    // Before the state: a change OpenClaw rejects is rolled back (ConfigError), and not remembered.
    let hostCheck: HostCheck = { status: 'not-requested' };
    let memory = input.memory;
    const warnings: string[] = [];
    if (outcome.text !== undefined && options.validate && !interrupts.signal.aborted) {
      const checked = await checkWithHost({
        configPath,
        before: outcome.before,
        written: outcome.text,
        writtenConfig: outcome.config,
        backup: outcome.backup,
        tightenedFrom: outcome.tightenedFrom,
        memory,
        force: options.forceValidate ?? false,
        env: options.env,
        onProgress: options.onHostCheck,
        signal: interrupts.signal,
        self: options.self,
      });
      ({ check: hostCheck, memory } = checked);
      warnings.push(...checked.warnings);
    }
    if (outcome.text !== undefined && !interrupts.signal.aborted && mayLookClobbered(outcome.before, outcome.text, outcome.config)) {
      const stateDir = stateDirOf(configPath, options, options.env, process.getuid?.(), configOwnerUid(configPath));
      const kept = await keepWithOpenClaw({ configPath, stateDir, written: outcome.text, env: options.env, signal: interrupts.signal });
      warnings.push(...keepNotes(configPath, kept));
    }
    const next = input.nextState(outcome, memory);
    if (interrupts.signal.aborted) {
      // Cancelled: put the old config back, so nothing changed; only if that cannot be done, keep the
      // config and finish its bookkeeping, so a later `remove` still knows what we added.
      // A second Ctrl-C while the rollback waits for the lock gives up on it; the hint says how to undo.
      const undo =
        outcome.text === undefined
          ? { restored: true, said: 'nothing was changed' }
          : await stopLockWaitsOn(interrupts.again, () => rollBack(configPath, outcome.before, outcome.text!, { ...outcome, self: options.self }));
      if (undo.restored) throw new InterruptedError(`Interrupted: ${undo.said}.`);
      if (next) {
        try {
          writeState(configPath, next);
        } catch {
          // the interruption is what gets reported
        }
      }
      throw new InterruptedError(`Interrupted after the config was written: ${undo.said}; its settings were remembered.`);
    }
    let stateSaved = true;
    if (next) {
      try {
        // A Ctrl-C ends a wait for OpenClaw's lock here too: the state is then saved without it.
        const saved = await stopLockWaitsOn(interrupts.signal, () => saveState(configPath, next, outcome));
        if (saved !== 'saved') warnings.push(SUPERSEDED);
        stateSaved = saved === 'saved';
      } catch (error) {
        warnings.push(stateWarning(error));
        stateSaved = false;
      }
    }
    return { outcome, hostCheck, stateSaved, warnings };
  } finally {
    // After an error too: the process then exits with that error's sentence and code.
    interrupts.release();
  }
}

const SUPERSEDED = "Another run of fastrouter-openclaw changed the config after this one and saved its own settings with it: those are kept, and this run's filters are not remembered.";

/**
 * Saves the state only while it still goes with the config, under OpenClaw's lock, so that another
 * run of ours cannot write its config and its state in between (two setups with other filters at
 * once left the config of one and the filters of the other, and the next refresh swapped the
 * models). When OpenClaw's lock stays busy (or a Ctrl-C ends the wait), the same check is made
 * without it: the window it leaves is a few file reads wide.
 */
async function saveState(configPath: string, next: State, outcome: Written): Promise<'saved' | 'superseded'> {
  let result: 'saved' | 'superseded' | undefined;
  let failed: { error: unknown } | undefined;
  const save = () => {
    try {
      result = saveIfStillOurs(configPath, next, outcome);
    } catch (error) {
      failed = { error };
    }
  };
  try {
    await withLock(configPath, save);
  } catch {
    // the lock stayed busy, or a Ctrl-C ended the wait
    if (result === undefined && failed === undefined) save();
  }
  if (failed) throw failed.error;
  return result!;
}

function saveIfStillOurs(configPath: string, next: State, outcome: Written): 'saved' | 'superseded' {
  const ours = outcome.text !== undefined ? outcome.fingerprint : outcome.before.fingerprint;
  if (ours !== undefined && !sameFileQuietly(configPath, ours)) {
    // Someone wrote after us. A run of ours that did kept our config as a backup, with the state
    // from before ours: that backup gets ours, so `restore` brings back our config with our filters.
    if (outcome.text !== undefined) {
      const text = outcome.text;
      setStateOfBackupsHolding(configPath, text, stateText(next), (saved) => recordsText(saved, text));
    }
    if (supersededBy(configPath)) return 'superseded';
  }
  writeState(configPath, next);
  return 'saved';
}

function sameFileQuietly(configPath: string, fingerprint: string): boolean {
  try {
    return isSameFile({ path: configPath, fingerprint });
  } catch {
    return false;
  }
}

/**
 * True when the state on disk records the config as it is now: the run of ours that wrote it after
 * this one saved its state too, and that stands. Anyone else's change (OpenClaw's, the user's) leaves
 * our state to be saved: it is still our latest intent. When it cannot tell, it is not.
 */
function supersededBy(configPath: string): boolean {
  try {
    const recorded = readState(configPath).wrote;
    const now = readConfigText(configPath, MAX_RECOVERY_BYTES).text;
    return recorded !== undefined && now !== undefined && isAsWritten(now, recorded);
  } catch {
    return false;
  }
}

/** Whether a saved state's record of our write is `text`. */
function recordsText(saved: string, text: string): boolean {
  const parsed = parseState(saved);
  return !('problem' in parsed) && parsed.state.wrote !== undefined && isAsWritten(text, parsed.state.wrote);
}

/**
 * Whether OpenClaw's next read might take our write for a clobber (src/core/config-health.ts): it
 * made the file smaller, or took out `meta` or `gateway.mode` (a restore of an older config can).
 * Anything else is at least as big as what OpenClaw saw before, so it is not asked. The values the
 * write already holds are judged, not the texts parsed again (that cost a refresh of a 1 MB config
 * two more parses).
 */
function mayLookClobbered(before: ConfigSnapshot, written: string, writtenConfig: unknown): boolean {
  if (before.text === undefined) return false;
  const after = writtenConfig ?? parsedOrUndefined(written);
  const guards = (config: unknown): [boolean, boolean] => [isPlainObject(getPath(config, ['meta'])), typeof getPath(config, ['gateway', 'mode']) === 'string'];
  const lostGuard = () => {
    const [metaBefore, modeBefore] = guards(before.config ?? parsedOrUndefined(before.text!));
    const [metaAfter, modeAfter] = guards(after);
    return (metaBefore && !metaAfter) || (modeBefore && !modeAfter);
  };
  if (Buffer.byteLength(written, 'utf8') >= Buffer.byteLength(before.text, 'utf8') && !lostGuard()) return false;
  // OpenClaw never puts .bak back over a config with an $include (containsConfigIncludeDirective in its io.factory-*.mjs).
  return !hasInclude(after);
}

/** A text read without parsing (a restore's rewrite): parsed here, and one that does not parse has no guards. */
function parsedOrUndefined(text: string): unknown {
  try {
    return parseConfigText(text);
  } catch {
    return undefined;
  }
}

function keepNotes(configPath: string, kept: KeepOutcome): string[] {
  if (kept.status === 'not-needed') return [];
  if (kept.status === 'recorded') {
    return [
      `OpenClaw would have taken this smaller config for an accident (${kept.reasons.join(', ')}) and put ${configPath}.bak back on its next command; it is now recorded as OpenClaw's last-known-good config, as OpenClaw records a config it reads, so it stays.`,
    ];
  }
  return [`OpenClaw may undo this change: its next command will take this smaller config for an accident (${kept.reasons.join(', ')}) and put ${configPath}.bak back, and ${kept.why}. ${kept.fix}`];
}

/** Whether `text` is still exactly what the write that left `record` wrote (earlier versions recorded a SHA-256 in hex). */
export function isAsWritten(text: string, record: WriteRecord): boolean {
  return /^[0-9a-f]{64}$/.test(record.hash) ? sha256Hex(text) === record.hash : contentHash(text) === record.hash;
}

/** What a write left, for the state: `restore` compares it with the file to tell whether anything else changed it since. */
export function wroteRecord(text: string, config: unknown): WriteRecord {
  return { hash: contentHash(text), primary: configuredPrimary(config) ?? null, ours: oursFingerprints(config) };
}

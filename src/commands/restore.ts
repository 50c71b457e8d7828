import { basename } from 'node:path';
import { backupTime, listBackups, stateSidecarFor } from '../io/backup.js';
import { claimBackups, otherRestoreRunning, releaseClaims, settleClaims, type Claim } from '../io/backup-claims.js';
import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { MAX_RECOVERY_BYTES, readConfigText } from '../io/config-file.js';
import { previewUpdate, RECOVERY_LIMIT, rewriteConfig } from '../io/config-store.js';
import { configuredPrimary, planRestore, type RestorePlan } from '../core/merge.js';
import type { Env } from '../core/env.js';
import { CliError, ConfigError, UsageError } from '../core/errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { readRegularFile, UnreadableFileError, unreadableReason } from '../io/read-file.js';
import { ownFileReading } from '../io/owner.js';
import type { RestoreResult } from './results.js';
import { parseConfigText } from '../json5/config-text.js';
import { stripBom } from '../core/json.js';
import type { HostCheckOptions } from '../openclaw/host-check.js';
import { EMPTY_STATE, MAX_STATE_BYTES, parseState, readState, stateReadWarnings, type HostCheckMemory, type State, type WriteRecord } from '../io/state.js';
import { InterruptedError } from './interrupts.js';
import { pickRestorePoint } from '../core/restore-point.js';
import { firstFew } from '../core/words.js';
import { dryRunDiff } from './dry-run.js';
import { deepEqual } from '../core/json.js';
import { isAsWritten, writeChecked } from './checked-write.js';

export interface RestoreOptions extends ConfigPathOptions, HostCheckOptions {
  env: Env;
  /** `restore <n|time>`: the point of `restore --list` to go back to; the newest when absent. */
  point?: string | undefined;
  /** Show the diff, write nothing. */
  dryRun?: boolean;
  /** With dryRun: the whole diff, model list included. */
  fullDiff?: boolean;
}

/**
 * The backup's text and content, refused unless it is a regular file that parses: a damaged backup
 * (a short write by an older version, a hand edit) is never installed over a working config.
 */
function readBackup(configPath: string, path: string): { text: string; config: unknown } {
  const damaged = (why: string) => new ConfigError(`The backup ${path} ${why}; it was not restored and the config was left as it is. Delete that backup to go one step further back.`);
  let text: string;
  try {
    text = readRegularFile(path, MAX_RECOVERY_BYTES, ownFileReading(configPath));
  } catch (error) {
    if (error instanceof UnreadableFileError) throw damaged(`cannot be used (${unreadableReason(error, MAX_RECOVERY_BYTES)})`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupGoneError(`The backup ${path} was taken by another restore running at the same time; run restore again.`);
    throw damaged(`cannot be read (${describeFsError(error)})`);
  }
  if (stripBom(text).trim() === '') throw damaged('is empty');
  try {
    return { text, config: parseConfigText(text) };
  } catch (error) {
    const reason = error instanceof CliError ? error.message.replace(/^The config is not valid JSON5/, 'not valid JSON5').replace(/; fix it.*$/, '') : 'not valid JSON5';
    throw damaged(`is damaged: it does not parse (${reason})`);
  }
}

/** A restore point and what undoing back to it needs: its content, and the record of the run it undoes. */
interface Step {
  path: string;
  text: string;
  config: unknown;
  /** What the run after this backup wrote (our state's record): whether the file is still just that. */
  wrote: WriteRecord | undefined;
  /** The primary a run of ours had set when this backup was taken (the state saved with it). */
  ourPrimary: string | undefined;
}

/**
 * The steps from now back to point `n` (1 = newest), newest first. One that vanished as we read it was
 * taken by a concurrent restore: the list is read again.
 */
function readSteps(configPath: string, point: string | undefined, wroteNow: WriteRecord | undefined): { steps: Step[]; saved: SavedState } {
  for (let attempt = 0; ; attempt++) {
    const backups = listBackups(configPath).reverse();
    if (backups.length === 0) throw new UsageError(`Nothing to restore: there are no backups of ${configPath} yet.`);
    const n = point === undefined ? 1 : pickRestorePoint(point, backups.map(backupTime), configPath);
    try {
      const steps: Step[] = [];
      let saved: SavedState = { state: undefined };
      let wrote = wroteNow;
      for (const path of backups.slice(0, n)) {
        const backup = readBackup(configPath, path);
        saved = readSavedState(configPath, path);
        steps.push({ path, ...backup, wrote, ourPrimary: saved.state?.primary?.set });
        // What a single restore of this point would leave as our last write, for the step after it.
        wrote = saved.state?.wrote;
      }
      return { steps, saved };
    } catch (error) {
      if (!(error instanceof BackupGoneError) || attempt >= 5) throw error;
    }
  }
}

class BackupGoneError extends ConfigError {}

interface Replayed {
  text: string | undefined;
  config: unknown;
  /** Set when some step put back only our part: what it put back, over all such steps. */
  ours: RestorePlan | undefined;
  /** The user's primary, which a run of ours saw them take over: it stays, and no restored state may claim it again. */
  userPrimary: string | undefined;
}

/**
 * Where the single restores of `steps` would leave the file, one after the other, without writing.
 * Each step puts its backup back whole when the file is still what the run it undoes wrote (or no
 * longer parses); otherwise only our part, so what OpenClaw or the user changed since stays.
 */
function replay(configPath: string, current: string | undefined, steps: readonly Step[], ourPrimary: string | undefined): Replayed {
  let text = current;
  let config: unknown = undefined;
  let ours: RestorePlan | undefined;
  // The primary now is the user's once a run of ours saw another one there, even when they picked ours
  // again (our state then records none): no step takes it out, not even in a file byte for byte as we wrote it.
  const parsedCurrent = current === undefined ? undefined : tryParse(current);
  const primaryNow = configuredPrimary(parsedCurrent?.value);
  const userPrimary = primaryNow !== undefined && primaryNow !== ourPrimary ? primaryNow : undefined;
  for (const step of steps) {
    if (text === step.text) {
      config = step.config;
      continue;
    }
    // No record of our last write (an older version's state): only our part, to be safe. A file that
    // no longer parses has nothing to keep: the backup goes back whole.
    const parsed = text === current ? parsedCurrent : text === undefined ? undefined : tryParse(text);
    // Not when the backup's primary is one a run of ours set (a `remove` being undone put the user's
    // own back): putting that back takes nothing of theirs.
    const primaryTakenOver =
      userPrimary !== undefined &&
      parsed !== undefined &&
      configuredPrimary(parsed.value) === userPrimary &&
      step.wrote !== undefined &&
      step.wrote.primary !== (configuredPrimary(step.config) ?? null) &&
      (step.ourPrimary === undefined || configuredPrimary(step.config) !== step.ourPrimary);
    if (text === undefined || parsed === undefined || (!primaryTakenOver && step.wrote !== undefined && isAsWritten(text, step.wrote))) {
      ({ text, config } = step);
      continue;
    }
    const snapshot = { path: configPath, text, config: parsed.value, fingerprint: '' };
    const { plan, rendered, after } = previewUpdate(snapshot, (now) => planRestore(now, step.config, step.wrote, primaryTakenOver), RECOVERY_LIMIT);
    if (rendered) ({ text } = rendered);
    config = after ?? snapshot.config;
    ours = {
      changes: [...(ours?.changes ?? []), ...plan.changes],
      restored: [...new Set([...(ours?.restored ?? []), ...plan.restored])],
      primaryRestored: ours?.primaryRestored && plan.primaryRestored ? { from: ours.primaryRestored.from, to: plan.primaryRestored.to } : (plan.primaryRestored ?? ours?.primaryRestored),
      stillReferenced: plan.stillReferenced,
      keptSince: [...new Set([...(ours?.keptSince ?? []), ...(plan.keptSince ?? [])])],
      leaving: [...new Set([...(ours?.leaving ?? []), ...(plan.leaving ?? [])])],
    };
  }
  return { text, config, ours, userPrimary };
}

/**
 * Undoes our last write, or goes back to point n of `restore --list` in one write: exactly where n
 * single restores would lead (replay). Where nothing else changed the file since a run of ours, its
 * backup goes back byte for byte; where OpenClaw or the user changed it since, only our part is put
 * back as it was, through the same edit path as setup, so their changes stay. The point is taken off
 * the list, the newer ones it stepped over are set aside, and what the restore replaces is kept as
 * `.undone`: a second restore goes one step further back. The state saved with the point (the
 * remembered filters) comes back with it: otherwise the next refresh would re-apply filters the user
 * just undid. Which backups, against which file and state, is decided under OpenClaw's lock, and
 * they are held until this restore ends (src/io/backup-claims.ts): a restore running at the same
 * time waits, then goes one step further. `dryRun`: the diff, nothing written.
 */
export async function runRestore(options: RestoreOptions): Promise<RestoreResult> {
  const configPath = resolveConfigPath(options, options.env);
  let now = readState(configPath);
  if (options.dryRun) return dryRestore(configPath, options, now);
  let decided: { steps: Step[]; saved: SavedState; ours: RestorePlan | undefined; userPrimary: string | undefined } | undefined;
  let claims: Claim[] = [];
  /** Under the lock, on the file as it is: what to put back, and the backups that takes held. */
  const decide = (current: string | undefined): Replayed => {
    // A second attempt (the file changed under us) decides again, on everything as it is then.
    releaseClaims(claims);
    claims = [];
    const other = otherRestoreRunning(configPath);
    if (other !== undefined) throw new OtherRestoreError(other);
    now = readState(configPath);
    const { steps, saved } = readSteps(configPath, options.point, now.wrote);
    const replayed = replay(configPath, current, steps, now.primary?.set);
    decided = { steps, saved, ours: replayed.ours, userPrimary: replayed.userPrimary };
    claims = claimBackups(steps.map((step) => step.path));
    return replayed;
  };
  try {
    const { hostCheck, outcome, stateSaved, warnings } = await writeChecked({
      configPath,
      options,
      memory: now.hostCheck,
      write: (signal) =>
        afterOtherRestores(configPath, signal, async () => {
          let replayed: Replayed = { text: undefined, config: undefined, ours: undefined, userPrimary: undefined };
          // What the restore replaces is kept as "undone", not as the next restore point.
          const written = await rewriteConfig(
            configPath,
            (current) => {
              replayed = decide(current.text);
              return replayed.text === current.text ? undefined : replayed.text;
            },
            { backupKind: 'undone', limit: RECOVERY_LIMIT },
          );
          return { ...written, text: written.written ? replayed.text : undefined, config: replayed.config };
        }),
      // The filters (and what we added to the policy) that went with the restored config; what
      // OpenClaw last said stays as it is now.
      nextState: (_written, memory) => restoredState(configPath, now, decided!.saved.state, memory, decided!.userPrimary),
    });
    // Only once the restored file stands: a restore OpenClaw rejected (or Ctrl-C stopped) keeps its points.
    settleClaims(configPath, claims);
    const { steps, saved, ours } = decided!;
    return {
      configPath,
      restoredFrom: basename(steps.at(-1)!.path),
      point: steps.length,
      status: 'restored',
      dryRun: false,
      savedCurrentAs: outcome.backup,
      stateRestored: saved.state !== undefined && stateSaved,
      ...(ours ? { onlyOurs: { restored: ours.restored, primaryRestored: ours.primaryRestored } } : {}),
      hostCheck,
      warnings: [...(saved.warning ? [saved.warning] : []), ...(ours ? [...ours.stillReferenced.map(danglingWarning), ...sinceNotes(ours)] : []), ...warnings],
    };
  } catch (error) {
    releaseClaims(claims);
    throw error;
  }
}

/** `restore --dry-run`: where the restore would lead from the file as it is now, nothing written and no lock. */
async function dryRestore(configPath: string, options: RestoreOptions, now: State): Promise<RestoreResult> {
  const { steps, saved } = readSteps(configPath, options.point, now.wrote);
  const current = readConfigText(configPath, MAX_RECOVERY_BYTES).text;
  const { text, ours } = replay(configPath, current, steps, now.primary?.set);
  const changed = text !== undefined && text !== current;
  return {
    configPath,
    restoredFrom: basename(steps.at(-1)!.path),
    point: steps.length,
    status: changed ? 'would-restore' : 'unchanged',
    dryRun: true,
    ...(changed ? await dryRunDiff(configPath, current, text, options.fullDiff ?? false) : { diff: '', folded: false }),
    savedCurrentAs: undefined,
    stateRestored: false,
    ...(ours ? { onlyOurs: { restored: ours.restored, primaryRestored: ours.primaryRestored } } : {}),
    hostCheck: { status: 'not-requested' },
    warnings: [...(saved.warning ? [saved.warning] : []), ...(ours ? [...ours.stillReferenced.map(danglingWarning), ...sinceNotes(ours)] : [])],
  };
}

/**
 * The state after restoring to a point saved with `then`: its filters, and what the run the next
 * restore undoes had written (saved with that backup), not this restore's own text: the next restore
 * puts its backup back whole only if the file is still that text, so what OpenClaw changed in between
 * stays. Unknown: the next restore puts back only our keys. Undefined: nothing to save.
 */
function restoredState(configPath: string, now: State, then: State | undefined, memory: HostCheckMemory | undefined, userPrimary: string | undefined): State | undefined {
  // A primary the user took over stays theirs: the state from before they did must not call it ours again.
  const primary = then?.primary !== undefined && then.primary.set === userPrimary ? undefined : then?.primary;
  const next: State = {
    ...now,
    // The refresh time too: status must not date the restored list by the refresh just undone.
    ...(then ? { include: then.include, exclude: then.exclude, policyWildcardAdded: then.policyWildcardAdded, primary, lastRefresh: then.lastRefresh } : {}),
    ...(memory ? { hostCheck: memory } : {}),
    wrote: then?.wrote,
  };
  if (next.primary === undefined) delete next.primary;
  if (next.lastRefresh === undefined) delete next.lastRefresh;
  if (next.wrote === undefined) delete next.wrote;
  // Unreadable now: offered anyway, so writeState's refusal says the filters did not come back.
  return deepEqual(next, now) && stateReadWarnings(configPath).length === 0 ? undefined : next;
}

/** Another restore of this config holds backups (between its write and its end). */
class OtherRestoreError extends ConfigError {
  constructor(readonly pid: number) {
    super(`Another restore (pid ${pid}) is undoing a change of this config.`);
  }
}

/** OpenClaw's check (60 s at most), its clobber guard and a rollback: what another restore may take. */
const OTHER_RESTORE_WAIT_MS = 150_000;
const POLL_MS = 50;

/**
 * Runs `attempt`; while another restore holds backups of this config, waits for it to end (so this
 * one decides on what it left), then runs it again. A Ctrl-C ends the wait at once.
 */
async function afterOtherRestores<T>(configPath: string, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + OTHER_RESTORE_WAIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof OtherRestoreError)) throw error;
      while (otherRestoreRunning(configPath) !== undefined) {
        if (signal.aborted) throw new InterruptedError(`Interrupted while another restore (pid ${error.pid}) of ${configPath} was running: nothing was changed.`);
        if (Date.now() > deadline) throw new ConfigError(`Another restore (pid ${error.pid}) of ${configPath} is still running; run restore again once it has ended.`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    }
  }
}

/** What restore kept of the changes made since our write, and what of them leaves with our models. */
function sinceNotes(plan: RestorePlan): string[] {
  return [
    ...(plan.keptSince?.length ? [`Kept as they are now, since OpenClaw or you changed them after that run: ${firstFew(plan.keptSince)}.`] : []),
    ...(plan.leaving?.length
      ? [`Set after that run, and gone with what restore took out: ${firstFew(plan.leaving)}; set them again where you still want them (\`openclaw models aliases add\`, \`openclaw config set\`).`]
      : []),
  ];
}

/** The config `text` holds, or undefined when it does not parse (then it has nothing to keep). */
function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: parseConfigText(text) };
  } catch {
    return undefined;
  }
}

function danglingWarning(ref: string): string {
  return `agents.defaults.model still names ${ref}, which the restored config does not have: pick another default with \`openclaw models set <provider>/<model>\`, or take a fallback out with \`openclaw models fallbacks remove ${ref}\`.`;
}

interface SavedState {
  state: State | undefined;
  warning?: string;
}

/**
 * The state saved with a backup: none for a backup older than that feature (no file), and a
 * warning, never silence, when it is there but cannot be read: the filters then stay as they are.
 */
function readSavedState(configPath: string, backup: string): SavedState {
  const path = stateSidecarFor(backup);
  const unreadable = (why: string) => ({ state: undefined, warning: `The filters saved with ${basename(backup)} in ${path} could not be read (${why}); the filters remembered now were kept.` });
  let text: string;
  try {
    text = readRegularFile(path, MAX_STATE_BYTES, ownFileReading(configPath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: undefined };
    return unreadable(error instanceof UnreadableFileError ? (error.reason === 'too-large' ? 'it is too large' : unreadableReason(error, MAX_STATE_BYTES)) : describeFsError(error));
  }
  if (text === '') return { state: EMPTY_STATE };
  const parsed = parseState(text);
  return 'problem' in parsed ? unreadable(parsed.problem) : { state: parsed.state };
}

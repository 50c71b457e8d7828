import { basename, dirname, join } from 'node:path';
import { checkState, type State } from '../core/checks.js';
import { CliError, UsageError } from '../core/errors.js';
import { compilePattern, type ModelFilter } from '../core/model-filter.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkOwnFolders, FolderError } from './folders.js';
import { describeFsError } from './fs-errors.js';
import { ownerFor, ownFileReading } from './owner.js';
import { readRegularFile, UnreadableFileError, unreadableReason } from './read-file.js';

/** A state file is a few hundred bytes; anything much larger is not ours. */
export const MAX_STATE_BYTES = 1024 * 1024;

// What we remember between runs, kept in our own folder beside the config (never in openclaw.json,
// whose strict schema would reject it): the picker filters, whether we added `fastrouter/*` to the
// model policy (so `remove` takes out only what we put in), and what OpenClaw said about our writes.
export type { HostCheckMemory, PrimaryRecord, State, WriteRecord } from '../core/checks.js';

export const EMPTY_STATE: State = { include: [], exclude: [], policyWildcardAdded: false };

/** `<config dir>/fastrouter-openclaw/`: our backups and state, named so OpenClaw leaves them alone. */
export function ownFolderFor(configPath: string): string {
  return join(dirname(configPath), 'fastrouter-openclaw');
}

export function statePathFor(configPath: string): string {
  return join(ownFolderFor(configPath), `${basename(configPath)}.state.json`);
}

/** The remembered filters for a run that applies them (setup, models): ones that do not work stop it (exit 2), naming the way out. */
export function rememberedFilter(configPath: string, state: State): ModelFilter {
  const problem = rememberedFilterProblem(state);
  if (problem) throw new UsageError(`The remembered filters in ${statePathFor(configPath)} do not work: ${problem} Pass --reset-filters to forget them, or new --include/--exclude to replace them.`);
  return { include: state.include, exclude: state.exclude };
}

/** Why the remembered filters cannot be used (a pattern that no longer compiles: a hand edit, an older version's file); undefined when they work. */
export function rememberedFilterProblem(state: State): string | undefined {
  try {
    [...state.include, ...state.exclude].forEach(compilePattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** State files this process could not read, and why: they are left as they are (see writeState). */
const unreadable = new Map<string, string>();

/**
 * A missing state is no state. One we cannot read (permission, size, not a regular file, not JSON,
 * not a shape we know) is no state for this run too, but it may hold the user's filters and
 * `policyWildcardAdded` (or a newer version's settings): it is remembered as unreadable, so
 * writeState leaves it alone and stateReadWarnings says why.
 */
export function readState(configPath: string): State {
  const path = statePathFor(configPath);
  let text: string;
  try {
    text = readStateText(configPath);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.set(path, whyUnreadable(error));
    return EMPTY_STATE;
  }
  const parsed = parseState(text);
  if ('problem' in parsed) {
    unreadable.set(path, parsed.problem);
    return EMPTY_STATE;
  }
  unreadable.delete(path);
  return parsed.state;
}

/**
 * The state file's text, read as every file of our folder is (never through a link, only the
 * config owner's); ENOENT when there is none. A link or a file in place of our folder is a ConfigError.
 */
export function readStateText(configPath: string): string {
  if (!checkOwnFolders(configPath, [ownFolderFor(configPath)], false)) throw Object.assign(new Error('no state'), { code: 'ENOENT' });
  return readRegularFile(statePathFor(configPath), MAX_STATE_BYTES, ownFileReading(configPath));
}

function whyUnreadable(error: unknown): string {
  return error instanceof UnreadableFileError ? unreadableReason(error, MAX_STATE_BYTES) : describeFsError(error);
}

/** The warning for a state file readState could not read: this run used none of it and leaves it as it is. */
export function stateReadWarnings(configPath: string): string[] {
  const path = statePathFor(configPath);
  const reason = unreadable.get(path);
  if (reason === undefined) return [];
  return [
    `The remembered settings in ${path} could not be read (${reason}), so this run used none of them (no remembered filters) and leaves that file as it is; fix or delete it to remember settings again.`,
  ];
}

/** A state file's text as a State, or why it is not one: also for the copies kept with backups. */
export function parseState(text: string): { state: State } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { problem: 'it is not valid JSON' };
  }
  const state = checkState(raw);
  return state ? { state } : { problem: 'it is not in the form this version writes' };
}

/**
 * Saves the state like the config (temp file, every byte checked, renamed). Throws StateWriteError:
 * the config change it follows has happened, so callers report this as a warning, not a failure.
 * A state file readState could not read is never replaced: it may hold what the user remembered.
 */
export function writeState(configPath: string, state: State): void {
  const reason = unreadable.get(statePathFor(configPath));
  if (reason !== undefined) {
    throw new StateWriteError(
      `The remembered settings in ${statePathFor(configPath)} could not be read (${reason}), so they were left as they were and this run's were not saved; fix or delete that file to remember settings again.`,
    );
  }
  const owner = ownerFor(configPath);
  try {
    checkOwnFolders(configPath, [ownFolderFor(configPath)], true);
    writeFileAtomic(statePathFor(configPath), stateText(state), { mode: 0o600, owner });
  } catch (error) {
    const reason = error instanceof FolderError ? `cannot create ${error.folder}: ${error.reason}` : error instanceof CliError ? error.message : describeFsError(error);
    throw new StateWriteError(`The config was changed, but the remembered settings in ${statePathFor(configPath)} could not be saved (${reason}); the next run will not know them.`);
  }
}

/** The state file's text. */
export function stateText(state: State): string {
  return JSON.stringify(state, null, 2) + '\n';
}

class StateWriteError extends Error {}

/** The warning for a state write that failed after the config was written; anything else is rethrown. */
export function stateWarning(error: unknown): string {
  if (error instanceof StateWriteError) return error.message;
  throw error;
}

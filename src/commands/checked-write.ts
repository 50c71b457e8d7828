import type { Env } from '../core/env.js';
import type { ConfigSnapshot } from '../io/config-file.js';
import { stateWarning, writeState, type HostCheckMemory, type State } from '../io/state.js';
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
}

export interface CheckedWriteInput<W extends Written> {
  configPath: string;
  options: HostCheckOptions & { env: Env };
  /** What OpenClaw said before, from the state file. */
  memory: HostCheckMemory | undefined;
  write: () => Promise<W>;
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
    const outcome = await input.write();
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
      });
      ({ check: hostCheck, memory } = checked);
      warnings.push(...checked.warnings);
    }
    const next = input.nextState(outcome, memory);
    if (interrupts.signal.aborted) {
      // Cancelled: put the old config back, so nothing changed; only if that cannot be done, keep the
      // config and finish its bookkeeping, so a later `remove` still knows what we added.
      const undo = outcome.text === undefined ? { restored: true, said: 'nothing was changed' } : await rollBack(configPath, outcome.before, outcome.text, outcome);
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
        writeState(configPath, next);
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

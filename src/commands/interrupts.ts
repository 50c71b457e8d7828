import { CliError, ExitCode } from '../core/errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface Interrupts {
  /** Aborted at the first Ctrl-C (or SIGTERM, SIGHUP) while held. */
  readonly signal: AbortSignal;
  /** Aborted at the second: the user insists while the first one's clean-up waits. */
  readonly again: AbortSignal;
  release(): void;
}

/**
 * From now until release(), a Ctrl-C is recorded instead of ending the process at once: the run
 * between writing the config and writing its state must end with both or neither, never one.
 */
export function holdInterrupts(): Interrupts {
  const controller = new AbortController();
  const again = new AbortController();
  const onSignal = (name: NodeJS.Signals) => (controller.signal.aborted ? again : controller).abort(name);
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
    again: again.signal,
    release: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
}

/** The run stopped at the user's request: exit 130, as a shell reports Ctrl-C. */
export class InterruptedError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.interrupted);
  }
}

/**
 * Ctrl-C while `openclaw gateway restart` ran, after the config was written: the change stands. The
 * CLI names the undo command for this config (it knows the flags that chose it).
 */
export class RestartInterruptedError extends InterruptedError {
  constructor(
    readonly configPath: string,
    /** The copy of the previous config, when there was one: what `restore` puts back. */
    readonly backup: string | undefined,
  ) {
    super('Interrupted during `openclaw gateway restart`: the config change stands.');
  }
}

import { CliError, ExitCode } from '../core/errors.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface Interrupts {
  /** Aborted at the first Ctrl-C (or SIGTERM, SIGHUP) while held. */
  readonly signal: AbortSignal;
  release(): void;
}

/**
 * From now until release(), a Ctrl-C is recorded instead of ending the process at once: the run
 * between writing the config and writing its state must end with both or neither, never one.
 */
export function holdInterrupts(): Interrupts {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => controller.abort(name);
  for (const name of SIGNALS) process.on(name, onSignal);
  return {
    signal: controller.signal,
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

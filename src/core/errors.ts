/** Exit codes, documented in README and --help. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  catalog: 3,
  noModels: 4,
  config: 5,
  /** status: FastRouter is set up, but stale (the catalog moved on) or broken (a missing model, an unset key). */
  attention: 6,
  /** status: FastRouter is not set up in this config. */
  notSetUp: 7,
  /** Ctrl-C: the conventional 128 + SIGINT. */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the user can act on: one line of text and the exit code it maps to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

export class CatalogError extends CliError {
  /** `cause` is the status or error code; `message` overrides the "API may be down" advice. */
  constructor(cause: string, message?: string) {
    super(message ?? `Could not get the FastRouter model catalog (${cause}). The FastRouter API may be down; try again later.`, ExitCode.catalog);
  }
}

export class NoModelsError extends CliError {
  constructor(message = 'No text or image models were found in the FastRouter catalog; the config was not changed.') {
    super(message, ExitCode.noModels);
  }
}

export class ConfigError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.config);
  }
}

/** FastRouter refused the key: nothing was written. */
export class KeyRefusedError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

import { envValue } from '../core/env.js';
import { resolveConfigPath, shellQuote } from '../core/config-path.js';
import { selfCommand } from './self-command.js';
import { ShapeError } from '../core/checks.js';
import { CliError, ExitCode, UsageError } from '../core/errors.js';
import { redactPrinted } from '../core/mask-secrets.js';
import { TIMEOUT_RANGE_SECONDS, type FlagValues } from './flags.js';
import { parseFlags } from './parse-flags.js';
import { isTerminal, outputStream, whenFlushed, writeOutput } from './stdio.js';
import { startSpinner, terminalSafe, terminalSafeJson } from './terminal.js';
import { VERSION } from './version.js';

const DEFAULT_TIMEOUT_SECONDS = 15;
const MAX_STDIN_CHARS = 64 * 1024;

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  const { min, max } = TIMEOUT_RANGE_SECONDS;
  // Decimal only: Number() also reads 0x10, 0b1, 1e1 and " 5 ".
  if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(raw) || !Number.isFinite(seconds) || seconds < min || seconds > max) {
    throw new UsageError(`--timeout takes a number of seconds from ${min} to ${max}, e.g. --timeout 30.`);
  }
  return seconds;
}

function parseKeyRef(raw: string | undefined): 'env' | 'plain' | 'store' | undefined {
  if (raw === undefined || raw === 'env' || raw === 'plain' || raw === 'store') return raw;
  throw new UsageError(`--key-ref takes "env" (a SecretRef to $FASTROUTER_API_KEY), "store" (OpenClaw's secret store) or "plain", not "${raw}".`);
}

/**
 * On a terminal, the key typed or pasted is not echoed (it would stay on screen and in scrollback),
 * and ends at Enter; Ctrl-C stops the run (exit 130), Backspace takes a character back.
 */
async function readHiddenLine(): Promise<string> {
  const stdin = process.stdin;
  // Echo off before the prompt: what is typed the moment it shows must not be echoed either.
  stdin.setRawMode(true);
  writeOutput(2, 'Paste your FastRouter API key and press Enter (it is not shown): ');
  let text = '';
  try {
    for await (const chunk of stdin.setEncoding('utf8')) {
      for (const char of chunk as string) {
        if (char === '\u0003') throw new CliError('Interrupted: nothing was changed.', ExitCode.interrupted);
        if (char === '\r' || char === '\n' || char === '\u0004') return text;
        if (char === '\u007f' || char === '\b') text = text.slice(0, -1);
        else text += char;
      }
      if (text.length > MAX_STDIN_CHARS) return text;
    }
    return text;
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    writeOutput(2, '\n');
  }
}

/** A pasted key ends at the first newline on a terminal; piped input (a key, or a whole message) is read to the end. */
async function readStdin(): Promise<string> {
  const tty = process.stdin.isTTY;
  if (tty) return readHiddenLine();
  let text = '';
  for await (const chunk of process.stdin.setEncoding('utf8')) {
    text += chunk;
    if ((tty && text.includes('\n')) || text.length > MAX_STDIN_CHARS) break;
  }
  return tty ? (text.split('\n')[0] ?? '') : text;
}

/**
 * Progress on stderr while OpenClaw checks the config (seconds): a spinner on a terminal, one plain
 * line otherwise (logs, an agent's exec). Never on stdout, so --json stays one object.
 */
function onHostCheck(phase: 'start' | 'end', openclaw: string | undefined): void {
  if (phase === 'end') return stopSpinner();
  const text = `Checking the new config with OpenClaw${openclaw ? ` ${terminalSafe(openclaw)}` : ''} (openclaw config validate)…`;
  if (isTerminal(2)) spin(text);
  else writeOutput(2, `fastrouter-openclaw: ${text}\n`);
}

/** At most one spinner at a time; whatever ends the run (an error too) clears it. */
let stopCurrent: (() => void) | undefined;
function spin(text: string): void {
  stopSpinner();
  stopCurrent = startSpinner(outputStream(2), text);
}
function stopSpinner(): void {
  stopCurrent?.();
  stopCurrent = undefined;
}

/** Everything we print passes redactPrinted: filters, paths, URLs and messages can carry key-shaped text or a URL's secrets. */
function writeOut(json: boolean, data: () => unknown, text: () => string, warnings: readonly string[] = []): void {
  if (json) {
    writeOutput(1, redactPrinted(terminalSafeJson(data())) + '\n');
    return;
  }
  for (const warning of warnings) writeOutput(2, redactPrinted(terminalSafe(`fastrouter-openclaw: warning: ${warning}`)) + '\n');
  writeOutput(1, redactPrinted(text()));
}

/**
 * The flag that names the config this run used, for the hints we print ("Undo with: ..."): the
 * same --profile, else the resolved path whenever it did not come from the default location, so a
 * hint followed literally (perhaps in another shell) changes the same file.
 */
function configFlagFor(configPath: string, values: { config?: string | undefined; profile?: string | undefined }, env: NodeJS.ProcessEnv): string {
  if (values.config === undefined && values.profile !== undefined && !envValue(env, 'OPENCLAW_CONFIG_PATH') && !envValue(env, 'OPENCLAW_STATE_DIR')) return `--profile ${values.profile}`;
  if (values.config === undefined && values.profile === undefined && !envValue(env, 'OPENCLAW_CONFIG_PATH') && !envValue(env, 'OPENCLAW_STATE_DIR')) return '';
  return `--config ${shellQuote(configPath)}`;
}

/** A hint's command line: this runner (as a person would start it), `args`, and the flag naming the same config. */
function commandHint(configPath: string, values: { config?: string | undefined; profile?: string | undefined }, env: NodeJS.ProcessEnv): (args: string) => string {
  const flag = configFlagFor(configPath, values, env);
  return (args) => [selfCommand(env), args, flag].filter((part) => part !== '').join(' ');
}

/** "Undo with: ...". */
function undoCommandFor(configPath: string, values: { config?: string | undefined; profile?: string | undefined }, env: NodeJS.ProcessEnv): string {
  return commandHint(configPath, values, env)('restore');
}

/** Where the catalog comes from, for the commands that read it. */
function catalogOptions(values: FlagValues, env: NodeJS.ProcessEnv, json: boolean) {
  return {
    config: values.config,
    profile: values.profile,
    env,
    baseUrl: values['base-url'],
    catalog: values.catalog,
    timeoutSeconds: parseTimeout(values.timeout),
    allowInsecureHttp: values['allow-insecure-http'] ?? false,
    userAgent: `fastrouter-openclaw/${VERSION}`,
    onFetch: (phase: 'start' | 'end') => {
      if (phase === 'start' && isTerminal(2) && !json) spin('Fetching the FastRouter model catalog…');
      if (phase === 'end') stopSpinner();
    },
  };
}

async function main(argv: string[]): Promise<number> {
  const { command, values, args } = parseFlags(argv);

  const env = process.env;
  const json = values.json ?? false;
  const color = isTerminal(1) && !envValue(env, 'NO_COLOR') && env.TERM !== 'dumb';
  if (values.validate && values['no-validate']) throw new UsageError('--validate and --no-validate contradict each other; pass one.');
  if (values.diff && !values['dry-run']) throw new UsageError('--diff goes with --dry-run: it shows the whole diff of what would change.');
  const where = {
    config: values.config,
    profile: values.profile,
    env,
    validate: !values['no-validate'],
    forceValidate: values.validate ?? false,
    onHostCheck,
    self: selfCommand(env),
  };
  const report = await import('./report.js');

  switch (command) {
    case 'remove': {
      const { runRemove } = await import('../commands/remove.js');
      const result = await runRemove({ ...where, dryRun: values['dry-run'] ?? false, fullDiff: values.diff ?? false });
      const warnings = [...result.stillReferenced.map((ref) => stillReferencedWarning(ref, ref === result.stillPrimary)), ...result.warnings];
      const flag = undoCommandFor(result.configPath, values, env);
      writeOut(
        json,
        () => report.toRemoveJsonReport(result, warnings, flag),
        () => report.removeTextReport(result, color, flag),
        warnings,
      );
      return ExitCode.ok;
    }
    case 'restore': {
      if (args.length > 1) throw new UsageError(`restore takes one point (a number or a time from restore --list), not ${args.length}.`);
      if (values.list && (args.length > 0 || values['dry-run'])) throw new UsageError('--list only lists the backups: leave out the point and --dry-run.');
      if (values.list) {
        const { listRestorePoints } = await import('../commands/restore-list.js');
        const { restoreListJsonReport, restoreListTextReport } = await import('./status-report.js');
        const listed = listRestorePoints(where);
        writeOut(
          json,
          () => restoreListJsonReport(listed),
          () => restoreListTextReport(listed, color, commandHint(listed.configPath, values, env)),
        );
        return ExitCode.ok;
      }
      const { runRestore } = await import('../commands/restore.js');
      const result = await runRestore({ ...where, point: args[0], dryRun: values['dry-run'] ?? false, fullDiff: values.diff ?? false });
      writeOut(
        json,
        () => report.toRestoreJsonReport(result),
        () => report.restoreTextReport(result, color),
        result.warnings,
      );
      return ExitCode.ok;
    }
    case 'status': {
      const { runStatus } = await import('../commands/status.js');
      const hint = commandHint(resolveConfigPath(where, env), values, env);
      const result = await runStatus({ ...catalogOptions(values, env, json), askOpenClaw: !values['no-validate'], hint });
      const { statusJsonReport, statusTextReport } = await import('./status-report.js');
      writeOut(
        json,
        () => statusJsonReport(result),
        () => statusTextReport(result, color, hint),
        result.warnings,
      );
      return result.exitCode;
    }
    case 'models': {
      const [{ runModels }, { parseLimit, parseSortOrder }] = await Promise.all([import('../commands/models.js'), import('../core/model-list.js')]);
      const result = await runModels({
        ...catalogOptions(values, env, json),
        patterns: args,
        include: values.include ?? [],
        exclude: values.exclude ?? [],
        resetFilters: values['reset-filters'] ?? false,
        sort: parseSortOrder(values.sort),
        limit: parseLimit(values.limit),
      });
      const { modelsJsonReport, modelsTextReport } = await import('./status-report.js');
      writeOut(
        json,
        () => modelsJsonReport(result),
        () => modelsTextReport(result, color, commandHint(result.configPath, values, env)),
        result.warnings,
      );
      return ExitCode.ok;
    }
    case 'setup': {
      const { runSetup } = await import('../commands/setup.js');
      const result = await runSetup({
        ...where,
        ...catalogOptions(values, env, json),
        keys: values.key ?? [],
        stdinText: values['key-stdin'] ? await readStdin() : undefined,
        message: values.message,
        keyRef: parseKeyRef(values['key-ref']),
        keyCheck: !values['no-key-check'],
        scrubBackups: values['scrub-backups'] ?? false,
        probe: values.probe ?? false,
        include: values.include ?? [],
        exclude: values.exclude ?? [],
        resetFilters: values['reset-filters'] ?? false,
        defaultModel: values.default,
        noDefault: values['no-default'] ?? false,
        dryRun: values['dry-run'] ?? false,
        fullDiff: values.diff ?? false,
        restart: values.restart ?? false,
      }).catch(async (error: unknown) => {
        const { RestartInterruptedError } = await import('../commands/interrupts.js');
        if (error instanceof RestartInterruptedError) throw report.restartInterrupted(error, undoCommandFor(error.configPath, values, env));
        throw error;
      });
      const flag = undoCommandFor(result.configPath, values, env);
      writeOut(
        json,
        () => report.toJsonReport(result, flag),
        () => report.toTextReport(result, color, flag),
        result.warnings,
      );
      return ExitCode.ok;
    }
  }
}

function fail(error: unknown): number {
  if (error instanceof CliError) {
    writeOutput(2, terminalSafe(`fastrouter-openclaw: ${redactPrinted(error.message)}`) + '\n');
    return error.exitCode;
  }
  const detail = error instanceof Error ? error.message : String(error);
  writeOutput(2, terminalSafe(`fastrouter-openclaw: unexpected error: ${redactPrinted(detail.split('\n')[0] ?? '')}. Please report it.`) + '\n');
  return ExitCode.internal;
}

/** Runs one command and exits with its code; the only place errors become exit codes. */
export function run(argv: string[]): void {
  // Exit at once (idle sockets and timers would otherwise hold the process), but only after what went
  // through a stream is handed to the OS: pipes are asynchronous on some platforms, and a diff can be long.
  const exit = (code: number) => whenFlushed(() => process.exit(code));
  main(argv).then(exit, async (error: unknown) => {
    stopSpinner();
    exit(fail(error instanceof ShapeError ? await error.explain() : error));
  });
}

/** A model of ours the user chose (as the default or a fallback) that is gone now: the OpenClaw command that fixes it for every session. */
function stillReferencedWarning(ref: string, primary: boolean): string {
  return primary
    ? `agents.defaults.model.primary is still ${ref}, which is gone now, so agent turns would fail with "Unknown model": pick another default with \`openclaw models set <provider>/<model>\`.`
    : `agents.defaults.model.fallbacks still lists ${ref}, which is gone now: take it out with \`openclaw models fallbacks remove ${ref}\`.`;
}

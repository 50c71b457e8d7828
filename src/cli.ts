#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { CliError, ExitCode, UsageError } from './errors.js';
import { HELP } from './help.js';
import { redactKeys } from './key.js';
import { terminalSafe, terminalSafeJson } from './terminal.js';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';
const COMMANDS = ['setup'] as const;
const DEFAULT_TIMEOUT_SECONDS = 15;

const OPTIONS = {
  key: { type: 'string', multiple: true },
  'key-stdin': { type: 'boolean' },
  message: { type: 'string' },
  'base-url': { type: 'string' },
  catalog: { type: 'string' },
  timeout: { type: 'string' },
  config: { type: 'string' },
  profile: { type: 'string' },
  restart: { type: 'boolean' },
  json: { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} Run with --help to see the options.`);
  }
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError('--timeout takes a number of seconds greater than 0, e.g. --timeout 30.');
  return seconds;
}

const MAX_STDIN_CHARS = 64 * 1024;

/** A pasted key ends at the first newline on a terminal; piped input (a key, or a whole message) is read to the end. */
async function readStdin(): Promise<string> {
  const tty = process.stdin.isTTY;
  if (tty) process.stderr.write('Paste your FastRouter API key and press Enter: ');
  let text = '';
  for await (const chunk of process.stdin.setEncoding('utf8')) {
    text += chunk;
    if ((tty && text.includes('\n')) || text.length > MAX_STDIN_CHARS) break;
  }
  return tty ? (text.split('\n')[0] ?? '') : text;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return ExitCode.ok;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const [command = 'setup', ...extra] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Unknown command "${command}". Commands: ${COMMANDS.join(', ')}. Run with --help for usage.`);
  }
  if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}". Run with --help for usage.`);

  const { runSetup } = await import('./setup.js');
  const { toJsonReport, toTextReport } = await import('./report.js');
  const result = await runSetup({
    keys: values.key ?? [],
    stdinText: values['key-stdin'] ? await readStdin() : undefined,
    message: values.message,
    baseUrl: values['base-url'],
    catalog: values.catalog,
    timeoutSeconds: parseTimeout(values.timeout),
    config: values.config,
    profile: values.profile,
    restart: values.restart ?? false,
    allowInsecureHttp: values['allow-insecure-http'] ?? false,
    env: process.env,
    userAgent: `fastrouter-openclaw/${VERSION}`,
  });
  if (values.json) process.stdout.write(terminalSafeJson(toJsonReport(result)) + '\n');
  else {
    for (const warning of result.warnings) process.stderr.write(terminalSafe(`fastrouter-openclaw: warning: ${warning}\n`));
    process.stdout.write(terminalSafe(toTextReport(result)));
  }
  return ExitCode.ok;
}

function fail(error: unknown): number {
  if (error instanceof CliError) {
    process.stderr.write(terminalSafe(`fastrouter-openclaw: ${redactKeys(error.message)}`) + '\n');
    return error.exitCode;
  }
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(terminalSafe(`fastrouter-openclaw: unexpected error: ${redactKeys(detail.split('\n')[0] ?? '')}. Please report it.`) + '\n');
  return ExitCode.internal;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(fail(error)),
);

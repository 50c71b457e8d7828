import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';
import { editDistance } from '../core/nearest.js';
import { COMMAND_ARGS, COMMANDS, FLAGS, flagSpec, type Command, type FlagName, type FlagSpec, type FlagValues } from './flags.js';

export interface ParsedArgs {
  command: Command;
  values: FlagValues;
  /** The words after the command's name, for a command that takes them (COMMAND_ARGS). */
  args: string[];
}

const HELP_HINT = 'Run with --help to see the options.';

/** The flag a typo most likely meant: same letters without dashes, else at most two edits away (one for short names). */
export function closestFlag(typed: string): FlagName | undefined {
  const bare = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
  let best: { name: FlagName; score: number } | undefined;
  for (const name of Object.keys(FLAGS) as FlagName[]) {
    const score = bare(name) === bare(typed) ? 0 : editDistance(typed.toLowerCase(), name, 2);
    if (score <= (name.length <= 4 ? 1 : 2) && (!best || score < best.score)) best = { name, score };
  }
  return best?.name;
}

function unknownOption(raw: string): UsageError {
  const guess = raw.startsWith('--') ? closestFlag(raw.slice(2)) : undefined;
  return new UsageError(guess ? `unknown option ${raw}; did you mean --${guess}?` : `unknown option ${raw}. ${HELP_HINT}`);
}

function needsValue(name: string, spec: FlagSpec): UsageError {
  return new UsageError(`--${name} needs a value${spec.value ? ` ${spec.value}` : ''}, e.g. ${spec.example}.`);
}

/**
 * argv into a command and flag values, checked against the flag table, with one-line errors a person
 * can act on (exit 2) instead of node:util's messages: unknown options with a suggestion, a missing
 * value, a value that looks like a flag, a value given to a switch, a flag the command does not take.
 */
export function parseFlags(argv: string[]): ParsedArgs {
  // Not strict: every token comes back, and this function judges each one itself.
  const { tokens } = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: false, tokens: true });
  const values: Record<string, string | string[] | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = flagSpec(token.name);
    if (!spec) throw unknownOption(token.rawName);
    const name = token.name;
    if (spec.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`--${name} is a switch and takes no value: write --${name} alone.`);
      values[name] = true;
      continue;
    }
    const value = token.value;
    if (value === undefined) throw needsValue(name, spec);
    // `--message --json`: a forgotten value would silently swallow the next flag.
    if (!token.inlineValue && value.startsWith('-') && value !== '-') {
      throw new UsageError(`--${name} is followed by ${value}, which looks like an option: give the value (e.g. ${spec.example}), or write --${name}=${value} if that is the value.`);
    }
    values[name] = spec.multiple ? [...((values[name] as string[] | undefined) ?? []), value] : value;
  }

  const [command = 'setup', ...extra] = positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`Unknown command "${command}". Commands: ${COMMANDS.join(', ')}. Run with --help for usage.`);
  }
  if (extra.length > 0 && COMMAND_ARGS[command as Command] === undefined) throw new UsageError(`Unexpected argument "${extra[0]}". Run with --help for usage.`);
  const misplaced = Object.keys(values).find((name) => !flagSpec(name)!.commands.includes(command as Command));
  if (misplaced) throw new UsageError(`--${misplaced} does not apply to "${command}". Run with --help for usage.`);
  return { command: command as Command, values: values as FlagValues, args: extra };
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, FLAGS, hasFlag } from '../src/cli/flags.js';
import { helpText } from '../src/cli/help.js';
import { closestFlag, parseFlags } from '../src/cli/parse-flags.js';
import { ExitCode, UsageError } from '../src/core/errors.js';

const usageMessage = (argv: string[]) => {
  try {
    parseFlags(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(ExitCode.usage);
    return (error as UsageError).message;
  }
  throw new Error(`${argv.join(' ')} parsed`);
};

describe('the flag table', () => {
  it('gives every flag a help line and an example that uses it', () => {
    for (const [name, spec] of Object.entries(FLAGS)) {
      expect(spec.help, name).not.toBe('');
      expect(spec.example, name).toContain(`--${name}`);
      expect(spec.commands.length, name).toBeGreaterThan(0);
    }
  });

  it('parses each flag on each command it applies to, and refuses it on the others', () => {
    for (const [name, spec] of Object.entries(FLAGS)) {
      const argv = spec.type === 'string' ? [`--${name}`, 'x'] : [`--${name}`];
      for (const command of COMMANDS) {
        if ((spec.commands as readonly string[]).includes(command)) {
          const expected = spec.type === 'boolean' ? true : 'multiple' in spec ? ['x'] : 'x';
          expect(parseFlags([command, ...argv]).values[name as keyof typeof FLAGS], `${command} --${name}`).toEqual(expected);
        } else {
          expect(usageMessage([command, ...argv])).toBe(`--${name} does not apply to "${command}". Run with --help for usage.`);
        }
      }
    }
  });

  it('lists in --help which flags each other command takes', () => {
    const help = helpText().replace(/,\n +/g, ', ');
    for (const command of COMMANDS.filter((c) => c !== 'setup')) {
      const taken = Object.entries(FLAGS)
        .filter(([, spec]) => (spec.commands as readonly string[]).includes(command))
        .map(([name]) => `--${name}`);
      expect(help).toMatch(new RegExp(`\\n  ${command}( \\[pattern…\\]| \\[n\\|time\\])? +${taken.join(', ')}\\n`));
    }
  });

  it('takes words after a command only where the command has a use for them', () => {
    expect(parseFlags(['models', 'claude', 'openai/*']).args).toEqual(['claude', 'openai/*']);
    expect(parseFlags(['restore', '2']).args).toEqual(['2']);
    for (const command of ['setup', 'remove', 'status']) expect(usageMessage([command, 'claude'])).toBe('Unexpected argument "claude". Run with --help for usage.');
  });

  it('has every flag read by the CLI: a new flag cannot be accepted and then ignored', () => {
    const cli = ['cli.ts', 'main.ts'].map((f) => readFileSync(new URL(`../src/cli/${f}`, import.meta.url), 'utf8')).join('\n');
    const read = (name: string) => cli.includes(`values.${name}`) || cli.includes(`values['${name}']`) || cli.includes(`hasFlag(argv, '${name}')`);
    expect(Object.keys(FLAGS).filter((name) => !read(name))).toEqual([]);
  });
});

describe('--help', () => {
  it('keeps each flag apart from its text, however long the flag', () => {
    for (const name of Object.keys(FLAGS)) expect(helpText(), name).not.toMatch(new RegExp(`--${name}(?: <[^>]+>)?[a-z]`));
  });
});

describe('README and CONTRACT.md', () => {
  it.each(['README.md', 'CONTRACT.md'])('%s documents every flag', (file) => {
    const text = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    expect(Object.keys(FLAGS).filter((name) => !text.includes(`\`--${name}`))).toEqual([]);
  });
});

describe('flag errors a person can act on', () => {
  it.each([
    [['--dryrun'], 'unknown option --dryrun; did you mean --dry-run?'],
    [['--dry_run'], 'unknown option --dry_run; did you mean --dry-run?'],
    [['--incldue', 'a/*'], 'unknown option --incldue; did you mean --include?'],
    [['--jsno'], 'unknown option --jsno; did you mean --json?'],
    [['--keystdin'], 'unknown option --keystdin; did you mean --key-stdin?'],
    [['--frobnicate'], 'unknown option --frobnicate. Run with --help to see the options.'],
    [['-x'], 'unknown option -x. Run with --help to see the options.'],
    [['--key'], '--key needs a value <key>, e.g. --key sk-v1-0123abcd….'],
    [
      ['--message', '--json'],
      '--message is followed by --json, which looks like an option: give the value (e.g. --message "configure fastrouter with API key sk-v1-…"), or write --message=--json if that is the value.',
    ],
    [['--json=yes'], '--json is a switch and takes no value: write --json alone.'],
  ])('%j', (argv, message) => {
    expect(usageMessage(argv)).toBe(message);
  });

  it('accepts a value that starts with a dash when it is attached with =', () => {
    expect(parseFlags(['--exclude=-beta', '--message=-']).values).toEqual({ exclude: ['-beta'], message: '-' });
  });

  it('suggests nothing for a name far from every flag', () => {
    expect(closestFlag('zzzzzz')).toBeUndefined();
  });
});

describe('hasFlag (the --help fast path)', () => {
  it('sees --help and -h, but not as the value of a string flag', () => {
    expect(hasFlag(['--json', '-h'], 'help')).toBe(true);
    expect(hasFlag(['--message', '--help'], 'help')).toBe(false);
    expect(hasFlag(['--', '--help'], 'help')).toBe(false);
  });
});

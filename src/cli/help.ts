import { COMMAND_ARGS, COMMANDS, FLAGS, type Command, type FlagGroup, type FlagSpec } from './flags.js';

const NAME_WIDTH = 23;
const pad = (s: string) => s.padEnd(NAME_WIDTH);
const indent = ' '.repeat(2 + NAME_WIDTH + 2);

interface Section {
  title: string;
  group: FlagGroup;
  /** Lines that are not flags, shown after them: as [left column, text], then free text. */
  notes?: Array<[string, string]>;
  text?: string;
}

const SECTIONS: Section[] = [
  {
    title: 'Key (first that gives one; refused unless it is sk-v1- or sk-fr- followed by hex)',
    group: 'key',
    notes: [
      ['FASTROUTER_API_KEY', 'environment variable'],
      ['(none)', 'reuse the key already in the config ("update fastrouter models"), in its form:'],
      ['', 'a ${VAR} or a SecretRef (env, file, exec, store) stays one, never plaintext'],
    ],
  },
  { title: 'Models', group: 'models' },
  { title: 'Catalog', group: 'catalog' },
  {
    title: 'Config',
    group: 'config',
    text: `  Otherwise: $OPENCLAW_CONFIG_PATH, then $OPENCLAW_STATE_DIR/openclaw.json, then ~/.openclaw/openclaw.json
  (home is $OPENCLAW_HOME, else $HOME). Backups go to fastrouter-openclaw/backups/ beside the config;
  \`restore\` puts back the newest (\`restore 3\`: the third newest), with the --include/--exclude
  remembered at that time; \`restore --dry-run\` and \`remove --dry-run\` show the diff first.
  A refresh keeps what you added inside models.providers.fastrouter (timeoutSeconds, headers, a
  model's params or compat, ...); only fields read from the catalog are rewritten.`,
  },
  { title: 'Output and checks', group: 'output' },
];

function flagLines(name: string, spec: FlagSpec): string[] {
  const label = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
  const [first, ...more] = spec.help.split('\n');
  // A label as wide as its column gets a line of its own, so the text never runs into it.
  const head = label.length < NAME_WIDTH ? [`  ${pad(label)}${first}`] : [`  ${label}`, indent + first];
  const lines = [...head, ...more.map((line) => indent + line)];
  // An example that only repeats the flag adds nothing to the help.
  if (spec.example !== `--${name}`) lines.push(`${indent}e.g. ${spec.example}`);
  return lines;
}

function section({ title, group, notes = [], text }: Section): string {
  const lines = [title];
  for (const [name, spec] of Object.entries(FLAGS) as Array<[string, FlagSpec]>) if (spec.group === group) lines.push(...flagLines(name, spec));
  lines.push(...notes.map(([left, right]) => `  ${pad(left)}${right}`));
  if (text) lines.push(text);
  return lines.join('\n');
}

/** Comma-separated items in lines that fit beside the left column of --help. */
function wrap(items: readonly string[], width = 78 - indent.length): string[] {
  const lines: string[] = [];
  for (const item of items) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + item.length + 2 <= width) lines[lines.length - 1] = `${last}, ${item}`;
    else {
      if (last !== undefined) lines[lines.length - 1] = `${last},`;
      lines.push(item);
    }
  }
  return lines;
}

/** Each other command and the flags it takes: read from the flag table, so it cannot drift. */
function otherCommandsLines(): string {
  const others = COMMANDS.filter((c) => c !== 'setup');
  const flagsOf = (command: Command) => (Object.entries(FLAGS) as Array<[string, FlagSpec]>).filter(([, spec]) => spec.commands.includes(command)).map(([name]) => `--${name}`);
  const lines = others.flatMap((c) => wrap(flagsOf(c)).map((text, i) => `  ${pad(i === 0 ? `${c}${COMMAND_ARGS[c] ? ` ${COMMAND_ARGS[c]}` : ''}` : '')}${text}`));
  return `The other commands take only these flags\n${lines.join('\n')}`;
}

export function helpText(): string {
  return `fastrouter-openclaw: add FastRouter.ai as a model provider in OpenClaw, and keep its models up to date.

Usage
  fastrouter-openclaw [setup] [options]     add FastRouter, or refresh its models (the default command)
  fastrouter-openclaw remove [options]      take FastRouter out again
  fastrouter-openclaw restore [n|time]      put back the config as it was before the last change, or
                                            before point n (or at that time) of --list, in one step
                                            (--list: the backups, newest first; writes nothing)
  fastrouter-openclaw status [options]      is FastRouter set up, current, and what OpenClaw uses (writes nothing)
  fastrouter-openclaw models [pattern…]     the usable models with prices per million, context and tools

Examples
  printf %s "$KEY" | fastrouter-openclaw --key-stdin      add FastRouter (the key stays out of history)
  fastrouter-openclaw                                     refresh the models with the stored key
  fastrouter-openclaw --dry-run --include 'anthropic/*'   preview a picker with only Claude models
  fastrouter-openclaw remove --profile work               take it out of ~/.openclaw-work/openclaw.json
  fastrouter-openclaw restore 2 --dry-run                 what going back two changes would put back
  fastrouter-openclaw models --sort price --limit 10      the ten cheapest models

${SECTIONS.map(section).join('\n\n')}

${otherCommandsLines()}

Exit codes
  0 success (also when nothing changed)   1 unexpected internal error   2 usage or key problem
  3 catalog unreachable or unusable       4 no text or image models     5 config cannot be read or safely updated
  status: 6 set up, but stale or broken (it says what to do)            7 FastRouter is not set up in this config
`;
}

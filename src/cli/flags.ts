// The one table of flags. --help (help.ts), the parser and its "did you mean" (parse-flags.ts), the
// check that a flag applies to the command, and the CLI tests all read it. A new flag is added here,
// and its value passed on in main.ts (test/flags.test.ts fails while it is read nowhere).

/**
 * The deadline is a timer of whole milliseconds, which Node clamps to 1 ms past 2^31-1 ms (with a
 * warning) and refuses below 1 ms: a value outside this range would end in a false timeout or a crash.
 * A fetch needs at least a round trip, and nobody waits an hour for a catalog.
 */
export const TIMEOUT_RANGE_SECONDS = { min: 0.1, max: 3600 };

export const COMMANDS = ['setup', 'remove', 'restore', 'status', 'models'] as const;
export type Command = (typeof COMMANDS)[number];

const SETUP: readonly Command[] = ['setup'];
/** The commands that write the config (and so ask OpenClaw about it afterwards). */
const WRITERS: readonly Command[] = ['setup', 'remove', 'restore'];
/** The commands that read the catalog. */
const CATALOG_READERS: readonly Command[] = ['setup', 'status', 'models'];
/** The commands that apply the model filters. */
const FILTERING: readonly Command[] = ['setup', 'models'];

/** The words a command takes after its name (`models claude 'openai/*'`), as --help shows them; the others take none. */
export const COMMAND_ARGS: Partial<Record<Command, string>> = { models: '[pattern…]', restore: '[n|time]' };

export type FlagGroup = 'key' | 'models' | 'catalog' | 'config' | 'output';

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** Repeatable: every value is kept, in order. */
  multiple?: true;
  short?: string;
  /** The value's placeholder in --help, e.g. `<key>`. */
  value?: string;
  /** The commands that accept it; the others refuse it rather than ignore it. */
  commands: readonly Command[];
  group: FlagGroup;
  /** What it does; more lines after a newline. */
  help: string;
  /** Its arguments in one realistic use, shown in --help and in "needs a value" errors. */
  example: string;
}

export const FLAGS = {
  'key-stdin': {
    type: 'boolean',
    commands: SETUP,
    group: 'key',
    help: 'read the key, or a message containing it, from standard input (preferred)',
    example: `printf %s "$KEY" | fastrouter-openclaw --key-stdin`,
  },
  key: { type: 'string', multiple: true, value: '<key>', commands: SETUP, group: 'key', help: 'the key itself', example: '--key sk-v1-0123abcd…' },
  message: {
    type: 'string',
    value: '<text>',
    commands: SETUP,
    group: 'key',
    help: 'take the key out of a sentence',
    example: '--message "configure fastrouter with API key sk-v1-…"',
  },
  'no-key-check': {
    type: 'boolean',
    commands: SETUP,
    group: 'key',
    help: 'do not check a given key with FastRouter before writing (by default one free request\nthat FastRouter answers 401 for a bad key: then nothing is written, exit 2)',
    example: '--no-key-check',
  },
  probe: {
    type: 'boolean',
    commands: SETUP,
    group: 'key',
    help: 'also send a 1-token chat request to a free model, which tells a key without\ncredits (402) or not allowed that model (403) apart; it may use free-tier quota',
    example: '--probe',
  },
  include: {
    type: 'string',
    multiple: true,
    value: '<pattern>',
    commands: FILTERING,
    group: 'models',
    help: 'only models whose id matches; repeatable or comma-separated; globs or /regex/',
    example: `--include 'anthropic/*,openai/gpt-5*'`,
  },
  exclude: { type: 'string', multiple: true, value: '<pattern>', commands: FILTERING, group: 'models', help: 'leave these out (exclude wins)', example: `--exclude '*:free'` },
  'reset-filters': {
    type: 'boolean',
    commands: FILTERING,
    group: 'models',
    help: 'forget the remembered --include/--exclude (they are re-applied on every refresh);\nmodels: list as if there were none',
    example: '--reset-filters',
  },
  default: {
    type: 'string',
    value: '<model-id>',
    commands: SETUP,
    group: 'models',
    help: 'also make it the primary model, keeping fallbacks (on a first install with no primary\nset anywhere, the top popular pick becomes the primary; a set primary is left alone)',
    example: '--default anthropic/claude-sonnet-4.6',
  },
  sort: {
    type: 'string',
    value: '<id|price|context>',
    commands: ['models'],
    group: 'models',
    help: 'models: order the list by id (default), by price (input, then output; cheapest\nfirst) or by context window (largest first)',
    example: '--sort price',
  },
  limit: {
    type: 'string',
    value: '<n>',
    commands: ['models'],
    group: 'models',
    help: 'models: show only the first n of the list',
    example: '--sort price --limit 10',
  },
  'no-default': {
    type: 'boolean',
    commands: SETUP,
    group: 'models',
    help: 'on a first install, leave the primary model unset',
    example: '--no-default',
  },
  'base-url': {
    type: 'string',
    value: '<url>',
    commands: CATALOG_READERS,
    group: 'catalog',
    help: 'FastRouter host, alone or with /v1 or /api/v1 (other paths are refused)\n(default $FASTROUTER_BASE_URL, else the host already in the config,\nelse https://api.fastrouter.ai)',
    example: '--base-url https://api.fastrouter.ai',
  },
  catalog: {
    type: 'string',
    value: '<file>',
    commands: CATALOG_READERS,
    group: 'catalog',
    help: 'read a saved /v1/models response instead of fetching',
    example: '--catalog fixtures/catalog/mixed.json',
  },
  timeout: {
    type: 'string',
    value: '<seconds>',
    commands: CATALOG_READERS,
    group: 'catalog',
    help: `total time for fetching the catalog, retries included: ${TIMEOUT_RANGE_SECONDS.min} to ${TIMEOUT_RANGE_SECONDS.max} (default 15)`,
    example: '--timeout 30',
  },
  'allow-insecure-http': {
    type: 'boolean',
    commands: CATALOG_READERS,
    group: 'catalog',
    help: 'allow a plain http:// --base-url that is not loopback, and keep one in the config without a warning (the key would travel in clear)',
    example: '--base-url http://gateway.lan:8080 --allow-insecure-http',
  },
  'key-ref': {
    type: 'string',
    value: '<store|env|plain>',
    commands: SETUP,
    group: 'config',
    help: "store: put the key into OpenClaw's secret store (`openclaw secrets store set`, key on\nstdin) and write a store SecretRef; env: a SecretRef to $FASTROUTER_API_KEY (the gateway's\nenvironment must set it); plain: the key itself in the config",
    example: '--key-ref store',
  },
  'scrub-backups': {
    type: 'boolean',
    commands: SETUP,
    group: 'config',
    help: "when the config no longer holds the key in plain text (--key-ref store or env), replace\nit in our own backups with the reference the config uses (OpenClaw's own .bak files are only named)",
    example: '--key-ref store --scrub-backups',
  },
  config: {
    type: 'string',
    value: '<path>',
    commands: COMMANDS,
    group: 'config',
    help: 'the openclaw.json to change',
    example: '--config ~/.openclaw/openclaw.json',
  },
  profile: {
    type: 'string',
    value: '<name>',
    commands: COMMANDS,
    group: 'config',
    help: 'use ~/.openclaw-<name>/openclaw.json, as `openclaw --profile <name>` does\n(so a $OPENCLAW_CONFIG_PATH set elsewhere still wins)',
    example: '--profile work',
  },
  'dry-run': { type: 'boolean', commands: WRITERS, group: 'output', help: 'show the diff and the model changes, write nothing', example: '--dry-run' },
  diff: {
    type: 'boolean',
    commands: WRITERS,
    group: 'output',
    help: 'with --dry-run: the whole diff, the model list included (by default it is\nfolded into one line and the changed models are named above it)',
    example: '--dry-run --diff',
  },
  list: {
    type: 'boolean',
    commands: ['restore'],
    group: 'output',
    help: 'restore: list the backups, newest first (when, FastRouter models in it, what the\nrun after it changed); writes nothing',
    example: 'restore --list',
  },
  json: { type: 'boolean', commands: COMMANDS, group: 'output', help: 'print one JSON object on stdout instead of text (under 2 KB, but for the list models prints)', example: '--json' },
  'no-validate': {
    type: 'boolean',
    commands: [...WRITERS, 'status'],
    group: 'output',
    help: 'skip checking the written file with `openclaw config validate` (done after a\nwrite when openclaw is on PATH; a change it rejects is rolled back);\nstatus: do not ask OpenClaw (`openclaw models status`)',
    example: '--no-validate',
  },
  validate: {
    type: 'boolean',
    commands: WRITERS,
    group: 'output',
    help: 'check even when this OpenClaw version accepted the same kind of change before\n(such repeats are otherwise skipped: a check takes seconds)',
    example: '--validate',
  },
  restart: {
    type: 'boolean',
    commands: SETUP,
    group: 'output',
    help: "run `openclaw gateway restart` after a change (only with the user's consent)",
    example: '--restart',
  },
  help: { type: 'boolean', short: 'h', commands: COMMANDS, group: 'output', help: 'show this help', example: '--help' },
  version: { type: 'boolean', short: 'v', commands: COMMANDS, group: 'output', help: 'show the version', example: '--version' },
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

/** The parsed value of each flag given: a string, a list of strings (repeatable), or true. */
export type FlagValues = {
  -readonly [K in FlagName]?: (typeof FLAGS)[K] extends { type: 'string' } ? ((typeof FLAGS)[K] extends { multiple: true } ? string[] : string) : boolean;
};

export function flagSpec(name: string): FlagSpec | undefined {
  return Object.hasOwn(FLAGS, name) ? (FLAGS as Record<string, FlagSpec>)[name] : undefined;
}

/** True when argv asks for `flag` as a flag, not as the value of a string option (`--message --help`). */
export function hasFlag(argv: readonly string[], long: FlagName): boolean {
  const short = (FLAGS[long] as FlagSpec).short;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return false;
    if (arg === `--${long}` || (short !== undefined && arg === `-${short}`)) return true;
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name && flagSpec(name)?.type === 'string') i++;
  }
  return false;
}

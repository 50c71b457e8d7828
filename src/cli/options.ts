/** Every flag, for node:util parseArgs (main.ts) and the --help fast path (cli.ts). */
export const OPTIONS = {
  key: { type: 'string', multiple: true },
  'key-stdin': { type: 'boolean' },
  'key-ref': { type: 'string' },
  message: { type: 'string' },
  'base-url': { type: 'string' },
  catalog: { type: 'string' },
  timeout: { type: 'string' },
  config: { type: 'string' },
  profile: { type: 'string' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'reset-filters': { type: 'boolean' },
  default: { type: 'string' },
  'no-default': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'no-validate': { type: 'boolean' },
  validate: { type: 'boolean' },
  restart: { type: 'boolean' },
  json: { type: 'boolean' },
  'allow-insecure-http': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** True when argv asks for `flag` as a flag, not as the value of a string option (`--message --help`). */
export function hasFlag(argv: readonly string[], long: string, short: string): boolean {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return false;
    if (arg === `--${long}` || arg === `-${short}`) return true;
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name && (OPTIONS as Record<string, { type: string }>)[name]?.type === 'string') i++;
  }
  return false;
}

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { _default, array, boolean, object, string, type infer as Infer } from 'zod/mini';
import { writeFileAtomic } from './atomic-write.js';
import { ensureFolder } from './folders.js';

/**
 * What we remember between runs, kept in our own folder beside the config (never in openclaw.json,
 * whose strict schema would reject it): the picker filters, and whether we added `fastrouter/*` to
 * the model policy (so `remove` takes out only what we put in).
 */
const State = object({
  include: _default(array(string()), []),
  exclude: _default(array(string()), []),
  policyWildcardAdded: _default(boolean(), false),
});
export type State = Infer<typeof State>;

export const EMPTY_STATE: State = { include: [], exclude: [], policyWildcardAdded: false };

/** `<config dir>/fastrouter-openclaw/`: our backups and state, named so OpenClaw leaves them alone. */
export function ownFolderFor(configPath: string): string {
  return join(dirname(configPath), 'fastrouter-openclaw');
}

function statePathFor(configPath: string): string {
  return join(ownFolderFor(configPath), `${basename(configPath)}.state.json`);
}

export async function readState(configPath: string): Promise<State> {
  try {
    return State.parse(JSON.parse(readFileSync(statePathFor(configPath), 'utf8')));
  } catch {
    return EMPTY_STATE;
  }
}

export async function writeState(configPath: string, state: State): Promise<void> {
  await ensureFolder(ownFolderFor(configPath));
  await writeFileAtomic(statePathFor(configPath), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

import { realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { shellQuote } from '../core/config-path.js';
import { envValue, type Env } from '../core/env.js';

const NAME = 'fastrouter-openclaw';

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/**
 * How a person at a terminal runs this very runner, for the hints we print ("Undo with: ..."): by
 * name when `fastrouter-openclaw` on PATH is this runner (an npm install), else by its path (the
 * skill folder or a clone: no package is published, so the bare name would find nothing, or
 * another copy of the tool).
 */
export function selfCommand(env: Env, script: string | undefined = process.argv[1]): string {
  const self = script === undefined ? undefined : realPath(script);
  if (self === undefined) return NAME;
  const onPath = (envValue(env, 'PATH') ?? '').split(delimiter).some((dir) => dir !== '' && realPath(join(dir, NAME)) === self);
  return onPath ? NAME : shellQuote(self);
}

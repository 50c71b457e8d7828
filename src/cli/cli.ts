#!/usr/bin/env node
// The entry point stays tiny: --help and --version answer without loading the runner.
import { hasFlag } from './flags.js';
import { helpText } from './help.js';
import { writeOutput } from './stdio.js';
import { VERSION } from './version.js';

const argv = process.argv.slice(2);
if (hasFlag(argv, 'help')) writeOutput(1, helpText());
else if (hasFlag(argv, 'version')) writeOutput(1, `${VERSION}\n`);
else {
  // Node 22.1+ keeps compiled code between runs (a few ms a run); on older Nodes, skip even loading node:module.
  const cache = Number(process.versions.node.split('.')[0]) >= 22 ? import('node:module').then((m) => (m as { enableCompileCache?: () => unknown }).enableCompileCache?.()) : undefined;
  void Promise.resolve(cache)
    .then(() => import('./main.js'))
    .then((main) => main.run(argv));
}

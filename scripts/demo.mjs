// The README's first command: the whole setup on the bundled fixture catalog, into a throwaway
// config, with a demo key. No network, no install needed (dist/ is committed and self-contained).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = join(mkdtempSync(join(tmpdir(), 'fastrouter-demo-')), 'openclaw.json');
const demoKey = 'sk-v1-0123456789abcdef';
const args = [join(root, 'dist', 'fastrouter-openclaw.cjs'), '--catalog', join(root, 'fixtures', 'catalog', 'mixed.json'), '--config', config, '--key-stdin'];

console.log(`$ fastrouter-openclaw --catalog fixtures/catalog/mixed.json --config ${config} --key-stdin\n`);
const run = spawnSync(process.execPath, args, { input: demoKey, stdio: ['pipe', 'inherit', 'inherit'] });
if (run.status !== 0) process.exit(run.status ?? 1);

const written = JSON.parse(readFileSync(config, 'utf8'));
const block = written.models.providers.fastrouter;
block.apiKey = 'sk-v1-…cdef (masked)';
console.log(`\nmodels.providers.fastrouter in ${config}:`);
console.log(JSON.stringify(block, null, 2));
console.log(`\nagents.defaults.models: ${Object.keys(written.agents.defaults.models).join(', ')}`);

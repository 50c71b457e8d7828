// The README's first command: the whole setup on the bundled fixture catalog, into a throwaway
// config, with a demo key. No network, no install needed (dist/ is committed and self-contained).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'fastrouter-demo-'));
const config = join(folder, 'openclaw.json');
const demoKey = 'sk-v1-0123456789abcdef';
const args = [join(root, 'dist', 'fastrouter-openclaw.cjs'), '--catalog', join(root, 'fixtures', 'catalog', 'mixed.json'), '--config', config, '--key-stdin'];

// The throwaway folder goes however the demo ends.
process.on('exit', () => rmSync(folder, { recursive: true, force: true }));

console.log(`$ fastrouter-openclaw --catalog fixtures/catalog/mixed.json --config ${config} --key-stdin\n`);
const run = spawnSync(process.execPath, args, { input: demoKey, stdio: ['pipe', 'inherit', 'inherit'] });
if (run.status !== 0) process.exit(run.status ?? 1);

const written = JSON.parse(readFileSync(config, 'utf8'));
const block = written.models.providers.fastrouter;
block.apiKey = 'sk-v1-…cdef (masked)';
console.log(`\nmodels.providers.fastrouter in ${config}:`);
console.log(JSON.stringify(block, null, 2));
const picker = written.agents?.defaults?.models;
console.log(picker ? `\nagents.defaults.models: ${Object.keys(picker).join(', ')}` : '\nagents.defaults.models: not added (this config has no model allowlist, so every model stays allowed)');

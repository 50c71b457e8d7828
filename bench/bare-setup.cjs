// The file work of a setup and nothing else, for the plain-JSON floor (issue 24, point 7): what a
// run costs before any of our code, so the ratios to `node -e 0` can be read against it. Reads the
// config and the catalog, parses both, adds 300 models, writes a backup and the config (temp file,
// fsync, rename), prints one line. No checks, no lock, no state, no report.
//   node bench/bare-setup.cjs <config> <catalog>
const { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } = require('node:fs');

const [configPath, catalogPath] = process.argv.slice(2);
const bytes = readFileSync(configPath);
const config = JSON.parse(bytes.toString('utf8'));
const catalog = JSON.parse(readFileSync(catalogPath, 'utf8'));
config.models = { ...config.models, providers: Object.assign({}, config.models?.providers) };
config.models.providers.fastrouter = {
  baseUrl: 'https://api.fastrouter.ai/api/v1',
  api: 'openai-completions',
  models: catalog.data.map((m) => ({ id: m.id, name: m.name, input: ['text'], contextWindow: m.context_length })),
};
const write = (path, data) => {
  const fd = openSync(`${path}.tmp`, 'w', 0o600);
  writeSync(fd, data);
  fsyncSync(fd);
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
};
write(`${configPath}.bak`, bytes);
write(configPath, JSON.stringify(config, null, 2) + '\n');
writeSync(1, '{"status":"updated"}\n');

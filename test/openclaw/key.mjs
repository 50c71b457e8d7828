// Conformance scenarios of issue 20 (names start with "key:"): the key checked with FastRouter before
// anything is written, service-account keys, and the key kept in OpenClaw's secret store.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentTurn, baseEnv, check, configPath, expectValid, mock, newHome, oc, openclawShimDir, ours, parseJson, runOurs } from './harness.mjs';

const hexKey = (prefix) => `${prefix}${randomBytes(16).toString('hex')}`;

export const keyScenarios = [
  [
    'key: a key FastRouter refuses ends the run with exit 2, the config byte-identical and still valid',
    async () => {
      const home = newHome('rich.json5');
      const before = readFileSync(configPath(home));
      const refused = hexKey('sk-v1-');
      mock.refuseKey(refused);
      const r = await ours(home, ['--key-stdin'], { input: refused });
      check(r.code === 2, `exit ${r.code}, expected 2: ${r.stderr.trim()}`);
      check(/FastRouter refused the key sk-v1-….{4} \(HTTP 401: "Invalid Credentials"\)/.test(r.stderr), `unexpected message: ${r.stderr.trim()}`);
      check(!(r.stdout + r.stderr).includes(refused.slice(6)), 'the refused key was printed');
      check(readFileSync(configPath(home)).equals(before), 'the config changed');
      const files = readdirSync(join(home, '.openclaw'));
      check(JSON.stringify(files) === '["openclaw.json"]', `files beside the config: ${files.join(', ')}`);
      await expectValid(home);
    },
  ],
  [
    'key: an sk-fr- service-account key is checked, set up, and sent by OpenClaw',
    async () => {
      const home = newHome();
      const key = hexKey('sk-fr-');
      const r = await runOurs(home, ['--key-stdin', '--json'], { input: key });
      const report = JSON.parse(r.stdout);
      check(report.keyCheck?.status === 'verified', `keyCheck: ${JSON.stringify(report.keyCheck)}`);
      check(report.key === `sk-fr-…${key.slice(-4)}`, `key shown as ${report.key}`);
      await expectValid(home);
      const request = await agentTurn(home, 'openai/gpt-5.1');
      check(request.authorization === `Bearer ${key}`, 'the chat request did not carry the sk-fr- key');
    },
  ],
  [
    'key: --key-ref store leaves no key in the config, one protected entry in the store, and OpenClaw resolves it',
    async () => {
      const home = newHome();
      const key = hexKey('sk-v1-');
      const withOpenClaw = { env: { PATH: `${openclawShimDir()}:${baseEnv(home).PATH}` } };
      await runOurs(home, ['--key-stdin', '--key-ref', 'store', '--json'], { input: key, ...withOpenClaw });
      const text = readFileSync(configPath(home), 'utf8');
      check(!text.includes(key.slice(6)), 'the key is in the config');
      const apiKey = JSON.parse(text).models.providers.fastrouter.apiKey;
      check(JSON.stringify(apiKey) === '{"source":"store","provider":"default","id":"FASTROUTER_API_KEY"}', `apiKey is ${JSON.stringify(apiKey)}`);
      await expectValid(home);
      const listed = parseJson((await oc(home, ['secrets', 'store', 'list', '--json'])).stdout, 'openclaw secrets store list');
      check(listed.length === 1 && listed[0].name === 'FASTROUTER_API_KEY' && listed[0].kind === 'secret', `store list: ${JSON.stringify(listed)}`);
      check(JSON.stringify(listed[0].allowedHosts) === '["127.0.0.1"]', `allowed hosts: ${JSON.stringify(listed[0].allowedHosts)}`);
      check(!JSON.stringify(listed).includes(key.slice(6)), 'store list shows the key');
      // OpenClaw's next command reads the key from its store.
      const request = await agentTurn(home, 'openai/gpt-5.1');
      check(request.authorization === `Bearer ${key}`, 'the chat request did not carry the stored key');
      // A refresh keeps the ref and needs no key.
      await runOurs(home, ['--json'], withOpenClaw);
      check(JSON.stringify(JSON.parse(readFileSync(configPath(home), 'utf8')).models.providers.fastrouter.apiKey) === JSON.stringify(apiKey), 'a refresh changed the ref');
    },
  ],
];

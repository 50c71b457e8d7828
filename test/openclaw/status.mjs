// `status` judged by the real OpenClaw: after OpenClaw's clobber guard puts back an older config
// (an old file copied over the current one, then any OpenClaw read), status must describe the file
// OpenClaw left and agree with what `openclaw models status --json` shows.
import { chownSync, copyFileSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, configPath, KEY_A, newHome, oc, openclawShimDir, ours, parseJson, runOurs, writtenFastRouterIds } from './harness.mjs';

const withOpenClaw = () => ({ PATH: `${openclawShimDir()}:${process.env.PATH}` });

/** Every path below `dir` (and `dir` itself). */
const tree = (dir) => [dir, ...readdirSync(dir, { recursive: true }).map((name) => join(dir, name))];

export const statusScenarios = [
  [
    "status: as root on another user's config, their OpenClaw state stays theirs (status does not ask OpenClaw, --key-ref store is refused)",
    async () => {
      if (process.getuid?.() !== 0) return 'not root: nothing to check';
      const home = newHome('other-provider.json');
      const user = 1234;
      for (const path of tree(home)) chownSync(path, user, user);
      const env = withOpenClaw();
      const setup = await ours(home, ['--key', KEY_A, '--validate'], { env });
      check(setup.code === 0, `setup as root exited ${setup.code}: ${setup.stderr.slice(-300)}`);
      const asked = await ours(home, ['status', '--json'], { env });
      const report = parseJson(asked.stdout, 'fastrouter-openclaw status');
      check(report.openclaw.status === 'not-asked' && report.openclaw.reason === 'another-user', `status as root asked OpenClaw: ${JSON.stringify(report.openclaw)}`);
      const stored = await ours(home, ['--key', KEY_A, '--key-ref', 'store'], { env });
      check(stored.code === 2 && stored.stderr.includes('run this as that user'), `--key-ref store as root exited ${stored.code}: ${stored.stderr.slice(-300)}`);
      const rootOwned = tree(home).filter((path) => lstatSync(path).uid === 0);
      check(rootOwned.length === 0, `root-owned in the user's home after our runs with the real OpenClaw: ${rootOwned.join(', ')}`);
    },
  ],
  [
    'status: after OpenClaw auto-restores an older config, status describes what OpenClaw reads and agrees with `openclaw models status`',
    async () => {
      const home = newHome('other-provider.json');
      const config = configPath(home);
      const old = join(home, 'old-openclaw.json');
      copyFileSync(config, old);
      await runOurs(home, ['--key', KEY_A, '--no-validate']);
      // An OpenClaw write: it records the file as last-known-good and keeps ours as openclaw.json.bak.
      const set = await oc(home, ['config', 'set', 'gateway.port', '19001']);
      check(set.code === 0, `openclaw config set exited ${set.code}: ${set.stderr.slice(-300)}`);
      // The old config comes back (a sync tool, a hand copy): far smaller than last-known-good.
      copyFileSync(old, config);
      const asked = await ours(home, ['status', '--json'], { env: withOpenClaw() });
      const report = parseJson(asked.stdout, 'fastrouter-openclaw status');
      check(readFileSync(config, 'utf8').includes('"fastrouter"'), 'OpenClaw did not put the backup back: the scenario no longer shows its clobber guard');
      check(asked.code === 6, `status exited ${asked.code}, expected 6 (the config changed under it): ${asked.stdout.slice(0, 400)}`);
      check(report.setUp === true, `status says FastRouter is not set up, but OpenClaw restored a config that has it: ${asked.stdout.slice(0, 400)}`);
      check(
        report.problems.some((p) => p.includes('changed while OpenClaw was asked')),
        `status did not say that OpenClaw changed the config: ${JSON.stringify(report.problems)}`,
      );
      check(report.models === writtenFastRouterIds(home).length, `status counts ${report.models} models, the file has ${writtenFastRouterIds(home).length}`);
      // OpenClaw's next command is the judge.
      const shown = parseJson((await oc(home, ['models', 'status', '--json'])).stdout, 'openclaw models status');
      check(report.openclaw.status === 'answered', `status did not get OpenClaw's answer: ${JSON.stringify(report.openclaw)}`);
      check(report.openclaw.defaultModel === shown.resolvedDefault, `status says OpenClaw uses ${report.openclaw.defaultModel}, OpenClaw shows ${shown.resolvedDefault}`);
      const fastrouter = (shown.auth?.providers ?? []).find((p) => p.provider === 'fastrouter');
      check(
        fastrouter && report.openclaw.keyFrom === fastrouter.effective.kind,
        `status says the key comes from ${report.openclaw.keyFrom}, OpenClaw shows ${JSON.stringify(fastrouter?.effective?.kind)}`,
      );
      // Asked again, with nothing changing under it: all is well.
      const again = await ours(home, ['status', '--json'], { env: withOpenClaw() });
      check(again.code === 0, `a second status exited ${again.code}: ${again.stdout.slice(0, 400)}`);
      return `OpenClaw uses ${shown.resolvedDefault}`;
    },
  ],
  [
    'status: a key OpenClaw cannot resolve (${FASTROUTER_API_KEY} unset) is exit 6, as `openclaw models status` fails',
    async () => {
      const home = newHome();
      await runOurs(home, ['--key', KEY_A, '--key-ref', 'env', '--no-validate'], { env: { FASTROUTER_API_KEY: KEY_A } });
      const asked = await ours(home, ['status', '--json'], { env: withOpenClaw() });
      const report = parseJson(asked.stdout, 'fastrouter-openclaw status');
      const shown = await oc(home, ['models', 'status', '--json']);
      check(
        shown.code !== 0 || !JSON.stringify(parseJson(shown.stdout, 'openclaw models status').auth?.providers ?? []).includes('fastrouter'),
        'OpenClaw resolves the unset key after all: the scenario is moot',
      );
      check(asked.code === 6, `status exited ${asked.code}, expected 6: ${asked.stdout.slice(0, 400)}`);
      check(report.key.set === false, `status says the key variable is set: ${JSON.stringify(report.key)}`);
      const withKey = await ours(home, ['status', '--json'], { env: { ...withOpenClaw(), FASTROUTER_API_KEY: KEY_A } });
      check(withKey.code === 0, `with the variable set, status exited ${withKey.code}: ${withKey.stdout.slice(0, 400)}`);
    },
  ],
];

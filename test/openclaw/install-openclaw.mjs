// Installs the pinned OpenClaw CLI into a cache folder outside the repo, reusing it when present.
// OpenClaw needs Node >= 24.16; where this Node is older, a Node 24 binary from the npm registry
// (node-<platform>-<arch>@24) is installed beside it and used for OpenClaw only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

export const OPENCLAW_VERSION = '2026.9.6';
/** An older release, for what depends on the version (before `agents.defaults.modelPolicy` existed). */
export const OLDER_OPENCLAW_VERSION = '2026.7.35';
const NODE_MAJOR = 24;

/** Where the install is kept, and which setting chose it (for the message when it is not writable). */
function cacheRoot() {
  const { FASTROUTER_CONFORMANCE_CACHE: own, XDG_CACHE_HOME: xdg } = process.env;
  if (own) return { base: resolve(own), from: '$FASTROUTER_CONFORMANCE_CACHE' };
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  if (xdg && isAbsolute(xdg)) return { base: join(xdg, 'fastrouter-openclaw'), from: '$XDG_CACHE_HOME' };
  return { base: join(homedir(), '.cache', 'fastrouter-openclaw'), from: 'your home folder' };
}

function nodeIsNewEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return (major === 24 && minor >= 16) || (major === 26 && minor >= 1) || major > 26;
}

function npmInstall(dir, spec, pathPrefix) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const env = { ...process.env, PATH: pathPrefix ? `${pathPrefix}:${process.env.PATH}` : process.env.PATH };
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * A folder is reused only when a marker says its install finished. A new install is made in a
 * folder of its own and renamed into place, so two runs on one machine (two CI jobs, a developer
 * and CI) never install into, or delete, a folder the other is using.
 */
function cached(dir, marker, install) {
  const isDone = (folder) => existsSync(join(folder, '.installed')) && readFileSync(join(folder, '.installed'), 'utf8') === marker;
  if (isDone(dir)) return;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  try {
    install(partial);
    writeFileSync(join(partial, '.installed'), marker);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  try {
    renameSync(partial, dir); // fails while dir exists and is not empty
    return;
  } catch (error) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(error.code)) throw error;
  }
  if (!isDone(dir)) {
    // An unfinished or older install: nobody uses a folder whose marker does not match.
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(partial, dir);
      return;
    } catch (error) {
      if (!isDone(dir)) throw error;
    }
  }
  // Another run finished the same install meanwhile: keep theirs.
  rmSync(partial, { recursive: true, force: true });
}

/** Returns the node binary to run OpenClaw with and the OpenClaw entry script. */
export function ensureOpenClaw(log = () => {}, version = OPENCLAW_VERSION) {
  const { base, from } = cacheRoot();
  try {
    return install(base, log, version);
  } catch (error) {
    // HOME may be read-only or missing (a service user, a sandbox): say what to set, not a stack.
    if (['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR'].includes(error?.code)) {
      throw new Error(`cannot install OpenClaw into ${base} (from ${from}): ${error.code} at ${error.path ?? base}; set FASTROUTER_CONFORMANCE_CACHE to a writable folder`);
    }
    throw error;
  }
}

function install(root, log, version) {
  let nodeBin = process.execPath;
  if (!nodeIsNewEnough(process.versions.node)) {
    const dir = join(root, `node${NODE_MAJOR}`);
    const pkg = `node-${process.platform}-${process.arch}`;
    cached(dir, pkg, (into) => {
      log(`installing ${pkg}@${NODE_MAJOR} into ${dir}`);
      npmInstall(into, `${pkg}@${NODE_MAJOR}`);
    });
    nodeBin = join(dir, 'node_modules', pkg, 'bin', 'node');
  }
  const nodeBinDir = join(nodeBin, '..');
  const dir = join(root, `openclaw-${version}`);
  cached(dir, version, (into) => {
    log(`installing openclaw@${version} into ${dir}`);
    // OpenClaw's install scripts check the Node that runs them, so npm must find Node 24 first.
    npmInstall(into, `openclaw@${version}`, nodeBinDir);
  });
  return { nodeBin, nodeBinDir, entry: join(dir, 'node_modules', 'openclaw', 'openclaw.mjs') };
}

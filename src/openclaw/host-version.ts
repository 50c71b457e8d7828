import { accessSync, constants, openSync, readFileSync, readSync, closeSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { envValue, type Env } from '../core/env.js';

export interface InstalledOpenClaw {
  /** The `openclaw` found on PATH: the command we run. */
  command: string;
  /** Its package version, read from files; undefined when it cannot be told without running it. */
  version: string | undefined;
}

const SHIM_BYTES = 16 * 1024;

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `name` (`openclaw`, `node`) on PATH, as the shell would find it. */
function findOnPath(env: Env, name = 'openclaw'): string | undefined {
  const names = process.platform === 'win32' ? [`${name}.cmd`, `${name}.exe`, name] : [name];
  for (const folder of (envValue(env, 'PATH') ?? '').split(delimiter)) {
    if (folder === '') continue;
    for (const name of names) {
      const candidate = join(folder, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function readPackage(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

/** The version in the nearest package.json named "openclaw" at or above `file`'s folder. */
function packageVersionAbove(file: string): string | undefined {
  let folder = dirname(file);
  for (let depth = 0; depth < 6; depth++) {
    const pkg = readPackage(join(folder, 'package.json'));
    if (pkg?.name === 'openclaw' && typeof pkg.version === 'string') return pkg.version;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return undefined;
}

function readHead(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(SHIM_BYTES);
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, SHIM_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * A single quote inside '…' is written '\'' (OpenClaw's own launcher does so for a home named
 * o'brien): the launcher's text with each read as one character, so a quoted path stays one match.
 */
const QUOTE = '\u0001';

function launcherText(path: string): string {
  return readHead(path).replaceAll("'\\''", QUOTE);
}

function withQuotes(path: string): string {
  return path.replaceAll(QUOTE, "'");
}

/**
 * Paths a launcher script hands to node: `exec node "/x/openclaw/openclaw.mjs" "$@"` (our conformance
 * shim, nvm, Volta-style wrappers), `"$basedir/../openclaw/openclaw.mjs"` (npm and pnpm shims), or
 * `exec /x/node /usr/local/bin/openclaw "$@"`: the launcher a gateway puts first on exec's PATH
 * (`~/.openclaw/tmp/agent-cli/openclaw`) names the running node and its argv[1], often npm's bin link.
 */
function pathsInShim(shim: string): string[] {
  const text = launcherText(shim);
  if (text.includes('\u0000')) return [];
  const basedir = dirname(shim);
  const found: string[] = [];
  // A quoted path may hold spaces ("/Users/Jane Doe/…", "Application Support"); an unquoted one may not.
  // It ends in a script's extension, or is a file named `openclaw` (a bin link, a further launcher).
  for (const match of text.matchAll(
    /"((?:\$basedir|\$\{basedir\}|%~dp0|%dp0%)?[^"`;|&<>()]*openclaw[^"`;|&<>()]*(?:\.(?:mjs|cjs|js)|(?<=[\\/]openclaw)))"|'((?:\$basedir|\$\{basedir\}|%~dp0|%dp0%)?[^'`;|&<>()]*openclaw[^'`;|&<>()]*(?:\.(?:mjs|cjs|js)|(?<=[\\/]openclaw)))'|((?:\$basedir|\$\{basedir\}|%~dp0|%dp0%)?[^\s"'`;|&<>()]*openclaw[^\s"'`;|&<>()]*(?:\.(?:mjs|cjs|js)|(?<=[\\/]openclaw)))(?![^\s"'`;|&<>()])/g,
  )) {
    const raw = withQuotes(match[1] ?? match[2] ?? match[3]!).replace(/^(\$basedir|\$\{basedir\}|%~dp0|%dp0%)[\\/]?/, `${basedir}/`);
    found.push(isAbsolute(raw) ? raw : resolve(basedir, raw));
  }
  return found;
}

/** The version of the package a launcher script runs, following up to `depth` launchers. */
function versionInLauncher(launcher: string, depth: number): string | undefined {
  if (depth === 0 || statSync(launcher).size > SHIM_BYTES) return undefined;
  for (const entry of pathsInShim(launcher)) {
    try {
      const real = realpathSync(entry);
      if (real === launcher) continue;
      const version = packageVersionAbove(real) ?? versionInLauncher(real, depth - 1);
      if (version !== undefined) return version;
    } catch {
      // not there: try the next path the script names
    }
  }
  return undefined;
}

/**
 * Finds `openclaw` on PATH and its version without running it (running it costs seconds): follow
 * the symlink to the package's entry, or read the launcher script it is, and read the package.json
 * beside the entry. Undefined when there is no `openclaw` on PATH.
 */
export function locateOpenClaw(env: Env): InstalledOpenClaw | undefined {
  const command = findOnPath(env);
  if (!command) return undefined;
  let version: string | undefined;
  try {
    const real = realpathSync(command);
    version = packageVersionAbove(real);
    if (version === undefined) version = versionInLauncher(real, 2);
  } catch {
    // unreadable: the version stays unknown, so the check always runs
  }
  return { command, version };
}

/**
 * The Node that runs `openclaw` (`command`, from locateOpenClaw): the `node` its launcher script
 * names (`exec "/x/bin/node" …`, npm's `"$basedir/node"`) when that exists, else the first `node`
 * on PATH, which an entry's `#!/usr/bin/env node` line runs. Undefined when there is none.
 */
export function nodeForOpenClaw(command: string, env: Env): string | undefined {
  try {
    const real = realpathSync(command);
    if (!/\.(?:mjs|cjs|js)$/.test(real) && statSync(real).size <= SHIM_BYTES) {
      const text = launcherText(real);
      for (const match of text.matchAll(/"([^"`;|&<>()]*\/node)"|'([^'`;|&<>()]*\/node)'|(?<=\s)([^\s"'`;|&<>()]*\/node)(?=\s)/g)) {
        const raw = withQuotes(match[1] ?? match[2] ?? match[3]!).replace(/^(\$basedir|\$\{basedir\})\//, `${dirname(real)}/`);
        const candidate = isAbsolute(raw) ? raw : resolve(dirname(real), raw);
        if (isExecutableFile(candidate)) return candidate;
      }
    }
  } catch {
    // unreadable: fall back to PATH
  }
  return findOnPath(env, 'node');
}

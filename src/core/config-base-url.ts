// Where FastRouter is, as the config's own baseUrl says it (literal or `${VAR}`), or a flag overrides
// it: the endpoint to fetch the catalog from, the baseUrl to write, and what to tell the user.
import { plainHttpOrigin, proxiedEndpoint, resolveEndpoint, urlSourceHint, type Endpoint } from './endpoint.js';
import { envValue, type Env } from './env.js';
import { ConfigError, UsageError } from './errors.js';
import { redactKeys } from './key.js';
import { isEnvTemplate, storedBaseUrl } from './merge.js';

const BASE_URL_FIELD = '"models.providers.fastrouter.baseUrl"';
/** `${NAME}` as OpenClaw substitutes it, and `$${NAME}`, its escape for a literal `${NAME}`. */
const TEMPLATE_VAR = /(\$?)\$\{([A-Z_][A-Z0-9_]*)\}/g;

export interface EndpointChoice {
  endpoint: Endpoint;
  /** The base URL the config had before, when this run changes it. */
  changedFrom: string | undefined;
  /** What to check when the catalog URL leads nowhere. */
  urlSource: string;
  notes: string[];
}

/** Why a `${...}` in the config's baseUrl was not filled in: OpenClaw's escape, or a name it does not substitute. */
function notSubstitutedHint(url: string): string {
  const escaped = /\$\$\{([A-Z_][A-Z0-9_]*)\}/.exec(url);
  if (escaped) return ` $\${${escaped[1]}} is OpenClaw's escape for a literal \${${escaped[1]}}, so it is not substituted: write \${${escaped[1]}} to read $${escaped[1]}.`;
  const other = /(?<!\$)\$\{([^}]*)\}/.exec(url);
  if (other && !/^[A-Z_][A-Z0-9_]*$/.test(other[1]!)) {
    return ` OpenClaw substitutes only uppercase names ([A-Z_][A-Z0-9_]*), so \${${other[1]}} is kept as written${/^[A-Za-z_][A-Za-z0-9_]*$/.test(other[1]!) ? `: write \${${other[1]!.toUpperCase()}} and set that variable` : ''}.`;
  }
  return '';
}

/** A base URL the user wrote in the config: FastRouter's API root, or one behind a proxy prefix (their choice, kept). */
function storedEndpoint(url: string, label: string): Endpoint {
  try {
    // The user chose this host (plain http included) when they set it up; plainHttpNote warns about it.
    return resolveEndpoint(url, true, label);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const proxied = proxiedEndpoint(url);
    if (proxied) return proxied;
    throw new ConfigError(`${error.message}${redactKeys(notSubstitutedHint(url))} Pass --base-url to replace it.`);
  }
}

/** The config sends the key in clear to another host: said (not refused) unless --allow-insecure-http says the user knows. */
function plainHttpNote(url: string, described: string, allowInsecureHttp: boolean): string[] {
  const origin = plainHttpOrigin(url);
  if (origin === undefined || allowInsecureHttp) return [];
  return [
    `The config's baseUrl ${described} is plain http to a host that is not loopback, so OpenClaw sends your FastRouter key to ${origin} unencrypted: use https://, or pass --allow-insecure-http if you mean it (that silences this warning).`,
  ];
}

/** `$A, which is not set here` / `$B, which is empty here`: OpenClaw treats both as missing. */
function describeMissing(names: readonly string[], env: Env): string {
  const list = (group: readonly string[]) => group.map((name) => `$${name}`).join(', ');
  const unset = names.filter((name) => env[name] === undefined);
  const empty = names.filter((name) => env[name] !== undefined);
  const is = (group: readonly string[]) => (group.length > 1 ? 'are' : 'is');
  return [unset.length > 0 ? `${list(unset)}, which ${is(unset)} not set here` : '', empty.length > 0 ? `${list(empty)}, which ${is(empty)} empty here` : ''].filter(Boolean).join(', and ');
}

/** A config string's `${VAR}`s filled in from the environment as OpenClaw will; undefined while a variable is missing. */
export function expandTemplate(stored: string, env: Env): string | undefined {
  const names = templateNames(stored);
  if (names.some((name) => envValue(env, name) === undefined)) return undefined;
  return stored.replace(TEMPLATE_VAR, (_match, escape: string, name: string) => (escape ? `\${${name}}` : envValue(env, name)!));
}

const templateNames = (stored: string) => [...stored.matchAll(TEMPLATE_VAR)].filter(([, escape]) => escape === '').map(([, , name]) => name!);
const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * Where FastRouter is. An explicit --base-url or $FASTROUTER_BASE_URL decides (and a change is
 * reported); otherwise a refresh keeps the host already in the config, `${VAR}` templates included,
 * so "update fastrouter models" never moves a user back to the default host (a literal one is
 * spelled as its API root, and that rewrite is reported too).
 */
export function chooseEndpoint(explicit: Endpoint | undefined, config: unknown, env: Env, fromFile: boolean, allowInsecureHttp: boolean): EndpointChoice {
  const stored = storedBaseUrl(config);
  const configSource = urlSourceHint(stored === undefined ? 'default' : 'config');
  if (explicit) {
    // The same URL the config's template already expands to is no change: the template stays.
    const expanded = stored !== undefined && isEnvTemplate(stored) ? expandTemplate(stored, env) : undefined;
    if (expanded !== undefined && withoutTrailingSlash(expanded) === explicit.apiBaseUrl) {
      return { endpoint: { catalogUrl: explicit.catalogUrl, apiBaseUrl: stored! }, changedFrom: undefined, urlSource: configSource, notes: [] };
    }
    return { endpoint: explicit, changedFrom: stored !== undefined && stored !== explicit.apiBaseUrl ? stored : undefined, urlSource: configSource, notes: [] };
  }
  if (stored === undefined) return { endpoint: resolveEndpoint(), changedFrom: undefined, urlSource: configSource, notes: [] };
  if (!isEnvTemplate(stored)) {
    // A bare host or `<host>/v1` is written back as `<host>/api/v1` (OpenClaw could not use it): a change, reported like a flag's.
    const endpoint = storedEndpoint(stored, BASE_URL_FIELD);
    const changedFrom = endpoint.apiBaseUrl !== stored ? stored : undefined;
    return { endpoint, changedFrom, urlSource: configSource, notes: plainHttpNote(stored, redactKeys(stored), allowInsecureHttp) };
  }
  // Kept as written for OpenClaw to fill in; the catalog comes from where it points now.
  const names = templateNames(stored);
  const vars = names.map((name) => `$${name}`).join(', ');
  const expanded = expandTemplate(stored, env);
  if (expanded === undefined) {
    const fallback = resolveEndpoint();
    const missing = names.filter((name) => envValue(env, name) === undefined);
    const where = fromFile ? '' : `, so the catalog was read from the default host ${new URL(fallback.catalogUrl).origin} instead`;
    return {
      endpoint: { catalogUrl: fallback.catalogUrl, apiBaseUrl: stored },
      changedFrom: undefined,
      urlSource: `${describeMissing(missing, env)}, so the default host was asked (set it, or pass --base-url)`,
      notes: [`The config's baseUrl ${stored} reads ${describeMissing(missing, env)}${where}; the config keeps ${stored} for OpenClaw to fill in from the gateway's environment.`],
    };
  }
  const label = `${BASE_URL_FIELD} (${stored}, with ${vars} from the environment)`;
  const endpoint = storedEndpoint(expanded, label);
  const shown = redactKeys(withoutTrailingSlash(expanded));
  // OpenClaw posts to `<expanded>/chat/completions`: a bare host or `<host>/v1` misses FastRouter's /api/v1.
  const wrongRoot =
    withoutTrailingSlash(new URL(expanded).pathname) !== new URL(endpoint.apiBaseUrl).pathname
      ? [
          `The config's baseUrl ${stored} expands to ${shown} here, but OpenClaw uses it as the API root and would post to ${shown}/chat/completions; FastRouter's chat is under /api/v1, so ${stored === `\${${names[0]}}` ? `set $${names[0]} to ${endpoint.apiBaseUrl}` : `change it so it expands to ${endpoint.apiBaseUrl}`} (the config keeps ${stored}).`,
        ]
      : [];
  return {
    endpoint: { catalogUrl: endpoint.catalogUrl, apiBaseUrl: stored },
    changedFrom: undefined,
    urlSource: `${vars} (the config's baseUrl reads ${names.length > 1 ? 'them' : 'it'}; or pass --base-url)`,
    notes: [...wrongRoot, ...plainHttpNote(expanded, `${stored} (${shown})`, allowInsecureHttp)],
  };
}

import { normalizeCatalog } from './catalog.js';
import { updateConfig } from './config-store.js';
import { resolveConfigPath } from './config-path.js';
import { resolveEndpoint } from './endpoint.js';
import { envValue, type Env } from './env.js';
import { NoModelsError, UsageError } from './errors.js';
import { fetchCatalogText, parseCatalogText, readCatalogFile } from './fetch-catalog.js';
import { restartGateway } from './gateway.js';
import { maskKey, parseKey } from './key.js';
import { NO_KEY_HELP, resolveGivenKey, type KeySource } from './key-source.js';
import { planMerge, storedApiKey } from './merge.js';
import { buildProvider, type ApiKeyValue } from './provider.js';
import { readConfig } from './config-file.js';
import type { RestartState, SetupResult } from './report.js';
import { suggestModels } from './suggestions.js';

export interface SetupOptions {
  keys: string[];
  stdinText?: string | undefined;
  message?: string | undefined;
  baseUrl?: string | undefined;
  catalog?: string | undefined;
  timeoutSeconds: number;
  config?: string | undefined;
  profile?: string | undefined;
  restart: boolean;
  allowInsecureHttp: boolean;
  env: Env;
  userAgent: string;
}

const REWRITE_WARNING =
  'The config could not be edited in place, so it was rewritten whole: its comments and formatting are gone (the content is intact).';

interface KeyChoice {
  apiKey: ApiKeyValue;
  masked: string;
  source: KeySource;
}

function describeKey(apiKey: ApiKeyValue): string {
  return typeof apiKey === 'string' ? maskKey(apiKey) : `${apiKey.source}:${apiKey.id}`;
}

/** The key the user gave, else the one already in the config (the "update fastrouter models" path). */
async function chooseKey(options: SetupOptions, configPath: string): Promise<KeyChoice> {
  const given = resolveGivenKey({ keys: options.keys, stdinText: options.stdinText, message: options.message, env: options.env });
  if (given) return { apiKey: given.key, masked: maskKey(given.key), source: given.source };
  const stored = storedApiKey((await readConfig(configPath)).config);
  if (stored === undefined) throw new UsageError(NO_KEY_HELP);
  const apiKey = typeof stored === 'string' ? parseKey(stored) : stored;
  return { apiKey, masked: describeKey(apiKey), source: 'config' };
}

export async function runSetup(options: SetupOptions): Promise<SetupResult> {
  const endpoint = resolveEndpoint(options.baseUrl ?? envValue(options.env, 'FASTROUTER_BASE_URL'), options.allowInsecureHttp);
  const configPath = resolveConfigPath(options, options.env);
  const key = await chooseKey(options, configPath);

  const text = options.catalog
    ? await readCatalogFile(options.catalog)
    : await fetchCatalogText(endpoint.catalogUrl, { timeoutMs: options.timeoutSeconds * 1000, userAgent: options.userAgent });
  const { models, stats } = normalizeCatalog(parseCatalogText(text));
  if (models.length === 0) throw new NoModelsError();
  const provider = buildProvider(endpoint.apiBaseUrl, key.apiKey, models);

  const outcome = await updateConfig(configPath, (config) => planMerge(config, provider));
  const { added, removed } = outcome.plan;
  const firstInstall = added.length === models.length && removed.length === 0 && outcome.written;

  let restart: RestartState = { status: 'not-requested' };
  if (options.restart) restart = outcome.written ? await restartGateway() : { status: 'not-needed' };

  return {
    status: !outcome.written ? 'unchanged' : outcome.created ? 'created' : 'updated',
    configPath,
    maskedKey: key.masked,
    keySource: key.source,
    models: models.map((m) => m.id),
    added,
    removed,
    firstInstall,
    catalog: stats,
    suggestions: suggestModels(models.map((m) => m.id)),
    restart,
    warnings: outcome.preserved ? [] : [REWRITE_WARNING],
  };
}

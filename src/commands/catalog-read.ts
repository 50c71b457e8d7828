import { chooseEndpoint } from '../core/config-base-url.js';
import { explicitEndpoint } from '../core/endpoint.js';
import { envValue } from '../core/env.js';
import type { Model } from '../core/catalog.js';
import { loadModels, type SetupOptions } from './setup.js';

export type CatalogReadOptions = Pick<SetupOptions, 'baseUrl' | 'catalog' | 'timeoutSeconds' | 'allowInsecureHttp' | 'userAgent' | 'env' | 'onFetch'>;

/**
 * The catalog a refresh of `config` would read (the same flags, variable, config baseUrl and file),
 * for the read-only commands; the endpoint's notes (an unset variable in the baseUrl...) come along.
 */
export async function readCatalogFor(options: CatalogReadOptions, config: unknown): Promise<{ models: Model[]; notes: string[] }> {
  const { endpoint, urlSource, notes } = endpointFor(options, config);
  const { models } = await loadModels(options, endpoint.catalogUrl, urlSource);
  return { models, notes };
}

/** The endpoint a refresh of `config` would use: from the flag, the variable, the config's baseUrl, or the default. */
export function endpointFor(options: CatalogReadOptions, config: unknown) {
  const explicit = explicitEndpoint(options.baseUrl, envValue(options.env, 'FASTROUTER_BASE_URL'), options.allowInsecureHttp);
  return chooseEndpoint(explicit, config, options.env, options.catalog !== undefined, options.allowInsecureHttp);
}

import type { Model } from './catalog.js';
import { checkProvider, type ApiKeyValue, type ProviderBlock } from './checks.js';

export type { ApiKeyValue, ProviderBlock };

export const PROVIDER_ID = 'fastrouter';
export const MODEL_REF_PREFIX = `${PROVIDER_ID}/`;
export const KEY_ENV_VAR = 'FASTROUTER_API_KEY';

/** OpenClaw's SecretRef for an environment variable, resolved by the gateway at run time. */
export const ENV_KEY_REF = { source: 'env', provider: 'default', id: KEY_ENV_VAR } as const;

export function modelRef(id: string): string {
  return MODEL_REF_PREFIX + id;
}

/** The `models.providers.fastrouter` block, checked against OpenClaw's strict shape. */
export function buildProvider(apiBaseUrl: string, apiKey: ApiKeyValue, models: readonly Model[]): ProviderBlock {
  return checkProvider({ baseUrl: apiBaseUrl, api: 'openai-completions', apiKey, models: [...models] }, `models.providers.${PROVIDER_ID}`);
}

import { z } from 'zod';
import type { Model } from './catalog.js';

export const PROVIDER_ID = 'fastrouter';
export const MODEL_REF_PREFIX = `${PROVIDER_ID}/`;
export const KEY_ENV_VAR = 'FASTROUTER_API_KEY';

/** OpenClaw's SecretRef for an environment variable, resolved by the gateway at run time. */
export const ENV_KEY_REF = { source: 'env', provider: 'default', id: KEY_ENV_VAR } as const;

// Mirrors `openclaw config schema` (2026.9.6) for what we write: strict objects, so an
// unknown key here fails before OpenClaw would reject the file.
const SecretRef = z.strictObject({
  source: z.enum(['env', 'file', 'exec', 'store']),
  provider: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/),
  id: z.string().min(1),
});

const ModelEntry = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  reasoning: z.boolean(),
  input: z.array(z.enum(['text', 'image'])).min(1),
  cost: z.strictObject({ input: z.number(), output: z.number(), cacheRead: z.number(), cacheWrite: z.number() }),
  contextWindow: z.number().positive(),
  maxTokens: z.number().positive(),
});

export const ProviderBlock = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }),
  api: z.literal('openai-completions'),
  apiKey: z.union([z.string().min(1), SecretRef]),
  models: z.array(ModelEntry).min(1),
});

export type ApiKeyValue = string | z.infer<typeof SecretRef>;
export type ProviderBlock = z.infer<typeof ProviderBlock>;

export function modelRef(id: string): string {
  return MODEL_REF_PREFIX + id;
}

/** The `models.providers.fastrouter` block, validated against OpenClaw's strict shape. */
export function buildProvider(apiBaseUrl: string, apiKey: ApiKeyValue, models: readonly Model[]): ProviderBlock {
  return ProviderBlock.parse({ baseUrl: apiBaseUrl, api: 'openai-completions', apiKey, models });
}

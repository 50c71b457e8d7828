import { array, boolean, enum as oneOf, literal, minLength, number, positive, regex, strictObject, string, union, unknown, url, type infer as Infer } from 'zod/mini';
import type { Model } from './catalog.js';

export const PROVIDER_ID = 'fastrouter';
export const MODEL_REF_PREFIX = `${PROVIDER_ID}/`;
export const KEY_ENV_VAR = 'FASTROUTER_API_KEY';

/** OpenClaw's SecretRef for an environment variable, resolved by the gateway at run time. */
export const ENV_KEY_REF = { source: 'env', provider: 'default', id: KEY_ENV_VAR } as const;

// Mirrors `openclaw config schema` (2026.9.6) for what we write: strict objects, so an
// unknown key here fails before OpenClaw would reject the file.
const nonEmpty = () => string().check(minLength(1));

const SecretRef = strictObject({
  source: oneOf(['env', 'file', 'exec', 'store']),
  provider: string().check(regex(/^[a-z][a-z0-9_-]{0,63}$/)),
  id: nonEmpty(),
});

export const ModelEntry = strictObject({
  id: nonEmpty(),
  name: nonEmpty(),
  reasoning: boolean(),
  input: array(oneOf(['text', 'image'])).check(minLength(1)),
  cost: strictObject({ input: number(), output: number(), cacheRead: number(), cacheWrite: number() }),
  contextWindow: number().check(positive()),
  maxTokens: number().check(positive()),
});

export const ProviderBlock = strictObject({
  baseUrl: url({ protocol: /^https?$/ }),
  api: literal('openai-completions'),
  apiKey: union([nonEmpty(), SecretRef]),
  models: array(ModelEntry).check(minLength(1)),
});

export type ApiKeyValue = string | Infer<typeof SecretRef>;
export type ProviderBlock = Infer<typeof ProviderBlock>;

/** The block without its model list: checked by zod on every build. */
const ProviderShell = strictObject({ ...ProviderBlock.shape, models: array(unknown()).check(minLength(1)) });

const MODEL_KEYS = ['id', 'name', 'reasoning', 'input', 'cost', 'contextWindow', 'maxTokens'];
const COST_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnly = (o: Record<string, unknown>, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));
const isPositive = (v: unknown) => typeof v === 'number' && v > 0 && Number.isFinite(v);

/**
 * The ModelEntry schema by hand, for the thousands of entries we build ourselves; anything it
 * rejects is handed to zod for the verdict and the message. A property test keeps them in step.
 */
export function looksLikeModelEntry(m: unknown): boolean {
  if (!isObject(m) || !hasOnly(m, MODEL_KEYS)) return false;
  const { id, name, reasoning, input, cost } = m;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '' || typeof reasoning !== 'boolean') return false;
  if (!Array.isArray(input) || input.length === 0 || !input.every((i) => i === 'text' || i === 'image')) return false;
  if (!isObject(cost) || !hasOnly(cost, COST_KEYS) || !COST_KEYS.every((k) => typeof cost[k] === 'number' && Number.isFinite(cost[k]))) return false;
  return isPositive(m.contextWindow) && isPositive(m.maxTokens);
}

export function modelRef(id: string): string {
  return MODEL_REF_PREFIX + id;
}

/** The `models.providers.fastrouter` block, validated against OpenClaw's strict shape. */
export function buildProvider(apiBaseUrl: string, apiKey: ApiKeyValue, models: readonly Model[]): ProviderBlock {
  const block = { baseUrl: apiBaseUrl, api: 'openai-completions' as const, apiKey, models: [...models] };
  ProviderShell.parse(block);
  for (const model of block.models) if (!looksLikeModelEntry(model)) ModelEntry.parse(model);
  return block as ProviderBlock;
}

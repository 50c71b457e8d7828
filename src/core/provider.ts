import type { infer as Infer } from 'zod/mini';
import type { Model } from './catalog.js';
import type { ProviderBlock as ProviderBlockSchema, SecretRef } from '../lazy/schemas.js';

export const PROVIDER_ID = 'fastrouter';
export const MODEL_REF_PREFIX = `${PROVIDER_ID}/`;
export const KEY_ENV_VAR = 'FASTROUTER_API_KEY';

/** OpenClaw's SecretRef for an environment variable, resolved by the gateway at run time. */
export const ENV_KEY_REF = { source: 'env', provider: 'default', id: KEY_ENV_VAR } as const;

export type ApiKeyValue = string | Infer<typeof SecretRef>;
export type ProviderBlock = Infer<typeof ProviderBlockSchema>;

const MODEL_KEYS = ['id', 'name', 'reasoning', 'input', 'cost', 'contextWindow', 'maxTokens', 'compat'];
const COST_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasOnly = (o: Record<string, unknown>, keys: readonly string[]) => Object.keys(o).every((k) => keys.includes(k));
const isPositive = (v: unknown) => typeof v === 'number' && v > 0 && Number.isFinite(v);

/**
 * The ModelEntry schema (src/schemas.ts) by hand, for the thousands of entries we build ourselves;
 * anything it rejects is handed to zod for the verdict and the message.
 */
export function looksLikeModelEntry(m: unknown): boolean {
  if (!isObject(m) || !hasOnly(m, MODEL_KEYS)) return false;
  const { id, name, reasoning, input, cost } = m;
  if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '' || typeof reasoning !== 'boolean') return false;
  if (!Array.isArray(input) || input.length === 0 || !input.every((i) => i === 'text' || i === 'image')) return false;
  if (!isObject(cost) || !hasOnly(cost, COST_KEYS) || !COST_KEYS.every((k) => typeof cost[k] === 'number' && Number.isFinite(cost[k]))) return false;
  if (m.compat !== undefined && !(isObject(m.compat) && hasOnly(m.compat, ['supportsTools']) && typeof m.compat.supportsTools === 'boolean')) return false;
  return isPositive(m.contextWindow) && isPositive(m.maxTokens);
}

export function modelRef(id: string): string {
  return MODEL_REF_PREFIX + id;
}

/** The `models.providers.fastrouter` block, validated against OpenClaw's strict shape. */
const SECRET_REF_KEYS = ['source', 'provider', 'id'];

function looksLikeApiKey(key: unknown): boolean {
  if (typeof key === 'string') return key !== '';
  return (
    isObject(key) &&
    hasOnly(key, SECRET_REF_KEYS) &&
    ['env', 'file', 'exec', 'store'].includes(key.source as string) &&
    typeof key.provider === 'string' &&
    /^[a-z][a-z0-9_-]{0,63}$/.test(key.provider) &&
    typeof key.id === 'string' &&
    key.id !== ''
  );
}

function looksLikeHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // What zod's url({ protocol: /^https?$/ }) checks: trimmed, "http(s)://" in any case, parses, protocol.
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return false;
  try {
    return /^https?:$/.test(new URL(trimmed).protocol);
  } catch {
    return false;
  }
}

/** The ProviderBlock schema by hand; the models are checked one by one with looksLikeModelEntry. */
export function looksLikeProviderBlock(block: unknown): boolean {
  if (!isObject(block) || !hasOnly(block, ['baseUrl', 'api', 'apiKey', 'models'])) return false;
  if (!looksLikeHttpUrl(block.baseUrl) || block.api !== 'openai-completions' || !looksLikeApiKey(block.apiKey)) return false;
  return Array.isArray(block.models) && block.models.length > 0 && block.models.every(looksLikeModelEntry);
}

/** The `models.providers.fastrouter` block, checked against OpenClaw's strict shape (zod decides any doubt). */
export async function buildProvider(apiBaseUrl: string, apiKey: ApiKeyValue, models: readonly Model[]): Promise<ProviderBlock> {
  const block = { baseUrl: apiBaseUrl, api: 'openai-completions' as const, apiKey, models: [...models] };
  if (!looksLikeProviderBlock(block)) (await import('../lazy/schemas.js')).ProviderBlock.parse(block);
  return block;
}

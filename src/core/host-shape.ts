import { getPath, isPlainObject } from './json.js';
import { stringKeyForm } from './merge.js';
import { MODEL_REF_PREFIX, PROVIDER_ID } from './provider.js';

/** Bumped when what we write changes in a way a hash of its structure would not show. */
const SHAPE_FORMAT = 2;

/** The structure of a value: keys and types, no values; an array is the set of its elements' structures. */
function structure(value: unknown): string {
  if (Array.isArray(value)) return `[${[...new Set(value.map(structure))].sort().join('|')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${structure(value[k])}`)
      .join(',')}}`;
  }
  return value === null ? 'null' : typeof value;
}

/** Values OpenClaw's schema treats as enums are part of the shape, and how a string key is read; keys and URLs are not. */
function apiKeyShape(key: unknown, config: unknown): string {
  if (typeof key === 'string') return `string:${stringKeyForm(key, config)}`;
  if (!isPlainObject(key)) return structure(key);
  return `${structure(key)}:${JSON.stringify([key.source, key.provider])}`;
}

/** 53-bit string hash (cyrb53): a cache key, not a security boundary. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * What OpenClaw's verdict on our part of a config depends on: the structure of the provider block
 * (the union of its model entries' structures, not the list), the literal values its schema
 * constrains, the structure of our picker entries, and where else we are named. Model ids, names,
 * numbers, the key and the URL (what a catalog refresh or a new key changes) leave it unchanged.
 */
export function ownedShape(config: unknown): string {
  const provider = getPath(config, ['models', 'providers', PROVIDER_ID]);
  const { models, apiKey, api, ...rest } = isPlainObject(provider) ? provider : {};
  const entries = getPath(config, ['agents', 'defaults', 'models']);
  const ours = isPlainObject(entries) ? Object.entries(entries).filter(([ref]) => ref.startsWith(MODEL_REF_PREFIX)) : [];
  const allow = getPath(config, ['agents', 'defaults', 'modelPolicy', 'allow']);
  const primary = getPath(config, ['agents', 'defaults', 'model', 'primary']);
  const parts = [
    `format:${SHAPE_FORMAT}`,
    `provider:${isPlainObject(provider) ? structure(rest) : structure(provider)}`,
    `api:${JSON.stringify(api ?? null)}`,
    `apiKey:${apiKeyShape(apiKey, config)}`,
    `models:${structure(models)}`,
    `picker:${structure(ours.map(([, settings]) => settings))}`,
    `policy:${Array.isArray(allow) ? allow.includes(`${MODEL_REF_PREFIX}*`) : 'none'}`,
    `primary:${typeof primary === 'string' && primary.startsWith(MODEL_REF_PREFIX)}`,
  ];
  return hash(parts.join('\n'));
}

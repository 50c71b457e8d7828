// Model ids OpenClaw rewrites even under a custom provider: each of its writes turns the id in
// `models.providers.<id>.models[]` (and the `agents.defaults.models` keys) into another one, which it
// then sends upstream. Matched to `normalizeConfiguredProviderCatalogModelRef` and
// `normalizeGooglePreviewModelId` in its dist/ (provider-model-id-normalization-*.mjs,
// provider-model-id-normalize-*.mjs), the same in 2026.7.35 and 2026.9.6.

const GOOGLE_PREFIX = 'google/';
const GOOGLE_ALIASES: Readonly<Record<string, string>> = {
  'gemini-3-pro': 'gemini-3.1-pro-preview',
  'gemini-3-pro-preview': 'gemini-3.1-pro-preview',
  'gemini-3-flash': 'gemini-3-flash-preview',
  'gemini-3.1-pro': 'gemini-3.1-pro-preview',
  'gemini-3.1-flash-lite-preview': 'gemini-3.1-flash-lite',
  'gemini-3.1-flash': 'gemini-3-flash-preview',
  'gemini-3.1-flash-preview': 'gemini-3-flash-preview',
  'gemma-4-26b': 'gemma-4-26b-a4b-it',
};

/** The id OpenClaw writes instead of `id` (a FastRouter model id), or undefined when it keeps it. */
export function openclawRewrites(id: string): string | undefined {
  // `google/<model>`, or `<namespace>/google/<model>` (OpenClaw reads the first part as a provider).
  const at = id.startsWith(GOOGLE_PREFIX) ? 0 : id.indexOf('/') + 1;
  if (at === 0 && !id.startsWith(GOOGLE_PREFIX)) return undefined;
  if (!id.startsWith(GOOGLE_PREFIX, at)) return undefined;
  const prefix = id.slice(0, at + GOOGLE_PREFIX.length);
  const model = id.slice(prefix.length);
  return Object.hasOwn(GOOGLE_ALIASES, model) ? prefix + GOOGLE_ALIASES[model] : undefined;
}

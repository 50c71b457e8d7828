// Every zod schema of the project, in one module that is bundled on its own (dist/schemas.cjs).
// src/core/checks.ts mirrors each one by hand and decides alone (zod costs a run tens of ms:
// BENCHMARKS.md); test/fast-guards.property.test.ts keeps each mirror in exact agreement with its
// schema, and a run loads this file only to name the problem in a value the mirror rejected.
// Named imports from zod/mini: the classic `z` namespace drags 450 KB into a bundle.
import { en } from 'zod/locales';
import {
  _default,
  array,
  boolean,
  catch as catchInvalid,
  config,
  enum as oneOf,
  literal,
  minLength,
  null as nullValue,
  nullable,
  nullish,
  number,
  object,
  optional,
  positive,
  regex,
  strictObject,
  string,
  union,
  unknown,
  url,
  type infer as Infer,
} from 'zod/mini';

// zod/mini carries no messages ("Invalid input"); English ones say what was expected.
config(en());

/** One entry of `GET /v1/models`, as loosely as FastRouter sends it: every field may be missing. */
export const CatalogEntry = object({
  id: string(),
  name: optional(unknown()),
  is_active: nullish(boolean()),
  context_length: nullish(number()),
  max_completion_tokens: nullish(number()),
  architecture: nullish(
    object({
      input_modalities: nullish(array(string())),
      output_modalities: nullish(array(string())),
      // "text+image->text": read when the lists are missing, as OpenClaw does; a non-string is no modality.
      modality: optional(unknown()),
    }),
  ),
  top_provider: nullish(
    object({
      context_length: nullish(number()),
      max_completion_tokens: nullish(number()),
    }),
  ),
  // Read defensively in catalog.ts (a bad price is 0, not a malformed entry): kept, never judged here.
  pricing: optional(unknown()),
  supported_parameters: optional(unknown()),
  max_output_tokens: optional(unknown()),
  reasoning: optional(unknown()),
});
export type CatalogEntry = Infer<typeof CatalogEntry>;

// Mirrors `openclaw config schema` (2026.9.6) for what we write: strict objects, so an unknown key
// here fails before OpenClaw would reject the file.
const nonEmpty = () => string().check(minLength(1));

export const SecretRef = strictObject({
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
  maxTokens: optional(number().check(positive())),
  compat: optional(
    strictObject({
      supportsTools: optional(boolean()),
      supportsReasoningEffort: optional(boolean()),
      supportedReasoningEfforts: optional(array(nonEmpty())),
    }),
  ),
  thinkingLevelMap: optional(strictObject({ off: nullValue() })),
});

export const ProviderBlock = strictObject({
  baseUrl: url({ protocol: /^https?$/ }),
  api: literal('openai-completions'),
  apiKey: union([nonEmpty(), SecretRef]),
  models: array(ModelEntry).check(minLength(1)),
});

/** Our state file beside the config. */
export const State = object({
  include: _default(array(string()), []),
  exclude: _default(array(string()), []),
  policyWildcardAdded: _default(boolean(), false),
  // A malformed memory of the host check is only forgotten: the next run asks OpenClaw again.
  hostCheck: catchInvalid(optional(object({ openclaw: string(), shapes: array(string()), hadProblems: boolean() })), undefined),
  // When a refresh last wrote the config (ISO 8601), for `status`; a malformed one is only forgotten.
  lastRefresh: catchInvalid(optional(string()), undefined),
  // Forgotten when malformed too: `remove` then leaves the primary to the user, and says so.
  primary: catchInvalid(optional(object({ set: string(), previous: nullable(string()) })), undefined),
  // Forgotten when malformed: `restore` then puts back only our part of the config.
  wrote: catchInvalid(optional(object({ hash: string(), primary: nullable(string()) })), undefined),
});

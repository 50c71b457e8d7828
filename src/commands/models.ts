import { resolveConfigPath, type ConfigPathOptions } from '../core/config-path.js';
import { configuredModels } from '../core/drift.js';
import type { Env } from '../core/env.js';
import { getPath } from '../core/json.js';
import { applyFilter, compilePattern, describeFilter, NO_FILTER, splitPatterns, unmatchedIncludeHints, type ModelFilter } from '../core/model-filter.js';
import { NoModelsError } from '../core/errors.js';
import { idMatcher, modelRows, type SortOrder } from '../core/model-list.js';
import { PROVIDER_ID } from '../core/provider.js';
import { MAX_RECOVERY_BYTES, readConfig } from '../io/config-file.js';
import { readState, rememberedFilter, stateReadWarnings } from '../io/state.js';
import type { ModelsResult } from './results.js';
import { readCatalogFor, type CatalogReadOptions } from './catalog-read.js';

export interface ModelsOptions extends ConfigPathOptions, CatalogReadOptions {
  env: Env;
  patterns: string[];
  include: string[];
  exclude: string[];
  resetFilters: boolean;
  sort: SortOrder;
  limit: number | undefined;
}

/** The filters setup would use with the same flags: the given ones, else none with --reset-filters, else the remembered ones. */
function chosenFilter(options: ModelsOptions, remembered: () => ModelFilter): ModelFilter {
  const include = splitPatterns(options.include);
  const exclude = splitPatterns(options.exclude);
  [...include, ...exclude].forEach(compilePattern);
  if (include.length > 0 || exclude.length > 0) return { include, exclude };
  return options.resetFilters ? NO_FILTER : remembered();
}

/**
 * The catalog's usable models, as setup would add them (the same catalog, endpoint and filters),
 * with prices and whether the config already lists each: how a person or an agent picks --default.
 */
export async function runModels(options: ModelsOptions): Promise<ModelsResult> {
  const configPath = resolveConfigPath(options, options.env);
  const matches = idMatcher(options.patterns);
  const { config } = readConfig(configPath, MAX_RECOVERY_BYTES);
  const state = readState(configPath);
  const filter = chosenFilter(options, () => rememberedFilter(configPath, state));
  const { models, notes } = await readCatalogFor(options, config);
  // As setup: a catalog without usable models, or filters that leave none, is exit 4, not an empty list.
  if (models.length === 0) throw new NoModelsError();
  const { kept } = applyFilter(models, filter);
  if (kept.length === 0) {
    const source = options.include.length > 0 || options.exclude.length > 0 ? '--include/--exclude' : 'the remembered filters';
    const hints = unmatchedIncludeHints(models, filter);
    throw new NoModelsError(
      `None of the ${models.length} FastRouter models match ${source} (${describeFilter(filter)}).${hints.length ? ` ${hints.join(' ')}` : ''}${source === '--include/--exclude' ? '' : ' Pass --reset-filters to list them all.'}`,
    );
  }
  const inConfig = new Set(configuredModels(getPath(config, ['models', 'providers', PROVIDER_ID])).keys());
  const rows = modelRows(
    kept.filter((m) => matches(m.id)),
    inConfig,
    options.sort,
  );
  return {
    configPath,
    offered: kept.length,
    filter,
    patterns: options.patterns,
    sort: options.sort,
    matching: rows.length,
    rows: options.limit === undefined ? rows : rows.slice(0, options.limit),
    warnings: [...stateReadWarnings(configPath), ...notes],
  };
}

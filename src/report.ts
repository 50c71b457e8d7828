import type { CatalogStats } from './catalog.js';
import { RESTART_COMMAND, type RestartOutcome } from './gateway.js';
import { modelRef } from './provider.js';

export type RestartState = RestartOutcome | { status: 'not-requested' } | { status: 'not-needed' };

export interface SetupResult {
  status: 'created' | 'updated' | 'unchanged';
  configPath: string;
  maskedKey: string;
  keySource: string;
  models: string[];
  added: string[];
  removed: string[];
  firstInstall: boolean;
  catalog: CatalogStats;
  suggestions: string[];
  restart: RestartState;
  /** Diagnostics for stderr (text mode) or the `warnings` field (JSON). */
  warnings: string[];
}

const JSON_LIST_CAP = 20;
const TEXT_LIST_CAP = 8;

function skippedCount(stats: CatalogStats): number {
  return stats.malformed + stats.invalidIds + stats.duplicates;
}

/** One small object for an agent's context, whatever the catalog size: lists are capped, counts are whole. */
export function toJsonReport(result: SetupResult): Record<string, unknown> {
  return {
    status: result.status,
    configPath: result.configPath,
    key: result.maskedKey,
    keySource: result.keySource,
    counts: {
      models: result.models.length,
      added: result.added.length,
      removed: result.removed.length,
      skippedEntries: skippedCount(result.catalog),
      catalogEntries: result.catalog.entries,
    },
    added: result.added.slice(0, JSON_LIST_CAP),
    removed: result.removed.slice(0, JSON_LIST_CAP),
    suggestions: result.suggestions.map(modelRef),
    switchCommand: '/model fastrouter/<id>',
    restart: result.restart,
    warnings: result.warnings,
  };
}

function list(sign: string, ids: readonly string[]): string[] {
  const lines = ids.slice(0, TEXT_LIST_CAP).map((id) => `  ${sign} ${id}`);
  if (ids.length > TEXT_LIST_CAP) lines.push(`  … and ${ids.length - TEXT_LIST_CAP} more`);
  return lines;
}

function restartLine(restart: RestartState): string {
  switch (restart.status) {
    case 'restarted':
      return 'Gateway restarted.';
    case 'failed':
      return `Gateway restart failed (${restart.detail}); run \`${RESTART_COMMAND}\` yourself.`;
    case 'openclaw-missing':
      return `Could not restart the gateway: no \`openclaw\` command on PATH. Run \`${RESTART_COMMAND}\` where OpenClaw is installed.`;
    case 'not-needed':
      return 'Nothing changed, so no restart is needed.';
    case 'not-requested':
      return `OpenClaw 2026.9.6 and later pick this up without a restart; older versions need \`${RESTART_COMMAND}\` (or pass --restart).`;
  }
}

export function toTextReport(result: SetupResult): string {
  const total = result.models.length;
  const lines: string[] = [];
  if (result.status === 'unchanged') {
    lines.push(`FastRouter is up to date in ${result.configPath}: ${total} models, no changes.`);
  } else if (result.firstInstall) {
    lines.push(`Added FastRouter to ${result.configPath}: ${total} models (key ${result.maskedKey}).`);
  } else {
    lines.push(`Updated FastRouter in ${result.configPath}: ${total} models, ${result.added.length} new, ${result.removed.length} removed (key ${result.maskedKey}).`);
    lines.push(...list('+', result.added), ...list('-', result.removed));
  }
  const skipped = skippedCount(result.catalog);
  if (skipped > 0) lines.push(`Skipped ${skipped} unusable catalog entries.`);
  lines.push(`Switch models with: /model fastrouter/<id>`);
  if (result.suggestions.length > 0) {
    lines.push('Popular picks:', ...result.suggestions.map((id) => `  /model ${modelRef(id)}`));
  }
  lines.push(restartLine(result.restart));
  return lines.join('\n') + '\n';
}

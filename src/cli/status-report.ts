// What `status` and `models` print: text a person reads in one screen, or JSON (status's under 2 KB).
import type { ModelsResult, RestoreListResult, RestorePoint, StatusResult } from '../commands/results.js';
import type { Drift, ModelReference } from '../core/drift.js';
import { formatPrice, formatTokens, type ModelRow } from '../core/model-list.js';
import { describeFilter } from '../core/model-filter.js';
import { isFutureTime } from '../core/restore-point.js';
import { cut, render, type Line } from './report.js';
import { terminalSafeJson } from './terminal.js';

const JSON_MAX_BYTES = 2048;
const LEVELS = [
  { items: 10, chars: 300 },
  { items: 5, chars: 160 },
  { items: 2, chars: 100 },
  { items: 0, chars: 60 },
] as const;
const FIRST_IDS = 3;

/** `2026-12-06 09:45:12 UTC (3 days ago)`: to the second, so two backups of one minute can be told apart (and named to `restore`). */
function when(iso: string | undefined, now = Date.now()): string {
  const time = iso === undefined ? NaN : Date.parse(iso);
  if (Number.isNaN(time)) return 'not recorded';
  const minutes = Math.round((now - time) / 60_000);
  const ago = isFutureTime(iso, now)
    ? 'dated in the future'
    : minutes < 1
      ? 'just now'
      : minutes < 90
        ? `${minutes} min ago`
        : minutes < 36 * 60
          ? `${Math.round(minutes / 60)} h ago`
          : `${Math.round(minutes / 1440)} days ago`;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC (${ago})`;
}

const ids = (list: readonly string[]) => `${list.slice(0, FIRST_IDS).join(', ')}${list.length > FIRST_IDS ? `, … ${list.length - FIRST_IDS} more` : ''}`;
const price = (p: { input: number; output: number }) => `${formatPrice(p.input)}/${formatPrice(p.output)}`;

function driftLine(drift: Drift, models: number): Line {
  const parts = [
    ...(drift.added.length ? [`${drift.added.length} added (${ids(drift.added)})`] : []),
    ...(drift.removed.length ? [`${drift.removed.length} removed (${ids(drift.removed)})`] : []),
    ...(drift.priceChanges.length
      ? [
          `${drift.priceChanges.length} price change${drift.priceChanges.length === 1 ? '' : 's'} (${drift.priceChanges
            .slice(0, 2)
            .map((c) => `${c.id} ${price(c.before)} → ${price(c.after)}`)
            .join(', ')}${drift.priceChanges.length > 2 ? ', …' : ''})`,
        ]
      : []),
    ...(drift.otherChanges ? [`${drift.otherChanges} other change${drift.otherChanges === 1 ? '' : 's'} (context, names…)`] : []),
  ];
  return parts.length === 0 ? `Catalog: unchanged since the last refresh (${models} models).` : [`Catalog since the last refresh: ${parts.join('; ')}.`, 'red'];
}

function referenceLine(ref: ModelReference): string {
  const health = !ref.inConfig ? 'not in the config' : ref.inCatalog === false ? 'gone from the catalog' : ref.inCatalog === undefined ? 'in the config' : 'in the config and the catalog';
  return `${ref.role === 'primary' ? 'Primary' : 'Fallback'}: ${ref.ref} (${health})`;
}

function openClawLine(openclaw: StatusResult['openclaw']): string {
  const name = `OpenClaw${'version' in openclaw && openclaw.version ? ` ${openclaw.version}` : ''}`;
  switch (openclaw.status) {
    case 'not-on-path':
      return 'OpenClaw: not on PATH, not asked.';
    case 'not-asked':
      return openclaw.reason === 'another-user'
        ? `${name}: not asked (its state belongs to the config's owner, not root; run status as that user to include it).`
        : `${name}: not asked (--no-validate).`;
    case 'failed':
      return `${name}: \`openclaw models status\` failed (${openclaw.detail}).`;
    case 'answered':
      return `${name}: uses ${openclaw.defaultModel ?? 'no default model'}${openclaw.fallbacks.length ? ` (+${openclaw.fallbacks.length} fallbacks)` : ''}; FastRouter key ${openclaw.keyFrom ? `from ${openclaw.keyFrom}` : 'not found'}.`;
  }
}

/** What FastRouter said of the key, when it was asked (or could not be): nothing when there was no reason to ask. */
function keyCheckNote(check: StatusResult['keyCheck']): string {
  if (check.status === 'verified') return '; FastRouter accepts it';
  if (check.status === 'refused') return '; FastRouter refuses it';
  if (check.status === 'not-verified' && !check.reason.includes('never reads') && !check.reason.startsWith('--catalog')) return `; not verified with FastRouter (${check.reason})`;
  return '';
}

function keyLine(key: StatusResult['key'], check: StatusResult['keyCheck']): string {
  const form = {
    plain: 'stored in the config',
    'env-template': 'substituted by OpenClaw',
    'env-shorthand': 'read from the environment by OpenClaw',
    'auth-profile': 'an OpenClaw auth profile',
    'secret-ref': 'a SecretRef',
    missing: 'none',
    'not-a-key': 'not a key',
  }[key.form];
  const set = key.set === undefined ? '' : key.set ? `; ${key.variables.map((v) => `$${v}`).join(', ')} is set here` : `; ${key.variables.map((v) => `$${v}`).join(', ')} is NOT set here`;
  return `Key: ${key.shown} (${form}${set})${keyCheckNote(check)}.`;
}

const SHOWN_PROBLEMS = 5;
const problemLines = (problems: readonly string[]): Line[] =>
  problems.length === 0
    ? []
    : [
        ['Needs attention:', 'bold'],
        ...problems.slice(0, SHOWN_PROBLEMS).map((p): Line => [`  - ${p}`, 'red']),
        ...(problems.length > SHOWN_PROBLEMS ? [[`  … and ${problems.length - SHOWN_PROBLEMS} more (--json lists them)`, 'red'] as Line] : []),
      ];

/** A command line for a hint (see commandHint in self-command.ts); the bare name when the caller does not say. */
type Hint = (args: string) => string;
const BARE: Hint = (args) => `fastrouter-openclaw ${args}`.trimEnd();

export function statusTextReport(result: StatusResult, color = false, hint = BARE): string {
  const lines: Line[] = [];
  if (!result.setUp) {
    lines.push([`FastRouter is not set up in ${result.configPath}${result.configExists ? '' : ' (no such file)'}.`, 'bold']);
    if (result.backups.count > 0) lines.push(`Backups: ${result.backups.count}, newest ${when(result.backups.newest)}; \`${hint('restore')}\` puts it back.`);
    lines.push(`Set it up: printf %s "$KEY" | ${hint('--key-stdin')}`);
    lines.push(openClawLine(result.openclaw));
    lines.push(...problemLines(result.problems));
    return render(lines, color);
  }
  lines.push([`FastRouter is set up in ${result.configPath}: ${result.models} models${result.baseUrl ? `, ${result.baseUrl}` : ''}.`, 'bold']);
  lines.push(keyLine(result.key, result.keyCheck));
  lines.push(`Filters: ${describeFilter(result.filter) || 'none'}.`);
  lines.push(`Last refresh: ${when(result.lastRefresh)}.`);
  if (result.catalog.status === 'read') lines.push(driftLine(result.catalog.drift, result.catalog.models));
  else if (result.catalog.status === 'unavailable') lines.push([`Catalog: not read (${result.catalog.detail})`, 'red']);
  if (result.references.length === 0) lines.push('Primary: not a FastRouter model.');
  lines.push(...result.references.slice(0, 4).map(referenceLine));
  if (result.references.length > 4) lines.push(`… and ${result.references.length - 4} more fallbacks`);
  lines.push(openClawLine(result.openclaw));
  lines.push(result.backups.count > 0 ? `Backups: ${result.backups.count}, newest ${when(result.backups.newest)} (\`${hint('restore')}\`).` : 'Backups: none yet.');
  if (result.problems.length > 0) lines.push(...problemLines(result.problems));
  else lines.push(allIsWell(result));
  return render(lines, color);
}

function allIsWell(result: StatusResult): Line {
  const sofar = result.catalog.status === 'read' ? 'All is well' : 'All is well as far as the config tells';
  // A key OpenClaw reads from its own environment (a service's, say) need not be set in this shell.
  if (result.key.set === false) return [`${sofar}, if OpenClaw's own environment sets ${result.key.variables.map((v) => `$${v}`).join(', ')}: it is not set here.`, 'bold'];
  return [`${sofar}.`, 'green'];
}

/** The first level's report that fits in JSON_MAX_BYTES (the tersest, else). */
function fitted(reportAt: (level: (typeof LEVELS)[number]) => Record<string, unknown>): Record<string, unknown> {
  let report: Record<string, unknown> = {};
  for (const level of LEVELS) {
    report = reportAt(level);
    if (Buffer.byteLength(terminalSafeJson(report)) <= JSON_MAX_BYTES) break;
  }
  return report;
}

export function statusJsonReport(result: StatusResult): Record<string, unknown> {
  return fitted((level) => statusJsonAt(result, level));
}

function statusJsonAt(result: StatusResult, level: (typeof LEVELS)[number]): Record<string, unknown> {
  const text = (s: string) => cut(s, level.chars);
  const list = (l: readonly string[]) => l.slice(0, level.items).map(text);
  const { catalog } = result;
  return {
    status: result.exitCode === 0 ? 'ok' : !result.setUp ? 'not-set-up' : result.problems.length > 0 ? 'needs-attention' : 'catalog-unavailable',
    exitCode: result.exitCode,
    configPath: text(result.configPath),
    setUp: result.setUp,
    models: result.models,
    ...(result.baseUrl ? { baseUrl: text(result.baseUrl) } : {}),
    key: { form: result.key.form, shown: text(result.key.shown), ...(result.key.set === undefined ? {} : { variables: list(result.key.variables), set: result.key.set }) },
    keyCheck: keyCheckJson(result.keyCheck, text),
    filter: { include: list(result.filter.include), exclude: list(result.filter.exclude) },
    lastRefresh: result.lastRefresh ?? null,
    catalog:
      catalog.status === 'read'
        ? {
            status: 'read',
            models: catalog.models,
            counts: { added: catalog.drift.added.length, removed: catalog.drift.removed.length, priceChanges: catalog.drift.priceChanges.length, otherChanges: catalog.drift.otherChanges },
            added: list(catalog.drift.added),
            removed: list(catalog.drift.removed),
            priceChanges: catalog.drift.priceChanges.slice(0, level.items).map((c) => ({ ...c, id: text(c.id) })),
          }
        : catalog.status === 'unavailable'
          ? { status: 'unavailable', detail: text(catalog.detail) }
          : catalog,
    references: result.references.slice(0, Math.max(level.items, 2)).map((r) => ({ ...r, ref: text(r.ref) })),
    openclaw: openClawJson(result.openclaw, text, level.items),
    backups: result.backups,
    problems: result.problems.slice(0, Math.max(level.items, 1)).map(text),
    warnings: result.warnings.slice(0, Math.max(level.items, 1)).map(text),
  };
}

const yes = (b: boolean) => (b ? 'yes' : '-');

/** A table with a header: id, $ in/out per million, context, max output, tools, image, in config. */
export function modelsTextReport(result: ModelsResult, color = false, hint = BARE): string {
  const lines: Line[] = [];
  const filter = describeFilter(result.filter);
  const pool = `${result.offered} usable FastRouter models${filter ? ` (filters: ${filter})` : ''}`;
  const matching = result.patterns.length ? `matching ${result.patterns.join(' ')}` : undefined;
  if (result.rows.length === 0) return render([`No models ${matching ?? ''} among the ${pool}.`.replace('  ', ' ')], color);
  const shown = result.rows.length < result.matching ? `First ${result.rows.length} of ` : '';
  const scope = matching ? `${shown}${shown ? 'the ' : ''}${result.matching} ${matching}, of ${pool}` : `${shown}${pool}`;
  const header = ['model', 'in $/M', 'out $/M', 'context', 'max out', 'tools', 'image', 'in config'];
  const cells = result.rows.map((r: ModelRow) => [
    r.id,
    formatPrice(r.inputPerMillion),
    formatPrice(r.outputPerMillion),
    formatTokens(r.contextWindow),
    formatTokens(r.maxOutput),
    yes(r.tools),
    yes(r.imageInput),
    yes(r.inConfig),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const row = (c: readonly string[]) =>
    c
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  lines.push([row(header), 'bold'], ...cells.map(row));
  lines.push(['', 'dim'], [`${scope}, by ${result.sort}. Prices in USD per million tokens.`, 'dim']);
  lines.push([`Make one the primary: ${hint('--default <model>')}`, 'dim']);
  return render(lines, color);
}

export function modelsJsonReport(result: ModelsResult): Record<string, unknown> {
  return {
    configPath: result.configPath,
    offered: result.offered,
    matching: result.matching,
    filter: result.filter,
    patterns: result.patterns,
    sort: result.sort,
    models: result.rows,
    warnings: result.warnings,
  };
}

function thenText(point: RestorePoint): string {
  if (point.damaged) return `damaged: ${point.damaged}`;
  const change = point.nextRun;
  if (!change) return '';
  const models = [...(change.added ? [`+${change.added}`] : []), ...(change.removed ? [`−${change.removed}`] : []), ...(change.changed ? [`~${change.changed}`] : [])].join(' ');
  const parts = [
    ...(change.fastrouter === 'added' ? ['added FastRouter'] : change.fastrouter === 'removed' ? ['removed FastRouter'] : []),
    ...(models ? [`${models} models`] : []),
    ...(change.primary ? [`primary ${change.primary.from ?? 'none'} → ${change.primary.to ?? 'none'}`] : []),
  ];
  return `then: ${parts.length ? parts.join(', ') : 'no FastRouter change'}`;
}

/** The restore points, newest first: number, time, models, what the run after it changed. */
export function restoreListTextReport(result: RestoreListResult, color = false, hint = BARE): string {
  if (result.points.length === 0) return render([`No backups of ${result.configPath} yet.`], color);
  const lines: Line[] = [[`Backups of ${result.configPath}, newest first (\`${hint('restore')}\` puts back number 1, \`${hint('restore <n>')}\` any other):`, 'bold']];
  for (const point of result.points) {
    const models = point.damaged ? '' : point.models === undefined ? 'no FastRouter' : `${point.models} models`;
    lines.push(`  ${String(point.n).padStart(2)}  ${when(point.time)}  ${models.padEnd(14)} ${thenText(point)}`.trimEnd());
  }
  return render(lines, color);
}

/** `restore --list --json`, under 2 KB like status's whatever the path or the backups: strings cut, the count whole. */
export function restoreListJsonReport(result: RestoreListResult): Record<string, unknown> {
  return fitted((level) => {
    const text = (s: string) => cut(s, level.chars);
    return {
      configPath: text(result.configPath),
      count: result.points.length,
      points: result.points.slice(0, Math.max(level.items, 1)).map((point) => ({ ...point, file: text(point.file), ...(point.damaged === undefined ? {} : { damaged: text(point.damaged) }) })),
    };
  });
}

function keyCheckJson(check: StatusResult['keyCheck'], text: (s: string) => string): Record<string, unknown> {
  if (check.status === 'verified') return { status: check.status, detail: text(check.detail) };
  if (check.status === 'refused') return { status: check.status, httpStatus: check.httpStatus, said: text(check.said) };
  return { status: check.status, reason: text(check.reason) };
}

/** What OpenClaw said, its lists cut like ours: a config with dozens of fallbacks must not push the report over 2 KB. */
function openClawJson(openclaw: StatusResult['openclaw'], text: (s: string) => string, items: number): Record<string, unknown> {
  if ('detail' in openclaw) return { ...openclaw, detail: text(openclaw.detail) };
  if (openclaw.status !== 'answered') return openclaw;
  return { ...openclaw, fallbacks: openclaw.fallbacks.slice(0, items).map(text), fallbackCount: openclaw.fallbacks.length };
}

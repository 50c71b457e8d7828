import type { RemoveResult, RestartState, RestoreResult, SetupResult } from '../commands/results.js';
import { InterruptedError, type RestartInterruptedError } from '../commands/interrupts.js';
import { describeFilter } from '../core/model-filter.js';
import type { CatalogStats } from '../core/catalog.js';
import type { KeyCheck } from '../core/key-verdict.js';
import { modelRef } from '../core/provider.js';
import { RESTART_COMMAND } from '../openclaw/gateway.js';
import { paint, terminalSafe, terminalSafeJson } from './terminal.js';
import type { HostCheck } from '../openclaw/host-check.js';

const TEXT_LIST_CAP = 8;
/** What an agent relays into its context: the whole --json report stays under this, whatever the input. */
const JSON_REPORT_MAX_BYTES = 2048;

/** From roomy to terse: the first level whose report fits the budget is used. */
const JSON_LEVELS = [
  { items: 20, itemChars: 256, diffLines: 60, textChars: 1000, warnings: 10 },
  { items: 10, itemChars: 96, diffLines: 24, textChars: 400, warnings: 5 },
  { items: 5, itemChars: 64, diffLines: 8, textChars: 200, warnings: 3 },
  { items: 3, itemChars: 48, diffLines: 0, textChars: 120, warnings: 2 },
  { items: 0, itemChars: 32, diffLines: 0, textChars: 80, warnings: 1 },
] as const;

/** The first OpenClaw release known to reload `models.*` without a gateway restart. */
const HOT_RELOAD_SINCE = [2026, 7, 35];

/** True/false for a `YYYY.M.D` version at/after HOT_RELOAD_SINCE; undefined when it cannot be told. */
function hotReloads(version: string | undefined): boolean | undefined {
  const parts = /^(\d+)\.(\d+)\.(\d+)/
    .exec(version ?? '')
    ?.slice(1)
    .map(Number);
  if (!parts) return undefined;
  for (let i = 0; i < 3; i++) if (parts[i] !== HOT_RELOAD_SINCE[i]) return parts[i]! > HOT_RELOAD_SINCE[i]!;
  return true;
}

function skippedCount(stats: CatalogStats): number {
  return stats.malformed + stats.invalidIds + stats.duplicates + stats.envReferenceIds;
}

export const cut = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, Math.max(0, chars - 1))}…` : text);

/**
 * One small object for an agent's context, whatever the catalog, the ids or the paths: counts are
 * whole, lists, strings and the diff shrink level by level until it fits in JSON_REPORT_MAX_BYTES.
 */
export function toJsonReport(result: SetupResult, undo = DEFAULT_UNDO): Record<string, unknown> {
  return fitted((level) => jsonReportAt(result, level, undo));
}

/** The first level's report that fits in JSON_REPORT_MAX_BYTES (the tersest, else). */
function fitted(reportAt: (level: (typeof JSON_LEVELS)[number]) => Record<string, unknown>): Record<string, unknown> {
  let report: Record<string, unknown> = {};
  for (const level of JSON_LEVELS) {
    report = reportAt(level);
    if (Buffer.byteLength(terminalSafeJson(report)) <= JSON_REPORT_MAX_BYTES) break;
  }
  return report;
}

/** A dry run's diff in --json: its first lines, cut to the level, and whether more were left out. */
function diffJson(diff: string | undefined, level: (typeof JSON_LEVELS)[number]): Record<string, unknown> {
  if (diff === undefined) return {};
  const lines = diff.split('\n');
  return {
    diff: lines
      .slice(0, level.diffLines)
      .map((l) => cut(l, level.textChars))
      .join('\n'),
    diffTruncated: lines.length > level.diffLines,
  };
}

/** remove's --json, held to the same 2 KB however many models or warnings: lists cut, their lengths whole. */
export function toRemoveJsonReport(result: RemoveResult, warnings: readonly string[], undo = DEFAULT_UNDO): Record<string, unknown> {
  return fitted((level) => {
    const text = (value: string) => cut(value, level.textChars);
    const list = (ids: readonly string[]) => ids.slice(0, level.items).map((id) => cut(id, level.itemChars));
    return {
      status: result.status,
      dryRun: result.dryRun,
      configPath: text(result.configPath),
      counts: { removed: result.removed.length, stillReferenced: result.stillReferenced.length, warnings: warnings.length },
      ...(result.primaryRestored ? { primaryRestored: result.primaryRestored } : {}),
      ...diffJson(result.diff, level),
      removed: list(result.removed),
      stillReferenced: list(result.stillReferenced),
      ...(result.backup ? { backup: text(result.backup), undoCommand: text(undo) } : {}),
      ...(result.hostCheck.status === 'not-requested' ? {} : { hostCheck: 'detail' in result.hostCheck ? { ...result.hostCheck, detail: text(result.hostCheck.detail) } : result.hostCheck }),
      warnings: warnings.slice(0, level.warnings).map(text),
    };
  });
}

function jsonReportAt(result: SetupResult, level: (typeof JSON_LEVELS)[number], undo: string): Record<string, unknown> {
  const list = (ids: readonly string[]) => ids.slice(0, level.items).map((id) => cut(id, level.itemChars));
  const text = (value: string) => cut(value, level.textChars);
  const patterns = (p: readonly string[]) => p.slice(0, Math.max(level.items, 1)).map((x) => cut(x, level.itemChars));
  const hostCheck = result.hostCheck.status === 'not-requested' ? undefined : 'detail' in result.hostCheck ? { ...result.hostCheck, detail: text(result.hostCheck.detail) } : result.hostCheck;
  const restart = 'detail' in result.restart ? { ...result.restart, detail: text(result.restart.detail) } : result.restart;
  return {
    status: result.status,
    dryRun: result.dryRun,
    configPath: text(result.configPath),
    key: result.maskedKey,
    keySource: result.keySource,
    keyCheck: keyCheckJson(result.keyCheck, text),
    counts: {
      models: result.models.length,
      added: result.added.length,
      removed: result.removed.length,
      ...(result.dryRun ? { changed: result.changed.length } : {}),
      ...(result.repriced.length ? { repriced: result.repriced.length } : {}),
      filteredOut: result.filteredOut,
      ...(result.catalog.rewrittenIds.length ? { rewrittenIds: result.catalog.rewrittenIds.length } : {}),
      skippedEntries: skippedCount(result.catalog),
      // Inactive, or not a chat model (images out, audio in, no context length): every entry is counted once.
      unsuitableEntries: result.catalog.unsuitable,
      catalogEntries: result.catalog.entries,
      ...(result.catalog.escapedNames ? { escapedNames: result.catalog.escapedNames } : {}),
    },
    added: list(result.added),
    removed: list(result.removed),
    ...(result.dryRun ? { changed: list(result.changed), ...(result.picker?.added || result.picker?.removed ? { pickerEntries: result.picker } : {}) } : {}),
    ...(result.repriced.length ? { repriced: list(result.repriced) } : {}),
    ...(result.catalog.rewrittenIds.length ? { rewrittenIds: list(result.catalog.rewrittenIds) } : {}),
    ...(result.filter.include.length || result.filter.exclude.length ? { filter: { include: patterns(result.filter.include), exclude: patterns(result.filter.exclude) } } : {}),
    ...(result.defaultModel ? { defaultModel: cut(modelRef(result.defaultModel), level.itemChars) } : {}),
    ...(result.primarySet ? { primarySet: cut(modelRef(result.primarySet), level.itemChars) } : {}),
    baseUrl: text(result.baseUrl),
    ...(result.baseUrlChangedFrom ? { baseUrlChangedFrom: text(result.baseUrlChangedFrom) } : {}),
    suggestions: list(result.suggestions.map(modelRef)),
    switchCommand: '/model fastrouter/<id>',
    ...diffJson(result.diff, level),
    ...(result.backup ? { backup: text(result.backup), undoCommand: text(undo) } : {}),
    restart,
    ...(hostCheck ? { hostCheck } : {}),
    warnings: result.warnings.slice(0, level.warnings).map(text),
  };
}

/** The check's outcome; its warning, if any, is among the warnings already. */
function keyCheckJson(check: KeyCheck, text: (value: string) => string): Record<string, string> {
  return check.status === 'verified' ? { status: check.status, detail: text(check.detail) } : { status: check.status, reason: text(check.reason) };
}

/** What FastRouter said about the key; nothing when no key was given (a refresh reuses the stored one). */
function keyCheckLine(check: KeyCheck): Line | undefined {
  if (check.status === 'verified') return `Key checked with FastRouter: ${check.detail.replace(/^FastRouter accepted it/, 'accepted')}.`;
  if (check.status === 'not-verified') return `The key was not verified with FastRouter (${check.reason}).`;
  return check.reason === '--no-key-check' ? ['Key not checked with FastRouter (--no-key-check).', 'dim'] : undefined;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'cyan';
export type Line = string | [string, Style];

/** Lines are made plain, made safe for a terminal, and only then coloured. */
export function render(lines: readonly Line[], color: boolean): string {
  const c = paint(color);
  return lines.map((line) => (typeof line === 'string' ? terminalSafe(line) : c[line[1]](terminalSafe(line[0])))).join('\n') + '\n';
}

function list(sign: '+' | '-' | '~', ids: readonly string[]): Line[] {
  const lines: Line[] = ids.slice(0, TEXT_LIST_CAP).map((id) => [`  ${sign} ${id}`, sign === '+' ? 'green' : sign === '-' ? 'red' : 'cyan']);
  if (ids.length > TEXT_LIST_CAP) lines.push([`  … and ${ids.length - TEXT_LIST_CAP} more`, 'dim']);
  return lines;
}

function restartLine(restart: RestartState, openclawVersion: string | undefined): string {
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
      switch (hotReloads(openclawVersion)) {
        case true:
          return `Next: nothing to restart; OpenClaw ${openclawVersion} reloads models.* on its own.`;
        case false:
          return `Next: OpenClaw ${openclawVersion} picks this up after \`${RESTART_COMMAND}\` (or pass --restart).`;
        default:
          return `Next: OpenClaw 2026.7.35 and later pick this up as is; older versions need \`${RESTART_COMMAND}\` (or pass --restart).`;
      }
  }
}

/** One line on what OpenClaw said, naming the version that accepted the change; none when it was not asked. */
function hostCheckLine(check: HostCheck): Line | undefined {
  const openclaw = (version: string | undefined) => (version ? `OpenClaw ${version}` : 'OpenClaw');
  switch (check.status) {
    case 'accepted':
      return check.warned
        ? `Checked: ${openclaw(check.openclaw)} accepts the new config, but warns about the FastRouter settings (see the warnings): fix that, or OpenClaw cannot use FastRouter.`
        : `Checked: ${openclaw(check.openclaw)} accepts the new config.`;
    case 'known':
      return [`${openclaw(check.openclaw)} accepted this kind of change before; not asked again (--validate asks anyway).`, 'dim'];
    case 'problems-before':
      return `Checked: ${openclaw(check.openclaw)} finds no problem with this change (the config's other problems are listed above).`;
    default:
      return undefined;
  }
}

function diffLines(diff: string): Line[] {
  return diff
    .trimEnd()
    .split('\n')
    .map((line): Line => {
      if (line.startsWith('+') && !line.startsWith('+++')) return [line, 'green'];
      if (line.startsWith('-') && !line.startsWith('---')) return [line, 'red'];
      return line.startsWith('@@') ? [line, 'cyan'] : line;
    });
}

/** The restore command for the config the run changed, as main.ts words it (see undoCommandFor). */
const DEFAULT_UNDO = 'fastrouter-openclaw restore';

/** The interrupted restart's sentence, with the same undo hint the report would have given. */
export function restartInterrupted(error: RestartInterruptedError, undo: string): InterruptedError {
  // No full stop after a command: it would be copied with it.
  return new InterruptedError(error.backup ? `${error.message.replace(/\.$/, '')}; undo with: ${undo}` : error.message);
}

export function toTextReport(result: SetupResult, color = false, undo = DEFAULT_UNDO): string {
  const total = result.models.length;
  const lines: Line[] = [];
  const repriced = result.repriced.length > 0 ? `, ${result.repriced.length} with new prices` : '';
  const changes = `${result.added.length} new, ${result.removed.length} removed${repriced}`;
  if (result.dryRun) {
    if (result.diff) lines.push(...diffLines(result.diff), '');
    const changedNote = `${result.changed.length} changed${result.repriced.length > 0 ? ` (${result.repriced.length} with new prices)` : ''}`;
    lines.push([
      `Dry run: ${result.status === 'unchanged' ? 'nothing would change' : `${total} models, ${result.added.length} new, ${result.removed.length} removed, ${changedNote}`} in ${result.configPath}. Nothing was written.`,
      'bold',
    ]);
    lines.push(...list('+', result.added), ...list('-', result.removed), ...list('~', result.changed));
    const picker = [...(result.picker?.added ? [`+${result.picker.added} fastrouter/`] : []), ...(result.picker?.removed ? [`−${result.picker.removed} fastrouter/`] : [])];
    if (picker.length > 0) lines.push(`Picker entries (agents.defaults.models): ${picker.join(', ')}.`);
    if (result.folded) lines.push(['The whole diff, model list included: --dry-run --diff', 'dim']);
  } else if (result.status === 'unchanged') {
    lines.push([`FastRouter is up to date in ${result.configPath}: ${total} models, no changes.`, 'bold']);
  } else if (result.firstInstall) {
    lines.push([`Added FastRouter to ${result.configPath}: ${total} models (key ${result.maskedKey}).`, 'bold']);
  } else {
    lines.push([`Updated FastRouter in ${result.configPath}: ${total} models, ${changes} (key ${result.maskedKey}).`, 'bold']);
    lines.push(...list('+', result.added), ...list('-', result.removed), ...list('~', result.repriced));
  }
  const keyLine = keyCheckLine(result.keyCheck);
  if (keyLine) lines.push(keyLine);
  if (result.filteredOut > 0) lines.push(`Filters (${describeFilter(result.filter)}) left out ${result.filteredOut} model${result.filteredOut === 1 ? '' : 's'}.`);
  const skipped = skippedCount(result.catalog);
  if (skipped > 0) lines.push([`Skipped ${skipped} unusable catalog entries${result.catalog.envReferenceIds ? ` (${result.catalog.envReferenceIds} with \${…} in the id)` : ''}.`, 'dim']);
  const rewritten = result.catalog.rewrittenIds;
  if (rewritten.length > 0) {
    const shown = `${rewritten.slice(0, 2).join(', ')}${rewritten.length > 2 ? `, and ${rewritten.length - 2} more` : ''}`;
    lines.push(
      `Left out ${rewritten.length} model${rewritten.length === 1 ? '' : 's'} whose id OpenClaw rewrites into another (${shown}), so requests would not reach ${rewritten.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (result.catalog.escapedNames > 0) lines.push([`Escaped \${…} in ${result.catalog.escapedNames} model names, so OpenClaw shows them as written instead of reading your environment.`, 'dim']);
  if (result.baseUrlChangedFrom) lines.push(`FastRouter base URL: ${result.baseUrl} (was ${result.baseUrlChangedFrom}).`);
  if (result.defaultModel) lines.push(`Default model: ${modelRef(result.defaultModel)}.`);
  else if (result.primarySet) lines.push(`Default model: ${modelRef(result.primarySet)} (no primary model was set; pass --default <id> to pick another, or --no-default to leave it unset).`);
  if (!result.dryRun) {
    lines.push('Switch models with: /model fastrouter/<id>');
    if (result.suggestions.length > 0) lines.push('Popular picks:', ...result.suggestions.map((id) => `  /model ${modelRef(id)}`));
    const checked = hostCheckLine(result.hostCheck);
    if (checked) lines.push(checked);
    lines.push(restartLine(result.restart, result.openclawVersion));
    if (result.backup) lines.push(`Undo with: ${undo}`);
  }
  return render(lines, color);
}

export function removeTextReport(result: RemoveResult, color = false, undo = DEFAULT_UNDO): string {
  if (result.status === 'not-configured') return render([`FastRouter is not configured in ${result.configPath}; nothing to remove.`], color);
  if (result.dryRun) {
    return render(
      [
        ...(result.diff ? [...diffLines(result.diff), ''] : []),
        [`Dry run: remove would take FastRouter out of ${result.configPath} (${result.removed.length} models); nothing was written.`, 'bold'],
        ...(result.primaryRestored ? [primaryRestoredLine(result.primaryRestored, true)] : []),
        ...(result.folded ? [['The whole diff, model list included: --dry-run --diff', 'dim'] as Line] : []),
      ],
      color,
    );
  }
  const checked = hostCheckLine(result.hostCheck);
  const primary = result.primaryRestored ? [primaryRestoredLine(result.primaryRestored)] : [];
  return render([[`Removed FastRouter from ${result.configPath} (${result.removed.length} models).`, 'bold'], ...primary, ...(checked ? [checked] : []), `Undo with: ${undo}`], color);
}

/** The primary a run of ours had set, put back: said, since it changes which model every agent turn uses. */
function primaryRestoredLine({ from, to }: { from: string; to: string | null }, wouldBe = false): string {
  if (wouldBe)
    return to === null ? `The default model ${from}, which setup had chosen, would be taken out: none would be set, as before.` : `The default model would be ${to} again (setup had made it ${from}).`;
  return to === null ? `The default model ${from}, which setup had chosen, was taken out: none is set now, as before.` : `The default model is ${to} again (setup had made it ${from}).`;
}

/** restore's --json, held to the same 2 KB: the diff of a dry run cut, the warnings counted. */
export function toRestoreJsonReport(result: RestoreResult): Record<string, unknown> {
  return fitted((level) => {
    const text = (value: string) => cut(value, level.textChars);
    const { diff, warnings, hostCheck, ...rest } = result;
    return {
      ...rest,
      configPath: text(result.configPath),
      ...(result.savedCurrentAs ? { savedCurrentAs: text(result.savedCurrentAs) } : {}),
      ...diffJson(diff, level),
      ...(hostCheck.status === 'not-requested' ? {} : { hostCheck: 'detail' in hostCheck ? { ...hostCheck, detail: text(hostCheck.detail) } : hostCheck }),
      counts: { warnings: warnings.length },
      warnings: warnings.slice(0, level.warnings).map(text),
    };
  });
}

export function restoreTextReport(result: RestoreResult, color = false): string {
  if (result.dryRun) return restoreDryRunText(result, color);
  const filters = result.stateRestored ? ', with the filters remembered then' : '';
  const ours = result.onlyOurs;
  const lines: Line[] = ours
    ? [
        [
          ours.restored.length > 0 || ours.primaryRestored
            ? `Put FastRouter's part of ${result.configPath} back as it was in ${result.restoredFrom}${filters}: ${[...ours.restored, ...(ours.primaryRestored ? ['the default model'] : [])].join(', ')}.`
            : `FastRouter's part of ${result.configPath} already was as in ${result.restoredFrom}; nothing was changed.`,
          'bold',
        ],
        'The config had changed since this tool last wrote it (OpenClaw, or by hand), so everything else was kept as it is now.',
        ...(ours.primaryRestored
          ? [ours.primaryRestored.to === null ? `The default model ${ours.primaryRestored.from} was taken out: none is set now, as then.` : `The default model is ${ours.primaryRestored.to} again.`]
          : []),
      ]
    : [[`Restored ${result.configPath} from ${result.restoredFrom}${filters}.`, 'bold']];
  if (result.savedCurrentAs) lines.push(`The content it replaced was saved as ${result.savedCurrentAs}.`);
  if (result.point > 1)
    lines.push(
      `It went back ${result.point} steps at once; the ${result.point - 1} newer backup${result.point === 2 ? '' : 's'} it stepped over ${result.point === 2 ? 'was' : 'were'} kept beside it as .undone copies.`,
    );
  const checked = hostCheckLine(result.hostCheck);
  if (checked) lines.push(checked);
  return render(lines, color);
}

function restoreDryRunText(result: RestoreResult, color: boolean): string {
  const lines: Line[] = result.diff ? [...diffLines(result.diff), ''] : [];
  const from = `${result.restoredFrom} (point ${result.point} of restore --list)`;
  if (result.status === 'unchanged') {
    lines.push([`Dry run: the config already is as restore would put it back from ${from}; nothing was written.`, 'bold']);
  } else {
    const ours = result.onlyOurs;
    const what = ours ? `FastRouter's part of ${result.configPath} as it was in ${from}, keeping everything else as it is now` : `${result.configPath} as it was in ${from}`;
    lines.push([`Dry run: restore would put back ${what}; nothing was written.`, 'bold']);
  }
  if (result.folded) lines.push(['The whole diff, model list included: --dry-run --diff', 'dim']);
  return render(lines, color);
}

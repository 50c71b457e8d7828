import { UsageError } from './errors.js';

/**
 * Which restore point `restore <n|time>` names, as `restore --list` numbers them (1 = newest): a
 * number, or a time as the list shows it (`2026-12-06 12:34 UTC`, or the ISO time of `--json`),
 * whole or cut short, as long as it names exactly one point. `times` are newest first.
 */
export function pickRestorePoint(arg: string, times: readonly (string | undefined)[], configPath: string): number {
  const count = times.length;
  const range = `give 1 to ${count} (see restore --list)`;
  if (/^\d+$/.test(arg)) {
    const n = Number(arg);
    if (n >= 1 && n <= count) return n;
    throw new UsageError(`There ${count === 1 ? 'is 1 backup' : `are ${count} backups`} of ${configPath}: ${range}.`);
  }
  const wanted = comparableTime(arg);
  if (!/^\d{4}-\d\d(?:-\d\d)?/.test(wanted)) {
    throw new UsageError(`restore: "${arg}" is neither a number from restore --list nor a time it shows; ${range}.`);
  }
  const matches = times.flatMap((time, i) => (time !== undefined && comparableTime(time).startsWith(wanted) ? [i + 1] : []));
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new UsageError(`restore: no backup was taken at ${arg}; restore --list shows the times there are.`);
  throw new UsageError(`restore: ${arg} matches ${matches.length} backups (${matches.join(', ')}); give more of the time, or the number.`);
}

/** `2026-12-06 12:34 UTC`, `2026-12-06T12:34:56.789Z` → `2026-12-06T12:34…`: one spelling to compare prefixes in. */
function comparableTime(text: string): string {
  return text
    .trim()
    .replace(/\s*(?:UTC|Z)$/i, '')
    .replace(/^(\d{4}-\d\d-\d\d)[ t]/i, '$1T');
}

/** A clock a few minutes ahead (another machine's, corrected since) is not "the future". */
const CLOCK_TOLERANCE_MS = 5 * 60_000;

/**
 * Whether a time (a backup's, from its name) lies in the future beyond the clock's tolerance: the clock
 * was wrong when it was taken, or the file was copied in. Such a backup is never the newest.
 */
export function isFutureTime(iso: string | undefined, now = Date.now()): boolean {
  return Date.parse(iso ?? '') > now + CLOCK_TOLERANCE_MS;
}

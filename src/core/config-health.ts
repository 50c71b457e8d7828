// OpenClaw's clobber guard, as its dist/io.snapshot-*.mjs (2026.9.6) and io-*.js (2026.7.35) run it:
// every read fingerprints the config (createConfigHealthFingerprint) and compares it with the
// last-known-good fingerprint in its health store, or with `openclaw.json.bak`'s when the store has
// none (resolveConfigObserveSuspiciousReasons). A suspicious read restores `.bak`
// (maybeRecoverSuspiciousConfigRead); a healthy one records the file as the new last-known-good
// (observeConfigSnapshot). See ARCHITECTURE.md, "Living with OpenClaw's clobber guard".

/** One row's `last_known_good_json`, as OpenClaw writes it. */
export interface HealthFingerprint {
  hash: string;
  bytes: number;
  mtimeMs: number | null;
  ctimeMs: number | null;
  dev: string | null;
  ino: string | null;
  mode: number | null;
  nlink: number | null;
  uid: number | null;
  gid: number | null;
  hasMeta: boolean;
  gatewayMode: string | null;
  observedAt: string;
}

export interface FileStat {
  mtimeMs: number;
  ctimeMs: number;
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
}

const record = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** OpenClaw's createConfigHealthFingerprint for a file it parsed to `parsed` (its hashConfigRaw is sha256 hex). */
export function healthFingerprint(raw: string, sha256: string, parsed: unknown, stat: FileStat | undefined, observedAt: string): HealthFingerprint {
  const mode = record(record(parsed)?.gateway)?.mode;
  return {
    hash: sha256,
    bytes: Buffer.byteLength(raw, 'utf8'),
    mtimeMs: stat?.mtimeMs ?? null,
    ctimeMs: stat?.ctimeMs ?? null,
    dev: stat ? String(stat.dev) : null,
    ino: stat ? String(stat.ino) : null,
    mode: stat ? stat.mode & 0o777 : null,
    nlink: stat?.nlink ?? null,
    uid: stat?.uid ?? null,
    gid: stat?.gid ?? null,
    hasMeta: record(record(parsed)?.meta) !== undefined,
    gatewayMode: typeof mode === 'string' && mode.trim() !== '' ? mode.trim() : null,
    observedAt,
  };
}

type Compared = Pick<HealthFingerprint, 'bytes' | 'hasMeta' | 'gatewayMode'>;

/**
 * OpenClaw's resolveConfigObserveSuspiciousReasons: why a read of `current` looks like a clobber
 * against `baseline` (empty: it does not). Self-contained on purpose: it is also sent as source to
 * the Node that runs OpenClaw (src/openclaw/health-store.ts), so it must not call anything.
 */
export function suspiciousReasons(current: Compared, baseline: Compared | undefined): string[] {
  const reasons: string[] = [];
  if (!baseline) return reasons;
  if (baseline.bytes >= 512 && current.bytes < Math.floor(baseline.bytes * 0.5)) reasons.push(`size-drop-vs-last-good:${baseline.bytes}->${current.bytes}`);
  if (baseline.hasMeta && !current.hasMeta) reasons.push('missing-meta-vs-last-good');
  if (baseline.gatewayMode && !current.gatewayMode) reasons.push('gateway-mode-missing-vs-last-good');
  return reasons;
}

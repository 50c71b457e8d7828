import { existsSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { healthFingerprint, suspiciousReasons, type HealthFingerprint } from '../core/config-health.js';
import type { Env } from '../core/env.js';
import { MAX_RECOVERY_BYTES } from '../io/config-file.js';
import { readRegularFile } from '../io/read-file.js';
import { sha256Hex } from '../io/sha256.js';
import { parseConfigText } from '../json5/config-text.js';
import { locateOpenClaw, nodeForOpenClaw } from './host-version.js';
import { runGroup } from './process-group.js';

const UPDATE_TIMEOUT_MS = 20_000;
const AFTERWARDS = 'If `openclaw models status` then says "Config auto-restored", the change was undone; OpenClaw kept it as openclaw.json.clobbered.*.';

export type KeepOutcome =
  /** OpenClaw's next read will not take the file for a clobber: nothing was touched. */
  | { status: 'not-needed' }
  /** The file is OpenClaw's last-known-good now, as its own healthy read would have recorded it. */
  | { status: 'recorded'; reasons: string[] }
  /** OpenClaw will restore `.bak` on its next read, and we could not safely prevent it. */
  | { status: 'at-risk'; reasons: string[]; why: string; fix: string };

/** OpenClaw's shared state database (resolveOpenClawStateSqlitePath). */
function healthStorePath(stateDir: string): string {
  return join(stateDir, 'state', 'openclaw.sqlite');
}

/**
 * Runs in the Node that runs OpenClaw (node:sqlite; ours may be too old for it): in one IMMEDIATE
 * transaction, reads the config's row of `config_health_entries`, judges the new file against its
 * last-known-good (else against `.bak`, as OpenClaw does), and only when OpenClaw would take it for
 * a clobber records it as the last-known-good, exactly what observeConfigSnapshot writes after a
 * healthy read (lastKnownGood, the suspicious signature cleared, lastPromotedGood untouched).
 * Self-contained: it is sent as source. A table of another shape is left alone.
 */
function updateHealthEntry(
  DatabaseSync: new (path: string) => {
    exec(sql: string): void;
    prepare(sql: string): { all(...a: unknown[]): unknown[]; get(...a: unknown[]): unknown; run(...a: unknown[]): unknown };
    close(): void;
  },
  input: { database: string; configPath: string; current: object; backup: object | null },
  judge: (current: object, baseline: object | undefined) => string[],
): { status: 'not-needed' } | { status: 'recorded'; reasons: string[] } | { status: 'unknown-format' } {
  const db = new DatabaseSync(input.database);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const columns = (db.prepare("SELECT name FROM pragma_table_info('config_health_entries') ORDER BY cid").all() as Array<{ name: string }>).map((c) => c.name).join(',');
    if (columns !== 'config_path,last_known_good_json,last_promoted_good_json,last_observed_suspicious_signature,updated_at_ms') return { status: 'unknown-format' };
    db.exec('BEGIN IMMEDIATE');
    try {
      const row = db.prepare('SELECT last_known_good_json AS good FROM config_health_entries WHERE config_path = ?').get(input.configPath) as { good: string | null } | undefined;
      let known: unknown;
      try {
        known = row?.good ? JSON.parse(row.good) : undefined;
      } catch {
        known = undefined;
      }
      const baseline = typeof known === 'object' && known !== null ? known : (input.backup ?? undefined);
      const reasons = judge(input.current, baseline);
      if (reasons.length === 0) {
        db.exec('ROLLBACK');
        return { status: 'not-needed' };
      }
      db.prepare(
        'INSERT INTO config_health_entries (config_path, last_known_good_json, last_promoted_good_json, last_observed_suspicious_signature, updated_at_ms) VALUES (?, ?, NULL, NULL, ?) ' +
          'ON CONFLICT(config_path) DO UPDATE SET last_known_good_json = excluded.last_known_good_json, last_observed_suspicious_signature = NULL, updated_at_ms = excluded.updated_at_ms',
      ).run(input.configPath, JSON.stringify(input.current), Date.now());
      db.exec('COMMIT');
      return { status: 'recorded', reasons };
    } catch (error) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // never began, or already rolled back
      }
      throw error;
    }
  } finally {
    db.close();
  }
}

const CHILD_SCRIPT = `let sqlite;
try { sqlite = require('node:sqlite'); } catch { process.exit(3); }
const result = (${updateHealthEntry.toString()})(sqlite.DatabaseSync, JSON.parse(process.argv[1]), ${suspiciousReasons.toString()});
process.stdout.write(JSON.stringify(result));`;

function fingerprintOf(text: string, stat: Stats | undefined, now: string): HealthFingerprint {
  let parsed: unknown = {};
  try {
    parsed = parseConfigText(text);
  } catch {
    // OpenClaw fingerprints an unparsable file as {} too (createConfigFingerprintFromRead)
  }
  const sha256 = sha256Hex(text);
  return healthFingerprint(text, sha256, parsed, stat, now);
}

function readBackupFingerprint(configPath: string, now: string): HealthFingerprint | undefined {
  const path = `${configPath}.bak`;
  try {
    const text = readRegularFile(path, MAX_RECOVERY_BYTES);
    return fingerprintOf(text, statSync(path), now);
  } catch {
    return undefined;
  }
}

export interface KeepInput {
  configPath: string;
  /** OpenClaw's state dir (stateDirOf in src/core/config-path.ts); undefined when we cannot tell whose it is. */
  stateDir: string | undefined;
  /** What our write put in the file. */
  written: string;
  env: Env;
  signal?: AbortSignal | undefined;
}

/**
 * After a write that made the config smaller (or took out `meta`/`gateway.mode`): makes sure
 * OpenClaw's next command keeps it instead of restoring `openclaw.json.bak`
 * (maybeRecoverSuspiciousConfigRead), by recording it as the last-known-good the way OpenClaw's own
 * healthy read does. Touches nothing when OpenClaw would not object, when the file is no longer ours,
 * or when the store is not one we know or not the user's (then says so: `at-risk`).
 */
export async function keepWithOpenClaw(input: KeepInput): Promise<KeepOutcome> {
  const { configPath, written } = input;
  let stat;
  try {
    if (readRegularFile(configPath, MAX_RECOVERY_BYTES) !== written) return { status: 'not-needed' };
    stat = statSync(configPath);
  } catch {
    return { status: 'not-needed' };
  }
  const now = new Date().toISOString();
  const current = fingerprintOf(written, stat, now);
  const backup = readBackupFingerprint(configPath, now);
  const worstCase = suspiciousReasons(current, backup);
  // Nowhere to record it: OpenClaw's next read compares with `.bak` alone.
  const unrecordable = (why: string, fix: string): KeepOutcome => (worstCase.length === 0 ? { status: 'not-needed' } : { status: 'at-risk', reasons: worstCase, why, fix });
  if (input.stateDir === undefined) return unrecordable("this tool cannot tell which health store the config owner's OpenClaw keeps", 'Run this command again as the user who runs OpenClaw.');
  const database = healthStorePath(input.stateDir);
  if (!existsSync(database)) return unrecordable(`OpenClaw has no health store at ${database} to record it in`, AFTERWARDS);
  const atRisk = (why: string, fix = AFTERWARDS) => ({ status: 'at-risk' as const, reasons: worstCase.length > 0 ? worstCase : ['size-drop-vs-last-good'], why, fix });
  if (typeof process.getuid === 'function' && statSync(database).uid !== process.getuid()) {
    return atRisk(`its health store ${database} belongs to another user`, 'Run this command again as the user who runs OpenClaw.');
  }
  const host = locateOpenClaw(input.env);
  const nodes = [...new Set([host ? nodeForOpenClaw(host.command, input.env) : undefined, process.execPath].filter((n): n is string => n !== undefined))];
  const payload = JSON.stringify({ database, configPath, current, backup: backup ?? null });
  for (const node of nodes) {
    const exit = await runGroup(node, ['-e', CHILD_SCRIPT, payload], { env: { ...input.env }, capture: 'stdout', timeoutMs: UPDATE_TIMEOUT_MS, signal: input.signal, killSignal: 'SIGKILL' });
    if (exit.code === 3 || exit.error) continue;
    let result: ReturnType<typeof updateHealthEntry> | undefined;
    try {
      result = JSON.parse(exit.output) as ReturnType<typeof updateHealthEntry>;
    } catch {
      result = undefined;
    }
    if (result?.status === 'unknown-format') return atRisk(`its health store ${database} is not in a form this version knows`);
    if (result) return result;
    return atRisk(`updating its health store ${database} failed (exit ${exit.code ?? exit.signal})`);
  }
  return atRisk('no Node with node:sqlite was found to record it with', 'Run this command again with the Node that runs OpenClaw (22.13 or newer) first on PATH.');
}

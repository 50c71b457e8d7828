// Every place under a folder that holds a secret: the bytes of each file, and each SQLite database
// row by row (OpenClaw keeps its secret store beside its task store and more in one database, so a
// hit there names the table and column). Runs on OpenClaw's Node, which has node:sqlite:
//   node find-secret.mjs <dir>  < secret
// Prints a JSON array of {file, table?, column?, error?}. zstd and gzip data (OpenClaw keeps transcript
// events zstd-compressed) is looked into decompressed as well. A database's -wal, -shm and -journal files
// are read through SQLite with it (their page images hold the store's row too); deleted rows and
// free pages are not looked at.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { gunzipSync, zstdDecompressSync } from 'node:zlib';

const [root] = process.argv.slice(2);
const secret = readFileSync(0, 'utf8');
const SQLITE_HEADER = Buffer.from('SQLite format 3\0');
const hits = [];

const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const GZIP = Buffer.from([0x1f, 0x8b]);

/** Whether `bytes`, or what they decompress to, hold the secret. */
function holds(bytes) {
  const buffer = Buffer.from(bytes);
  if (buffer.includes(secret)) return true;
  try {
    if (buffer.subarray(0, 4).equals(ZSTD)) return zstdDecompressSync(buffer).includes(secret);
    if (buffer.subarray(0, 2).equals(GZIP)) return gunzipSync(buffer).includes(secret);
  } catch {
    // not compressed after all
  }
  return false;
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    return stat.isDirectory() ? files(path) : stat.isFile() ? [path] : [];
  });
}

function scanDatabase(file) {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    for (const { name } of tables) {
      try {
        for (const row of db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all()) {
          for (const [column, value] of Object.entries(row)) {
            if (typeof value === 'string' ? value.includes(secret) : value instanceof Uint8Array && holds(value)) hits.push({ file, table: name, column });
          }
        }
      } catch (error) {
        hits.push({ file, table: name, error: error.message });
      }
    }
  } finally {
    db.close();
  }
}

const all = files(root);
const databases = new Set(all.filter((file) => readFileSync(file).subarray(0, 16).equals(SQLITE_HEADER)));
for (const file of all) {
  if (databases.has(file)) {
    try {
      scanDatabase(file);
    } catch (error) {
      hits.push({ file, error: error.message });
    }
  } else if (!databases.has(file.replace(/-(?:wal|shm|journal)$/, '')) && holds(readFileSync(file))) {
    hits.push({ file });
  }
}
console.log(JSON.stringify(hits));

// Backup and restore of the embedded database (PGlite) — `npm run backup` / `npm run restore`
// (docs/backups.md). A backup is PGlite's own dumpDataDir(): a gzipped tar of the data folder, taken inside
// the database with every write committed, so it is consistent. It is taken by a process of its own that
// opens the folder, which the folder lock (pglite-lock.ts) allows only while the server is stopped: PGlite
// is one process's database, a second process opening the folder beside a running server would corrupt it,
// and a copy of the files under a running server is not a consistent backup. A restore unpacks a backup
// into a new, empty folder (never over a database) and opens it once to check that it is a Linli database.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "./database.ts";
import { lockPgliteDir } from "./pglite-lock.ts";

export interface PgliteBackupReport {
  file: string;
  bytes: number;
  /** Migrations applied in the database backed up or restored (Kysely's migration table). */
  migrations: number;
  seconds: number;
}

export class BackupRefused extends Error {
  readonly code = "BACKUP_REFUSED";
  constructor(zh: string, en: string) {
    super(`${zh} / ${en}`);
    this.name = "BackupRefused";
  }
}

const isDatabaseFolder = (dir: string) => existsSync(path.join(dir, "PG_VERSION"));

async function migrationsIn(client: PGlite): Promise<number> {
  const { rows } = await client.query<{ n: number }>("select count(*)::int as n from kysely_migration");
  return rows[0]?.n ?? 0;
}

/**
 * Writes a backup of the PGlite folder `dataDir` to `outFile` (a .tar.gz; written beside it first, then
 * renamed, so a failed backup never leaves a half file under the name). Refused (PgliteInUseError) while
 * another process — the server — holds the folder.
 */
export async function backupPglite(dataDir: string, outFile: string): Promise<PgliteBackupReport> {
  const started = performance.now();
  if (dataDir.includes("://"))
    throw new BackupRefused("内存数据库无法备份", "an in-memory database (memory://) cannot be backed up");
  if (!isDatabaseFolder(dataDir))
    throw new BackupRefused(
      `${dataDir} 不是嵌入式数据库目录（缺少 PG_VERSION）`,
      `${dataDir} is not an embedded database folder (no PG_VERSION)`,
    );
  const database = await openDatabase({ pgliteDataDir: dataDir });
  const tmp = `${outFile}.partial-${process.pid}`;
  try {
    const client = database.pglite!;
    const migrations = await migrationsIn(client);
    // a checkpoint first: the tarball's files then hold every committed write without WAL replay
    await client.exec("checkpoint");
    const tarball = await client.dumpDataDir("gzip");
    writeFileSync(tmp, new Uint8Array(await tarball.arrayBuffer()), { flush: true });
    renameSync(tmp, outFile);
    return {
      file: outFile,
      bytes: statSync(outFile).size,
      migrations,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    rmSync(tmp, { force: true });
    await database.close();
  }
}

/**
 * Unpacks the backup `fromFile` into the new folder `toDir` (absent or empty: a restore never writes over a
 * database) and opens it to count its migrations. Point the server at it with LINLI_PGLITE_DIR=toDir.
 */
export async function restorePglite(fromFile: string, toDir: string): Promise<PgliteBackupReport> {
  const started = performance.now();
  if (!existsSync(fromFile))
    throw new BackupRefused(`找不到备份文件 ${fromFile}`, `the backup file ${fromFile} does not exist`);
  if (existsSync(toDir) && readdirSync(toDir).length > 0)
    throw new BackupRefused(
      `目标目录 ${toDir} 不为空；恢复只写入新的空目录`,
      `the folder ${toDir} is not empty; a restore writes only into a new, empty folder`,
    );
  const existed = existsSync(toDir);
  const unlock = lockPgliteDir(toDir);
  let client: PGlite | null = null;
  let restored = false;
  try {
    const bytes = readFileSync(fromFile);
    client = await PGlite.create(toDir, { loadDataDir: new Blob([new Uint8Array(bytes)]) }).catch((e) => {
      throw new BackupRefused(
        `${fromFile} 无法恢复（不是 npm run backup 生成的备份？）：${(e as Error).message}`,
        `${fromFile} could not be restored (not a backup made by npm run backup?): ${(e as Error).message}`,
      );
    });
    const migrations = await migrationsIn(client).catch(() => {
      throw new BackupRefused(
        `${fromFile} 不是邻里数据库的备份`,
        `${fromFile} is not a backup of a Linli database`,
      );
    });
    restored = true;
    return { file: toDir, bytes: bytes.length, migrations, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client?.close().catch(() => {});
    // a failed restore leaves the folder as it found it (absent or empty), ready for another try
    if (!restored) {
      rmSync(toDir, { recursive: true, force: true });
      if (existed) mkdirSync(toDir);
    }
    unlock();
  }
}

// One process at a time on an embedded database's folder. PGlite is PostgreSQL compiled into this process:
// it has no server that other processes could connect to, and two processes opening the same folder would
// each write its files as if alone and corrupt it (its own postmaster.pid holds no real process id). So
// whoever opens a PGlite folder (the server, `npm run backup`, `npm run restore`'s check, verify:ledger…)
// first takes `<folder>.lock`, a file naming its process; a second opener is refused with a clear message
// while that process lives. A lock left by a process that died (kill -9, power cut) is taken over.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** The folder is held by another living process (or by another opener in this one). */
export class PgliteInUseError extends Error {
  readonly code = "PGLITE_IN_USE";
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `嵌入式数据库目录 ${dataDir} 正被进程 ${holder.pid}（${holder.host}，自 ${holder.since}）使用；请先停止它（例如停止 Linli 服务）再试 / ` +
        `the embedded database folder ${dataDir} is in use by process ${holder.pid} on ${holder.host} since ${holder.since}; stop it (e.g. the Linli server) and try again`,
    );
    this.name = "PgliteInUseError";
  }
}

export function lockFileOf(dataDir: string): string {
  return `${path.resolve(dataDir).replace(/[/\\]+$/, "")}.lock`;
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as Partial<LockHolder>;
    if (typeof h.pid === "number" && typeof h.host === "string")
      return { pid: h.pid, host: h.host, since: String(h.since ?? "?") };
  } catch {
    // unreadable or half-written: treated as stale below
  }
  return null;
}

function isAlive(h: LockHolder): boolean {
  // a lock written on another machine (a shared disk) cannot be checked from here: it counts as held
  if (h.host !== os.hostname()) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock or throws PgliteInUseError; returns the release function (safe to call twice). */
export function lockPgliteDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  const me: LockHolder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  const text = JSON.stringify(me);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, text, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 3) throw e;
      const holder = readHolder(file);
      if (holder && isAlive(holder)) throw new PgliteInUseError(dataDir, holder);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    // only our own lock (never one a later opener took after a forced removal)
    const holder = readHolder(file);
    if (holder?.pid === me.pid && holder.since === me.since) rmSync(file, { force: true });
  };
  process.once("exit", release);
  return release;
}

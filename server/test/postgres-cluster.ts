// A throwaway PostgreSQL cluster from Debian's `postgresql` package, for the PostgreSQL test run
// (vitest globalSetup) and for benchmarks. Deliberately free of vitest imports.
//
// PostgreSQL refuses to run as root, and tests and CI run as root: when we are root, the cluster
// lives in a temporary folder owned by the `postgres` user and every server binary is started
// through `runuser -u postgres`. As any other user it simply runs as that user.
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface ThrowawayCluster {
  /** Superuser URL of the `postgres` database, e.g. `postgres://postgres@127.0.0.1:41234/postgres`. */
  adminUrl: string;
  /** Stops the server immediately (no checkpoint) and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** The server's port, its folder (owned by the server's user; holds data/, the log and the socket), its data folder. */
  port: number;
  dir: string;
  dataDir: string;
  /** The PostgreSQL binaries' folder (pg_ctl, pg_isready…). */
  bin: string;
  /** Runs a program as the server's user (`postgres` when we are root), in the cluster's folder. */
  run(file: string, args: string[]): Promise<string>;
}

const INSTALL_HINT = "install Debian's postgresql package: apt-get install -y postgresql";
const PG_ROOT = "/usr/lib/postgresql";

// Test-only settings: durability is worthless for a cluster that is deleted afterwards, and the
// API tests open many pools at once.
const TEST_SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300"];

/** The highest-versioned `/usr/lib/postgresql/<ver>/bin` that has `initdb`, `pg_ctl` and `pg_isready`. */
export function findPostgresBinDir(): string {
  let versions: string[] = [];
  try {
    versions = readdirSync(PG_ROOT).filter((v) => /^\d+(\.\d+)?$/.test(v));
  } catch {
    // no /usr/lib/postgresql at all
  }
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(PG_ROOT, v, "bin");
    if (["initdb", "pg_ctl", "pg_isready"].every((tool) => existsSync(path.join(bin, tool)))) return bin;
  }
  throw new Error(
    `PostgreSQL server binaries (initdb, pg_ctl) not found under ${PG_ROOT}/*/bin; ${INSTALL_HINT}`,
  );
}

/** Durable: fsync and synchronous commit on, as a production server runs (benchmarks of write paths). */
const DURABLE_SETTINGS = ["max_connections=300"];

export async function startThrowawayCluster(
  opts: {
    durable?: boolean /** more `name=value` server settings (e.g. archiving, for the backup test) */;
    settings?: string[];
  } = {},
): Promise<ThrowawayCluster> {
  const bin = findPostgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await postgresUser() : undefined;

  const dir = await mkdtemp(path.join(os.tmpdir(), "linli-pg-"));
  const dataDir = path.join(dir, "data");
  const logFile = path.join(dir, "postgres.log");
  // If the test process dies without running stop(), do not leave a server behind.
  const onExit = () => stopSync(bin, dataDir, dir, asRoot);
  process.once("exit", onExit);

  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    const pg = (tool: string, args: string[]) => runTool(path.join(bin, tool), args, dir, asRoot);

    // Same locale as PGlite (collation C, ctype C.UTF-8), so ORDER BY agrees in both test modes.
    const initdb = ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"];
    try {
      await pg("initdb", [...initdb, "--locale=C", "--lc-ctype=C.UTF-8"]);
    } catch {
      // Machines without the C.UTF-8 locale: plain C still gives PostgreSQL semantics.
      await rm(dataDir, { recursive: true, force: true });
      await pg("initdb", [...initdb, "--locale=C"]);
    }

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const options = [`-p ${port}`, `-k "${dir}"`, "-c listen_addresses=127.0.0.1"]
        .concat((opts.durable ? DURABLE_SETTINGS : TEST_SETTINGS).map((s) => `-c ${s}`))
        .concat((opts.settings ?? []).map((s) => `-c "${s.replaceAll('"', '\\"')}"`))
        .join(" ");
      try {
        await pg("pg_ctl", ["-D", dataDir, "-l", logFile, "-o", options, "-w", "-t", "60", "start"]);
        break;
      } catch (error) {
        const log = await readFile(logFile, "utf8").catch(() => "");
        // The port was free a moment ago but someone else took it: try another one.
        if (attempt < 5 && /could not bind|already in use/i.test(log)) continue;
        throw new Error(`${(error as Error).message}\n--- ${logFile} ---\n${tail(log)}`);
      }
    }

    await waitUntilAccepting(path.join(bin, "pg_isready"), port);

    let stopping: Promise<void> | undefined;
    return {
      adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dir,
      dataDir,
      bin,
      run: (file, args) => runTool(file, args, dir, asRoot),
      stop() {
        stopping ??= (async () => {
          process.removeListener("exit", onExit);
          await pg("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"]).catch(() => {});
          await rm(dir, { recursive: true, force: true });
        })();
        return stopping;
      },
    };
  } catch (error) {
    process.removeListener("exit", onExit);
    stopSync(bin, dataDir, dir, asRoot);
    throw new Error(`Could not start a throwaway PostgreSQL cluster: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  // getent also sees users from NSS, not only /etc/passwd.
  const line = await exec("getent", ["passwd", "postgres"], undefined).catch(() => "");
  const [, , uid, gid] = line.trim().split(":");
  if (!uid || !gid) {
    throw new Error(`running as root but there is no 'postgres' user to run the server as; ${INSTALL_HINT}`);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function runTool(file: string, args: string[], cwd: string, asRoot: boolean): Promise<string> {
  return asRoot ? exec("runuser", ["-u", "postgres", "--", file, ...args], cwd) : exec(file, args, cwd);
}

/** Our environment minus PG* variables (PGDATA, PGPORT, PGHOST… would redirect the tools). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("PG")));
}

function exec(file: string, args: string[], cwd: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const output = tail(`${stdout}${stderr}`.trim());
        reject(
          new Error(
            `${path.basename(file)} ${args.join(" ")} failed (${error.message.split("\n")[0]})\n${output}`,
          ),
        );
      } else {
        resolve(stdout);
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAccepting(pgIsReady: string, port: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // pg_isready exits 0 only when the server accepts connections (over TCP, as the tests connect).
    const ok = await exec(
      pgIsReady,
      ["-q", "-h", "127.0.0.1", "-p", String(port), "-d", "postgres"],
      undefined,
    )
      .then(() => true)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL on port ${port} did not accept connections within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Synchronous variant for the process 'exit' hook and for cleanup after a failed start. */
function stopSync(bin: string, dataDir: string, dir: string, asRoot: boolean): void {
  if (existsSync(path.join(dataDir, "postmaster.pid"))) {
    const pgCtl = path.join(bin, "pg_ctl");
    const args = ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"];
    const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", pgCtl, ...args]] : [pgCtl, args];
    spawnSync(file, argv, { cwd: dir, env: cleanEnv(), stdio: "ignore" });
  }
  rmSync(dir, { recursive: true, force: true });
}

function tail(text: string, lines = 30): string {
  return text.split("\n").slice(-lines).join("\n");
}

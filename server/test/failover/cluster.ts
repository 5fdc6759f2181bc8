// A throwaway pg_auto_failover formation on loopback ports (docs/failover.md): a monitor and one or two
// PostgreSQL nodes from Debian's `postgresql-15-auto-failover`, with synchronous replication when
// there are two. Everything lives in a temporary folder; `pg_autoctl run` keeps each node in the
// background. As root (tests and CI run as root) every pg_autoctl runs through `runuser -u postgres`,
// since PostgreSQL refuses to run as root. Deliberately free of vitest imports (bench/failover.ts
// uses it too).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { chown, mkdtemp } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const PG_AUTOCTL = "/usr/bin/pg_autoctl";
const INSTALL_HINT = "install Debian's postgresql-15-auto-failover (scripts/install-system-deps.sh)";

export interface FailoverNode {
  name: string;
  port: number;
  pgdata: string;
}

export interface AutoFailoverCluster {
  /** `postgres://postgres@127.0.0.1:p1,127.0.0.1:p2/linli?target_session_attrs=read-write` */
  url: string;
  /** The monitor's database, for `select * from pgautofailover.node`. */
  monitorUrl: string;
  nodes: FailoverNode[];
  /** The node that accepts writes now, or null during a failover. */
  primary(): Promise<FailoverNode | null>;
  /** kill -9 the node's keeper (pg_autoctl) and its postgres: a machine that dies. */
  killNode(node: FailoverNode): void;
  /** kill -9 only the node's postgres: its keeper starts it again (a crash and a restart). */
  killPostgres(node: FailoverNode): void;
  /** Waits until `node` (or any node) accepts writes; the node that does. */
  waitForPrimary(timeoutMs: number, node?: FailoverNode): Promise<FailoverNode>;
  stop(): Promise<void>;
}

export function autoFailoverInstalled(): boolean {
  return existsSync(PG_AUTOCTL) && findPg15Bin() !== null;
}

function findPg15Bin(): string | null {
  const bin = "/usr/lib/postgresql/15/bin";
  return existsSync(path.join(bin, "pg_ctl")) ? bin : null;
}

export async function startAutoFailoverCluster(
  opts: { standby?: boolean; log?: (line: string) => void } = {},
): Promise<AutoFailoverCluster> {
  const bin = findPg15Bin();
  if (!existsSync(PG_AUTOCTL) || !bin)
    throw new Error(`pg_autoctl or PostgreSQL 15 not found; ${INSTALL_HINT}`);
  const log = opts.log ?? (() => {});
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(path.join(os.tmpdir(), "linli-failover-"));
  if (asRoot) {
    const [, , uid, gid] = (await run("getent", ["passwd", "postgres"])).trim().split(":");
    await chown(dir, Number(uid), Number(gid));
  }
  const env = {
    PATH: `${bin}:/usr/bin:/bin`,
    HOME: dir,
    XDG_CONFIG_HOME: path.join(dir, "config"),
    XDG_DATA_HOME: path.join(dir, "share"),
    XDG_RUNTIME_DIR: path.join(dir, "run"),
  };
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const command = (args: string[]): [string, string[]] =>
    asRoot
      ? ["runuser", ["-u", "postgres", "--", "env", ...envArgs, PG_AUTOCTL, ...args]]
      : [PG_AUTOCTL, args];
  const autoctl = (args: string[]) => {
    const [file, argv] = command(args);
    return run(file, argv, asRoot ? undefined : env);
  };

  const keepers = new Map<string, ChildProcess>();
  const startKeeper = (name: string, pgdata: string) => {
    const [file, argv] = command(["run", "--pgdata", pgdata]);
    // its own process group, so that killNode takes the keeper and everything it started
    const child = spawn(file, argv, {
      detached: true,
      stdio: "ignore",
      env: asRoot ? process.env : { ...process.env, ...env },
    });
    child.unref();
    keepers.set(name, child);
  };
  const killGroup = (child: ChildProcess | undefined) => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  const postmasterPid = (pgdata: string): number | null => {
    try {
      return Number(readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n")[0]) || null;
    } catch {
      return null;
    }
  };
  const killPid = (pid: number | null) => {
    if (!pid) return;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  };

  const nodes: FailoverNode[] = [];
  const stopAll = () => {
    for (const child of keepers.values()) killGroup(child);
    for (const n of [...nodes, { pgdata: path.join(dir, "monitor") }]) killPid(postmasterPid(n.pgdata));
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopAll);

  try {
    const monitorPort = await freePort();
    const monitorDir = path.join(dir, "monitor");
    const common = ["--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl"];
    log(`monitor on 127.0.0.1:${monitorPort}`);
    await autoctl(["create", "monitor", "--pgdata", monitorDir, "--pgport", String(monitorPort), ...common]);
    startKeeper("monitor", monitorDir);
    const monitorUrl = `postgres://autoctl_node@127.0.0.1:${monitorPort}/pg_auto_failover?sslmode=disable`;
    await waitFor(60_000, () => canConnect(monitorUrl), "the monitor to accept connections");

    for (const name of opts.standby === false ? ["node1"] : ["node1", "node2"]) {
      const node = { name, port: await freePort(), pgdata: path.join(dir, name) };
      log(`${name} on 127.0.0.1:${node.port}`);
      await autoctl([
        "create",
        "postgres",
        "--pgdata",
        node.pgdata,
        "--pgport",
        String(node.port),
        ...common,
        "--monitor",
        monitorUrl,
        "--dbname",
        "linli",
        "--name",
        name,
      ]);
      startKeeper(name, node.pgdata);
      nodes.push(node);
      // the first node must be primary before the second joins as its standby
      await waitFor(
        120_000,
        () => formationSettled(monitorUrl, nodes.length),
        `${name} to join the formation`,
      );
    }

    const url =
      nodes.length > 1
        ? `postgres://postgres@${nodes.map((n) => `127.0.0.1:${n.port}`).join(",")}/linli?target_session_attrs=read-write`
        : `postgres://postgres@127.0.0.1:${nodes[0]!.port}/linli`;
    const isPrimary = async (n: FailoverNode) => {
      const c = new pg.Client({
        connectionString: `postgres://postgres@127.0.0.1:${n.port}/linli`,
        connectionTimeoutMillis: 1000,
      });
      c.on("error", () => {});
      try {
        await c.connect();
        const r = await c.query<{ standby: boolean }>("select pg_is_in_recovery() as standby");
        return !r.rows[0]?.standby;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => {});
      }
    };
    const primary = async () => {
      for (const n of nodes) if (await isPrimary(n)) return n;
      return null;
    };
    // the keeper may restart postgres right after the last state change: wait until it takes writes
    await waitFor(60_000, async () => (await primary()) !== null, "the primary to accept writes");
    return {
      url,
      monitorUrl,
      nodes,
      primary,
      killNode(node) {
        const pid = postmasterPid(node.pgdata);
        killGroup(keepers.get(node.name));
        killPid(pid);
      },
      killPostgres(node) {
        killPid(postmasterPid(node.pgdata));
      },
      async waitForPrimary(timeoutMs, node) {
        let found: FailoverNode | null = null;
        await waitFor(
          timeoutMs,
          async () => {
            found = node ? ((await isPrimary(node)) ? node : null) : await primary();
            return found !== null;
          },
          "a primary",
        );
        return found!;
      },
      async stop() {
        process.removeListener("exit", stopAll);
        stopAll();
      },
    };
  } catch (err) {
    process.removeListener("exit", stopAll);
    stopAll();
    throw err;
  }
}

/** True when every node has reached its assigned state and the formation has `count` nodes. */
async function formationSettled(monitorUrl: string, count: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: monitorUrl, connectionTimeoutMillis: 1000 });
  c.on("error", () => {});
  try {
    await c.connect();
    const r = await c.query<{ reportedstate: string; goalstate: string }>(
      "select reportedstate::text, goalstate::text from pgautofailover.node",
    );
    const want = count === 1 ? ["single"] : ["primary", "secondary"];
    return (
      r.rows.length === count &&
      r.rows.every((n) => n.reportedstate === n.goalstate && want.includes(n.reportedstate))
    );
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  c.on("error", () => {});
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function waitFor(timeoutMs: number, check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function run(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: env ? { ...process.env, ...env } : process.env, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${path.basename(file)} ${args.join(" ")} failed: ${stderr.slice(-3000)}`));
        else resolve(stdout);
      },
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// pgBackRest on a throwaway PostgreSQL cluster, for the backup test (backup-restore.pg.test.ts): the
// cluster archives its WAL with `pgbackrest archive-push` into a repository in its own folder, and
// restores go to new data folders that are started on ports of their own (archiving off, so a restored
// cluster never writes into the repository the next restore reads). The configuration is the one of
// deploy/pgbackrest/pgbackrest.conf with test paths. Deliberately free of vitest imports.
import { existsSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { startThrowawayCluster, type ThrowawayCluster } from "./postgres-cluster.ts";

export const PGBACKREST = "/usr/bin/pgbackrest";
const TEMPLATE = path.resolve(import.meta.dirname, "../../deploy/pgbackrest/pgbackrest.conf");
const STANZA = "linli";

export interface BackedUpCluster {
  cluster: ThrowawayCluster;
  /** Runs `pgbackrest --config=… --stanza=linli <args>` as the cluster's user. */
  pgbackrest(...args: string[]): Promise<string>;
  /** Restores into a new folder and starts it; `target` is pgBackRest's --type/--target options. */
  restoreAndStart(name: string, target: string[]): Promise<RestoredCluster>;
  stop(): Promise<void>;
}

export interface RestoredCluster {
  adminUrl: string;
  /** Seconds from the restore command's start until the cluster accepts writes (promoted). */
  seconds: number;
  stop(): Promise<void>;
}

export async function startBackedUpCluster(): Promise<BackedUpCluster> {
  if (!existsSync(PGBACKREST))
    throw new Error(`${PGBACKREST} not found; install Debian's pgbackrest: apt-get install -y pgbackrest`);
  // archive_mode needs a restart, archive_command only a reload: it is set below, once the folder is known
  const cluster = await startThrowawayCluster({ settings: ["archive_mode=on", "wal_level=replica"] });
  const restored: RestoredCluster[] = [];
  try {
    const d = cluster.dir;
    const config = path.join(d, "pgbackrest.conf");
    // deploy/pgbackrest/pgbackrest.conf itself, with this cluster's paths and a test passphrase
    const template = await readFile(TEMPLATE, "utf8");
    writeFileSync(
      config,
      configFromTemplate(template, {
        "repo1-path": `${d}/repo`,
        "repo1-cipher-pass": "test-passphrase-not-secret",
        "spool-path": `${d}/spool`,
        "log-path": `${d}/log`,
        "lock-path": `${d}/lock`,
        "log-level-console": "warn",
        "log-level-file": "off",
        "pg1-path": cluster.dataDir,
        "pg1-port": String(cluster.port),
        "pg1-socket-path": d,
      }),
      { mode: 0o644 },
    );
    await cluster.run("/bin/mkdir", ["-p", "-m", "700", `${d}/repo`, `${d}/log`, `${d}/lock`, `${d}/spool`]);
    const pgbackrest = (...args: string[]) =>
      cluster.run(PGBACKREST, [`--config=${config}`, `--stanza=${STANZA}`, ...args]);
    await admin(cluster.adminUrl, async (c) => {
      await c.query(
        `alter system set archive_command = '${PGBACKREST} --config=${config} --stanza=${STANZA} archive-push %p'`,
      );
      await c.query("select pg_reload_conf()");
    });
    await pgbackrest("stanza-create");
    await pgbackrest("check");

    return {
      cluster,
      pgbackrest,
      async restoreAndStart(name, target) {
        const dataDir = path.join(d, name);
        const started = performance.now();
        await cluster.run("/bin/mkdir", ["-m", "700", dataDir]);
        // a recovery target ends in a promotion (pgBackRest's default is to pause there)
        const promote = target.length ? ["--target-action=promote"] : [];
        await pgbackrest(`--pg1-path=${dataDir}`, ...target, ...promote, "restore");
        const port = await freePort();
        const options = [
          `-p ${port}`,
          `-k "${d}"`,
          "-c listen_addresses=127.0.0.1",
          "-c archive_mode=off",
          "-c fsync=off",
          // recovery refuses a lower max_connections than the backed-up server's (the test clusters' 300)
          "-c max_connections=300",
        ].join(" ");
        const log = path.join(d, `${name}.log`);
        let stopped = false;
        const stop = async () => {
          if (stopped) return;
          stopped = true;
          await cluster
            .run(path.join(cluster.bin, "pg_ctl"), [
              "-D",
              dataDir,
              "-m",
              "immediate",
              "-w",
              "-t",
              "30",
              "stop",
            ])
            .catch(() => {});
        };
        const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
        try {
          await cluster.run(path.join(cluster.bin, "pg_ctl"), [
            "-D",
            dataDir,
            "-l",
            log,
            "-o",
            options,
            "-w",
            "-t",
            "120",
            "start",
          ]);
          // recovery replays the archived WAL up to the target, then promotes: wait for the promotion
          for (let i = 0; ; i++) {
            const inRecovery = await admin(
              adminUrl,
              async (c) => (await c.query<{ r: boolean }>("select pg_is_in_recovery() as r")).rows[0]!.r,
            ).catch(() => true);
            if (!inRecovery) break;
            if (i > 1200) throw new Error(`the cluster restored into ${dataDir} did not leave recovery`);
            await new Promise((r) => setTimeout(r, 100));
          }
        } catch (e) {
          await stop();
          const tail = await readFile(log, "utf8").then(
            (t) => t.split("\n").slice(-25).join("\n"),
            () => "",
          );
          throw new Error(`${(e as Error).message}\n--- ${log} ---\n${tail}`, { cause: e });
        }
        const r = { adminUrl, seconds: (performance.now() - started) / 1000, stop };
        restored.push(r);
        return r;
      },
      async stop() {
        for (const r of restored) await r.stop();
        await cluster.stop();
      },
    };
  } catch (e) {
    for (const r of restored) await r.stop();
    await cluster.stop();
    throw e;
  }
}

/** A URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
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

/**
 * The template with `values` put in: a key the template sets gets the new value in its place, a key it does
 * not set is added to [global]. Fails on a `<…>` placeholder left without a value.
 */
export function configFromTemplate(template: string, values: Record<string, string>): string {
  const missing = new Map(Object.entries(values));
  const lines = template.split("\n").map((line) => {
    const m = /^([a-z0-9-]+)=/.exec(line);
    if (!m || !missing.has(m[1]!)) return line;
    const value = missing.get(m[1]!)!;
    missing.delete(m[1]!);
    return `${m[1]}=${value}`;
  });
  const at = lines.indexOf("[global]") + 1;
  lines.splice(at, 0, ...[...missing].map(([k, v]) => `${k}=${v}`));
  const text = lines.join("\n");
  const left = text.split("\n").find((l) => !l.startsWith("#") && /<[^>]+>/.test(l));
  if (left) throw new Error(`deploy/pgbackrest/pgbackrest.conf: no test value for "${left}"`);
  return text;
}

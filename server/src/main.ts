// The server's entry point (`npm start`, `npm run demo`). With LINLI_WORKERS above 1 (the default on
// PostgreSQL is the machine's cores) this process is the primary of a Node cluster: it migrates the
// database and loads the demo data once, then forks the workers, which share the one port and each run
// the app and the job queue (pg-boss hands each job to one process; the event outbox, the caches and the
// live streams are kept coherent between processes by PostgreSQL LISTEN/NOTIFY — ARCHITECTURE.md
// "Several processes"). SIGHUP restarts the workers one at a time (a new one listens before the old one
// drains), SIGTERM/SIGINT drains every worker and stops. With one worker the app runs in this process.
import cluster, { type Worker } from "node:cluster";
import net from "node:net";
import { buildApp } from "./app.ts";
import { isDevelopmentPiiKey, loadConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { ensureDemoData } from "./demo/demo.service.ts";
import { DEMO_PASSWORD } from "./demo/demo-accounts.ts";
import { startJobs } from "./jobs/queue.ts";

const args = new Set(process.argv.slice(2));
const config = loadConfig({ demo: args.has("--demo") });
/** How long a draining worker may take before it is killed. */
const DRAIN_MS = 30_000;
/** How long a draining process waits for its keep-alive connections to end after their next answer. */
const DRAIN_GRACE_MS = 5_000;

type Account = { role: string; phone: string; scope: string };

if (cluster.isWorker) await runApp({ prepared: true });
else if (config.workers > 1) await runPrimary();
else await runApp({ prepared: false });

/** Opens the database (migrated and with the demo data unless the primary did it), serves, and drains on a signal. */
async function runApp(o: { prepared: boolean }) {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: config.pgliteDataDir,
  });
  let accounts: Account[] = [];
  if (!o.prepared) {
    await migrateToLatest(database.db);
    if (config.demo) accounts = await ensureDemoData(database.db, config, (m) => console.log(m));
  }
  const app = await buildApp(config, database, { logger: true });
  // deadline sweeps and figures (LINLI_JOBS=0: none in this process); app.close() stops them
  // of several processes only the first sends the scheduled jobs' catch-up run at start
  if (config.jobs) await startJobs(database.db, config, app.log, { catchUp: config.workerSlot <= 1 });
  await app.listen({ host: config.host, port: config.port });
  if (!cluster.isWorker) banner(database.kind, accounts);

  let closing: Promise<void> | null = null;
  const drain = () => {
    closing ??= (async () => {
      // 1. no new connections (in a cluster the primary stops handing this worker any); the net server's
      //    own close, because the http server's would also cut idle keep-alive connections at once, racing
      //    a client that is just sending on one
      net.Server.prototype.close.call(app.server);
      // 2. every answer from now on closes its connection, so each client's connection ends cleanly after
      //    its next answer and the client opens a new one (to another worker); wait for them to go
      app.server.prependListener("request", (_req, res) => res.setHeader("connection", "close"));
      const until = Date.now() + DRAIN_GRACE_MS;
      while (Date.now() < until && (await openConnections(app.server)) > 0)
        await new Promise((r) => setTimeout(r, 50));
      // 3. live streams end, jobs finish their run, connections idle all along are closed
      await app.close();
      await database.close();
      process.exit(0);
    })();
    return closing;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, drain);
  // a worker whose primary is gone (killed hard) drains and stops instead of serving on alone
  if (cluster.isWorker) process.on("disconnect", drain);
}

/** The cluster's primary: prepares the database once, forks the workers and keeps them running. */
async function runPrimary() {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: config.pgliteDataDir,
  });
  await migrateToLatest(database.db);
  const accounts = config.demo ? await ensureDemoData(database.db, config, (m) => console.log(m)) : [];
  await database.close();

  let stopping = false;
  const slots = new Map<number, Worker>();
  const listening = (w: Worker) =>
    new Promise<void>((resolve, reject) => {
      w.once("listening", () => resolve());
      w.once("exit", (code, signal) =>
        reject(new Error(`worker exited with ${signal ?? code} before listening`)),
      );
    });
  const exited = (w: Worker) =>
    new Promise<void>((resolve) => {
      if (w.isDead()) resolve();
      else w.once("exit", () => resolve());
    });
  const fork = (slot: number) => {
    const w = cluster.fork({ LINLI_WORKER_SLOT: String(slot) });
    slots.set(slot, w);
    w.on("exit", (code, signal) => {
      // a worker that died by itself is replaced; one stopped on purpose is not
      if (stopping || slots.get(slot) !== w || w.exitedAfterDisconnect) return;
      console.error(`worker ${slot} exited with ${signal ?? code}; starting it again`);
      setTimeout(() => {
        if (!stopping && slots.get(slot) === w) fork(slot);
      }, 1_000);
    });
    return w;
  };
  const stop = async (w: Worker) => {
    const gone = exited(w);
    w.process.kill("SIGTERM");
    const timer = setTimeout(() => w.process.kill("SIGKILL"), DRAIN_MS);
    await gone;
    clearTimeout(timer);
  };

  await Promise.all(Array.from({ length: config.workers }, (_, i) => listening(fork(i + 1))));
  banner(database.kind, accounts, config.workers);

  let restarting = false;
  process.on("SIGHUP", async () => {
    if (restarting || stopping) return;
    restarting = true;
    console.log("rolling restart: one worker at a time");
    try {
      for (const [slot, old] of [...slots]) {
        const next = fork(slot);
        await listening(next);
        await stop(old);
      }
      console.log("rolling restart done");
    } catch (e) {
      console.error(`rolling restart stopped: ${(e as Error).message}`);
    } finally {
      restarting = false;
    }
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await Promise.all([...slots.values()].map(stop));
      process.exit(0);
    });
}

function openConnections(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((err, n) => resolve(err ? 0 : n)));
}

function banner(kind: "pglite" | "postgres", accounts: Account[], workers = 1) {
  const c = config;
  const url = `http://${c.host === "0.0.0.0" ? "127.0.0.1" : c.host}:${c.port}`;
  console.log(
    `\nLinli 邻里 is running on ${kind === "pglite" ? `PGlite (${c.pgliteDataDir})` : "PostgreSQL"}` +
      (workers > 1 ? `, ${workers} processes` : ""),
  );
  console.log(`  Residents (居民端):     ${url}/m`);
  console.log(`  Staff console (工作台): ${url}/staff`);
  console.log(`  API docs:               ${url}/docs`);
  if (isDevelopmentPiiKey())
    console.log("  Note: LINLI_PII_KEY is not set; a development key encrypts ID numbers.");
  if (accounts.length) {
    console.log(`\nDemo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of accounts) console.log(`  ${a.phone}  ${a.role.padEnd(24)} ${a.scope}`);
  }
}

// Every route fuzzed (issue 7): for each route in app.routeTable and each actor of the authorization
// matrix, LINLI_FUZZ_RUNS requests generated from the route's OpenAPI operation (valid, boundary and
// invalid path parameters, queries and bodies: empty objects, unknown keys, huge strings, 1000-level
// nesting, wrong types, NUL, bidi and lone-surrogate characters, garbage multipart uploads).
// Must hold: no 5xx; every 4xx carries the bilingual error body; a refused write leaves the database
// as it was. The counts are printed at the end. `npm run bench -- fuzz` runs the same with more cases.
//
//   LINLI_FUZZ_RUNS   cases per route and actor (default 6)
//   LINLI_FUZZ_SEED   the base seed (default fixed, so CI is repeatable; the bench run picks a new one)
//   LINLI_FUZZ_ROUTE  only the routes whose "METHOD /path" contains this (to reproduce a failure)
//   LINLI_FUZZ_SUMMARY  a file to write the counts to as JSON (the bench run reads it)
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPORT_HEADERS } from "../src/modules/core/imports/resident-sheet.ts";
import { png } from "../src/modules/voice/requests/requests.fixtures.ts";
import { ACTOR_KEYS, createFuzzWorld, type FuzzActor, type FuzzWorld } from "./fuzz/fuzz-world.ts";
import {
  type CaseContext,
  caseArbitrary,
  casePayload,
  caseUrl,
  describeCase,
  type FuzzCase,
  type Operation,
} from "./fuzz/request-cases.ts";
import {
  createTestApp,
  type DatabaseSnapshot,
  diffSnapshots,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "./test-app.ts";

const RUNS = Math.max(1, Number(process.env.LINLI_FUZZ_RUNS ?? 6) || 6);
const BASE_SEED = Number(process.env.LINLI_FUZZ_SEED ?? 20_261_204) | 0;
const ONLY_ROUTE = process.env.LINLI_FUZZ_ROUTE ?? "";
const SUMMARY_FILE = process.env.LINLI_FUZZ_SUMMARY;
/** One request may take this long before it counts as hung (a stream that never ends, a lock). */
const REQUEST_TIMEOUT_MS = 20_000;

const SIGN_OUT = "POST /api/auth/sign-out";
const STREAM = "GET /api/me/notifications/stream";
const IMPORT = "POST /api/communities/:communityId/imports";

/**
 * Tables a refused call may change, with the reason. Anything else a refused write changes fails.
 */
const REFUSAL_MAY_CHANGE: Record<string, string[]> = {
  // a wrong code or password is counted per phone and address, and a wrong code against that code's
  // attempts, so that guessing gets throttled
  "POST /api/auth/register": ["auth_throttle", "otp_code"],
  "POST /api/auth/sign-in": ["auth_throttle", "otp_code"],
  // every submission counts toward the per-address limit before it is stored, whatever its fate
  // (e.g. text with a NUL character, which PostgreSQL refuses): a throttle counts attempts
  "POST /api/communities/:communityId/opinions": ["auth_throttle"],
};

interface RouteInfo extends Operation {
  key: string;
}

let t: TestApp;
let fw: FuzzWorld;
let routes: RouteInfo[] = [];
let ctx: CaseContext;
const started = Date.now();

// ---- counts -----------------------------------------------------------------------------------

const stats = {
  requests: 0,
  byStatus: new Map<number, number>(),
  byActor: new Map<string, Map<string, number>>(),
  byKind: new Map<string, Map<string, number>>(),
  byRoute: new Map<string, { n: number; ok: number }>(),
  writesRefused: 0,
  writesRefusedVerified: 0,
  /** refused writes whose group was closed by an unexpectedly accepted call, so not compared */
  writesRefusedUnverified: 0,
  snapshots: 0,
  failures: [] as string[],
};

const statusClass = (s: number) => (s >= 500 ? "5xx" : s >= 400 ? String(s) : s >= 300 ? "3xx" : "2xx");
function bump(map: Map<string, Map<string, number>>, row: string, col: string) {
  const m = map.get(row) ?? new Map<string, number>();
  m.set(col, (m.get(col) ?? 0) + 1);
  map.set(row, m);
}

// ---- the database before and after refused writes ----------------------------------------------

/**
 * Refused writes are compared in groups: one snapshot before the group, one when the group ends —
 * before any call that may be accepted (valid input), after the last case of an actor — instead of
 * two per refused call. An accepted call legitimately changes data: the next write takes a fresh
 * snapshot first.
 */
const guard = {
  baseline: null as DatabaseSnapshot | null,
  pending: [] as string[],
  route: "",
  async snapshot(): Promise<DatabaseSnapshot> {
    stats.snapshots += 1;
    return snapshotDatabase(t.db);
  },
  async ensureBaseline(): Promise<void> {
    this.baseline ??= await this.snapshot();
  },
  /** Compares the database with the baseline; throws when a refused write of the group changed it. */
  async verify(): Promise<void> {
    if (!this.pending.length) return;
    const now = await this.snapshot();
    const allowed = new Set(REFUSAL_MAY_CHANGE[this.route] ?? []);
    const changed = diffSnapshots(this.baseline!, now).filter((d) => !allowed.has(d.split(":")[0]!));
    const group = this.pending;
    stats.writesRefusedVerified += group.length;
    this.pending = [];
    this.baseline = now;
    if (changed.length)
      throw new Error(
        `a refused write changed stored data (${changed.join("; ")}); one of these ${group.length} refused calls:\n  ${group.join("\n  ")}`,
      );
  },
  reset(route: string) {
    this.baseline = null;
    this.pending = [];
    this.route = route;
  },
};

// ---- one case ---------------------------------------------------------------------------------

let caseNo = 0;

/** The stream route ends at maxSeconds: a valid value becomes 0, so that the stream opens and closes. */
function tameStream(url: string): string {
  const [path, query = ""] = url.split("?");
  const params = new URLSearchParams(query);
  const values = params.getAll("maxSeconds");
  if (!values.length) params.set("maxSeconds", "0");
  else {
    params.delete("maxSeconds");
    for (const v of values) {
      const n = Number(v);
      params.append("maxSeconds", Number.isFinite(n) && n > 0 && n <= 3600 ? "0" : v);
    }
  }
  return `${path}?${params.toString()}`;
}

/** A background import keeps writing after its 202: wait until no job is queued or running. */
async function settleImports(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const busy = await t.db
      .selectFrom("import_job")
      .select("id")
      .where("status", "in", ["queued", "running"])
      .executeTakeFirst();
    if (!busy) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("an import job did not finish within 10 s");
}

async function runCase(r: RouteInfo, actor: FuzzActor, c: FuzzCase): Promise<void> {
  caseNo += 1;
  const write = r.method !== "GET";
  let cookie = actor.cookie;
  let url = caseUrl(r, c);
  if (r.key === STREAM) url = tameStream(url);
  if (write) {
    if (r.key === SIGN_OUT && actor.userId) {
      // a throwaway session, so that the actor's own stays valid; made outside the compared window
      await guard.verify();
      cookie = await sessionCookie(t, actor.userId);
      guard.baseline = await guard.snapshot();
    } else if (!guard.baseline) await guard.ensureBaseline();
    else if (c.mayAccept) await guard.verify();
  }
  const { payload, headers } = casePayload(c);
  lastServerError = null;
  const res = await Promise.race([
    t.app
      .inject({
        method: r.method as any,
        url,
        payload,
        headers: { ...headers, ...(cookie ? { cookie } : {}) },
        // a different address per call, so that per-address throttles do not answer everything
        remoteAddress: `10.${(caseNo >> 16) & 255}.${(caseNo >> 8) & 255}.${caseNo & 255}`,
      })
      .catch((e: Error) => {
        // e.g. a stream that fails after its headers were sent: as much a server fault as a 500
        const cause = lastServerError?.split("\n").slice(0, 6).join("\n      ");
        throw new Error(`no complete answer (${e.message})${cause ? `\n    server error: ${cause}` : ""}`);
      }),
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
        REQUEST_TIMEOUT_MS,
      ),
    ),
  ]);
  const status = res.statusCode;
  stats.requests += 1;
  stats.byStatus.set(status, (stats.byStatus.get(status) ?? 0) + 1);
  bump(stats.byActor, actor.key, statusClass(status));
  bump(stats.byKind, c.kind, statusClass(status));
  const rs = stats.byRoute.get(r.key) ?? { n: 0, ok: 0 };
  rs.n += 1;
  if (status < 300) rs.ok += 1;
  stats.byRoute.set(r.key, rs);

  if (status >= 500) {
    const cause = (lastServerError as string | null)?.split("\n").slice(0, 6).join("\n      ");
    throw new Error(
      `answered ${status}: ${res.body.slice(0, 300)}${cause ? `\n    server error: ${cause}` : ""}`,
    );
  }
  if (status >= 400) {
    let body: unknown = null;
    try {
      body = res.json();
    } catch {
      // reported below
    }
    if (!isBilingualError(body))
      throw new Error(`answered ${status} without the bilingual error body: ${res.body.slice(0, 300)}`);
  }
  if (!write) return;
  if (status < 400) {
    if (!c.mayAccept && guard.pending.length) {
      stats.writesRefusedUnverified += guard.pending.length;
      guard.pending = [];
    }
    guard.baseline = null;
    if (r.key === IMPORT) await settleImports();
  } else {
    stats.writesRefused += 1;
    guard.pending.push(`#${caseNo} → ${status}: ${describeCase(r, c)}`);
  }
}

// ---- the run ----------------------------------------------------------------------------------

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** The last error the server logged (with its stack), shown with a 5xx. */
let lastServerError: string | null = null;

/** The test app, logging to a stream that keeps only the server's errors for the failure message. */
function createFuzzApp(): Promise<TestApp> {
  return createTestApp(
    {},
    {
      logStream: {
        write(line: string) {
          if (!line.includes('"level":50')) return;
          try {
            const entry = JSON.parse(line) as { err?: { stack?: string; message?: string }; msg?: string };
            lastServerError = entry.err?.stack ?? entry.err?.message ?? entry.msg ?? line;
          } catch {
            lastServerError = line;
          }
        },
      },
    },
  );
}

beforeAll(async () => {
  t = await createFuzzApp();
  fw = await createFuzzWorld(t);
  const doc = t.app.swagger() as any;
  ctx = {
    components: doc.components?.schemas ?? {},
    png: await png(),
    sheetHeaders: EXPORT_HEADERS,
  };
  routes = t.app.routeTable.map((r) => {
    const op = doc.paths?.[r.url.replace(/:([A-Za-z]+)/g, "{$1}")]?.[r.method.toLowerCase()];
    return { key: `${r.method} ${r.url}`, method: r.method, url: r.url, op };
  });
  if (ONLY_ROUTE) routes = routes.filter((r) => r.key.includes(ONLY_ROUTE));
});

afterAll(async () => {
  printSummary();
  await t?.close();
});

describe(`fuzz: every route × ${ACTOR_KEYS.length} actors × ${RUNS} cases (seed ${BASE_SEED})`, () => {
  it("has an OpenAPI operation for every route", () => {
    if (!ONLY_ROUTE) expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((r) => !r.op).map((r) => r.key)).toEqual([]);
  });

  it("notices an insert, an update and a delete between two database marks (the check is not vacuous)", async () => {
    const household = fw.world.a.households[0]!.id;
    const before = await snapshotDatabase(t.db);
    await t.db.updateTable("household").set({ floor: 7 }).where("id", "=", household).execute();
    const updated = await snapshotDatabase(t.db);
    expect(diffSnapshots(before, updated)).toEqual(["household: 12 → 12 rows"]);
    await t.db.updateTable("household").set({ floor: 1 }).where("id", "=", household).execute();
    const { id } = await t.db
      .insertInto("notification")
      .values({ user_id: fw.actors[1]!.userId!, kind: "test", title_zh: "通知", title_en: "Note" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const inserted = await snapshotDatabase(t.db);
    expect(diffSnapshots(updated, inserted).map((d) => d.split(":")[0])).toEqual([
      "household",
      "notification",
    ]);
    await t.db.deleteFrom("notification").where("id", "=", id).execute();
    expect(diffSnapshots(inserted, await snapshotDatabase(t.db)).map((d) => d.split(":")[0])).toEqual([
      "notification",
    ]);
  });

  it("fuzzes every route as every actor", { timeout: Math.max(600_000, RUNS * 60_000) }, async () => {
    const failures: string[] = [];
    for (const r of routes) {
      await fw.restoreActors();
      // each case draws its ids from one place (mostly A, the actors' own), or from A and C mixed
      const arb = fc.oneof(
        ...fw.places.map((p) => ({
          weight: p.weight,
          arbitrary: caseArbitrary(r, { ...ctx, known: (name: string) => p.pools[name] }),
        })),
      );
      for (const actor of fw.actors) {
        guard.reset(r.key);
        const seed = hash32(`${BASE_SEED}|${r.key}|${actor.key}`);
        const details = await fc.check(
          fc.asyncProperty(arb, (c) => runCase(r, actor, c)),
          { numRuns: RUNS, seed, endOnFailure: true },
        );
        let problem: string | null = null;
        let shown = "";
        if (details.failed) {
          problem = String((details.errorInstance as Error)?.message ?? details.errorInstance);
          shown = details.counterexample ? describeCase(r, details.counterexample[0] as FuzzCase) : "";
        } else {
          // the end of an actor's cases closes the last group of refused writes
          try {
            await guard.verify();
          } catch (e) {
            problem = (e as Error).message;
          }
        }
        if (problem) {
          failures.push(
            `${r.key} as ${actor.key}: ${problem}${shown ? `\n  case: ${shown}` : ""}\n  reproduce: LINLI_FUZZ_SEED=${BASE_SEED} LINLI_FUZZ_RUNS=${RUNS} LINLI_FUZZ_ROUTE="${r.key}" node_modules/.bin/vitest run server/test/fuzz.test.ts (fast-check seed ${seed}${details.counterexamplePath ? `, path "${details.counterexamplePath}"` : ""})`,
          );
        }
      }
    }
    stats.failures = failures;
    if (failures.length) throw new Error(`${failures.length} fuzz failures:\n\n${failures.join("\n\n")}`);
  });
});

function printSummary() {
  const seconds = (Date.now() - started) / 1000;
  const statuses = [...stats.byStatus.entries()].sort((a, b) => a[0] - b[0]);
  const columns = [...new Set(statuses.map(([s]) => statusClass(s)))];
  const table = (title: string, map: Map<string, Map<string, number>>, rows: readonly string[]) => {
    const w = Math.max(title.length, ...rows.map((r) => r.length));
    const head = `  ${title.padEnd(w)}  ${columns.map((c) => c.padStart(6)).join("")}  ${"total".padStart(7)}`;
    const lines = rows
      .filter((r) => map.has(r))
      .map((r) => {
        const m = map.get(r)!;
        const total = [...m.values()].reduce((a, b) => a + b, 0);
        return `  ${r.padEnd(w)}  ${columns.map((c) => String(m.get(c) ?? 0).padStart(6)).join("")}  ${String(total).padStart(7)}`;
      });
    return [head, ...lines];
  };
  const fiveXX = statuses.filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  const neverAccepted = [...stats.byRoute.entries()].filter(([, v]) => v.ok === 0).map(([k]) => k);
  const lines = [
    "",
    `fuzz: ${routes.length} routes × ${ACTOR_KEYS.length} actors × ${RUNS} cases = ${stats.requests} requests in ${seconds.toFixed(1)} s (seed ${BASE_SEED}, ${t?.app.dbKind ?? "?"})`,
    `  statuses: ${statuses.map(([s, n]) => `${s} ×${n}`).join(", ")}; 5xx: ${fiveXX}`,
    ...table("actor", stats.byActor, ACTOR_KEYS),
    ...table("kind of case", stats.byKind, ["valid", "boundary", "invalid"]),
    `  refused writes: ${stats.writesRefused}, compared with the database: ${stats.writesRefusedVerified} (${stats.snapshots} snapshots), not compared (a later call of their group was accepted): ${stats.writesRefusedUnverified}`,
    `  routes no case got a 2xx from: ${neverAccepted.length}${neverAccepted.length ? ` (${neverAccepted.join(", ")})` : ""}`,
    `  failures: ${stats.failures.length}`,
    "",
  ];
  // straight to the terminal: vitest shows it under the file's run, also with the default reporter
  process.stdout.write(`${lines.join("\n")}\n`);
  if (SUMMARY_FILE) {
    writeFileSync(
      SUMMARY_FILE,
      JSON.stringify(
        {
          routes: routes.length,
          actors: ACTOR_KEYS.length,
          runs: RUNS,
          seed: BASE_SEED,
          database: t?.app.dbKind,
          seconds,
          requests: stats.requests,
          statuses: Object.fromEntries(statuses),
          fiveXX,
          writesRefused: stats.writesRefused,
          writesRefusedVerified: stats.writesRefusedVerified,
          writesRefusedUnverified: stats.writesRefusedUnverified,
          snapshots: stats.snapshots,
          neverAccepted,
          failures: stats.failures,
        },
        null,
        2,
      ),
    );
  }
}

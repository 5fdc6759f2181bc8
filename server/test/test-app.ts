// A real server on a real database for API tests: PGlite in memory, or a fresh PostgreSQL database
// in the PostgreSQL run. No mocks.
import { type Kysely, sql } from "kysely";
import type { Role } from "../src/access/roles.ts";
import { buildApp } from "../src/app.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import type { DB } from "../src/db/schema.ts";
import { CONSUMERS } from "../src/events/catalogue.ts";
import { drainEvents } from "../src/events/dispatcher.ts";
import { consumerStates } from "../src/events/events.queries.ts";
import { createSession, invalidateActors } from "../src/http/session.ts";
import { hashPassword } from "../src/modules/core/auth/auth.service.ts";
import { freshDatabaseUrl, pgliteTemplate } from "./fresh-database.ts";

export const TEST_PASSWORD = "test-password-1";
let passwordHash: Promise<string> | null = null;

export async function createTestApp(
  overrides: Partial<Config> = {},
  opts: { logStream?: { write(line: string): void } } = {},
) {
  const databaseUrl = await freshDatabaseUrl({ migrated: true });
  const database = await openDatabase({
    databaseUrl,
    pgliteDataDir: "memory://",
    ...(databaseUrl ? {} : { pgliteLoadDataDir: await pgliteTemplate() }),
    poolSize: 5,
  });
  // a copy of the run's migrated template: nothing to do unless it was made without one
  await migrateToLatest(database.db);
  const config = loadConfig({
    databaseUrl,
    webDist: "/nonexistent",
    // a test file's few residents submit dozens of requests within seconds; the per-person limit
    // itself is tested with small limits in requests/submission-limit.test.ts
    submissionLimits: { ownPerHour: 1_000_000, ownPerDay: 1_000_000, staffPerHour: 1_000_000 },
    ...overrides,
  });
  const app = await buildApp(
    config,
    database,
    opts.logStream ? { logger: true, logStream: opts.logStream } : {},
  );
  await app.ready();
  return {
    app,
    db: database.db,
    /** The database handle itself (its NOTIFY listener, for the event tests). */
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let phoneSeq = 0;
export function nextPhone(): string {
  phoneSeq += 1;
  return `139${String(process.pid % 1000).padStart(3, "0")}${String(phoneSeq).padStart(5, "0")}`;
}

export async function createUser(db: Kysely<DB>, name = "测试用户", phone = nextPhone()) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const { id } = await db
    .insertInto("app_user")
    .values({ phone, name, password_hash: await passwordHash })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, phone };
}

export async function grant(
  db: Kysely<DB>,
  userId: number,
  role: Role,
  scopeType:
    | "global"
    | "district"
    | "street"
    | "community"
    | "grid"
    | "estate"
    | "building"
    | "unit"
    | "organisation",
  scopeId: number | null,
  scopeCommunityId: number | null = null,
) {
  await db
    .insertInto("role_assignment")
    .values({
      user_id: userId,
      role,
      scope_type: scopeType,
      scope_id: scopeId,
      scope_community_id: scopeCommunityId,
    })
    .execute();
  invalidateActors();
}

/** Signs in through the API and returns the cookie header for later requests. */
export async function signIn(t: TestApp, phone: string, password = TEST_PASSWORD): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/auth/sign-in", payload: { phone, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "linli_session");
  return `linli_session=${cookie!.value}`;
}

/**
 * Two communities in one street, and one in another street: each with 2 grids, an estate with a
 * property company, 2 buildings (one per grid) with a unit, and 2 households per building with
 * one verified resident each.
 */
export async function createWorld(db: Kysely<DB>) {
  const district = await db
    .insertInto("district")
    .values({ code: `T${Math.random()}`, name: "测试区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const streetA = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "甲街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const streetB = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "乙街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const make = async (streetId: number, name: string) => {
    const c = await db
      .insertInto("community")
      .values({ street_id: streetId, name, reported: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const property = await db
      .insertInto("organisation")
      .values({ kind: "property_company", name: `${name}物业`, home_community_id: c.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const grids = [];
    for (const g of ["第一网格", "第二网格"])
      grids.push(
        (
          await db
            .insertInto("grid")
            .values({ community_id: c.id, name: g })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
      );
    const estate = await db
      .insertInto("estate")
      .values({ community_id: c.id, name: `${name}花园`, property_org_id: property.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const buildings = [];
    const households = [];
    const residents = [];
    for (let i = 0; i < 2; i++) {
      const b = await db
        .insertInto("building")
        .values({
          community_id: c.id,
          estate_id: estate.id,
          grid_id: grids[i]!,
          name: `${i + 1}栋`,
          floors: 6,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const u = await db
        .insertInto("unit")
        .values({ community_id: c.id, building_id: b.id, name: "1单元" })
        .returning("id")
        .executeTakeFirstOrThrow();
      buildings.push({ id: b.id, unitId: u.id, gridId: grids[i]! });
      for (const room of ["101", "102"]) {
        const h = await db
          .insertInto("household")
          .values({
            community_id: c.id,
            building_id: b.id,
            unit_id: u.id,
            grid_id: grids[i]!,
            floor: 1,
            room,
            area_m2: 88.5,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        households.push({ id: h.id, buildingId: b.id, gridId: grids[i]! });
        const r = await db
          .insertInto("resident")
          .values({
            community_id: c.id,
            household_id: h.id,
            name: `居民${i}${room}`,
            relation: "owner",
            status: "verified",
            phone: `1380000${String(h.id).padStart(4, "0")}`,
            phone_tail: String(h.id).padStart(4, "0"),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        residents.push({ id: r.id, householdId: h.id, gridId: grids[i]! });
      }
    }
    return {
      id: c.id,
      streetId,
      propertyOrgId: property.id,
      estateId: estate.id,
      grids,
      buildings,
      households,
      residents,
    };
  };
  const a = await make(streetA.id, "东龙社区");
  const b = await make(streetA.id, "西城社区");
  const c = await make(streetB.id, "南湖社区");
  return { districtId: district.id, streetA: streetA.id, streetB: streetB.id, a, b, c };
}

// ---- helpers for the cross-module tests (authorization matrix, bad input, module API tests) ----

/**
 * A registered person who is a verified member of a household (what POST /me/residency followed by
 * a staff verification leaves behind). The resident row carries the account's phone.
 */
export async function createResidentUser(
  db: Kysely<DB>,
  communityId: number,
  householdId: number,
  name = "测试住户",
): Promise<{ id: number; phone: string; residentId: number }> {
  const user = await createUser(db, name);
  const { id: residentId } = await db
    .insertInto("resident")
    .values({
      community_id: communityId,
      user_id: user.id,
      household_id: householdId,
      name,
      relation: "owner",
      status: "verified",
      phone: user.phone,
      phone_tail: user.phone.slice(-4),
      verified_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ...user, residentId };
}

/** A pending residency request without a household, as POST /me/residency leaves it. */
export async function createPendingResident(
  db: Kysely<DB>,
  communityId: number,
  opts: { userId?: number | null; name?: string; claimedAddress?: string } = {},
): Promise<number> {
  const { id } = await db
    .insertInto("resident")
    .values({
      community_id: communityId,
      user_id: opts.userId ?? null,
      household_id: null,
      name: opts.name ?? "待审核居民",
      relation: "owner",
      status: "pending",
      claimed_address: opts.claimedAddress ?? "1栋101",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A session cookie for a user without the password round trip (no argon2 verification). */
export async function sessionCookie(t: TestApp, userId: number): Promise<string> {
  return `linli_session=${await createSession(t.db, t.config, userId)}`;
}

/** The base tables of the public schema, sorted. */
export async function listTables(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`.execute(db);
  return rows.map((r) => r.name);
}

export type DatabaseSnapshot = Record<string, { rows: number; hash: string }>;

/**
 * Per table, the row count and the newest row version's transaction id (xmin), in one query: two equal
 * snapshots mean that nothing was stored, changed or deleted in between. An insert or an update
 * writes a row version with a newer xmin (an update back to the old value too), a delete lowers the
 * count. No row is turned into text, sorted or hashed: the matrix and the bad-input tests take two
 * snapshots around each of thousands of refused writes (a hash of every row made them 10 minutes).
 */
export async function snapshotDatabase(db: Kysely<DB>): Promise<DatabaseSnapshot> {
  const tables = await listTables(db);
  const parts = tables.map((name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected table name ${name}`);
    return `'${name}', (select json_build_array(count(*), coalesce(max(xmin::text::bigint), 0)) from "${name}")`;
  });
  // a function takes at most 100 arguments: 40 tables per jsonb_build_object, joined with ||
  const chunks: string[] = [];
  for (let i = 0; i < parts.length; i += 40)
    chunks.push(`jsonb_build_object(${parts.slice(i, i + 40).join(", ")})`);
  const { rows } = await sql<{
    s: Record<string, [number, number]> | string;
  }>`select ${sql.raw(chunks.join(" || ") || "'{}'::jsonb")} as s`.execute(db);
  const raw = rows[0]!.s;
  const parsed = typeof raw === "string" ? (JSON.parse(raw) as Record<string, [number, number]>) : raw;
  return Object.fromEntries(
    Object.entries(parsed).map(([name, [n, xmin]]) => [name, { rows: Number(n), hash: String(xmin) }]),
  );
}

/** Names the tables whose rows differ between two snapshots, with their row counts. */
export function diffSnapshots(before: DatabaseSnapshot, after: DatabaseSnapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((n) => before[n]?.hash !== after[n]?.hash)
    .map((n) => `${n}: ${before[n]?.rows ?? "-"} → ${after[n]?.rows ?? "-"} rows`);
}

/** True when an error reply carries a code and non-empty messages in Chinese and English. */
export function isBilingualError(body: unknown): boolean {
  const b = body as { code?: unknown; message_zh?: unknown; message_en?: unknown } | null;
  return (
    typeof b?.code === "string" &&
    b.code.length > 0 &&
    typeof b.message_zh === "string" &&
    b.message_zh.trim().length > 0 &&
    typeof b.message_en === "string" &&
    b.message_en.trim().length > 0
  );
}

/** Reads the latest code sent by the built-in SMS adapter to a phone (null when none was sent). */
export async function lastSmsCode(db: Kysely<DB>, phone: string): Promise<string | null> {
  const row = await db
    .selectFrom("sms_outbox")
    .select("body")
    .where("phone", "=", phone)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.body.match(/\d{6}/)?.[0] ?? null;
}

/** A valid resident ID number (GB 11643-1999 check character) for a birth date "YYYY-MM-DD". */
export function makeIdNumber(birthDate: string, serial = "123", area = "420106"): string {
  const body = `${area}${birthDate.replaceAll("-", "")}${serial}`;
  if (!/^\d{17}$/.test(body)) throw new Error(`bad ID number parts: ${body}`);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + "10X98765432"[sum % 11];
}

/**
 * Runs every consumer of the event catalogue over the events committed so far (what the dispatch
 * job does in a running server): API tests call it before they look at a reaction (the figures).
 */
export async function drainAllEvents(db: Kysely<DB>): Promise<Record<string, number>> {
  // Consumers read only events below the oldest transaction still running in the whole cluster; in
  // the PostgreSQL run other test files' transactions (other databases, same cluster) can hold that
  // back for a moment, so drain until no consumer is behind (or give up after 10 s and let the
  // caller's assertion say what is missing).
  const total: Record<string, number> = {};
  const until = Date.now() + 10_000;
  for (;;) {
    const handled = await drainEvents(db, CONSUMERS);
    for (const [k, n] of Object.entries(handled)) total[k] = (total[k] ?? 0) + n;
    const states = await consumerStates(db);
    const behind = CONSUMERS.some((c) => (states.find((s) => s.name === c.name)?.behind ?? 1) > 0);
    if (!behind || Date.now() > until) return total;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Known data for the backup tests (backup-restore.pglite.test.ts, backup-restore.pg.test.ts), written
// through the app: a resident's request submitted through the API, a ledger booking through the ledger
// service, an owner's ballot through the API in an open vote. Each "step" writes one of each under its
// label; `facts` reads back what a restored database holds: the labels whose request and booking are
// there, the ledger verification (the function behind `npm run verify:ledger`), and the vote's recount
// from its ballots (the count `npm run verify:vote` recomputes from an export) beside its running tally.
import type { Kysely } from "kysely";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { Database } from "../src/db/database.ts";
import type { DB } from "../src/db/schema.ts";
import { createSession } from "../src/http/session.ts";
import { ensureAccount, post, verifyLedger } from "../src/modules/core/ledger/ledger.service.ts";
import { checkedTally, recountOf } from "../src/modules/deliberation/votes/votes.service.ts";
import { createResidentUser, createUser, createWorld, grant } from "./test-app.ts";

export type App = Awaited<ReturnType<typeof buildApp>>;

/** The app on an open database, as the server builds it (no jobs, no web folder). */
export async function appOn(database: Database, databaseUrl?: string) {
  const config = loadConfig({
    databaseUrl,
    webDist: "/nonexistent",
    submissionLimits: { ownPerHour: 1_000_000, ownPerDay: 1_000_000, staffPerHour: 1_000_000 },
  });
  const app = await buildApp(config, database, {});
  await app.ready();
  return { app, config, db: database.db };
}

type Handle = Awaited<ReturnType<typeof appOn>>;

export interface KnownWorld {
  communityId: number;
  buildingId: number;
  voteId: number;
  /** owners' session cookies, one ballot per step */
  owners: string[];
  resident: string;
  cash: number;
  donors: number;
}

const HOUR = 3_600_000;

const cookieOf = async (h: Handle, userId: number) =>
  `linli_session=${await createSession(h.db, h.config, userId)}`;

async function call(
  h: Handle,
  method: "GET" | "POST" | "PUT",
  url: string,
  cookie: string,
  payload?: object,
) {
  const res = await h.app.inject({ method, url, payload, headers: { cookie } });
  if (res.statusCode !== 200) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A community with a resident, two ledger accounts and an open vote of a building's four owners. */
export async function setUpKnownWorld(h: Handle): Promise<KnownWorld> {
  const db = h.db;
  const w = await createWorld(db);
  const c = w.a.id;
  const staff = await createUser(db, "社区工作者");
  await grant(db, staff.id, "community_worker", "community", c);
  const committee = await createUser(db, "业委会委员");
  await grant(db, committee.id, "owners_committee_member", "estate", w.a.estateId, c);
  const { id: buildingId } = await db
    .insertInto("building")
    .values({ community_id: c, estate_id: w.a.estateId, name: "9栋", floors: 6 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const owners: string[] = [];
  for (let i = 0; i < 4; i++) {
    const { id: householdId } = await db
      .insertInto("household")
      .values({
        community_id: c,
        building_id: buildingId,
        floor: i + 1,
        room: `${i + 1}01`,
        area_m2: 90 + i,
        area_source: "register",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    owners.push(await cookieOf(h, (await createResidentUser(db, c, householdId, `业主${i}`)).id));
  }
  const vote = await call(h, "POST", `/api/communities/${c}/votes`, await cookieOf(h, staff.id), {
    title: "9栋加装电梯",
    estateId: w.a.estateId,
    buildingIds: [buildingId],
    matter: 7,
    questions: [{ text: "同意9栋加装电梯" }],
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + 240 * HOUR).toISOString(),
    proxyLimit: 1,
  });
  await call(h, "POST", `/api/communities/${c}/votes/${vote.id}/open`, await cookieOf(h, committee.id));
  const resident = await cookieOf(h, (await createResidentUser(db, c, w.a.households[0]!.id, "报事居民")).id);
  const account = (code: string, nameZh: string, nameEn: string) =>
    ensureAccount(db, { communityId: c, code, nameZh, nameEn, unit: "fen", allowNegative: true });
  const cash = await account("backup:cash", "备份测试资金", "Backup test cash");
  const donors = await account("backup:donors", "备份测试捐款", "Backup test donors");
  return { communityId: c, buildingId, voteId: vote.id, owners, resident, cash: cash.id, donors: donors.id };
}

/** Writes step `n` (0, 1, 2…) labelled `label`: a request, a booking, owner n's ballot. */
export async function writeStep(h: Handle, k: KnownWorld, n: number, label: string) {
  await call(h, "POST", `/api/communities/${k.communityId}/requests`, k.resident, {
    kind: "problem",
    categoryCode: "environment",
    title: `备份测试 ${label}`,
    place: { type: "building", buildingId: k.buildingId },
  });
  await post(h.db, {
    communityId: k.communityId,
    idempotencyKey: `backup-test-${label}`,
    kind: "project.income",
    memo: `备份测试 ${label}`,
    postings: [
      { accountId: k.cash, amount: 10_000 + n },
      { accountId: k.donors, amount: -(10_000 + n) },
    ],
    actorUserId: null,
  });
  const owner = k.owners[n];
  if (!owner) throw new Error(`no owner left for step ${n}`);
  await call(h, "PUT", `/api/communities/${k.communityId}/votes/${k.voteId}/ballot`, owner, {
    choices: [n % 2 === 0 ? "Y" : "N"],
  });
}

/** What a (restored) database holds of the known data. */
export async function facts(db: Kysely<DB>, k: KnownWorld) {
  const requests = await db
    .selectFrom("request")
    .select("title")
    .where("community_id", "=", k.communityId)
    .where("title", "like", "备份测试 %")
    .orderBy("title")
    .execute();
  const bookings = await db
    .selectFrom("ledger_transaction")
    .select("idempotency_key")
    .where("community_id", "=", k.communityId)
    .where("idempotency_key", "like", "backup-test-%")
    .orderBy("idempotency_key")
    .execute();
  const ledger = await verifyLedger(db, { communityId: k.communityId });
  const recount = (await recountOf(db, k.communityId, k.voteId))
    .map((r) => `${r.question_index}|${r.choice}|${r.area_cm2}|${r.heads}`)
    .sort();
  // the running tally kept by the ballot route must equal the recount (throws CONFLICT otherwise)
  await checkedTally(db, k.communityId, k.voteId);
  return {
    requests: requests.map((r) => r.title.replace("备份测试 ", "")),
    bookings: bookings.map((b) => b.idempotency_key.replace("backup-test-", "")),
    ledgerOk: ledger.ok,
    ledgerTransactions: ledger.transactions,
    recount,
  };
}

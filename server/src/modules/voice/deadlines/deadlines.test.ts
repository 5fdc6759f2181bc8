// Deadlines (V4): the sweep's reminders, escalations and auto-close, each exactly once, to the right
// people on their chosen channels; the overdue lists of a community and a street. The sweep is
// called directly here (the queue that runs it is tested in jobs/queue.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  drainAllEvents,
  grant,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { insertRequest } from "../figures/figures.fixtures.ts";
import { sweepDeadlines } from "./deadlines.service.ts";

const HOUR = 3_600_000;
const ago = (h: number) => new Date(Date.now() - h * HOUR);
const ahead = (h: number) => new Date(Date.now() + h * HOUR);

type World = Awaited<ReturnType<typeof createWorld>>;
type Person = { id: number; phone: string; cookie: string };
let t: TestApp;
let w: World;
let gridWorker: Person; // A, grid 1
let otherGridWorker: Person; // A, grid 2
let communityWorker: Person; // A
let streetOfficial: Person; // street of A and B
let otherStreetOfficial: Person; // street of C
let propertyStaff: Person; // A's property company
let resident: Person;

async function person(name: string): Promise<Person> {
  const u = await createUser(t.db, name);
  return { ...u, cookie: await sessionCookie(t, u.id) };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  gridWorker = await person("网格员甲");
  await grant(t.db, gridWorker.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  otherGridWorker = await person("网格员乙");
  await grant(t.db, otherGridWorker.id, "grid_worker", "grid", w.a.grids[1]!, w.a.id);
  communityWorker = await person("社区干部");
  await grant(t.db, communityWorker.id, "community_worker", "community", w.a.id);
  streetOfficial = await person("街道干部");
  await grant(t.db, streetOfficial.id, "street_official", "street", w.streetA);
  otherStreetOfficial = await person("乙街道干部");
  await grant(t.db, otherStreetOfficial.id, "street_official", "street", w.streetB);
  propertyStaff = await person("物业客服");
  await grant(t.db, propertyStaff.id, "property_staff", "organisation", w.a.propertyOrgId);
  resident = await person("居民");
});
afterAll(async () => {
  await t?.close();
});

/** Notifications (kind and title) and text messages each person received since `since` (an id mark). */
async function inbox(p: Person, since: { n: number; s: number }) {
  const notes = await t.db
    .selectFrom("notification")
    .select(["kind", "title_zh", "link"])
    .where("user_id", "=", p.id)
    .where("id", ">", since.n)
    .orderBy("id")
    .execute();
  const sms = await t.db
    .selectFrom("sms_outbox")
    .select("body")
    .where("phone", "=", p.phone)
    .where("id", ">", since.s)
    .execute();
  return { notes, sms: sms.map((s) => s.body) };
}

async function mark() {
  const n = await t.db
    .selectFrom("notification")
    .select((eb) => eb.fn.max("id").as("m"))
    .executeTakeFirst();
  const s = await t.db
    .selectFrom("sms_outbox")
    .select((eb) => eb.fn.max("id").as("m"))
    .executeTakeFirst();
  return { n: Number(n?.m ?? 0), s: Number(s?.m ?? 0) };
}

/** Resolves requests left over by earlier tests so each test sees only its own. */
async function clearOpen() {
  await t.db
    .updateTable("request")
    .set({ status: "closed", close_reason: "rated", closed_at: new Date() })
    .where("status", "in", ["submitted", "signed", "resolved"])
    .execute();
}

describe("deadline sweep", () => {
  it("reminds the grid's workers 2 hours before the time to sign, once, in-app and by SMS", async () => {
    await clearOpen();
    const since = await mark();
    const due = await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      title: "路灯不亮",
      signDueAt: ahead(1.5),
    });
    await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      title: "还早",
      signDueAt: ahead(3),
    });
    const first = await sweepDeadlines(t.db);
    expect(first).toMatchObject({ signReminders: 1, signEscalations: 0 });
    const got = await inbox(gridWorker, since);
    expect(got.notes).toEqual([
      {
        kind: "deadline.sign_reminder",
        title_zh: "待签收即将超时：路灯不亮",
        link: `/staff/requests/${w.a.id}/${due.id}`,
      },
    ]);
    expect(got.sms).toHaveLength(1);
    expect(got.sms[0]).toMatch(/^【邻里】待签收即将超时：路灯不亮：请在 .+ 前签收。$/);
    expect((await inbox(otherGridWorker, since)).notes).toEqual([]);
    expect((await inbox(communityWorker, since)).notes).toEqual([]);

    expect(await sweepDeadlines(t.db)).toEqual({
      signReminders: 0,
      solveReminders: 0,
      signEscalations: 0,
      solveEscalations: 0,
      autoClosed: 0,
      claimReminders: 0,
      claimOverdue: 0,
    });
    expect((await inbox(gridWorker, since)).notes).toHaveLength(1);
  });

  it("sends each step once even when two sweeps run at the same time", async () => {
    await clearOpen();
    const since = await mark();
    for (let i = 0; i < 5; i++)
      await insertRequest(t.db, {
        communityId: w.a.id,
        gridId: w.a.grids[0]!,
        title: `并发${i}`,
        signDueAt: ahead(1),
      });
    const [x, y] = await Promise.all([sweepDeadlines(t.db), sweepDeadlines(t.db)]);
    expect(x.signReminders + y.signReminders).toBe(5);
    const got = await inbox(gridWorker, since);
    expect(got.notes).toHaveLength(5);
    expect(got.sms).toHaveLength(5);
  });

  it("falls back to the community staff when the place has no grid worker", async () => {
    await clearOpen();
    const since = await mark();
    await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: null,
      title: "小区门口积水",
      signDueAt: ahead(1),
    });
    await sweepDeadlines(t.db);
    expect((await inbox(communityWorker, since)).notes.map((n) => n.kind)).toEqual([
      "deadline.sign_reminder",
    ]);
    expect((await inbox(gridWorker, since)).notes).toEqual([]);
  });

  it("escalates an unsigned request past its time to sign to the street, with an event, and no late reminder", async () => {
    await clearOpen();
    const since = await mark();
    const r = await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      title: "井盖缺失",
      signDueAt: ago(1),
    });
    const result = await sweepDeadlines(t.db);
    expect(result).toMatchObject({ signReminders: 0, signEscalations: 1 });
    expect((await inbox(streetOfficial, since)).notes).toEqual([
      {
        kind: "deadline.escalated",
        title_zh: "超时上报：井盖缺失",
        link: `/staff/requests/${w.a.id}/${r.id}`,
      },
    ]);
    expect((await inbox(otherStreetOfficial, since)).notes).toEqual([]);
    expect((await inbox(gridWorker, since)).notes.map((n) => n.kind)).toEqual(["deadline.overdue"]);
    const events = await t.db
      .selectFrom("request_event")
      .select(["kind", "actor_role", "data"])
      .where("community_id", "=", w.a.id)
      .where("request_id", "=", r.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.kind).toBe("escalated");
    expect(events[0]!.actor_role).toBe("system");
    expect(events[0]!.data).toMatchObject({ stage: "sign", to: "street" });
    const row = await t.db
      .selectFrom("request")
      .select(["sign_reminded_at", "sign_escalated_at"])
      .where("community_id", "=", w.a.id)
      .where("id", "=", r.id)
      .executeTakeFirstOrThrow();
    expect(row.sign_reminded_at).toBeNull();
    expect(row.sign_escalated_at).not.toBeNull();
    expect((await sweepDeadlines(t.db)).signEscalations).toBe(0);
  });

  it("reminds whoever must act 24 hours before the time to solve, and escalates after it", async () => {
    await clearOpen();
    const since = await mark();
    const common = {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      estateId: w.a.estateId,
      status: "signed" as const,
      signedAt: ago(2),
      signedBy: gridWorker.id,
      routeTo: "property" as const,
      routeOrgId: w.a.propertyOrgId,
    };
    await insertRequest(t.db, { ...common, title: "电梯异响", solveDueAt: ahead(20) });
    await insertRequest(t.db, { ...common, title: "外墙脱落", solveDueAt: ago(3) });
    const result = await sweepDeadlines(t.db);
    expect(result).toMatchObject({ solveReminders: 1, solveEscalations: 1 });
    expect((await inbox(propertyStaff, since)).notes.map((n) => [n.kind, n.title_zh])).toEqual([
      ["deadline.solve_reminder", "办理即将超时：电梯异响"],
      ["deadline.overdue", "已超时：外墙脱落"],
    ]);
    expect((await inbox(gridWorker, since)).notes.map((n) => n.kind)).toEqual([
      "deadline.solve_reminder",
      "deadline.overdue",
    ]);
    expect((await inbox(streetOfficial, since)).notes.map((n) => n.title_zh)).toEqual(["超时上报：外墙脱落"]);
  });

  it("closes resolved requests nobody confirmed in time as not rated, and tells the submitter", async () => {
    await clearOpen();
    const since = await mark();
    const r = await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[1]!,
      title: "健身器材损坏",
      status: "resolved",
      signedAt: ago(50),
      resolvedAt: ago(30),
      confirmDueAt: ago(1),
      submitterUserId: resident.id,
    });
    const waiting = await insertRequest(t.db, {
      communityId: w.a.id,
      title: "还在确认期内",
      status: "resolved",
      resolvedAt: ago(2),
      confirmDueAt: ahead(48),
    });
    await drainAllEvents(t.db);
    await t.db.deleteFrom("request_stats_dirty").execute();
    expect((await sweepDeadlines(t.db)).autoClosed).toBe(1);
    const rows = await t.db
      .selectFrom("request")
      .select(["id", "status", "close_reason", "closed_at"])
      .where("id", "in", [r.id, waiting.id])
      .orderBy("id")
      .execute();
    expect(rows.map((x) => [x.status, x.close_reason])).toEqual([
      ["closed", "not_rated"],
      ["resolved", null],
    ]);
    expect((await inbox(resident, since)).notes.map((n) => n.kind)).toEqual(["request.closed"]);
    // the figures hear of it through request.closed (their consumer marks the key)
    await drainAllEvents(t.db);
    const dirty = await t.db.selectFrom("request_stats_dirty").selectAll().execute();
    expect(dirty.map((d) => [d.community_id, d.grid_id])).toEqual([[w.a.id, w.a.grids[1]!]]);
    expect((await sweepDeadlines(t.db)).autoClosed).toBe(0);
  });

  it("respects each person's channels: in-app only, SMS only", async () => {
    await clearOpen();
    const since = await mark();
    await t.db
      .insertInto("notification_preference")
      .values([
        { user_id: gridWorker.id, in_app: true, sms: false },
        { user_id: otherGridWorker.id, in_app: false, sms: true },
      ])
      .execute();
    await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      title: "甲",
      signDueAt: ahead(1),
    });
    await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[1]!,
      title: "乙",
      signDueAt: ahead(1),
    });
    await sweepDeadlines(t.db);
    const a = await inbox(gridWorker, since);
    const b = await inbox(otherGridWorker, since);
    expect([a.notes.length, a.sms.length]).toEqual([1, 0]);
    expect([b.notes.length, b.sms.length]).toEqual([0, 1]);
    await t.db.deleteFrom("notification_preference").execute();
  });
});

describe("overdue lists", () => {
  let ids: Record<string, number>;
  beforeAll(async () => {
    await clearOpen();
    const mk = async (communityId: number, gridId: number | null, title: string, stage: "sign" | "solve") =>
      (
        await insertRequest(
          t.db,
          stage === "sign"
            ? { communityId, gridId, title, signDueAt: ago(5) }
            : { communityId, gridId, title, status: "signed", signedAt: ago(40), solveDueAt: ago(2) },
        )
      ).id;
    ids = {
      a1sign: await mk(w.a.id, w.a.grids[0]!, "A1 未签收", "sign"),
      a1solve: await mk(w.a.id, w.a.grids[0]!, "A1 未办结", "solve"),
      a2sign: await mk(w.a.id, w.a.grids[1]!, "A2 未签收", "sign"),
      anone: await mk(w.a.id, null, "A 无网格", "solve"),
      b1: await mk(w.b.id, w.b.grids[0]!, "B1 未签收", "sign"),
      c1: await mk(w.c.id, w.c.grids[0]!, "C1 未签收", "sign"),
    };
    // not overdue: due later, or resolved
    await insertRequest(t.db, { communityId: w.a.id, gridId: w.a.grids[0]!, signDueAt: ahead(5) });
    await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      status: "resolved",
      signDueAt: ago(9),
    });
  });

  const get = (url: string, p: Person) => t.app.inject({ method: "GET", url, headers: { cookie: p.cookie } });

  it("lists a community's overdue requests with counts per grid, oldest deadline first", async () => {
    const res = await get(`/api/communities/${w.a.id}/overdue`, communityWorker);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ communityId: w.a.id, sign: 2, solve: 2, total: 4 });
    expect(body.items.map((i: any) => i.id)).toEqual([ids.a1sign, ids.a2sign, ids.a1solve, ids.anone]);
    expect(body.items[0]).toMatchObject({ stage: "sign", gridName: "第一网格", overdueHours: 5 });
    expect(body.grids).toEqual([
      { gridId: w.a.grids[0], gridName: "第一网格", sign: 1, solve: 1, total: 2 },
      { gridId: null, gridName: null, sign: 0, solve: 1, total: 1 },
      { gridId: w.a.grids[1], gridName: "第二网格", sign: 1, solve: 0, total: 1 },
    ]);
  });

  it("shows a grid worker only their grid", async () => {
    const body = (await get(`/api/communities/${w.a.id}/overdue`, gridWorker)).json();
    expect(body.items.map((i: any) => i.id)).toEqual([ids.a1sign, ids.a1solve]);
    expect(body.total).toBe(2);
    expect((await get(`/api/communities/${w.b.id}/overdue`, gridWorker)).statusCode).toBe(403);
  });

  it("gives the street official the whole street, grouped per community and grid", async () => {
    const res = await get(`/api/streets/${w.streetA}/overdue`, streetOfficial);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.street).toMatchObject({ id: w.streetA, name: "甲街道", sign: 3, solve: 2, total: 5 });
    expect(body.communities.map((c: any) => [c.name, c.total])).toEqual([
      ["东龙社区", 4],
      ["西城社区", 1],
    ]);
    expect(body.communities[1].grids).toEqual([
      { gridId: w.b.grids[0], gridName: "第一网格", sign: 1, solve: 0, total: 1 },
    ]);
    expect(body.items.map((i: any) => i.id)).not.toContain(ids.c1);
    expect(body.items.find((i: any) => i.id === ids.b1).communityName).toBe("西城社区");
    expect((await get(`/api/streets/${w.streetB}/overdue`, streetOfficial)).statusCode).toBe(403);
    expect((await get(`/api/streets/${w.streetA}/overdue`, communityWorker)).statusCode).toBe(403);
    expect((await get(`/api/streets/999999/overdue`, streetOfficial)).statusCode).toBe(404);
  });
});

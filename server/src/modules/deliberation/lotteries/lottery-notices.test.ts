// Each applicant of a drawn lottery is told their own outcome, once (issue 11): the lottery-notices
// consumer of lottery.drawn and lottery.place_passed. Six applicants for two places: after the draw each
// has exactly one notification (won with the position and space, or the waiting-list position); handling
// the same event again (a retry, a resent dead letter) adds none; when a winner declines, the first of
// the waiting list — and nobody else — is told the place passed to them, once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  drainAllEvents,
  grant,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import type { StoredEvent } from "../../../events/define.ts";
import { lotteryNoticesConsumer } from "./lottery-notices.events.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let worker: string;
const applicants: { userId: number; cookie: string }[] = [];
const HOUR = 3_600_000;

const api = (method: string, url: string, cookie: string, payload?: unknown) =>
  t.app.inject({ method: method as any, url, payload: payload as any, headers: { cookie } });

const lotteryNotices = (userId: number) =>
  t.db
    .selectFrom("notification")
    .select(["kind", "title_zh", "body_zh", "title_en", "link"])
    .where("user_id", "=", userId)
    .where("kind", "like", "lottery.%")
    .orderBy("id")
    .execute();

/** Handles the stored events of a type again, as a retry or a resent dead letter would. */
async function replay(type: string) {
  const rows = await t.db.selectFrom("domain_event").selectAll().where("type", "=", type).execute();
  for (const r of rows)
    await t.db.transaction().execute((trx) =>
      lotteryNoticesConsumer.handle(trx, {
        id: Number(r.id),
        communityId: r.community_id,
        type: r.type,
        version: r.version,
        aggregateType: r.aggregate_type,
        aggregateId: Number(r.aggregate_id),
        payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
        actorUserId: r.actor_user_id,
        createdAt: new Date(r.created_at as any),
      } as StoredEvent),
    );
  return rows.length;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const u = await createUser(t.db, "社区工作者");
  await grant(t.db, u.id, "community_worker", "community", w.a.id);
  worker = await sessionCookie(t, u.id);
  const b = w.a.buildings[0]!;
  for (let i = 0; i < 6; i++) {
    const h = await t.db
      .insertInto("household")
      .values({
        community_id: w.a.id,
        building_id: b.id,
        unit_id: b.unitId,
        grid_id: b.gridId,
        floor: 5,
        room: `5${String(i + 1).padStart(2, "0")}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = await createResidentUser(t.db, w.a.id, h.id, `申请人${"甲乙丙丁戊己"[i]}`);
    applicants.push({ userId: r.id, cookie: await sessionCookie(t, r.id) });
  }
});
afterAll(async () => {
  await t?.close();
});

describe("lottery applicants notified one by one", () => {
  it("tells each applicant their outcome once, and the next of the waiting list when a winner declines", async () => {
    const A = `/api/communities/${w.a.id}`;
    const opened = await api("POST", `${A}/lotteries`, worker, {
      title: "地面车位摇号",
      kind: "parking",
      buildingId: w.a.buildings[0]!.id,
      places: 2,
      items: ["C-01", "C-02"],
      opensAt: new Date(Date.now() - HOUR).toISOString(),
      closesAt: new Date(Date.now() + HOUR).toISOString(),
    });
    expect(opened.statusCode, opened.body).toBe(200);
    const { lottery, secret } = opened.json();
    const L = `${A}/lotteries/${lottery.id}`;
    for (const a of applicants)
      expect((await api("POST", `${L}/applications`, a.cookie)).statusCode).toBe(200);
    await t.db
      .updateTable("lottery")
      .set({ opens_at: new Date(Date.now() - 2 * HOUR), closes_at: new Date(Date.now() - 1000) })
      .where("id", "=", lottery.id)
      .execute();
    expect((await api("POST", `${L}/freeze`, worker)).statusCode).toBe(200);
    const drawn = await api("POST", `${L}/draw`, worker, { secret, publicInput: "4 2" });
    expect(drawn.statusCode, drawn.body).toBe(200);
    // nothing before the consumer runs: the draw's transaction writes no applicant notice
    for (const a of applicants) expect(await lotteryNotices(a.userId)).toEqual([]);
    await drainAllEvents(t.db);

    const apps = await t.db
      .selectFrom("lottery_application as a")
      .innerJoin("resident as r", "r.id", "a.resident_id")
      .select(["r.user_id", "a.ticket", "a.draw_position", "a.outcome", "a.item"])
      .where("a.lottery_id", "=", lottery.id)
      .execute();
    for (const app of apps) {
      const got = await lotteryNotices(app.user_id!);
      expect(got, `ticket ${app.ticket}`).toHaveLength(1);
      expect(got[0]!.link).toBe(`/m/lotteries/${w.a.id}/${lottery.id}`);
      if (app.outcome === "won") {
        expect(got[0]!.title_zh).toContain("中签");
        expect(got[0]!.body_zh).toContain(`排第 ${app.draw_position} 位`);
        expect(got[0]!.body_zh).toContain(app.item!);
      } else {
        expect(app.outcome).toBe("waiting");
        expect(got[0]!.title_zh).toBe(`摇号结果：候补第 ${app.draw_position! - 2} 位`);
        expect(got[0]!.title_en).toContain(`waiting list no. ${app.draw_position! - 2}`);
      }
    }
    expect(apps.filter((a) => a.outcome === "won")).toHaveLength(2);

    // replaying the consumer (and draining again) adds none
    const count = () =>
      t.db
        .selectFrom("notification")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("kind", "like", "lottery.%")
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const sms = () =>
      t.db
        .selectFrom("sms_outbox")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("body", "like", "%摇号%")
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const [n0, s0] = [await count(), await sms()];
    expect(n0).toBe(6);
    expect(await replay("lottery.drawn")).toBe(1);
    await drainAllEvents(t.db);
    expect([await count(), await sms()]).toEqual([n0, s0]);

    // a winner declines: the first of the waiting list is told, once; nobody else hears anything new
    const first = apps.find((a) => a.draw_position === 1)!;
    const next = apps.find((a) => a.draw_position === 3)!;
    const listed = (await api("GET", `${L}/applications?outcome=won`, worker)).json();
    const declined = await api("POST", `${L}/declines`, worker, {
      applicationId: listed.items.find((x: any) => x.drawPosition === 1).id,
      reason: "已买车位",
    });
    expect(declined.statusCode, declined.body).toBe(200);
    await drainAllEvents(t.db);
    const told = await lotteryNotices(next.user_id!);
    expect(told.map((n) => n.kind)).toEqual(["lottery.drawn", "lottery.place_passed"]);
    expect(told[1]!.body_zh).toContain(first.item!);
    expect(await count()).toBe(n0 + 1);
    expect(await replay("lottery.place_passed")).toBe(1);
    expect(await count()).toBe(n0 + 1);
  });
});

// Lotteries (D8) through the real API: staff open a lottery with a commitment, verified residents of
// the place apply once per household (a unique index, not the client), staff freeze the list after
// the close and draw with the revealed secret; the winners and the waiting list are published as a
// notice and reproduced by verify from the board's export alone; a winner's decline passes the place
// on; and every refusal (not eligible, closed, second application, draw before close, a secret that
// does not match, a second draw) stores nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { commitmentOf, type LotteryExport, verifyExport } from "./lotteries-draw.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
const cookies: Record<string, string> = {};
const HOUR = 3_600_000;
/** 12 applicant households in building 1 of A, one resident with an account each. */
const applicants: { cookie: string; residentId: number; householdId: number }[] = [];

async function api(method: string, url: string, cookie: string | null, payload?: unknown) {
  return t.app.inject({
    method: method as any,
    url,
    payload: payload as any,
    headers: cookie ? { cookie } : {},
  });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const db = t.db;
  const staff = async (
    key: string,
    ...g: Parameters<typeof grant> extends [any, any, ...infer R] ? R : never
  ) => {
    const u = await createUser(db, key);
    await grant(db, u.id, ...g);
    cookies[key] = await sessionCookie(t, u.id);
  };
  await staff("worker", "community_worker", "community", w.a.id);
  await staff("grid2", "grid_worker", "grid", w.a.grids[1]!, w.a.id);
  const b = w.a.buildings[0]!;
  for (let i = 0; i < 12; i++) {
    const h = await db
      .insertInto("household")
      .values({
        community_id: w.a.id,
        building_id: b.id,
        unit_id: b.unitId,
        grid_id: b.gridId,
        floor: 3,
        room: `3${String(i + 1).padStart(2, "0")}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const r = await createResidentUser(db, w.a.id, h.id, `申请人${"甲乙丙丁戊己庚辛壬癸子丑"[i]}`);
    applicants.push({ cookie: await sessionCookie(t, r.id), residentId: r.residentId, householdId: h.id });
  }
  // a second member of applicant 0's household, and a resident of community C
  const wife = await createResidentUser(db, w.a.id, applicants[0]!.householdId, "申请人1家属");
  cookies.wife = await sessionCookie(t, wife.id);
  const outsider = await createResidentUser(db, w.c.id, w.c.households[0]!.id, "外社区居民");
  cookies.outsider = await sessionCookie(t, outsider.id);
});
afterAll(async () => {
  await t?.close();
});

async function open(body: Record<string, unknown> = {}) {
  const res = await api("POST", `${A}/lotteries`, cookies.worker!, {
    title: "地下车位摇号",
    kind: "parking",
    buildingId: w.a.buildings[0]!.id,
    places: 5,
    items: ["B-01", "B-02", "B-03", "B-04", "B-05"],
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + HOUR).toISOString(),
    ...body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { lottery: { id: number; commitment: string; state: string }; secret: string | null };
}

/** Moves a lottery's window into the past (as time passing would). */
const closeNow = (id: number) =>
  t.db
    .updateTable("lottery")
    .set({ opens_at: new Date(Date.now() - 2 * HOUR), closes_at: new Date(Date.now() - 1000) })
    .where("id", "=", id)
    .execute();

async function refused(method: string, url: string, cookie: string, payload: unknown, code: string) {
  const before = await snapshotDatabase(t.db);
  const res = await api(method, url, cookie, payload);
  expect(res.json().code, res.body).toBe(code);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
}

describe("a parking-space lottery from opening to a passed-on place", () => {
  it("draws 12 applicants for 5 spaces reproducibly, publishes the result and passes a declined space on", async () => {
    const { lottery, secret } = await open();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(lottery.commitment).toBe(commitmentOf(secret!));
    expect(lottery.state).toBe("open");
    const L = `${A}/lotteries/${lottery.id}`;
    // the secret is never stored before the draw
    const stored = await t.db
      .selectFrom("lottery")
      .selectAll()
      .where("id", "=", lottery.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret!);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("after")
      .where("action", "=", "lottery.create")
      .execute();
    expect(JSON.stringify(audit)).not.toContain(secret!);

    for (const a of applicants) {
      const res = await api("POST", `${L}/applications`, a.cookie);
      expect(res.statusCode, res.body).toBe(200);
    }
    // one per household: the wife of applicant 1 is refused
    await refused("POST", `${L}/applications`, cookies.wife!, undefined, "LOTTERY_APPLIED");
    await refused("POST", `${L}/applications`, applicants[0]!.cookie, undefined, "LOTTERY_APPLIED");
    // outside the place
    await refused("POST", `${L}/applications`, cookies.outsider!, undefined, "FORBIDDEN");
    // no freeze or draw before the close
    await refused("POST", `${L}/freeze`, cookies.worker!, undefined, "LOTTERY_NOT_CLOSED");
    await refused("POST", `${L}/draw`, cookies.worker!, { secret: secret! }, "LOTTERY_NOT_CLOSED");

    await closeNow(lottery.id);
    await refused("POST", `${L}/applications`, applicants[1]!.cookie, undefined, "LOTTERY_CLOSED");
    await refused("POST", `${L}/draw`, cookies.worker!, { secret: secret! }, "LOTTERY_NOT_FROZEN");
    const frozen = await api("POST", `${L}/freeze`, cookies.worker!);
    expect(frozen.statusCode, frozen.body).toBe(200);
    expect(frozen.json().listHash).toMatch(/^[0-9a-f]{64}$/);
    await refused("POST", `${L}/freeze`, cookies.worker!, undefined, "LOTTERY_FROZEN");

    // the list is published before the draw, pseudonymous: tickets and masked labels only
    const before = (await api("GET", `${L}/board`, applicants[3]!.cookie)).json();
    expect(before.export.applicants).toHaveLength(12);
    expect(before.export.applicants[0]).toEqual({ ticket: 1, label: "申某 · 1栋" });
    expect(before.export.secret).toBeNull();
    expect(before.mine.ticket).toBe(4);

    // a wrong secret draws nothing
    await refused("POST", `${L}/draw`, cookies.worker!, { secret: `${secret}0` }, "LOTTERY_SECRET_MISMATCH");
    const drawn = await api("POST", `${L}/draw`, cookies.worker!, { secret, publicInput: "3 5 6 2" });
    expect(drawn.statusCode, drawn.body).toBe(200);
    expect(drawn.json().state).toBe("drawn");
    await refused("POST", `${L}/draw`, cookies.worker!, { secret }, "LOTTERY_DRAWN");

    const board = (await api("GET", `${L}/board`, applicants[3]!.cookie)).json();
    const e = board.export as LotteryExport;
    expect(e.secret).toBe(secret);
    expect(e.result!.winners).toHaveLength(5);
    expect(e.result!.waitingList).toHaveLength(7);
    expect(verifyExport(e).ok).toBe(true);
    const tampered = structuredClone(e);
    tampered.result!.winners[0]!.ticket = tampered.result!.waitingList[0]!;
    expect(verifyExport(tampered).ok).toBe(false);

    // published as a notice
    const notice = await t.db
      .selectFrom("notice")
      .select(["title", "body", "kind"])
      .where("id", "=", board.lottery.noticeId)
      .executeTakeFirstOrThrow();
    expect(notice.kind).toBe("publicity");
    expect(notice.body).toContain(secret!);

    // a winner declines: the first of the waiting list takes the space and its number
    const apps = (await api("GET", `${L}/applications?outcome=won`, cookies.worker!)).json();
    expect(apps.total).toBe(5);
    const first = apps.items.find((x: any) => x.drawPosition === 1);
    await refused(
      "POST",
      `${L}/declines`,
      cookies.worker!,
      {
        applicationId: (await api("GET", `${L}/applications?outcome=waiting`, cookies.worker!)).json()
          .items[0].id,
      },
      "LOTTERY_NOT_WINNER",
    );
    const declined = await api("POST", `${L}/declines`, cookies.worker!, {
      applicationId: first.id,
      reason: "已买车位",
    });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toEqual({
      declinedTicket: first.ticket,
      passedTo: { ticket: e.result!.waitingList[0], item: "B-01" },
    });
    const after = (await api("GET", `${L}/applications?outcome=won`, cookies.worker!)).json();
    expect(after.items.map((x: any) => x.ticket)).toContain(e.result!.waitingList[0]);
    const log = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "like", "lottery.%")
      .orderBy("id")
      .execute();
    expect(log.map((r) => r.action)).toEqual([
      "lottery.create",
      "lottery.freeze",
      "lottery.draw",
      "lottery.decline",
    ]);
    // the export still verifies (declines are recorded beside the draw, not in it)
    const later = (await api("GET", `${L}/board`, applicants[3]!.cookie)).json().export as LotteryExport;
    expect(later.declines).toEqual([
      expect.objectContaining({ ticket: first.ticket, passedTo: e.result!.waitingList[0] }),
    ]);
    expect(verifyExport(later).ok).toBe(true);
    // the second of the waiting list is now first
    const second = e.result!.waitingList[1]!;
    const secondCookie = applicants[second - 1]!.cookie;
    expect((await api("GET", `${L}/board`, secondCookie)).json().mine).toMatchObject({
      outcome: "waiting",
      waitingPosition: 1,
    });
  });

  it("an organiser's own commitment: only the matching secret draws", async () => {
    const own = "我们在居民会上掷的骰子：4 1 6";
    const { lottery, secret } = await open({ commitment: commitmentOf(own), places: 1, items: [] });
    expect(secret).toBeNull();
    const L = `${A}/lotteries/${lottery.id}`;
    await api("POST", `${L}/applications`, applicants[5]!.cookie);
    await closeNow(lottery.id);
    await api("POST", `${L}/freeze`, cookies.worker!);
    await refused("POST", `${L}/draw`, cookies.worker!, { secret: "猜一个" }, "LOTTERY_SECRET_MISMATCH");
    expect((await api("POST", `${L}/draw`, cookies.worker!, { secret: own })).statusCode).toBe(200);
  });

  it("owners only: a tenant is not eligible; staff outside the place may not open or draw it", async () => {
    const { lottery } = await open({ audience: "owners" });
    await t.db
      .updateTable("resident")
      .set({ relation: "tenant" })
      .where("id", "=", applicants[7]!.residentId)
      .execute();
    await refused(
      "POST",
      `${A}/lotteries/${lottery.id}/applications`,
      applicants[7]!.cookie,
      undefined,
      "FORBIDDEN",
    );
    // the grid worker of grid 2 does not reach building 1
    await refused("POST", `${A}/lotteries/${lottery.id}/freeze`, cookies.grid2!, undefined, "OUT_OF_SCOPE");
    await refused(
      "POST",
      `${A}/lotteries`,
      cookies.worker!,
      {
        title: "x",
        places: 2,
        items: ["1"],
        opensAt: "2026-01-01T00:00:00Z",
        closesAt: "2099-01-01T00:00:00Z",
      },
      "VALIDATION",
    );
  });

  it("the organiser closes applications early; a closed lottery cannot be closed again", async () => {
    const { lottery } = await open();
    const L = `${A}/lotteries/${lottery.id}`;
    const res = await api("POST", `${L}/close`, cookies.worker!);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe("closed");
    await refused("POST", `${L}/close`, cookies.worker!, undefined, "LOTTERY_CLOSED");
    await refused("POST", `${L}/applications`, applicants[4]!.cookie, undefined, "LOTTERY_CLOSED");
    expect((await api("POST", `${L}/freeze`, cookies.worker!)).statusCode).toBe(200);
  });

  it("a long title and 600 applicants still fit the notices (the board keeps every ticket)", async () => {
    const { lottery, secret } = await open({ title: "长".repeat(80), places: 50, items: [] });
    const b = w.a.buildings[1]!;
    const homes = await t.db
      .insertInto("household")
      .values(
        Array.from({ length: 600 }, (_, i) => ({
          community_id: w.a.id,
          building_id: b.id,
          unit_id: b.unitId,
          grid_id: b.gridId,
          floor: 9,
          room: `大${i}`,
        })),
      )
      .returning("id")
      .execute();
    const people = await t.db
      .insertInto("resident")
      .values(
        homes.map((h, i) => ({
          community_id: w.a.id,
          household_id: h.id,
          name: `欧阳${"一二三四五六七八九十"[i % 10]}`,
          relation: "owner" as const,
          status: "verified" as const,
          phone: `1390${String(i).padStart(7, "0")}`,
          phone_tail: String(i).padStart(4, "0"),
        })),
      )
      .returning(["id", "household_id"])
      .execute();
    await t.db
      .insertInto("lottery_application")
      .values(
        people.map((r) => ({
          community_id: w.a.id,
          lottery_id: lottery.id,
          applicant_key: `h:${r.household_id}`,
          resident_id: r.id,
          household_id: r.household_id!,
        })),
      )
      .execute();
    await closeNow(lottery.id);
    const L = `${A}/lotteries/${lottery.id}`;
    expect((await api("POST", `${L}/freeze`, cookies.worker!)).statusCode).toBe(200);
    const drawn = await api("POST", `${L}/draw`, cookies.worker!, { secret, publicInput: "1 1 1" });
    expect(drawn.statusCode, drawn.body).toBe(200);
    const notices = await t.db
      .selectFrom("notice")
      .select(["title", "body"])
      .where("subject_kind", "=", "lottery")
      .where("subject_id", "=", lottery.id)
      .execute();
    expect(notices).toHaveLength(2);
    for (const n of notices) {
      expect(n.title.length).toBeLessThanOrEqual(80);
      expect(n.body.length).toBeLessThanOrEqual(5000);
      expect(n.body).toContain("完整名单见摇号页面");
    }
    const board = (await api("GET", `${L}/board`, cookies.worker!)).json();
    expect(board.export.applicants).toHaveLength(600);
    expect(verifyExport(board.export).ok).toBe(true);
    expect(board.export.applicants[0].label).toBe("欧阳某 · 2栋");
  });

  it("lists my lotteries and the staff list", async () => {
    const mine = (await api("GET", "/api/me/lotteries", applicants[2]!.cookie)).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.items.some((l: any) => l.applied)).toBe(true);
    const none = (await api("GET", "/api/me/lotteries", cookies.outsider!)).json();
    expect(none.items).toEqual([]);
    const list = (await api("GET", `${A}/lotteries?state=drawn`, cookies.worker!)).json();
    expect(list.total).toBe(3);
  });
});

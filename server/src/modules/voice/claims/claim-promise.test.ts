// Promise dates of claims (V3 with V4) and releasing an abandoned claim: the deadline sweep reminds
// the claimant the day before (from 09:00 China time), tells the claimant and the place's grid
// workers once the date has passed, each once however often it runs; fulfilled, withdrawn and
// released claims get nothing. Staff who may handle requests at the place release a claim with a
// reason: the wish is open again, the claimant and submitter are told, an event and an audit row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { shanghaiDay, startOfDay } from "../../core/calendar/calendar.service.ts";
import { sweepDeadlines } from "../deadlines/deadlines.service.ts";
import { insertRequest } from "../figures/figures.fixtures.ts";
import { api, type Person, submit, type VoiceWorld, voiceWorld } from "../requests/requests.fixtures.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let v: VoiceWorld;
let A: string;

/** The China day `n` days from the real today, and a moment of that day at `hour` China time. */
const today = shanghaiDay(new Date());
const day = (n: number) => shanghaiDay(new Date(startOfDay(today).getTime() + n * DAY + HOUR));
const at = (d: string, hour: number) => new Date(startOfDay(d).getTime() + hour * HOUR);

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
});
afterAll(async () => {
  await t?.close();
});

/** Ends the claims earlier tests left active, so each test sees only its own. */
async function clearClaims() {
  await t.db
    .updateTable("request_claim")
    .set({ status: "fulfilled" })
    .where("status", "=", "active")
    .execute();
}

/**
 * A signed micro-wish of r0 (grid 1 unless told) claimed by r2 as a volunteer, written straight into
 * the tables so that the promise date and the time of the claim can be anywhere.
 */
async function claimedWish(f: {
  title: string;
  promiseDate: string;
  claimedAt: Date;
  gridId?: number | null;
  status?: "active" | "fulfilled" | "withdrawn";
  requestStatus?: "signed" | "resolved";
}) {
  const r = await insertRequest(t.db, {
    communityId: v.a.id,
    gridId: f.gridId === undefined ? v.a.grids[0]! : f.gridId,
    kind: "wish",
    status: f.requestStatus ?? "signed",
    title: f.title,
    submitterUserId: v.r0.id,
    createdAt: new Date(f.claimedAt.getTime() - DAY),
    signedAt: new Date(f.claimedAt.getTime() - DAY / 2),
    signedBy: v.gw1.id,
    solveDueAt: new Date(Date.now() + 30 * DAY),
    resolvedAt: f.requestStatus === "resolved" ? new Date() : null,
    confirmDueAt: f.requestStatus === "resolved" ? new Date(Date.now() + 7 * DAY) : null,
  });
  const claim = await t.db
    .insertInto("request_claim")
    .values({
      community_id: v.a.id,
      request_id: r.id,
      claimant_user_id: v.r2.id,
      claimant_kind: "volunteer",
      promise_date: f.promiseDate,
      status: f.status ?? "active",
      created_at: f.claimedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { requestId: r.id, claimId: claim.id };
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

/** What a person was told since `since`: notifications (kind, title, link) and text messages. */
async function told(p: Person, since: { n: number; s: number }) {
  const notes = await t.db
    .selectFrom("notification")
    .select(["kind", "title_zh", "body_zh", "link"])
    .where("user_id", "=", p.id)
    .where("id", ">", since.n)
    .orderBy("id")
    .execute();
  const phone = (
    await t.db.selectFrom("app_user").select("phone").where("id", "=", p.id).executeTakeFirstOrThrow()
  ).phone;
  const sms = await t.db
    .selectFrom("sms_outbox")
    .select("body")
    .where("phone", "=", phone)
    .where("id", ">", since.s)
    .execute();
  return { notes, sms: sms.map((s) => s.body) };
}

const stamps = (claimId: number) =>
  t.db
    .selectFrom("request_claim")
    .select(["reminded_at", "overdue_notified_at"])
    .where("community_id", "=", v.a.id)
    .where("id", "=", claimId)
    .executeTakeFirstOrThrow();

describe("the promise-date sweep", () => {
  it("reminds the claimant once, from 09:00 on the day before the promise date (China time)", async () => {
    await clearClaims();
    const since = await mark();
    const due = await claimedWish({
      title: "想要一副老花镜",
      promiseDate: day(1),
      claimedAt: at(day(-3), 15),
    });
    // claimed on the day before its promise date: the claimant has just chosen it, no reminder
    const near = await claimedWish({ title: "想要一把雨伞", promiseDate: day(1), claimedAt: at(today, 7) });
    const later = await claimedWish({
      title: "想要一个台灯",
      promiseDate: day(2),
      claimedAt: at(day(-3), 15),
    });
    // its day before passed without a sweep (server down): reminded on the promise date itself
    const missed = await claimedWish({
      title: "想要一个书架",
      promiseDate: today,
      claimedAt: at(day(-5), 15),
    });

    expect(await sweepDeadlines(t.db, { now: at(today, 8) })).toMatchObject({
      claimReminders: 1,
      claimOverdue: 0,
    });
    expect((await stamps(missed.claimId)).reminded_at).not.toBeNull();
    expect((await stamps(due.claimId)).reminded_at).toBeNull();

    expect(await sweepDeadlines(t.db, { now: at(today, 10) })).toMatchObject({
      claimReminders: 1,
      claimOverdue: 0,
    });
    const got = await told(v.r2, since);
    expect(got.notes).toEqual([
      {
        kind: "claim.promise_reminder",
        title_zh: "您认领的微心愿今天到期：想要一个书架",
        body_zh: expect.stringContaining(`承诺在 ${today} 前完成`),
        link: "/m/my-claims",
      },
      {
        kind: "claim.promise_reminder",
        title_zh: "您认领的微心愿明天到期：想要一副老花镜",
        body_zh: expect.stringContaining(`承诺在 ${day(1)} 前完成`),
        link: "/m/my-claims",
      },
    ]);
    expect(got.sms).toHaveLength(2);
    expect(got.sms.join()).toContain("想要一副老花镜");
    for (const x of [near, later]) expect((await stamps(x.claimId)).reminded_at).toBeNull();
    // nobody else is reminded of a claimant's promise
    for (const p of [v.r0, v.gw1, v.worker]) expect((await told(p, since)).notes).toEqual([]);

    // again, later the same day and at the same moment: nothing more
    expect(await sweepDeadlines(t.db, { now: at(today, 10) })).toMatchObject({ claimReminders: 0 });
    expect(await sweepDeadlines(t.db, { now: at(today, 20) })).toMatchObject({ claimReminders: 0 });
    expect((await told(v.r2, since)).notes).toHaveLength(2);
  });

  it("tells the claimant and the grid's worker once when the promise date has passed, from 09:00 the day after", async () => {
    await clearClaims();
    const since = await mark();
    const late = await claimedWish({
      title: "想要一辆助行车",
      promiseDate: day(-1),
      claimedAt: at(day(-4), 15),
    });

    expect(await sweepDeadlines(t.db, { now: at(today, 8) })).toMatchObject({ claimOverdue: 0 });
    expect(await sweepDeadlines(t.db, { now: at(today, 9) })).toMatchObject({ claimOverdue: 1 });
    expect((await stamps(late.claimId)).overdue_notified_at).not.toBeNull();

    const claimant = await told(v.r2, since);
    expect(claimant.notes).toEqual([
      {
        kind: "claim.overdue",
        title_zh: "您的认领已超期：想要一辆助行车",
        body_zh: expect.stringContaining(`承诺完成日期 ${day(-1)} 已过`),
        link: "/m/my-claims",
      },
    ]);
    expect(claimant.sms).toHaveLength(1);
    const worker = await told(v.gw1, since);
    expect(worker.notes).toEqual([
      {
        kind: "claim.overdue_staff",
        title_zh: "认领超期未完成：想要一辆助行车",
        body_zh: expect.stringContaining("释放认领"),
        link: `/staff/requests/${v.a.id}/${late.requestId}`,
      },
    ]);
    expect(worker.sms).toHaveLength(1);
    // the other grid's worker, the community staff (the grid has its worker) and the submitter: nothing
    for (const p of [v.gw2, v.worker, v.secretary, v.r0]) expect((await told(p, since)).notes).toEqual([]);

    // the sweep runs again, and the next day: nothing more
    expect(await sweepDeadlines(t.db, { now: at(today, 12) })).toMatchObject({ claimOverdue: 0 });
    expect(await sweepDeadlines(t.db, { now: at(day(1), 12) })).toMatchObject({
      claimOverdue: 0,
      claimReminders: 0,
    });
    expect((await told(v.r2, since)).notes).toHaveLength(1);
    expect((await told(v.gw1, since)).notes).toHaveLength(1);
  });

  it("tells the community staff of an overdue claim on a wish without a grid", async () => {
    await clearClaims();
    const since = await mark();
    await claimedWish({
      title: "社区想要一架钢琴",
      promiseDate: day(-3),
      claimedAt: at(day(-6), 15),
      gridId: null,
    });
    expect(await sweepDeadlines(t.db, { now: at(today, 11) })).toMatchObject({ claimOverdue: 1 });
    for (const p of [v.worker, v.secretary])
      expect((await told(p, since)).notes.map((n) => n.kind)).toEqual(["claim.overdue_staff"]);
    for (const p of [v.gw1, v.gw2]) expect((await told(p, since)).notes).toEqual([]);
  });

  it("sends each claim message once when two sweeps run at the same time", async () => {
    await clearClaims();
    const since = await mark();
    await claimedWish({ title: "想要一盏夜灯", promiseDate: day(1), claimedAt: at(day(-3), 15) });
    await claimedWish({ title: "想要一只收音机", promiseDate: day(-2), claimedAt: at(day(-5), 15) });
    const [x, y] = await Promise.all([
      sweepDeadlines(t.db, { now: at(today, 10) }),
      sweepDeadlines(t.db, { now: at(today, 10) }),
    ]);
    expect(x.claimReminders + y.claimReminders).toBe(1);
    expect(x.claimOverdue + y.claimOverdue).toBe(1);
    expect((await told(v.r2, since)).notes.map((n) => n.kind).sort()).toEqual([
      "claim.overdue",
      "claim.promise_reminder",
    ]);
    expect((await told(v.gw1, since)).notes).toHaveLength(1);
  });

  it("sends nothing about fulfilled, withdrawn or released claims, nor when the wish was resolved another way", async () => {
    await clearClaims();
    const since = await mark();
    for (const status of ["fulfilled", "withdrawn"] as const) {
      await claimedWish({ title: `已${status}`, promiseDate: day(1), claimedAt: at(day(-3), 15), status });
      await claimedWish({
        title: `已${status}超期`,
        promiseDate: day(-2),
        claimedAt: at(day(-5), 15),
        status,
      });
    }
    await claimedWish({
      title: "已另行办结",
      promiseDate: day(-2),
      claimedAt: at(day(-5), 15),
      requestStatus: "resolved",
    });
    // released by staff through the API before the sweep comes
    const released = await claimedWish({ title: "已释放", promiseDate: day(-2), claimedAt: at(day(-5), 15) });
    const res = await api(t, "POST", `${A}/claims/${released.claimId}/release`, v.gw1.cookie, {
      reason: "认领人联系不上",
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await mark();

    expect(await sweepDeadlines(t.db, { now: at(today, 10) })).toMatchObject({
      claimReminders: 0,
      claimOverdue: 0,
    });
    for (const p of [v.r2, v.gw1, v.r0]) expect((await told(p, after)).notes).toEqual([]);
    expect((await told(v.r2, since)).notes.map((n) => n.kind)).toEqual(["claim.released"]);
  });
});

async function unchanged(
  call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  status: number,
) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}

describe("releasing an abandoned claim", () => {
  /** A micro-wish of r0 in grid 1, signed by its grid worker and claimed by r2 through the API. */
  async function claimThroughApi(title: string) {
    const id = await submit(t, A, v.r0.cookie, {
      kind: "wish",
      categoryCode: "mutual_help",
      title,
      isPublic: true,
    });
    expect((await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {})).statusCode).toBe(200);
    const promiseDate = day(1);
    const res = await api(t, "POST", `${A}/requests/${id}/claim`, v.r2.cookie, { promiseDate });
    expect(res.statusCode, res.body).toBe(200);
    return { requestId: id, claimId: res.json().id as number };
  }

  it("lets whoever handles requests at the place release it with a reason; nobody else", async () => {
    const { requestId, claimId } = await claimThroughApi("想要一个放大镜");
    const url = `${A}/claims/${claimId}/release`;
    const body = { reason: "认领人长期未完成，联系不上" };
    await unchanged(() => api(t, "POST", url, null, body), 401);
    // the claimant, the submitter, the other grid's worker, 三长, property, unit, street: refused
    for (const p of [v.r2, v.r0, v.head, v.property, v.unitRep, v.street])
      await unchanged(() => api(t, "POST", url, p.cookie, body), 403);
    await unchanged(() => api(t, "POST", url, v.gw2.cookie, body), 403);
    await unchanged(() => api(t, "POST", url, v.gw1.cookie, {}), 400);
    await unchanged(() => api(t, "POST", url, v.gw1.cookie, { reason: " " }), 400);
    await unchanged(() => api(t, "POST", url, v.gw1.cookie, { reason: "长".repeat(501) }), 400);
    await unchanged(() => api(t, "POST", `${A}/claims/99999999/release`, v.gw1.cookie, body), 404);
    await unchanged(
      () => api(t, "POST", `/api/communities/${v.w.b.id}/claims/${claimId}/release`, v.admin.cookie, body),
      404,
    );

    // staff see the claim on the request, with who claimed it and the release link for those who may
    const seen = await api(t, "GET", `${A}/requests/${requestId}/claim`, v.gw1.cookie);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().claim).toMatchObject({
      id: claimId,
      claimantKind: "volunteer",
      claimantName: "张大爷",
      status: "active",
      overdue: false,
      released: false,
      links: { release: `/api/communities/${v.a.id}/claims/${claimId}/release` },
    });
    expect(seen.json().claim.claimantPhone).toContain("****");
    const headView = await api(t, "GET", `${A}/requests/${requestId}/claim`, v.head.cookie);
    expect(headView.statusCode, headView.body).toBe(200);
    expect(headView.json().claim.links.release).toBeNull();
    expect((await api(t, "GET", `${A}/requests/${requestId}/claim`, v.gw2.cookie)).statusCode).toBe(403);

    const since = await mark();
    const out = await api(t, "POST", url, v.gw1.cookie, body);
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toEqual({ id: claimId, requestId, status: "withdrawn", boardStatus: "open" });

    const row = await t.db
      .selectFrom("request_claim")
      .select(["status", "withdrawn_at", "released_by"])
      .where("community_id", "=", v.a.id)
      .where("id", "=", claimId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "withdrawn", released_by: v.gw1.id });
    expect(row.withdrawn_at).not.toBeNull();
    // open on the board again, and someone else may claim it
    const board = (await api(t, "GET", `${A}/board?limit=100`, null)).json();
    expect(board.items.find((i: any) => i.id === requestId)).toMatchObject({
      status: "open",
      claimantKind: null,
    });
    // the claimant and the submitter are told, with the reason
    const claimant = await told(v.r2, since);
    expect(claimant.notes).toEqual([
      {
        kind: "claim.released",
        title_zh: "您对该微心愿的认领已被社区释放：想要一个放大镜",
        body_zh: expect.stringContaining("联系不上"),
        link: "/m/my-claims",
      },
    ]);
    expect(claimant.sms).toHaveLength(1);
    const submitter = await told(v.r0, since);
    expect(submitter.notes).toEqual([
      {
        kind: "request.claim_released",
        title_zh: "社区释放了对您的微心愿的认领：想要一个放大镜",
        body_zh: expect.stringContaining("已重新放回心愿墙"),
        link: `/m/requests/${v.a.id}/${requestId}`,
      },
    ]);
    expect((await told(v.gw1, since)).notes).toEqual([]);
    // an event on the request, and the audit log
    const events = (await api(t, "GET", `${A}/requests/${requestId}`, v.gw1.cookie)).json().events;
    expect(events.map((e: any) => e.kind)).toEqual(["submitted", "signed", "claimed", "claim_released"]);
    expect(events.at(-1)).toMatchObject({ note: body.reason, actorRole: "grid_worker" });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "claim.release")
      .where("target_id", "=", String(claimId))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: v.gw1.id,
      actor_role: "grid_worker",
      scope_community_id: v.a.id,
      target_type: "request_claim",
      reason: body.reason,
    });
    // the claimant's list says it was released; a second release is refused and changes nothing
    const mine = (await api(t, "GET", "/api/me/claims?status=withdrawn", v.r2.cookie)).json();
    expect(mine.items.find((i: any) => i.id === claimId)).toMatchObject({
      status: "withdrawn",
      released: true,
    });
    await unchanged(() => api(t, "POST", url, v.gw1.cookie, body), 409);
    expect(
      (await api(t, "GET", `${A}/requests/${requestId}/claim`, v.gw1.cookie)).json().claim,
    ).toMatchObject({
      status: "withdrawn",
      released: true,
      releasedByName: "网格员一",
      links: { release: null },
    });
    const again = await api(t, "POST", `${A}/requests/${requestId}/claim`, v.r1.cookie, {
      promiseDate: day(2),
    });
    expect(again.statusCode, again.body).toBe(200);
  });

  it("lets community staff release an overdue claim, which staff see marked overdue", async () => {
    await clearClaims();
    const late = await claimedWish({
      title: "想要一个坐垫",
      promiseDate: day(-2),
      claimedAt: at(day(-5), 15),
    });
    const seen = (await api(t, "GET", `${A}/requests/${late.requestId}/claim`, v.worker.cookie)).json();
    expect(seen.claim).toMatchObject({ overdue: true, status: "active" });
    const out = await api(t, "POST", `${A}/claims/${late.claimId}/release`, v.worker.cookie, {
      reason: "超期未完成",
    });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json().boardStatus).toBe("open");
    // a fulfilled claim cannot be released
    const done = await claimedWish({
      title: "想要一个花盆",
      promiseDate: day(1),
      claimedAt: at(day(-2), 15),
      status: "fulfilled",
    });
    await unchanged(
      () => api(t, "POST", `${A}/claims/${done.claimId}/release`, v.worker.cookie, { reason: "测试释放" }),
      409,
    );
    // a request nobody claimed: no claim to show
    const none = await insertRequest(t.db, { communityId: v.a.id, gridId: v.a.grids[0]!, kind: "wish" });
    expect((await api(t, "GET", `${A}/requests/${none.id}/claim`, v.worker.cookie)).json()).toEqual({
      claim: null,
    });
  });
});

// Opinion box and suggestion column (V8) through the real server: anonymous submission with a
// tracking code and a deadline of 5 working days, nothing about the person stored (not even the IP),
// a per-IP limit, the staff list with overdue opinions first, one audited reply, and the public column
// showing only replied opinions whose reply is public.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { loadCalendar, workingDeadline } from "../../core/calendar/calendar.service.ts";
import {
  FEEDBACK_WORKING_DAYS,
  newTrackingCode,
  normaliseTrackingCode,
  OPINIONS_PER_WINDOW,
} from "./opinions.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
let secretaryA: string;
let workerA: string;
let workerB: string;
let gridWorkerA: string;
let residentA: string;
let ipSeq = 0;
const freshIp = () => {
  ipSeq += 1;
  return `10.20.${ipSeq >> 8}.${ipSeq & 255}`;
};

async function submit(communityId: number, payload: unknown, ip = freshIp(), cookie?: string) {
  return t.app.inject({
    method: "POST",
    url: `/api/communities/${communityId}/opinions`,
    payload: payload as any,
    remoteAddress: ip,
    headers: cookie ? { cookie } : {},
  });
}
const get = (url: string, cookie?: string) =>
  t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
const reply = (communityId: number, id: number, payload: unknown, cookie: string) =>
  t.app.inject({
    method: "POST",
    url: `/api/communities/${communityId}/opinions/${id}/reply`,
    payload: payload as any,
    headers: { cookie },
  });
const opinionId = async (code: string) =>
  (await t.db.selectFrom("opinion").select("id").where("tracking_code", "=", code).executeTakeFirstOrThrow())
    .id;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const staff = async (name: string, role: "community_secretary" | "community_worker", cid: number) => {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, role, "community", cid);
    return { id: u.id, cookie: await sessionCookie(t, u.id) };
  };
  secretaryA = (await staff("甲社区书记", "community_secretary", w.a.id)).cookie;
  workerA = (await staff("甲社区干部", "community_worker", w.a.id)).cookie;
  workerB = (await staff("乙社区干部", "community_worker", w.b.id)).cookie;
  const gw = await createUser(t.db, "甲网格员");
  await grant(t.db, gw.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  gridWorkerA = await sessionCookie(t, gw.id);
  const r = await createResidentUser(t.db, w.a.id, w.a.households[0]!.id, "甲居民");
  residentA = await sessionCookie(t, r.id);
});
afterAll(async () => {
  await t?.close();
});

describe("tracking codes", () => {
  it("are 12 unambiguous characters, read back in any case and spacing", () => {
    const codes = new Set(Array.from({ length: 500 }, newTrackingCode));
    expect(codes.size).toBe(500);
    for (const c of codes) {
      expect(c).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
      expect(normaliseTrackingCode(c.toLowerCase().replaceAll("-", " "))).toBe(c);
    }
    expect(normaliseTrackingCode("ABCD-EFGH-JKL")).toBeNull();
    expect(normaliseTrackingCode("ABCD-EFGH-JKL0")).toBeNull();
  });
});

describe("the opinion box", () => {
  it("takes an anonymous opinion, stores no person data, and gives a tracking code and a deadline", async () => {
    // even a signed-in resident's opinion is not tied to them
    const res = await submit(
      w.a.id,
      { text: "  建议在小区北门加装路灯  ", topic: "环境" },
      "203.0.113.7",
      residentA,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.trackingCode).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    const submittedAt = new Date(body.submittedAt);
    const due = workingDeadline(submittedAt, FEEDBACK_WORKING_DAYS, await loadCalendar(t.db));
    expect(new Date(body.feedbackDueAt).getTime()).toBe(due.getTime());

    const row = await t.db
      .selectFrom("opinion")
      .selectAll()
      .where("tracking_code", "=", body.trackingCode)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      community_id: w.a.id,
      text: "建议在小区北门加装路灯",
      topic: "环境",
      reply: null,
    });
    // nothing that names the person or their address anywhere in the database
    const dump = JSON.stringify(await t.db.selectFrom("auth_throttle").selectAll().execute());
    expect(dump).not.toContain("203.0.113.7");
    expect(JSON.stringify(row)).not.toContain("203.0.113.7");

    // community staff hear of it
    const notes = await t.db
      .selectFrom("notification")
      .select(["kind", "title_zh"])
      .where("kind", "=", "opinion.submitted")
      .where("scope_community_id", "=", w.a.id)
      .execute();
    expect(notes.length).toBe(2);
    expect(notes[0]!.title_zh).toContain("【环境】");

    const tracked = await get(`/api/communities/${w.a.id}/opinions/${body.trackingCode.toLowerCase()}`);
    expect(tracked.statusCode, tracked.body).toBe(200);
    expect(tracked.json()).toMatchObject({
      trackingCode: body.trackingCode,
      text: "建议在小区北门加装路灯",
      topic: "环境",
      status: "pending",
      overdue: false,
      reply: null,
      repliedAt: null,
    });
  });

  it("finds an opinion only with its code in its community", async () => {
    const { trackingCode } = (await submit(w.a.id, { text: "垃圾分类点太远了" })).json();
    expect((await get(`/api/communities/${w.b.id}/opinions/${trackingCode}`)).statusCode).toBe(404);
    expect((await get(`/api/communities/${w.a.id}/opinions/ABCD-EFGH-JKLM`)).statusCode).toBe(404);
    expect((await get(`/api/communities/${w.a.id}/opinions/not-a-code!`)).statusCode).toBe(400);
  });

  it("refuses bad input and unknown communities, storing nothing", async () => {
    const before = await snapshotDatabase(t.db);
    const cases: [number, unknown, number][] = [
      [w.a.id, { text: "短" }, 400],
      [w.a.id, { text: "    四个字    " }, 400],
      [w.a.id, { text: "长".repeat(2001) }, 400],
      [w.a.id, { text: "这是一条意见", topic: "主题".repeat(30) }, 400],
      [w.a.id, { text: 12345 }, 400],
      [w.a.id, {}, 400],
      [999999, { text: "这是一条意见" }, 404],
    ];
    for (const [cid, payload, status] of cases) {
      const res = await submit(cid, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      expect(res.json().message_zh).toBeTruthy();
    }
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("limits opinions per IP address, and forgets the address after the window", async () => {
    const ip = "198.51.100.23";
    for (let i = 0; i < OPINIONS_PER_WINDOW; i++)
      expect((await submit(w.b.id, { text: `第${i}条意见，请处理` }, ip)).statusCode).toBe(200);
    const count = async () =>
      Number(
        (
          await t.db
            .selectFrom("opinion")
            .select(t.db.fn.countAll().as("n"))
            .where("community_id", "=", w.b.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const refused = await submit(w.b.id, { text: "再来一条意见" }, ip);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe("TOO_MANY");
    expect(await count()).toBe(before);
    // another address is not affected
    expect((await submit(w.b.id, { text: "另一台电脑的意见" }, "198.51.100.24")).statusCode).toBe(200);
    // once the window has passed, the entry (a keyed hash, never the address) is deleted and counting restarts
    await t.db
      .updateTable("auth_throttle")
      .set({ window_start: new Date(Date.now() - 2 * 3_600_000) })
      .where("key", "like", "opinion:%")
      .execute();
    expect((await submit(w.b.id, { text: "一小时后的意见" }, ip)).statusCode).toBe(200);
    const keys = await t.db
      .selectFrom("auth_throttle")
      .select("key")
      .where("key", "like", "opinion:%")
      .execute();
    expect(keys).toHaveLength(1);
    expect(keys[0]!.key).toMatch(/^opinion:[A-Za-z0-9_-]{32}$/);
  });
});

describe("replies and the suggestion column", () => {
  let codes: Record<"overdue" | "later" | "soon" | "publicReply" | "privateReply", string>;

  beforeAll(async () => {
    const c = w.c.id;
    const make = async (text: string) => (await submit(c, { text })).json().trackingCode as string;
    codes = {
      overdue: await make("楼道堆物很久没人管"),
      later: await make("希望增加老年活动"),
      soon: await make("电动车充电桩不够"),
      publicReply: await make("建议周末开放活动室"),
      privateReply: await make("某户装修噪音扰民"),
    };
    const setDue = (code: string, due: Date) =>
      t.db.updateTable("opinion").set({ feedback_due_at: due }).where("tracking_code", "=", code).execute();
    await setDue(codes.overdue, new Date(Date.now() - 86_400_000));
    await setDue(codes.soon, new Date(Date.now() + 3_600_000));
  });

  it("lists opinions for staff with overdue ones first; others may not", async () => {
    const res = await get(`/api/communities/${w.c.id}/opinions`, await communityStaffCookie(w.c.id));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.overdueCount).toBe(1);
    expect(body.items[0]).toMatchObject({ text: "楼道堆物很久没人管", overdue: true, status: "pending" });
    expect(body.items[1]).toMatchObject({ text: "电动车充电桩不够", overdue: false });
    expect(body.items).toHaveLength(5);
    expect(res.body).not.toContain(codes.overdue);

    expect((await get(`/api/communities/${w.c.id}/opinions`)).statusCode).toBe(401);
    for (const cookie of [residentA, gridWorkerA])
      expect((await get(`/api/communities/${w.a.id}/opinions`, cookie)).statusCode).toBe(403);
    expect((await get(`/api/communities/${w.a.id}/opinions`, workerB)).statusCode).toBe(403);
    expect((await get(`/api/communities/${w.a.id}/opinions`, workerA)).statusCode).toBe(200);
    expect(
      (await get(`/api/communities/${w.a.id}/opinions?status=replied`, secretaryA)).json().items,
    ).toEqual([]);
  });

  it("replies once, audited; the public reply shows in the column, the private one only to the code", async () => {
    const staff = await communityStaffCookie(w.c.id);
    const pub = await opinionId(codes.publicReply);
    const priv = await opinionId(codes.privateReply);
    const r1 = await reply(w.c.id, pub, { reply: "已安排周六、周日上午开放" }, staff);
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ status: "replied", replyPublic: true, repliedBy: "丙社区干部" });
    const r2 = await reply(w.c.id, priv, { reply: "已上门劝导", public: false }, staff);
    expect(r2.statusCode).toBe(200);

    const before = await snapshotDatabase(t.db);
    expect((await reply(w.c.id, pub, { reply: "改一下回复" }, staff)).statusCode).toBe(409);
    expect((await reply(w.c.id, 999999, { reply: "不存在的意见" }, staff)).statusCode).toBe(404);
    expect((await reply(w.c.id, pub, { reply: "" }, staff)).statusCode).toBe(400);
    expect(
      (await reply(w.c.id, await opinionId(codes.later), { reply: "越权回复" }, workerA)).statusCode,
    ).toBe(403);
    expect(
      (await reply(w.c.id, await opinionId(codes.later), { reply: "居民回复" }, residentA)).statusCode,
    ).toBe(403);
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "target_id", "scope_community_id", "actor_role"])
      .where("action", "=", "opinion.reply")
      .where("scope_community_id", "=", w.c.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => Number(a.target_id))).toEqual([pub, priv]);
    expect(audit[0]!.actor_role).toBe("community_worker");

    const column = await get(`/api/communities/${w.c.id}/suggestion-column`);
    expect(column.statusCode).toBe(200);
    const items = column.json().items;
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]).sort()).toEqual(["repliedAt", "reply", "text", "topic"]);
    expect(items[0]).toMatchObject({ text: "建议周末开放活动室", reply: "已安排周六、周日上午开放" });
    expect(column.body).not.toContain("已上门劝导");
    expect(column.body).not.toContain("丙社区干部");

    const tracked = (await get(`/api/communities/${w.c.id}/opinions/${codes.privateReply}`)).json();
    expect(tracked).toMatchObject({ status: "replied", reply: "已上门劝导" });
    expect(tracked.repliedAt).toBeTruthy();

    const list = (await get(`/api/communities/${w.c.id}/opinions?status=replied`, staff)).json();
    expect(list.items.map((i: any) => i.text)).toEqual(["某户装修噪音扰民", "建议周末开放活动室"]);
    expect((await get(`/api/communities/999999/suggestion-column`)).statusCode).toBe(404);
  });
});

let staffC: string | null = null;
async function communityStaffCookie(communityId: number) {
  if (!staffC) {
    const u = await createUser(t.db, "丙社区干部");
    await grant(t.db, u.id, "community_worker", "community", communityId);
    staffC = await sessionCookie(t, u.id);
  }
  return staffC;
}

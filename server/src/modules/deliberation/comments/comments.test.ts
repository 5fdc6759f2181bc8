// Comments (D7) on a notice, the first registered subject, through the real server: threads one
// level deep, the edit window, reports once per person, the community word list holding a comment
// for review (its author sees 待审核, nobody else sees it), rate limits per person, and staff
// moderation — hide with a reason (audited, the author told), approve, the queue and batch actions,
// a grid worker only in their grids.
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
import { COMMENT_LIMITS, listedWordIn } from "./comments.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
let A: string;
let secretary: string;
let otherGridWorker: string;
let alice: { id: number; cookie: string };
let bob: { id: number; cookie: string };
let b2Resident: string;
let notice: number;
let noticeB2: number;

const call = (method: "GET" | "POST" | "PATCH" | "PUT", url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as any, headers: cookie ? { cookie } : {} });
const comment = (cookie: string, body: string, extra: object = {}, subjectId = notice) =>
  call("POST", `${A}/comments`, cookie, { subjectKind: "notice", subjectId, body, ...extra });
const thread = async (cookie: string, subjectId = notice) =>
  (await call("GET", `${A}/comments?subjectKind=notice&subjectId=${subjectId}`, cookie)).json();

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const s = await createUser(t.db, "书记");
  await grant(t.db, s.id, "community_secretary", "community", w.a.id);
  secretary = await sessionCookie(t, s.id);
  const g = await createUser(t.db, "二网格员");
  await grant(t.db, g.id, "grid_worker", "grid", w.a.grids[1]!, w.a.id);
  otherGridWorker = await sessionCookie(t, g.id);
  const ra = await createResidentUser(t.db, w.a.id, w.a.households[0]!.id, "张小花");
  const rb = await createResidentUser(t.db, w.a.id, w.a.households[1]!.id, "刘大伟");
  alice = { id: ra.id, cookie: await sessionCookie(t, ra.id) };
  bob = { id: rb.id, cookie: await sessionCookie(t, rb.id) };
  b2Resident = await sessionCookie(t, (await createResidentUser(t.db, w.a.id, w.a.households[2]!.id)).id);
  const mk = async (buildingId: number, title: string) =>
    (
      await call("POST", `${A}/notices`, secretary, {
        kind: "announcement",
        title,
        body: "请大家发表意见。",
        buildingId,
        publish: true,
      })
    ).json().id as number;
  notice = await mk(w.a.buildings[0]!.id, "1栋架空层改造公示");
  noticeB2 = await mk(w.a.buildings[1]!.id, "2栋通知");
  const words = await call("PUT", `${A}/comment-words`, secretary, { words: ["骗子", " 垃圾物业 "] });
  expect(words.json().words).toEqual(["垃圾物业", "骗子"]);
});

afterAll(async () => {
  await t?.close();
});

describe("comments on a notice", () => {
  it("threads are one level deep: a reply to a reply attaches to the top comment; others' names are masked", async () => {
    const top = (await comment(alice.cookie, "架空层可以放几张桌子。")).json();
    expect(top).toMatchObject({ status: "visible", mine: true, authorName: "张小花", parentId: null });
    const reply = (await comment(bob.cookie, "同意，还要有灯。", { parentId: top.id })).json();
    const replyToReply = (await comment(alice.cookie, "好主意。", { parentId: reply.id })).json();
    expect(reply.parentId).toBe(top.id);
    expect(replyToReply.parentId).toBe(top.id);
    // each comment is announced (insight's participation counts its author)
    const announced = await t.db
      .selectFrom("domain_event")
      .select(["aggregate_id", "actor_user_id"])
      .where("type", "=", "comment.posted")
      .where("aggregate_id", "in", [top.id, reply.id, replyToReply.id])
      .orderBy("aggregate_id")
      .execute();
    expect(announced.map((e) => Number(e.aggregate_id))).toEqual([top.id, reply.id, replyToReply.id]);
    const seen = await thread(bob.cookie);
    const t0 = seen.items.find((i: any) => i.id === top.id);
    expect(t0.authorName).toBe("张某");
    expect(t0.replies.map((r: any) => r.id)).toEqual([reply.id, replyToReply.id]);
    expect(seen.canComment).toBe(true);
  });

  it("a comment with a listed word is held: its author sees 待审核 (held), nobody else sees it", async () => {
    const held = (await comment(alice.cookie, "物业就是骗 子！")).json();
    expect(held.status).toBe("held");
    expect((await thread(alice.cookie)).items.some((i: any) => i.id === held.id && i.status === "held")).toBe(
      true,
    );
    expect((await thread(bob.cookie)).items.some((i: any) => i.id === held.id)).toBe(false);
    // staff see it in the queue, with the word, and approve it
    const queue = (await call("GET", `${A}/comment-queue?status=held`, secretary)).json();
    expect(queue.items.find((i: any) => i.id === held.id)).toMatchObject({
      heldWord: "骗子",
      authorName: "张某",
    });
    const approved = await call("POST", `${A}/comments/${held.id}/approve`, secretary);
    expect(approved.json()).toEqual({ id: held.id, status: "visible" });
    expect((await thread(bob.cookie)).items.some((i: any) => i.id === held.id)).toBe(true);
    expect(listedWordIn("垃圾 物业", ["垃圾物业"])).toBe("垃圾物业");
  });

  it("a second report by the same person stores nothing and says so", async () => {
    const c = (await comment(alice.cookie, "楼下太吵。")).json();
    const first = await call("POST", `${A}/comments/${c.id}/report`, bob.cookie, { reason: "不实" });
    expect(first.json()).toEqual({ commentId: c.id, already: false });
    const before = await snapshotDatabase(t.db);
    const second = await call("POST", `${A}/comments/${c.id}/report`, bob.cookie, { reason: "再举报" });
    expect(second.json()).toEqual({ commentId: c.id, already: true });
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    const own = await call("POST", `${A}/comments/${c.id}/report`, alice.cookie, {});
    expect(own.statusCode).toBe(400);
    const queue = (await call("GET", `${A}/comment-queue?status=reported`, secretary)).json();
    expect(queue.items.find((i: any) => i.id === c.id)).toMatchObject({
      reports: 1,
      reportReasons: ["不实"],
    });
  });

  it("the author edits within 15 minutes; after, a clear error and nothing changed", async () => {
    const c = (await comment(bob.cookie, "初稿")).json();
    const edited = await call("PATCH", `${A}/comments/${c.id}`, bob.cookie, { body: "改后" });
    expect(edited.json()).toMatchObject({ body: "改后", status: "visible" });
    expect((await call("PATCH", `${A}/comments/${c.id}`, alice.cookie, { body: "别人改" })).statusCode).toBe(
      403,
    );
    await t.db
      .updateTable("comment")
      .set({ created_at: new Date(Date.now() - 16 * 60_000) })
      .where("id", "=", c.id)
      .execute();
    const before = await snapshotDatabase(t.db);
    const late = await call("PATCH", `${A}/comments/${c.id}`, bob.cookie, { body: "太晚了" });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: "EDIT_WINDOW_CLOSED" });
    expect(late.json().message_zh).toContain("15分钟");
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("staff hide a comment with a reason: audited, the author told and shown why, others see no text", async () => {
    const c = (await comment(bob.cookie, "某某家天天占车位！")).json();
    const hidden = await call("POST", `${A}/comments/${c.id}/hide`, secretary, { reason: "涉及他人隐私" });
    expect(hidden.json()).toEqual({ id: c.id, status: "hidden" });
    const mine = (await thread(bob.cookie)).items.find((i: any) => i.id === c.id);
    expect(mine).toMatchObject({
      status: "hidden",
      hiddenReason: "涉及他人隐私",
      body: "某某家天天占车位！",
    });
    expect((await thread(alice.cookie)).items.some((i: any) => i.id === c.id)).toBe(false);
    const note = await t.db
      .selectFrom("notification")
      .select(["title_zh", "body_zh", "link"])
      .where("user_id", "=", bob.id)
      .where("kind", "=", "comment.hidden")
      .executeTakeFirstOrThrow();
    expect(note).toMatchObject({ title_zh: "您的评论已被隐藏", body_zh: "原因：涉及他人隐私" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["reason"])
      .where("action", "=", "comment.hide")
      .where("target_id", "=", String(c.id))
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe("涉及他人隐私");
    // a grid worker of another grid may not moderate a building-1 notice's comments
    const other = (await comment(alice.cookie, "另一条")).json();
    expect(
      (await call("POST", `${A}/comments/${other.id}/hide`, otherGridWorker, { reason: "x" })).statusCode,
    ).toBe(403);
    const q = (await call("GET", `${A}/comment-queue?status=hidden`, otherGridWorker)).json();
    expect(q.items).toEqual([]);
  });

  it("batch approve and hide act per item; hiding needs a reason", async () => {
    const h1 = (await comment(bob.cookie, "骗子一")).json();
    const h2 = (await comment(bob.cookie, "骗子二")).json();
    const noReason = await call("POST", `${A}/comments/batch-moderate`, secretary, {
      ids: [h1.id],
      action: "hide",
    });
    expect(noReason.statusCode).toBe(400);
    const res = (
      await call("POST", `${A}/comments/batch-moderate`, secretary, {
        ids: [h1.id, h2.id, 99_999_999],
        action: "approve",
      })
    ).json();
    expect(res).toMatchObject({ okCount: 2, errorCount: 1 });
    expect(res.results[2].error.code).toBe("NOT_FOUND");
  });

  it("a resident of building 1 cannot read or comment on a building-2 residents' notice; unknown kinds are refused", async () => {
    expect((await comment(alice.cookie, "看不到", {}, noticeB2)).statusCode).toBe(403);
    expect(
      (await call("GET", `${A}/comments?subjectKind=notice&subjectId=${noticeB2}`, alice.cookie)).statusCode,
    ).toBe(403);
    expect((await comment(b2Resident, "2栋的意见", {}, noticeB2)).statusCode).toBe(200);
    const unknown = await call("POST", `${A}/comments`, alice.cookie, {
      subjectKind: "spaceship",
      subjectId: 1,
      body: "x",
    });
    expect(unknown.statusCode).toBe(400);
    expect(isBilingualError(unknown.json())).toBe(true);
  });

  it("over the per-minute limit a comment is refused (zh/en) and nothing is stored", async () => {
    const u = await createResidentUser(t.db, w.a.id, w.a.households[1]!.id, "话痨");
    const cookie = await sessionCookie(t, u.id);
    for (let i = 0; i < COMMENT_LIMITS.perMinute; i++)
      expect((await comment(cookie, `第${i + 1}条`)).statusCode).toBe(200);
    const before = await snapshotDatabase(t.db);
    const refused = await comment(cookie, "再来一条");
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: "TOO_MANY" });
    expect(refused.json().message_zh).toContain("每分钟");
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("the word list is the community staff's; a grid worker reads the queue but cannot change it", async () => {
    expect((await call("PUT", `${A}/comment-words`, otherGridWorker, { words: ["x"] })).statusCode).toBe(403);
    expect((await call("GET", `${A}/comment-words`, otherGridWorker)).statusCode).toBe(200);
    expect(
      (await call("PUT", `${A}/comment-words`, secretary, { words: ["长".repeat(21)] })).statusCode,
    ).toBe(400);
  });
});

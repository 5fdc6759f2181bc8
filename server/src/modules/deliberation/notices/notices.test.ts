// Public notices (公告/公示) through the real server: staff publish for a place and a group, a
// residents' notice of building 2 is closed to building 1, the public reads public notices without
// sign-in and without person data, opening a notice records one read per resident, the receipts
// count read / unread and list the unread masked, a grid worker publishes only in their grids, a bad
// window stores nothing, and other modules publish through publishNotice.
import ExcelJS from "exceljs";
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
import { publishNotice } from "./notices.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
let A: string;
let secretary: string;
let gridWorker: string;
let b1: string;
let b2: string;
let b2UserId: number;

const call = (method: "GET" | "POST" | "PATCH", url: string, cookie?: string, payload?: unknown) =>
  t.app.inject({ method, url, payload: payload as any, headers: cookie ? { cookie } : {} });

async function create(payload: object, cookie = secretary) {
  const res = await call("POST", `${A}/notices`, cookie, payload);
  return res;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const s = await createUser(t.db, "书记");
  await grant(t.db, s.id, "community_secretary", "community", w.a.id);
  secretary = await sessionCookie(t, s.id);
  const g = await createUser(t.db, "网格员");
  await grant(t.db, g.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  gridWorker = await sessionCookie(t, g.id);
  b1 = await sessionCookie(t, (await createResidentUser(t.db, w.a.id, w.a.households[0]!.id, "王一楼")).id);
  const r2 = await createResidentUser(t.db, w.a.id, w.a.households[2]!.id, "李二楼");
  b2UserId = r2.id;
  b2 = await sessionCookie(t, r2.id);
});

afterAll(async () => {
  await t?.close();
});

describe("notices", () => {
  it("a residents' notice of building 2 is read by its residents, not by building 1 nor the public", async () => {
    const res = await create({
      kind: "announcement",
      title: "2栋停水通知",
      body: "12月8日9时至12时2栋停水，请提前储水。",
      buildingId: w.a.buildings[1]!.id,
      visibility: "residents",
      publish: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const n = res.json();
    expect(n).toMatchObject({ state: "live", placeLevel: "building", visibility: "residents" });

    const closed = await call("GET", `${A}/notices/${n.id}`, b1);
    expect(closed.statusCode).toBe(403);
    expect(isBilingualError(closed.json())).toBe(true);
    expect((await call("GET", `${A}/notices/${n.id}`, b2)).statusCode).toBe(200);
    expect((await call("GET", `${A}/public-notices/${n.id}`)).statusCode).toBe(404);

    const mine1 = (await call("GET", "/api/me/notices", b1)).json();
    const mine2 = (await call("GET", "/api/me/notices", b2)).json();
    expect(mine1.items.map((i: any) => i.id)).not.toContain(n.id);
    expect(mine2.items.find((i: any) => i.id === n.id)).toMatchObject({ read: false });
  });

  it("opening records one read per resident; receipts count read and unread and mask the unread", async () => {
    const n = (
      await create({
        kind: "publicity",
        title: "2栋加装电梯意见公示",
        body: "公示期五个工作日。",
        buildingId: w.a.buildings[1]!.id,
        publish: true,
      })
    ).json();
    for (let i = 0; i < 2; i++) {
      const r = await call("POST", `${A}/notices/${n.id}/read`, b2);
      expect(r.json()).toEqual({ noticeId: n.id, recorded: true });
    }
    // building 1's resident cannot even open it; staff opening it record nothing
    expect((await call("POST", `${A}/notices/${n.id}/read`, b1)).statusCode).toBe(403);
    expect((await call("POST", `${A}/notices/${n.id}/read`, secretary)).json().recorded).toBe(false);

    const receipts = (await call("GET", `${A}/notices/${n.id}/receipts`, secretary)).json();
    // building 2: two households of createWorld's residents, plus 李二楼 in the first of them
    expect(receipts).toMatchObject({ read: 1, unread: 2, total: 3 });
    for (const u of receipts.unreadList) {
      expect(u.name).toMatch(/某$|\*\*\*$/);
      expect(u.phone ?? "").not.toMatch(/\d{11}/);
    }
    const detail = (await call("GET", `${A}/notices/${n.id}`, b2)).json();
    expect(detail).toMatchObject({ readByMe: true, targeted: true, canManage: false });
    const list = (await call("GET", `${A}/notices?q=${encodeURIComponent("加装电梯")}`, secretary)).json();
    expect(list.items[0]).toMatchObject({ id: n.id, readCount: 1, targetCount: 3 });
  });

  it("the public reads public notices inside their window, pinned first, without person data", async () => {
    const pub = (
      await create({
        kind: "announcement",
        title: "停车管理规定",
        body: "自下月起实行。",
        visibility: "public",
        pinned: true,
        attachments: [{ name: "停车规定全文", url: "https://example.org/parking.pdf" }],
        publish: true,
      })
    ).json();
    const later = (
      await create({
        kind: "announcement",
        title: "下周才公示",
        body: "未到时间",
        visibility: "public",
        publishFrom: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        publish: true,
      })
    ).json();
    expect(later.state).toBe("scheduled");
    const draft = (
      await create({ kind: "announcement", title: "草稿", body: "未发布", visibility: "public" })
    ).json();
    const res = await call("GET", `${A}/public-notices`);
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((i: any) => i.id);
    expect(ids[0]).toBe(pub.id);
    expect(ids).not.toContain(later.id);
    expect(ids).not.toContain(draft.id);
    const text = res.body;
    for (const word of ["createdBy", "publishedBy", "书记", "phone", "audience"])
      expect(text).not.toContain(word);
    expect((await call("GET", `${A}/public-notices/${draft.id}`)).statusCode).toBe(404);
    // the draft becomes public when published, and leaves when withdrawn
    expect((await call("POST", `${A}/notices/${draft.id}/publish`, secretary)).json().state).toBe("live");
    expect((await call("GET", `${A}/public-notices/${draft.id}`)).statusCode).toBe(200);
    expect((await call("POST", `${A}/notices/${draft.id}/withdraw`, secretary)).json().state).toBe(
      "withdrawn",
    );
    expect((await call("GET", `${A}/public-notices/${draft.id}`)).statusCode).toBe(404);
  });

  it("a grid worker publishes only for the buildings of their grid", async () => {
    const base = { kind: "announcement", title: "网格通知", body: "楼道清理", publish: true };
    expect((await create({ ...base, buildingId: w.a.buildings[0]!.id }, gridWorker)).statusCode).toBe(200);
    expect((await create({ ...base, buildingId: w.a.buildings[1]!.id }, gridWorker)).statusCode).toBe(403);
    expect((await create(base, gridWorker)).statusCode).toBe(403);
    const list = (await call("GET", `${A}/notices?limit=200`, gridWorker)).json();
    expect(list.items.every((i: any) => i.buildingId === w.a.buildings[0]!.id)).toBe(true);
  });

  it("refuses a bad window, a building of another community and a resident publishing — nothing stored", async () => {
    const before = await snapshotDatabase(t.db);
    const cases: [string | undefined, object, number][] = [
      [
        secretary,
        {
          kind: "announcement",
          title: "窗口错误",
          body: "x",
          publishFrom: "2026-12-10T09:00:00+08:00",
          publishTo: "2026-12-09T09:00:00+08:00",
        },
        400,
      ],
      [
        secretary,
        { kind: "announcement", title: "外社区", body: "x", buildingId: w.c.buildings[0]!.id },
        404,
      ],
      [secretary, { kind: "announcement", title: "长".repeat(81), body: "x" }, 400],
      [
        secretary,
        { kind: "announcement", title: "公元元年", body: "x", publishFrom: "0001-01-01T00:00:00Z" },
        400,
      ],
      [
        secretary,
        {
          kind: "announcement",
          title: "坏链接",
          body: "x",
          attachments: [{ name: "a", url: "javascript:alert(1)" }],
        },
        400,
      ],
      [b1, { kind: "announcement", title: "居民发布", body: "x" }, 403],
    ];
    for (const [cookie, payload, status] of cases) {
      const res = await create(payload, cookie);
      expect(res.statusCode, res.body).toBe(status);
      expect(isBilingualError(res.json())).toBe(true);
    }
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("other modules publish a resolution through publishNotice, naming its subject", async () => {
    const { id } = await t.db.transaction().execute((trx) =>
      publishNotice(trx, {
        communityId: w.a.id,
        kind: "publicity",
        title: "议题决议公示",
        body: "经议事会表决通过。",
        visibility: "public",
        subject: { kind: "topic", id: 42 },
        byUserId: null,
      }),
    );
    const n = (await call("GET", `${A}/public-notices/${id}`)).json();
    expect(n).toMatchObject({ kind: "publicity", subject: { kind: "topic", id: 42 } });
  });

  it("exports the staff list as Excel (data.export), audited", async () => {
    const res = await call("GET", `${A}/notices/export.xlsx`, secretary);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as any);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(3).value).toBe("标题");
    expect(sheet.rowCount).toBeGreaterThan(3);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "notices")
      .executeTakeFirst();
    expect(audit?.action).toBe("data.export");
    expect(b2UserId).toBeGreaterThan(0);
  });
});

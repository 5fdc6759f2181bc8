// 认领管理: the staff list of a community's claims (GET …/claims). Staff holding requests.read see
// the claims of requests within their places only (a grid worker: their grid), with the claimant's
// name and masked phone, overdue, the reminders sent and a release link where they may release;
// residents are refused; the filters (status, overdue, claimed as, grid) and the paging work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/test-app.ts";
import { shanghaiDay, startOfDay } from "../../core/calendar/calendar.service.ts";
import { insertRequest } from "../figures/figures.fixtures.ts";
import { api, type VoiceWorld, voiceWorld } from "../requests/requests.fixtures.ts";

const DAY = 24 * 3_600_000;

let t: TestApp;
let v: VoiceWorld;
let A: string;

const today = shanghaiDay(new Date());
const day = (n: number) => shanghaiDay(new Date(startOfDay(today).getTime() + n * DAY + 3_600_000));

interface Item {
  id: number;
  requestId: number;
  title: string;
  place: { gridId: number | null; address: string };
  claimantName: string;
  claimantPhone: string | null;
  claimedAs: string;
  orgName: string | null;
  status: string;
  overdue: boolean;
  promiseDate: string;
  remindedAt: string | null;
  overdueNotifiedAt: string | null;
  links: { request: string; release: string | null };
}

/** A signed wish in a grid of A, claimed by r2 (or a unit's representative) straight in the tables. */
async function claimed(f: {
  title: string;
  gridIndex: 0 | 1;
  promiseDate: string;
  status?: "active" | "fulfilled" | "withdrawn";
  as?: "volunteer" | "party_member" | "co_building_unit";
  remindedAt?: Date;
  overdueNotifiedAt?: Date;
}) {
  const r = await insertRequest(t.db, {
    communityId: v.a.id,
    gridId: v.a.grids[f.gridIndex]!,
    kind: "wish",
    status: "signed",
    title: f.title,
    submitterUserId: v.r0.id,
    signedAt: new Date(),
    signedBy: v.gw1.id,
    solveDueAt: new Date(Date.now() + 30 * DAY),
  });
  const unit = f.as === "co_building_unit";
  const c = await t.db
    .insertInto("request_claim")
    .values({
      community_id: v.a.id,
      request_id: r.id,
      claimant_user_id: unit ? v.unitRep.id : v.r2.id,
      claimant_org_id: unit ? v.unitId : null,
      claimant_kind: f.as ?? "volunteer",
      promise_date: f.promiseDate,
      status: f.status ?? "active",
      reminded_at: f.remindedAt ?? null,
      overdue_notified_at: f.overdueNotifiedAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { requestId: r.id, claimId: c.id };
}

async function list(cookie: string | null, query = "") {
  const res = await api(t, "GET", `${A}/claims?limit=200${query}`, cookie);
  return { status: res.statusCode, body: res.json() as { items: Item[]; nextCursor: number | null } };
}
const titles = (items: Item[]) => items.map((i) => i.title);

let late: { requestId: number; claimId: number };
let soon: { requestId: number; claimId: number };
let done: { requestId: number; claimId: number };
let unit: { requestId: number; claimId: number };

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  late = await claimed({
    title: "网格一 超期",
    gridIndex: 0,
    promiseDate: day(-2),
    remindedAt: new Date(Date.now() - 3 * DAY),
    overdueNotifiedAt: new Date(Date.now() - DAY),
  });
  soon = await claimed({ title: "网格一 未到期", gridIndex: 0, promiseDate: day(3) });
  done = await claimed({ title: "网格一 已完成", gridIndex: 0, promiseDate: day(-5), status: "fulfilled" });
  unit = await claimed({
    title: "网格二 单位认领",
    gridIndex: 1,
    promiseDate: day(-1),
    as: "co_building_unit",
  });
});
afterAll(async () => {
  await t?.close();
});

describe("认领管理: the staff list of claims", () => {
  it("shows a grid worker only the claims in their grid; community staff all of the community", async () => {
    const gw1 = await list(v.gw1.cookie);
    expect(gw1.status).toBe(200);
    expect(titles(gw1.body.items)).toEqual(["网格一 已完成", "网格一 未到期", "网格一 超期"]);
    const gw2 = await list(v.gw2.cookie);
    expect(titles(gw2.body.items)).toEqual(["网格二 单位认领"]);
    const worker = await list(v.worker.cookie);
    expect(titles(worker.body.items)).toEqual([
      "网格二 单位认领",
      "网格一 已完成",
      "网格一 未到期",
      "网格一 超期",
    ]);
  });

  it("gives the claimant with a masked phone, overdue, the reminders sent and the links", async () => {
    const phone = (
      await t.db.selectFrom("app_user").select("phone").where("id", "=", v.r2.id).executeTakeFirstOrThrow()
    ).phone;
    const { body } = await list(v.gw1.cookie);
    const row = body.items.find((i) => i.id === late.claimId)!;
    expect(row).toMatchObject({
      requestId: late.requestId,
      claimantName: "张大爷",
      claimedAs: "volunteer",
      status: "active",
      overdue: true,
      promiseDate: day(-2),
      place: { gridId: v.a.grids[0] },
      links: {
        request: `/staff/requests/${v.a.id}/${late.requestId}`,
        release: `${A}/claims/${late.claimId}/release`,
      },
    });
    expect(row.claimantPhone).not.toBe(phone);
    expect(row.claimantPhone).toContain("****");
    expect(JSON.stringify(body)).not.toContain(phone);
    expect(row.remindedAt).not.toBeNull();
    expect(row.overdueNotifiedAt).not.toBeNull();
    const ok = body.items.find((i) => i.id === soon.claimId)!;
    expect(ok.overdue).toBe(false);
    // a fulfilled claim is neither overdue nor releasable
    const fulfilled = body.items.find((i) => i.id === done.claimId)!;
    expect(fulfilled).toMatchObject({ status: "fulfilled", overdue: false, links: { release: null } });
    // a co-building unit's claim names the unit
    const u = (await list(v.worker.cookie)).body.items.find((i) => i.id === unit.claimId)!;
    expect(u).toMatchObject({ claimedAs: "co_building_unit", orgName: "区法院", overdue: true });
  });

  it("refuses residents and anonymous callers, and staff of another community", async () => {
    expect((await list(v.r0.cookie)).status).toBe(403);
    expect((await list(v.r2.cookie)).status).toBe(403);
    expect((await list(null)).status).toBe(401);
    const other = await api(t, "GET", `/api/communities/${v.w.b.id}/claims`, v.worker.cookie);
    expect(other.statusCode).toBe(403);
  });

  it("filters by status, overdue, claimed as and grid, and pages by cursor", async () => {
    const w = v.worker.cookie;
    expect(titles((await list(w, "&status=fulfilled")).body.items)).toEqual(["网格一 已完成"]);
    expect(titles((await list(w, "&overdue=true")).body.items)).toEqual(["网格二 单位认领", "网格一 超期"]);
    expect(titles((await list(w, "&overdue=false&status=active")).body.items)).toEqual(["网格一 未到期"]);
    expect(titles((await list(w, "&claimedAs=co_building_unit")).body.items)).toEqual(["网格二 单位认领"]);
    expect(titles((await list(w, `&gridId=${v.a.grids[0]}&overdue=1`)).body.items)).toEqual(["网格一 超期"]);
    // a grid worker filtering on another grid sees nothing of it
    expect((await list(v.gw1.cookie, `&gridId=${v.a.grids[1]}`)).body.items).toEqual([]);
    const first = await api(t, "GET", `${A}/claims?limit=3`, w);
    const p1 = first.json() as { items: Item[]; nextCursor: number | null };
    expect(p1.items).toHaveLength(3);
    expect(p1.nextCursor).toBe(p1.items[2]!.id);
    const p2 = (await api(t, "GET", `${A}/claims?limit=3&cursor=${p1.nextCursor}`, w)).json() as {
      items: Item[];
      nextCursor: number | null;
    };
    expect(titles(p2.items)).toEqual(["网格一 超期"]);
    expect(p2.nextCursor).toBeNull();
  });

  it("rejects malformed filters with a clear 400", async () => {
    for (const q of ["&status=lost", "&overdue=maybe", "&claimedAs=mayor", "&gridId=-1", "&limit=1000"]) {
      const res = await api(t, "GET", `${A}/claims?x=1${q}`, v.worker.cookie);
      expect(res.statusCode, q).toBe(400);
    }
  });
});

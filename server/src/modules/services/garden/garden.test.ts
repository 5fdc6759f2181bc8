// Garden plots and trees through the real API (C4): staff add plots (rent in fen; a fraction of a fen is
// refused and nothing made); a household applies; staff approve in a batch: a lease of a year and its
// rent booked to the volunteer fund on the ledger, which verifies; an oversubscribed application window
// is allocated by the plot's lottery (drawn through the lotteries module); the holder renews in the last
// month only (a year more, the rent booked again); the daily expiry runs once per lease however many
// sweeps run; a tree has one adopting household at a time (the database's constraint) and care records
// with an optional photo; bad input is refused in both languages and changes nothing. Then the loose
// ends: staff reject an application with a reason the applicant sees (all of a batch or none; a decided
// one is refused and nothing changes); the household or staff end an adoption (the tree is free for
// another household, the care records stay); the lease's last-month reminder is sent once per term,
// however many sweeps run at once, and not outside the last month; a plot whose insert the database
// refuses leaves no lottery behind.

import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { verifyLedger } from "../../core/ledger/ledger.service.ts";
import { api, multipart, png, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { addDays, addMonths, rentToFen, sweepGarden, yearEnd } from "./garden.service.ts";

let t: TestApp;
let v: VoiceWorld;
let G: string;

type Res = { statusCode: number; body: string; json(): any };
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function refused(res: Res, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  return res.json();
}
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const count = async (table: string) =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n,
  );
const fundBalance = async () =>
  Number(
    (
      await t.db
        .selectFrom("ledger_account")
        .select("balance")
        .where("community_id", "=", v.a.id)
        .where("code", "=", "community:volunteer-fund")
        .executeTakeFirst()
    )?.balance ?? 0,
  );

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  G = `${v.A}/garden`;
});
afterAll(async () => {
  await t?.close();
});

describe("rent and days", () => {
  it("reads yuan into whole fen and refuses a fraction of a fen", () => {
    expect(rentToFen(120)).toBe(12000);
    expect(rentToFen("120.5")).toBe(12050);
    expect(rentToFen(499.99)).toBe(49999);
    expect(() => rentToFen(120.505)).toThrow(/fen|分/);
    expect(() => rentToFen("99.99")).toThrow();
    expect(() => rentToFen(500.01)).toThrow();
    expect(yearEnd("2026-03-01")).toBe("2027-02-28");
    expect(addMonths("2027-03-31", -1)).toBe("2027-02-28");
  });
});

let plotId: number;
let leaseId: number;
describe("apply, approve in a batch, the rent on the ledger", () => {
  it("only staff add plots; a rent with a fraction of a fen is refused and nothing is made", async () => {
    await refused(
      await api(t, "POST", `${G}/plots`, v.r0.cookie, { code: "A-01", sizeM2: 20, rentYuan: 200 }),
      403,
    );
    const before = [await count("garden_plot"), await count("lottery")];
    const e = await refused(
      await api(t, "POST", `${G}/plots`, v.worker.cookie, {
        code: "A-01",
        sizeM2: 20,
        rentYuan: 200.005,
        applyUntil: new Date(Date.now() + 3_600_000).toISOString(),
      }),
      400,
    );
    expect(e.code).toBe("GARDEN_RENT_FRACTION");
    expect([await count("garden_plot"), await count("lottery")]).toEqual(before);
    const made = await ok(
      await api(t, "POST", `${G}/plots`, v.worker.cookie, { code: "A-01", sizeM2: 20, rentYuan: "200.50" }),
    );
    plotId = made.plot.id;
    expect(made.plot).toMatchObject({ rentFen: 20050, sizeM2: 20, state: "free", lotteryId: null });
  });

  it("a household applies once; staff approve in a batch; the lease is a year and the rent is booked", async () => {
    const a = await ok(await api(t, "POST", `${G}/plots/${plotId}/apply`, v.r0.cookie));
    expect(a.status).toBe("applied");
    await refused(await api(t, "POST", `${G}/plots/${plotId}/apply`, v.r0.cookie), 409);
    const b = await ok(await api(t, "POST", `${G}/plots/${plotId}/apply`, v.r1.cookie));
    await refused(
      await api(t, "POST", `${G}/applications/approve`, v.r0.cookie, { applications: [a.applicationId] }),
      403,
    );
    const list = await ok(await api(t, "GET", `${G}/applications?status=applied&q=A-01`, v.worker.cookie));
    expect(list.items.map((x: any) => x.id).sort()).toEqual([a.applicationId, b.applicationId].sort());
    expect(list.items[0].phone).toMatch(/\*/);
    const r = await ok(
      await api(t, "POST", `${G}/applications/approve`, v.worker.cookie, {
        applications: [a.applicationId, b.applicationId],
      }),
    );
    // the first is approved; the plot's other application is declined with it, so the second is refused
    expect(r.approved).toHaveLength(1);
    expect(r.refused.map((x: any) => x.applicationId)).toEqual([b.applicationId]);
    leaseId = r.approved[0].leaseId;
    expect(await fundBalance()).toBe(20050);
    const report = await verifyLedger(t.db);
    expect(report.ok, JSON.stringify(report)).toBe(true);
    const me = await ok(await api(t, "GET", "/api/me/garden", v.r0.cookie));
    expect(me.leases[0]).toMatchObject({
      id: leaseId,
      plotCode: "A-01",
      startsOn: today(),
      endsOn: yearEnd(today()),
      status: "active",
      renewable: false,
    });
    const plots = await ok(await api(t, "GET", `${G}/plots`, v.r1.cookie));
    expect(plots.items.find((p: any) => p.id === plotId)).toMatchObject({
      state: "leased",
      mine: { applicationStatus: "declined", lease: null },
    });
    await refused(await api(t, "POST", `${G}/plots/${plotId}/apply`, v.r2.cookie), 409);
  });

  it("the leases list and its Excel show the rent booked", async () => {
    const l = await ok(await api(t, "GET", `${G}/leases?status=active`, v.worker.cookie));
    expect(l.items.find((x: any) => x.id === leaseId)).toMatchObject({ rentPaidFen: 20050, renewals: 0 });
    const x = await api(t, "GET", `${G}/leases/export.xlsx`, v.worker.cookie);
    expect(x.statusCode, x.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as any);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(1).value).toBe("A-01");
    expect(ws.getRow(2).getCell(9).value).toBe(200.5);
  });
});

describe("renewal and expiry", () => {
  it("renews only in the last month, by one year, booking the year's rent", async () => {
    // another household cannot renew it; nor can the holder before the last month
    await refused(await api(t, "POST", `${G}/leases/${leaseId}/renew`, v.r1.cookie), 404);
    await refused(await api(t, "POST", `${G}/leases/${leaseId}/renew`, v.r0.cookie), 409);
    // the lease's last month has come (moved in the database rather than waited for)
    const ends = today();
    await t.db
      .updateTable("garden_lease")
      .set({ starts_on: addMonths(ends, -12), ends_on: ends })
      .where("id", "=", leaseId)
      .execute();
    const r = await ok(await api(t, "POST", `${G}/leases/${leaseId}/renew`, v.r0.cookie));
    expect(r.endsOn).toBe(
      yearEnd(new Date(Date.parse(`${ends}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)),
    );
    expect(r.rentFen).toBe(20050);
    expect(await fundBalance()).toBe(40100);
    expect((await verifyLedger(t.db)).ok).toBe(true);
    await refused(await api(t, "POST", `${G}/leases/${leaseId}/renew`, v.r0.cookie), 409);
  });

  it("the expiry job expires each lease past its end exactly once, however many sweeps run", async () => {
    await t.db
      .updateTable("garden_lease")
      .set({ ends_on: "2020-01-01", starts_on: "2019-01-01" })
      .where("id", "=", leaseId)
      .execute();
    const runs = await Promise.all([sweepGarden(t.db), sweepGarden(t.db), sweepGarden(t.db)]);
    expect(runs.reduce((s, r) => s + r.expired, 0)).toBe(1);
    expect((await sweepGarden(t.db)).expired).toBe(0);
    await refused(await api(t, "POST", `${G}/leases/${leaseId}/renew`, v.r0.cookie), 409);
    const plots = await ok(await api(t, "GET", `${G}/plots?state=free`, v.r2.cookie));
    expect(plots.items.map((p: any) => p.id)).toContain(plotId);
  });
});

describe("an oversubscribed window goes by the lottery", () => {
  it("applications go into the plot's lottery; after its draw the winner's household holds the lease", async () => {
    const made = await ok(
      await api(t, "POST", `${G}/plots`, v.secretary.cookie, {
        code: "B-01",
        sizeM2: 15.5,
        rentYuan: 150,
        applyUntil: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    const id = made.plot.id;
    const lotteryId = made.plot.lotteryId;
    expect(lotteryId).toBeTypeOf("number");
    const apps = [];
    for (const r of [v.r0, v.r1, v.r2])
      apps.push(await ok(await api(t, "POST", `${G}/plots/${id}/apply`, r.cookie)));
    const board = await ok(await api(t, "GET", `${v.A}/lotteries/${lotteryId}`, v.secretary.cookie));
    expect(board.applications).toBe(3);
    await refused(await api(t, "POST", `${G}/plots/${id}/allocate`, v.secretary.cookie), 409);
    const past = new Date(Date.now() - 60_000);
    await t.db.updateTable("garden_plot").set({ apply_until: past }).where("id", "=", id).execute();
    await t.db
      .updateTable("lottery")
      .set({ opens_at: new Date(past.getTime() - 3_600_000), closes_at: past })
      .where("id", "=", lotteryId)
      .execute();
    // not before the draw, neither by allocation nor by approval
    await refused(await api(t, "POST", `${G}/plots/${id}/allocate`, v.secretary.cookie), 409);
    const early = await ok(
      await api(t, "POST", `${G}/applications/approve`, v.secretary.cookie, {
        applications: [apps[0].applicationId],
      }),
    );
    expect(early.refused[0].code).toBe("GARDEN_NOT_ALLOCATED");
    await ok(await api(t, "POST", `${v.A}/lotteries/${lotteryId}/freeze`, v.secretary.cookie));
    await ok(
      await api(t, "POST", `${v.A}/lotteries/${lotteryId}/draw`, v.secretary.cookie, {
        secret: made.lotterySecret,
        publicInput: "7 2",
      }),
    );
    const fund = await fundBalance();
    const r = await ok(await api(t, "POST", `${G}/plots/${id}/allocate`, v.secretary.cookie));
    expect(r).toMatchObject({ declined: 2, byLottery: true });
    await refused(await api(t, "POST", `${G}/plots/${id}/allocate`, v.secretary.cookie), 409);
    const drawn = await ok(
      await api(t, "GET", `${v.A}/lotteries/${lotteryId}/applications`, v.secretary.cookie),
    );
    const winner = drawn.items.find((x: any) => x.outcome === "won");
    const leases = await ok(await api(t, "GET", `${G}/leases?q=B-01`, v.secretary.cookie));
    expect(leases.items).toHaveLength(1);
    expect(leases.items[0].name).toBe(winner.name);
    expect(await fundBalance()).toBe(fund + 15000);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });
});

describe("trees", () => {
  let treeId: number;
  it("one adopting household per tree, held by the database", async () => {
    const made = await ok(
      await api(t, "POST", `${G}/trees`, v.worker.cookie, {
        code: "T-01",
        species: "桂花",
        location: "中心花园",
      }),
    );
    treeId = made.tree.id;
    await ok(await api(t, "POST", `${G}/trees/${treeId}/adopt`, v.r0.cookie));
    await refused(await api(t, "POST", `${G}/trees/${treeId}/adopt`, v.r1.cookie), 409);
    // straight into the table: the partial unique index refuses a second live adoption
    await expect(
      t.db
        .insertInto("garden_adoption")
        .values({
          community_id: v.a.id,
          tree_id: treeId,
          household_id: v.r1.householdId,
          resident_id: v.r1.residentId,
          user_id: v.r1.id,
          ended_at: null,
        })
        .execute(),
    ).rejects.toThrow();
    const trees = await ok(await api(t, "GET", `${G}/trees`, v.r0.cookie));
    expect(trees.items[0]).toMatchObject({ adopted: true, adoptedByMine: true, adopterName: null });
    const staff = await ok(await api(t, "GET", `${G}/trees`, v.worker.cookie));
    expect(staff.items[0].adopterName).toBe("王阿姨");
  });

  it("the adopting household records care with a photo; others cannot; a future day is refused", async () => {
    const body = await multipart({ doneOn: today(), what: "浇水、松土" }, [
      { filename: "tree.png", type: "image/png", bytes: await png() },
    ]);
    const res = await t.app.inject({
      method: "POST",
      url: `${G}/trees/${treeId}/care`,
      payload: body.payload,
      headers: { ...body.headers, cookie: v.r0.cookie },
    });
    const care = (await ok(res)).care;
    expect(care.hasPhoto).toBe(true);
    await refused(
      await api(t, "POST", `${G}/trees/${treeId}/care`, v.r1.cookie, { doneOn: today(), what: "修剪" }),
      403,
    );
    const before = await count("garden_care");
    await refused(
      await api(t, "POST", `${G}/trees/${treeId}/care`, v.r0.cookie, { doneOn: "2099-01-01", what: "修剪" }),
      400,
    );
    await refused(
      await api(t, "POST", `${G}/trees/${treeId}/care`, v.r0.cookie, { doneOn: "2026-02-30", what: "修剪" }),
      400,
    );
    expect(await count("garden_care")).toBe(before);
    const list = await ok(await api(t, "GET", `${G}/trees/${treeId}/care`, v.r1.cookie));
    expect(list.items[0]).toMatchObject({ what: "浇水、松土", hasPhoto: true });
    const photo = await api(t, "GET", `${G}/trees/${treeId}/care/${care.id}/photo`, v.r1.cookie);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers["content-type"]).toMatch(/image\//);
  });
});

const notices = (kind: string, userId: number) =>
  t.db
    .selectFrom("notification")
    .select(["title_zh", "body_zh", "link"])
    .where("kind", "=", kind)
    .where("user_id", "=", userId)
    .execute();
const applicationRow = (id: number) =>
  t.db.selectFrom("garden_application").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("staff reject an application with a reason", () => {
  let plot: number;
  let first: number;
  let second: number;
  it("rejects one: the applicant sees 未通过 and the reason, and is told", async () => {
    plot = (
      await ok(
        await api(t, "POST", `${G}/plots`, v.worker.cookie, { code: "R-01", sizeM2: 12, rentYuan: 120 }),
      )
    ).plot.id;
    first = (await ok(await api(t, "POST", `${G}/plots/${plot}/apply`, v.r0.cookie))).applicationId;
    second = (await ok(await api(t, "POST", `${G}/plots/${plot}/apply`, v.r1.cookie))).applicationId;
    const reject = (cookie: string, body: unknown) =>
      api(t, "POST", `${G}/applications/reject`, cookie, body);
    await refused(await reject(v.r0.cookie, { applications: [first], reason: "不符合条件" }), 403);
    for (const reason of ["", "   ", "长".repeat(201)])
      await refused(await reject(v.worker.cookie, { applications: [first], reason }), 400);
    await refused(await reject(v.worker.cookie, { applications: [first, 999_999], reason: "x" }), 404);
    expect((await applicationRow(first)).status).toBe("applied");
    const r = await ok(await reject(v.worker.cookie, { applications: [first], reason: "不是本社区常住户" }));
    expect(r).toEqual({ rejected: [first] });
    const me = await ok(await api(t, "GET", "/api/me/garden", v.r0.cookie));
    expect(me.applications.find((x: any) => x.id === first)).toMatchObject({
      status: "rejected",
      rejectReason: "不是本社区常住户",
    });
    const plots = await ok(await api(t, "GET", `${G}/plots?q=R-01`, v.r0.cookie));
    expect(plots.items[0].mine).toMatchObject({
      applicationId: first,
      applicationStatus: "rejected",
      rejectReason: "不是本社区常住户",
    });
    expect(await notices("garden.application_rejected", v.r0.id)).toEqual([
      { title_zh: "责任田 R-01 的申请未通过", body_zh: "原因：不是本社区常住户", link: "/m/garden" },
    ]);
    const list = await ok(await api(t, "GET", `${G}/applications?status=rejected`, v.worker.cookie));
    expect(list.items.map((x: any) => [x.id, x.rejectReason])).toEqual([[first, "不是本社区常住户"]]);
  });

  it("refuses a decided application — alone or in a batch — and changes nothing", async () => {
    const audits = await count("audit_log");
    const told = await count("notification");
    const again = await refused(
      await api(t, "POST", `${G}/applications/reject`, v.worker.cookie, {
        applications: [first],
        reason: "再拒一次",
      }),
      409,
    );
    expect(again.code).toBe("GARDEN_DECIDED");
    const batch = await refused(
      await api(t, "POST", `${G}/applications/reject`, v.worker.cookie, {
        applications: [second, first],
        reason: "一起拒绝",
      }),
      409,
    );
    expect(batch.code).toBe("GARDEN_DECIDED");
    expect(await applicationRow(second)).toMatchObject({ status: "applied", reject_reason: null });
    expect((await applicationRow(first)).reject_reason).toBe("不是本社区常住户");
    expect([await count("audit_log"), await count("notification")]).toEqual([audits, told]);
    // nor may a rejected application be approved
    const approve = await ok(
      await api(t, "POST", `${G}/applications/approve`, v.worker.cookie, { applications: [first] }),
    );
    expect(approve.approved).toEqual([]);
    expect(approve.refused.map((x: any) => x.applicationId)).toEqual([first]);
  });

  it("rejects a batch; the household may apply again; a plot in its window is the lottery's", async () => {
    const third = (await ok(await api(t, "POST", `${G}/plots/${plot}/apply`, v.r2.cookie))).applicationId;
    const r = await ok(
      await api(t, "POST", `${G}/applications/reject`, v.worker.cookie, {
        applications: [second, third],
        reason: "这块地留作公共菜园",
      }),
    );
    expect(r.rejected.sort()).toEqual([second, third].sort());
    expect((await applicationRow(third)).status).toBe("rejected");
    const anew = await ok(await api(t, "POST", `${G}/plots/${plot}/apply`, v.r0.cookie));
    expect(anew.status).toBe("applied");
    const windowed = await ok(
      await api(t, "POST", `${G}/plots`, v.secretary.cookie, {
        code: "R-02",
        sizeM2: 12,
        rentYuan: 120,
        applyUntil: new Date(Date.now() + 3_600_000).toISOString(),
      }),
    );
    const inWindow = await ok(await api(t, "POST", `${G}/plots/${windowed.plot.id}/apply`, v.r1.cookie));
    const e = await refused(
      await api(t, "POST", `${G}/applications/reject`, v.worker.cookie, {
        applications: [inWindow.applicationId],
        reason: "不符合条件",
      }),
      409,
    );
    expect(e.code).toBe("GARDEN_IN_WINDOW");
    expect((await applicationRow(inWindow.applicationId)).status).toBe("applied");
  });
});

describe("ending an adoption", () => {
  it("the household ends it, another adopts, the care records stay; staff end it too; once", async () => {
    const treeId = (
      await ok(await api(t, "POST", `${G}/trees`, v.worker.cookie, { code: "T-02", species: "香樟" }))
    ).tree.id;
    const end = (cookie: string) => api(t, "POST", `${G}/trees/${treeId}/end-adoption`, cookie);
    expect((await refused(await end(v.worker.cookie), 409)).code).toBe("GARDEN_NOT_ADOPTED"); // not yet adopted
    await ok(await api(t, "POST", `${G}/trees/${treeId}/adopt`, v.r0.cookie));
    await ok(
      await api(t, "POST", `${G}/trees/${treeId}/care`, v.r0.cookie, { doneOn: today(), what: "浇水" }),
    );
    await refused(await end(v.r1.cookie), 403);
    await refused(await end(v.street.cookie), 403);
    const ended = await ok(await end(v.r0.cookie));
    expect(ended).toMatchObject({ treeId });
    const again = await refused(await end(v.r0.cookie), 409);
    expect(again.code).toBe("GARDEN_NOT_ADOPTED");
    const mine = await ok(await api(t, "GET", "/api/me/garden", v.r0.cookie));
    expect(mine.trees.map((x: any) => x.treeId)).not.toContain(treeId);
    // free for another household: the partial unique index holds live adoptions only
    await ok(await api(t, "POST", `${G}/trees/${treeId}/adopt`, v.r1.cookie));
    const trees = await ok(await api(t, "GET", `${G}/trees`, v.r1.cookie));
    expect(trees.items.find((x: any) => x.id === treeId)).toMatchObject({
      adopted: true,
      adoptedByMine: true,
      cares: 1,
    });
    await ok(
      await api(t, "POST", `${G}/trees/${treeId}/care`, v.r1.cookie, { doneOn: today(), what: "修剪" }),
    );
    // the first household's record stays with the history
    const care = await ok(await api(t, "GET", `${G}/trees/${treeId}/care`, v.r0.cookie));
    expect(care.items.map((x: any) => x.what).sort()).toEqual(["修剪", "浇水"]);
    // staff end it as well (audited)
    await ok(await end(v.worker.cookie));
    const rows = await t.db
      .selectFrom("garden_adoption")
      .select(["household_id", "ended_at", "ended_by"])
      .where("tree_id", "=", treeId)
      .orderBy("id")
      .execute();
    expect(rows.map((x) => [x.household_id, x.ended_by, x.ended_at != null])).toEqual([
      [v.r0.householdId, v.r0.id, true],
      [v.r1.householdId, v.worker.id, true],
    ]);
    const audits = await t.db
      .selectFrom("audit_log")
      .select("actor_role")
      .where("action", "=", "garden.adoption.end")
      .orderBy("id")
      .execute();
    expect(audits.map((x) => x.actor_role)).toEqual(["resident", "community_worker"]);
  });
});

describe("the lease's last-month reminder", () => {
  it("is sent to the household once per term, however many sweeps run, and not outside the last month", async () => {
    const plot = (
      await ok(
        await api(t, "POST", `${G}/plots`, v.worker.cookie, { code: "L-01", sizeM2: 10, rentYuan: 100 }),
      )
    ).plot.id;
    const app = (await ok(await api(t, "POST", `${G}/plots/${plot}/apply`, v.r2.cookie))).applicationId;
    const lease = (
      await ok(await api(t, "POST", `${G}/applications/approve`, v.worker.cookie, { applications: [app] }))
    ).approved[0].leaseId;
    const endOn = async (day: string) =>
      t.db
        .updateTable("garden_lease")
        .set({ starts_on: addMonths(day, -12), ends_on: day })
        .where("id", "=", lease)
        .execute();
    const sweeps = async () =>
      (await Promise.all([sweepGarden(t.db), sweepGarden(t.db), sweepGarden(t.db)])).reduce(
        (s, r) => s + r.reminded,
        0,
      );
    const told = async () => (await notices("garden.lease_last_month", v.r2.id)).length;
    // a new lease (a year to go) and one that ends in 40 days: not in the last month
    expect(await sweeps()).toBe(0);
    await endOn(addDays(today(), 40));
    expect(await sweeps()).toBe(0);
    expect(await told()).toBe(0);
    // in its last month: three sweeps at once remind it once
    const ends = addDays(today(), 10);
    await endOn(ends);
    expect(await sweeps()).toBe(1);
    expect(await sweeps()).toBe(0);
    expect(await notices("garden.lease_last_month", v.r2.id)).toEqual([
      {
        title_zh: `责任田 L-01 的租期 ${ends} 到期`,
        body_zh: expect.stringContaining("续租一年"),
        link: "/m/garden",
      },
    ]);
    // nor on the following days of the same term
    expect((await sweepGarden(t.db, { now: new Date(Date.now() + 3 * 86_400_000) })).reminded).toBe(0);
    const me = await ok(await api(t, "GET", "/api/me/garden", v.r2.cookie));
    expect(me.leases.find((x: any) => x.id === lease).renewable).toBe(true);
    // renewed: the new term is a year away, so nothing; its own last month is reminded in its turn
    await ok(await api(t, "POST", `${G}/leases/${lease}/renew`, v.r2.cookie));
    expect(await sweeps()).toBe(0);
    await endOn(addDays(today(), 5));
    expect(await sweeps()).toBe(1);
    expect(await told()).toBe(2);
    // a lease past its end is expired, not reminded
    await endOn(addDays(today(), -1));
    const last = await sweepGarden(t.db);
    expect(last).toEqual({ expired: 1, reminded: 0 });
    expect(await told()).toBe(2);
  });
});

describe("a plot the database refuses leaves no lottery", () => {
  it("opens the window's lottery in the plot's transaction", async () => {
    await sql`alter table garden_plot add constraint test_refuse_code check (code <> 'NO-01')`.execute(t.db);
    try {
      const before = [await count("garden_plot"), await count("lottery"), await count("audit_log")];
      const body = (code: string) => ({
        code,
        sizeM2: 10,
        rentYuan: 100,
        applyUntil: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await refused(await api(t, "POST", `${G}/plots`, v.secretary.cookie, body("NO-01")), 400);
      expect([await count("garden_plot"), await count("lottery"), await count("audit_log")]).toEqual(before);
      // the same request with a code the database takes makes both
      const made = await ok(await api(t, "POST", `${G}/plots`, v.secretary.cookie, body("NO-02")));
      expect(made.plot.lotteryId).toBeTypeOf("number");
      expect([await count("garden_plot"), await count("lottery")]).toEqual([before[0]! + 1, before[1]! + 1]);
    } finally {
      await sql`alter table garden_plot drop constraint test_refuse_code`.execute(t.db);
    }
  });
});

describe("bad input", () => {
  it("refuses a rent out of range or not an amount, a size of nothing, a past window — nothing made", async () => {
    const before = [await count("garden_plot"), await count("lottery")];
    const bad = [
      { code: "C-01", sizeM2: 10, rentYuan: 99.99 },
      { code: "C-01", sizeM2: 10, rentYuan: 500.01 },
      { code: "C-01", sizeM2: 10, rentYuan: "二百" },
      { code: "C-01", sizeM2: 10, rentYuan: "1e2" },
      { code: "C-01", sizeM2: 0, rentYuan: 200 },
      { code: "C-01", sizeM2: 10, rentYuan: 200, applyUntil: new Date(Date.now() - 1000).toISOString() },
      { code: "A-01", sizeM2: 10, rentYuan: 200 },
    ];
    for (const b of bad)
      await refused(await api(t, "POST", `${G}/plots`, v.worker.cookie, b), b.code === "A-01" ? 409 : 400);
    expect([await count("garden_plot"), await count("lottery")]).toEqual(before);
    await refused(await api(t, "GET", `${G}/leases?endsBefore=2026-13-01`, v.worker.cookie), 400);
    await refused(await api(t, "POST", `${G}/plots/999999/apply`, v.r0.cookie), 404);
  });
});

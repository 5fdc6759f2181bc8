// Garden plots and trees through the real API (C4): staff add plots (rent in fen; a fraction of a fen is
// refused and nothing made); a household applies; staff approve in a batch: a lease of a year and its
// rent booked to the volunteer fund on the ledger, which verifies; an oversubscribed application window
// is allocated by the plot's lottery (drawn through the lotteries module); the holder renews in the last
// month only (a year more, the rent booked again); the daily expiry runs once per lease however many
// sweeps run; a tree has one adopting household at a time (the database's constraint) and care records
// with an optional photo; bad input is refused in both languages and changes nothing.

import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { verifyLedger } from "../../core/ledger/ledger.service.ts";
import { api, multipart, png, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { addMonths, rentToFen, sweepGarden, yearEnd } from "./garden.service.ts";

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

// Insight's monthly reports: the job archives one report per community and street for the month
// before, once (a second run, as from a second process, makes none); a regeneration states the same
// numbers; the highlights are the month's resolved requests (most supporters first), finished projects
// and activities, counted here independently; each level reads its places and those below; the PDF is
// a PDF holding the place's name, its SHA-256 is the archived one; bad months are refused in both languages.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  signIn,
  type TestApp,
} from "../../../../test/test-app.ts";
import { insertRequest } from "../../voice/figures/figures.fixtures.ts";
import { refreshFigures } from "../../voice/figures/figures.service.ts";
import { FIGURE_KEYS } from "../figures/figures.schema.ts";
import { refreshInsight } from "../figures/figures.service.ts";
import {
  generateMissingReports,
  previousMonthOf,
  type ReportNumbers,
  runMonthlyReports,
} from "./reports.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
const cookies: Record<string, string> = {};
const MONTH = "2026-10";
const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`);
const DAY = 86_400_000;

async function call(cookie: string | null, method: "GET" | "POST", url: string, payload?: unknown) {
  const res = await t.app.inject({
    method,
    url,
    payload: payload as never,
    headers: cookie ? { cookie } : {},
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    raw: res.rawPayload,
    body: res.headers["content-type"]?.includes("json") ? res.json() : res.body,
  };
}

/** A request resolved on `day` raised by `supporters` people (itself and `supporters - 1` merged duplicates). */
async function resolved(communityId: number, title: string, day: string, supporters: number) {
  const createdAt = at(day, 8);
  const resolvedAt = at(day, 18);
  const { id } = await insertRequest(t.db, {
    communityId,
    kind: "wish",
    status: "resolved",
    title,
    createdAt,
    signDueAt: new Date(createdAt.getTime() + DAY),
    solveDueAt: new Date(createdAt.getTime() + 5 * DAY),
    signedAt: createdAt,
    resolvedAt,
  });
  // the others who raised it: duplicates merged into it
  for (let i = 1; i < supporters; i++) {
    const dup = await insertRequest(t.db, {
      communityId,
      kind: "wish",
      status: "merged",
      title: `${title}（重复）`,
      createdAt,
      signDueAt: new Date(createdAt.getTime() + DAY),
      solveDueAt: new Date(createdAt.getTime() + 5 * DAY),
      closedAt: resolvedAt,
      closeReason: "merged",
    });
    await t.db.updateTable("request").set({ merged_into: id }).where("id", "=", dup.id).execute();
  }
  return id;
}

async function project(communityId: number, title: string, finishedAt: Date | null) {
  await t.db
    .insertInto("project")
    .values({
      community_id: communityId,
      title,
      tier: "community",
      estate_id: null,
      building_id: null,
      grid_id: null,
      origin_kind: "staff",
      origin_id: null,
      status: finishedAt ? "finished" : "building",
      organiser_user_id: null,
      treasurer_user_id: null,
      design_kind: null,
      design_ref_id: null,
      design_choice: null,
      created_by: null,
      finished_at: finishedAt,
    } as never)
    .execute();
}

async function activity(communityId: number, title: string, endsAt: Date, cancelled = false) {
  const organiser = await createUser(t.db, "组织者");
  await t.db
    .insertInto("vol_activity")
    .values({
      community_id: communityId,
      organiser_id: organiser.id,
      title,
      place: "广场",
      starts_at: new Date(endsAt.getTime() - 2 * 3_600_000),
      ends_at: endsAt,
      capacity: 10,
      skills: "[]",
      cancelled,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  // October in A: three resolved requests (raised by 5, 2 and 1), one in B; one in A in November
  await resolved(w.a.id, "修好路灯", "2026-10-03", 2);
  await resolved(w.a.id, "楼道扶手", "2026-10-12", 5);
  await resolved(w.a.id, "清理杂物", "2026-10-31", 1);
  await resolved(w.b.id, "增设座椅", "2026-10-20", 1);
  await resolved(w.a.id, "十一月的诉求", "2026-11-02", 9);
  await resolved(w.a.id, "九月的诉求", "2026-09-30", 3);
  await project(w.a.id, "口袋公园", at("2026-10-15"));
  await project(w.a.id, "还在建设", null);
  await project(w.b.id, "十一月完工", at("2026-11-01", 0));
  await activity(w.a.id, "重阳敬老", at("2026-10-29", 11));
  await activity(w.a.id, "取消的活动", at("2026-10-10", 11), true);
  await activity(w.c.id, "南湖清扫", at("2026-10-05", 11));
  await refreshFigures(t.db);
  await refreshInsight(t.db);
  const roles = [
    ["worker", "community_worker", "community", w.a.id],
    ["workerC", "community_worker", "community", w.c.id],
    ["street", "street_official", "street", w.streetA],
    ["district", "district_official", "district", w.districtId],
    ["grid", "grid_worker", "grid", w.a.grids[0]],
  ] as const;
  for (const [key, role, scope, id] of roles) {
    const u = await createUser(t.db, key);
    await grant(t.db, u.id, role, scope, id, scope === "grid" ? w.a.id : null);
    cookies[key] = await signIn(t, u.phone);
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const reportOf = (level: string, placeId: number, month: string) =>
  t.db
    .selectFrom("insight_report")
    .selectAll()
    .where("level", "=", level as "community")
    .where("place_id", "=", placeId)
    .where("month", "=", month)
    .executeTakeFirst();

describe("the monthly job", () => {
  it("takes the month before, China time", () => {
    expect(previousMonthOf(new Date("2026-12-01T02:00:00+08:00"))).toBe("2026-11");
    // 1 January 00:30 in China is still 31 December in UTC
    expect(previousMonthOf(new Date("2027-01-01T00:30:00+08:00"))).toBe("2026-12");
    expect(previousMonthOf(new Date("2026-03-31T23:59:00+08:00"))).toBe("2026-02");
  });

  it("archives one report per community and street, once", async () => {
    const first = await generateMissingReports(t.db, MONTH);
    // 3 communities and 2 streets in this world
    expect(first).toEqual({ month: MONTH, made: 5, places: 5 });
    const again = await generateMissingReports(t.db, MONTH);
    expect(again.made).toBe(0);
    // two processes running at once: still one row per place
    await Promise.all([generateMissingReports(t.db, "2026-09"), generateMissingReports(t.db, "2026-09")]);
    const rows = await t.db
      .selectFrom("insight_report")
      .select(["level", "place_id"])
      .where("month", "=", "2026-09")
      .execute();
    expect(rows).toHaveLength(5);
    const a = await reportOf("community", w.a.id, MONTH);
    expect(a?.generated_by).toBeNull();
    const pdf = Buffer.from(a!.pdf);
    expect(a?.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(a?.pdf_bytes).toBe(a?.pdf.length);
  });

  it("runMonthlyReports makes last month's, a batch at a time", async () => {
    const r = await runMonthlyReports(t.db, new Date("2026-11-01T02:00:00+08:00"));
    expect(r.month).toBe(MONTH);
    expect(r.made).toBe(0);
    const first = await runMonthlyReports(t.db, new Date("2026-08-01T00:05:00+08:00"), 3);
    expect(first).toMatchObject({ month: "2026-07", made: 3 });
    const second = await runMonthlyReports(t.db, new Date("2026-08-01T00:10:00+08:00"), 3);
    expect(second).toMatchObject({ month: "2026-07", made: 2 });
    expect((await runMonthlyReports(t.db, new Date("2026-08-01T00:15:00+08:00"), 3)).made).toBe(0);
  });
});

describe("the numbers", () => {
  it("lists the month's highlights, counted independently", async () => {
    const a = (await reportOf("community", w.a.id, MONTH))!.numbers as ReportNumbers;
    expect(a.month).toBe(MONTH);
    expect(a.previousMonth).toBe("2026-09");
    expect(a.highlights.requestsResolved).toBe(3);
    expect(a.highlights.requests.map((r) => [r.title, r.supporters])).toEqual([
      ["楼道扶手", 5],
      ["修好路灯", 2],
      ["清理杂物", 1],
    ]);
    expect(a.highlights.projectsFinished).toBe(1);
    expect(a.highlights.projects.map((p) => p.title)).toEqual(["口袋公园"]);
    expect(a.highlights.activitiesFinished).toBe(1);
    expect(a.highlights.activities.map((p) => p.title)).toEqual(["重阳敬老"]);
    // the figures of the month and of the month before (requests by day of submission)
    expect(a.figures.requests_received).toBe(3);
    expect(a.figures.requests_solved).toBe(3);
    expect(a.previous.requests_received).toBe(1);
    expect(a.residents).toBe(4);
    expect(a.ranking).toEqual([]);
  });

  it("ranks a street's communities with their denominators", async () => {
    const s = (await reportOf("street", w.streetA, MONTH))!.numbers as ReportNumbers;
    expect(s.highlights.requestsResolved).toBe(4);
    expect(s.highlights.requests[0]).toMatchObject({ title: "楼道扶手", community: "东龙社区" });
    expect(s.ranking.map((c) => [c.name, c.residents, c.figures.requests_received])).toEqual([
      ["东龙社区", 4, 3],
      ["西城社区", 4, 1],
    ]);
    expect(s.figures.requests_received).toBe(4);
    expect(s.residents).toBe(8);
  });
});

describe("the API", () => {
  it("lists each level's reports and those below", async () => {
    const mine = await call(cookies.worker!, "GET", `/api/insight/reports?place=community:${w.a.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { month: string }) => r.month)).toEqual(["2026-10", "2026-09", "2026-07"]);
    const street = await call(
      cookies.street!,
      "GET",
      `/api/insight/reports?place=street:${w.streetA}&month=${MONTH}`,
    );
    expect(street.body.items.map((r: { place: string }) => r.place)).toEqual([
      `street:${w.streetA}`,
      `community:${w.a.id}`,
      `community:${w.b.id}`,
    ]);
    const district = await call(
      cookies.district!,
      "GET",
      `/api/insight/reports?place=district:${w.districtId}&month=${MONTH}&level=street`,
    );
    expect(district.body.total).toBe(2);
    // out of scope: a community worker of A asks for C, or for A's street
    expect(
      (await call(cookies.worker!, "GET", `/api/insight/reports?place=community:${w.c.id}`)).status,
    ).toBe(403);
    expect(
      (await call(cookies.worker!, "GET", `/api/insight/reports?place=street:${w.streetA}`)).status,
    ).toBe(403);
    expect((await call(cookies.grid!, "GET", `/api/insight/reports?place=community:${w.a.id}`)).status).toBe(
      403,
    );
    expect((await call(null, "GET", `/api/insight/reports?place=community:${w.a.id}`)).status).toBe(401);
  });

  it("downloads the archived PDF, which holds the place's name", async () => {
    const row = (await reportOf("community", w.a.id, MONTH))!;
    const res = await call(cookies.worker!, "GET", `/api/insight/reports/${row.id}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.raw.subarray(0, 5).toString()).toBe("%PDF-");
    expect(res.headers["x-linli-sha256"]).toBe(createHash("sha256").update(res.raw).digest("hex"));
    expect(res.headers["x-linli-sha256"]).toBe(row.sha256);
    // the title in the document's information, in UTF-16BE as pdfkit writes it
    expect(res.raw.includes(Buffer.from("东龙社区", "utf16le").swap16())).toBe(true);
    expect((await call(cookies.workerC!, "GET", `/api/insight/reports/${row.id}/report.pdf`)).status).toBe(
      403,
    );
    expect((await call(cookies.worker!, "GET", `/api/insight/reports/99999999/report.pdf`)).status).toBe(404);
  });

  it("regenerates a past month with the same numbers, and data of a later month changes nothing", async () => {
    const before = (await reportOf("street", w.streetA, MONTH))!;
    await resolved(w.b.id, "十二月的诉求", "2026-12-01", 4);
    await refreshFigures(t.db);
    const res = await call(cookies.street!, "POST", "/api/insight/reports", {
      place: `street:${w.streetA}`,
      month: MONTH,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: before.id, month: MONTH, generatedBy: "staff" });
    const after = (await reportOf("street", w.streetA, MONTH))!;
    expect(after.numbers).toEqual(before.numbers);
    expect(after.generated_by).not.toBeNull();
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "insight_report")
      .where("target_id", "=", String(before.id))
      .execute();
    expect(audit.map((a) => a.action)).toContain("insight.report.generate");
    // a community worker may regenerate their community's, not the street's
    expect(
      (
        await call(cookies.worker!, "POST", "/api/insight/reports", {
          place: `community:${w.a.id}`,
          month: "2026-08",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(cookies.worker!, "POST", "/api/insight/reports", {
          place: `street:${w.streetA}`,
          month: MONTH,
        })
      ).status,
    ).toBe(403);
    const one = await call(
      cookies.worker!,
      "GET",
      `/api/insight/reports/${(await reportOf("community", w.a.id, MONTH))!.id}`,
    );
    expect(one.status).toBe(200);
    expect(one.body.numbers.highlights.requestsResolved).toBe(3);
  });

  it("exports the figure table as Excel", async () => {
    const row = (await reportOf("community", w.a.id, MONTH))!;
    const res = await call(cookies.worker!, "GET", `/api/insight/reports/${row.id}/figures.xlsx`);
    expect(res.status).toBe(200);
    expect(res.raw.subarray(0, 2).toString()).toBe("PK");
    // 1 residents row + each figure + 4 rates
    expect(res.headers["x-linli-export-rows"]).toBe(String(1 + FIGURE_KEYS.length + 4));
  });

  it("refuses bad months and places in both languages", async () => {
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const cases: [string, unknown, number][] = [
      ["POST", { place: `community:${w.a.id}`, month: now }, 400],
      ["POST", { place: `community:${w.a.id}`, month: "2999-01" }, 400],
      ["POST", { place: `community:${w.a.id}`, month: "2026-13" }, 400],
      ["POST", { place: `community:${w.a.id}`, month: "2026-1" }, 400],
      ["POST", { place: `community:${w.a.id}`, month: "1999-12" }, 400],
      ["POST", { place: `grid:${w.a.id}:${w.a.grids[0]}`, month: MONTH }, 400],
      ["POST", { place: "community:99999999", month: MONTH }, 404],
      ["POST", { place: `community:${w.c.id}`, month: MONTH }, 403],
    ];
    for (const [, payload, status] of cases) {
      const res = await call(cookies.worker!, "POST", "/api/insight/reports", payload);
      expect(res.status, JSON.stringify(payload)).toBe(status);
      expect(isBilingualError(res.body), JSON.stringify(payload)).toBe(true);
    }
    for (const [url, status] of [
      [`/api/insight/reports?place=community:${w.a.id}&month=2026-00`, 400],
      [`/api/insight/reports?place=community:${w.a.id}&pageSize=1000`, 400],
      [`/api/insight/reports?place=village:1`, 400],
      [`/api/insight/reports/abc`, 400],
      [`/api/insight/reports/0/report.pdf`, 400],
    ] as const) {
      const res = await call(cookies.worker!, "GET", url);
      expect(res.status, url).toBe(status);
      expect(isBilingualError(res.body), url).toBe(true);
    }
  });
});

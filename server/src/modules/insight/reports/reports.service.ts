// Insight's monthly reports (issue 17 item 3, DOMAIN E2): a PDF per community and per street and month,
// made by the insight-reports job on the 1st of each month for the month before and archived with its
// numbers as JSON and the SHA-256 of its bytes; staff of the place or above may list, download and
// regenerate them and take the figure table as Excel. The numbers come from the figures service (the
// rollups) and from the month's resolved requests, finished projects and activities (reports.queries.ts).
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { FIGURE_KEYS, type FigureKey } from "../figures/figures.schema.ts";
import { FIGURE_NAMES_ZH, figuresOfPlace } from "../figures/figures.service.ts";
import { reachesPlace } from "./reports.policy.ts";
import * as q from "./reports.queries.ts";
import type { ReportNumbers } from "./reports.schema.ts";
import { reportPdfBytes } from "./reports-pdf.ts";

type Db = Kysely<DB>;
type Level = q.ReportLevel;

export type { ReportNumbers };

/** How many requests, projects and activities a report names. */
export const HIGHLIGHTS = 5;

// ---- months (China time) ----

const chinaNow = (now: Date) => new Date(now.getTime() + 8 * 3_600_000);
const monthOf = (d: Date) => d.toISOString().slice(0, 7);

/** The month before `now`'s month, China time (the job's month). */
export function previousMonthOf(now: Date): string {
  const d = chinaNow(now);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return monthOf(d);
}

function shiftMonth(month: string, by: number): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + by);
  return monthOf(d);
}

const lastDayOf = (month: string) => {
  const d = new Date(`${shiftMonth(month, 1)}-01T00:00:00Z`);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
};

/** [start, end) of a month in China time. */
const boundsOf = (month: string) => ({
  from: new Date(`${month}-01T00:00:00+08:00`),
  to: new Date(`${shiftMonth(month, 1)}-01T00:00:00+08:00`),
});

/** A report is made only of a month that is over (before the current month, China time). */
export function checkMonth(month: string, now = new Date()): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
    throw new AppError("VALIDATION", {
      zh: `月份格式应为 YYYY-MM：${month}`,
      en: `A month is written YYYY-MM: ${month}`,
      details: [{ field: "month", message: "not a month YYYY-MM" }],
    });
  if (month >= monthOf(chinaNow(now)))
    throw new AppError("VALIDATION", {
      zh: `${month} 还没有结束，只能生成已经结束的月份的月报`,
      en: `${month} is not over yet: a monthly report is made only of a past month`,
      details: [{ field: "month", message: "not a past month" }],
    });
  if (month < "2000-01")
    throw new AppError("VALIDATION", {
      zh: `月份太早：${month}`,
      en: `The month is too early: ${month}`,
      details: [{ field: "month", message: "before 2000-01" }],
    });
}

// ---- places ----

interface ReportPlace {
  level: Level;
  id: number;
  name: string;
  communityIds: number[];
}

async function reportPlace(db: Db, level: Level, id: number): Promise<ReportPlace> {
  if (level === "community") {
    const c = await q.communityPlace(db, id);
    if (!c) throw new AppError("NOT_FOUND");
    return { level, id, name: c.name, communityIds: [id] };
  }
  const s = await q.streetPlace(db, id);
  if (!s) throw new AppError("NOT_FOUND");
  const communities = await q.communitiesOfStreet(db, id);
  return { level, id, name: s.name, communityIds: communities.map((c) => c.id) };
}

const parsePlace = (place: string) => {
  const [level, id] = place.split(":") as [string, string];
  return { level, id: Number(id) };
};

function authorizeReport(
  actor: Actor | null,
  permission: "insight.reports.read" | "insight.reports.generate",
  p: { communityIds: number[] },
) {
  const reach = reachOf(requireActor(actor), permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (!reachesPlace(reach, p.communityIds)) throw new AppError("OUT_OF_SCOPE");
  return reach;
}

// ---- the numbers ----

type Counts = Record<FigureKey, number | null>;

/** What the report of a place and month states (deterministic: a regeneration states the same). */
export async function reportNumbers(db: Db, p: ReportPlace, month: string): Promise<ReportNumbers> {
  const previousMonth = shiftMonth(month, -1);
  const place = `${p.level}:${p.id}`;
  const [now, before] = await Promise.all([
    figuresOfPlace(db, place, { period: "month", from: `${month}-01`, to: lastDayOf(month) }),
    figuresOfPlace(db, place, { period: "month", from: `${previousMonth}-01`, to: lastDayOf(previousMonth) }),
  ]);
  const { from, to } = boundsOf(month);
  const [requests, projects, activities] = await Promise.all([
    q.resolvedRequests(db, p.communityIds, from, to, HIGHLIGHTS),
    q.finishedProjects(db, p.communityIds, from, to, HIGHLIGHTS),
    q.finishedActivities(db, p.communityIds, from, to, HIGHLIGHTS),
  ]);
  return {
    place: { level: p.level, place, name: p.name },
    month,
    previousMonth,
    residents: now.residents,
    figures: now.figures as Counts,
    previous: before.figures as Counts,
    rates: now.rates,
    previousRates: before.rates,
    highlights: {
      requestsResolved: requests.count,
      requests: requests.top.map(({ communityId: _, ...r }) => r),
      projectsFinished: projects.count,
      projects: projects.top.map(({ communityId: _, ...r }) => r),
      activitiesFinished: activities.count,
      activities: activities.top.map(({ communityId: _, ...r }) => r),
    },
    ranking:
      p.level === "street"
        ? now.children
            .map((c) => ({
              place: c.place.place,
              name: c.place.name,
              residents: c.residents,
              figures: c.figures as Counts,
              rates: c.rates,
            }))
            .sort(
              (a, b) =>
                (b.rates.solvedOnTimePct ?? -1) - (a.rates.solvedOnTimePct ?? -1) ||
                (b.figures.requests_solved ?? 0) - (a.figures.requests_solved ?? 0) ||
                a.place.localeCompare(b.place),
            )
        : [],
  };
}

async function makeReport(db: Db, p: ReportPlace, month: string) {
  const numbers = await reportNumbers(db, p, month);
  const pdf = await reportPdfBytes(numbers);
  return {
    level: p.level,
    placeId: p.id,
    month,
    placeName: p.name,
    sha256: createHash("sha256").update(pdf).digest("hex"),
    numbers,
    pdf,
  };
}

type MetaRow = NonNullable<Awaited<ReturnType<typeof q.insertReportIfMissing>>>;

const presentMeta = (r: MetaRow) => ({
  id: r.id,
  level: r.level,
  place: `${r.level}:${r.place_id}`,
  placeName: r.place_name,
  month: r.month,
  generatedAt: new Date(r.generated_at).toISOString(),
  generatedBy: r.generated_by == null ? ("job" as const) : ("staff" as const),
  sha256: r.sha256,
  pdfBytes: r.pdf_bytes,
});

// ---- the job: on the 1st of each month, every community and street, for the month before ----

/**
 * Archives the reports of `month` that are missing, one place at a time. Idempotent: a place that has
 * its report is skipped, and the insert does nothing if another process archived it meanwhile — so the
 * job runs once in effect even when several processes (or a catch-up after a restart) send it.
 */
export async function generateMissingReports(db: Db, month: string, limit = Number.POSITIVE_INFINITY) {
  const done = new Set((await q.reportedPlaces(db, month)).map((r) => `${r.level}:${r.place_id}`));
  let made = 0;
  const communities = await q.allCommunities(db);
  const streets = await q.allStreets(db);
  const places: ReportPlace[] = [
    ...communities.map((c) => ({
      level: "community" as const,
      id: c.id,
      name: c.name,
      communityIds: [c.id],
    })),
    ...streets.map((s) => ({
      level: "street" as const,
      id: s.id,
      name: s.name,
      communityIds: communities.filter((c) => c.street_id === s.id).map((c) => c.id),
    })),
  ];
  for (const p of places) {
    if (done.has(`${p.level}:${p.id}`)) continue;
    if (made >= limit) break;
    const row = await q.insertReportIfMissing(db, { ...(await makeReport(db, p, month)), generatedBy: null });
    if (row) made++;
  }
  return { month, made, places: places.length };
}

/**
 * Reports one run of the job makes: a district has hundreds of communities, and a PDF takes a good part
 * of a second of the one event loop; in batches every few minutes the month's reports are all made on
 * the 1st while the server keeps answering (and a demo started from nothing is not held up).
 */
export const JOB_BATCH = 10;

/** The job's run: the next batch of last month's missing reports (China time). */
export const runMonthlyReports = (db: Db, now = new Date(), limit = JOB_BATCH) =>
  generateMissingReports(db, previousMonthOf(now), limit);

// ---- staff ----

/** The archived reports of a place and of the places below it that the caller reaches. */
export async function listReports(
  db: Db,
  actor: Actor | null,
  input: { place: string; month?: string; level?: Level; page: number; pageSize: number },
) {
  const { level, id } = parsePlace(input.place);
  let communityIds: number[];
  let streetIds: number[];
  if (level === "district") {
    const streets = await q.streetsOfDistrict(db, id);
    if (streets.length === 0 && !(await districtExists(db, id))) throw new AppError("NOT_FOUND");
    const lists = await Promise.all(streets.map((s) => q.communitiesOfStreet(db, s.id)));
    communityIds = lists.flat().map((c) => c.id);
    streetIds = streets.map((s) => s.id);
  } else {
    const p = await reportPlace(db, level as Level, id);
    communityIds = p.communityIds;
    streetIds = level === "street" ? [id] : [];
  }
  authorizeReport(actor, "insight.reports.read", { communityIds });
  if (input.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) checkMonth(input.month);
  const { total, rows } = await q.listReports(
    db,
    { communityIds, streetIds },
    { month: input.month, level: input.level },
    { offset: (input.page - 1) * input.pageSize, limit: input.pageSize },
  );
  return { total, page: input.page, pageSize: input.pageSize, items: rows.map(presentMeta) };
}

async function districtExists(db: Db, id: number) {
  return (await q.districtPlace(db, id)) != null;
}

/** An archived report the caller may read (404 when there is none, 403 outside their places). */
async function readableReport(db: Db, actor: Actor | null, id: number, permission: "insight.reports.read") {
  requireActor(actor);
  const row = await q.reportById(db, id);
  if (!row) throw new AppError("NOT_FOUND");
  const p = await reportPlace(db, row.level, row.place_id);
  const reach = authorizeReport(actor, permission, p);
  return { row, place: p, reach };
}

export async function getReport(db: Db, actor: Actor | null, id: number) {
  const { row } = await readableReport(db, actor, id, "insight.reports.read");
  return { ...presentMeta(row), numbers: row.numbers as ReportNumbers };
}

const fileKey = (level: Level, id: number, month: string) => `insight-report-${level}-${id}-${month}`;

export async function downloadReportPdf(db: Db, actor: Actor | null, id: number) {
  const { row } = await readableReport(db, actor, id, "insight.reports.read");
  const file = await q.reportPdf(db, id);
  if (!file) throw new AppError("NOT_FOUND");
  return {
    contentType: "application/pdf",
    disposition: attachmentDisposition(
      `${fileKey(row.level, row.place_id, row.month)}.pdf`,
      `月报-${row.place_name}-${row.month}.pdf`,
    ),
    sha256: file.sha256,
    // PGlite answers a bytea as a Uint8Array, PostgreSQL as a Buffer
    body: Buffer.from(file.pdf),
  };
}

/** Makes and archives (replacing) the report of a place and month, with no caller (tests, tools). */
export async function archiveReport(
  db: Db,
  level: Level,
  id: number,
  month: string,
  by: number | null = null,
) {
  const made = await makeReport(db, await reportPlace(db, level, id), month);
  return presentMeta(await q.upsertReport(db, { ...made, generatedBy: by }));
}

/** Makes (or makes again) the report of a place and month; the numbers of a past month come out the same. */
export async function regenerateReport(db: Db, actor: Actor | null, input: { place: string; month: string }) {
  const a = requireActor(actor);
  const { level, id } = parsePlace(input.place);
  const p = await reportPlace(db, level as Level, id);
  const reach = authorizeReport(actor, "insight.reports.generate", p);
  checkMonth(input.month);
  const made = await makeReport(db, p, input.month);
  const row = await q.upsertReport(db, { ...made, generatedBy: a.userId });
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: reach.roles[0] ?? null,
    communityId: p.level === "community" ? p.id : null,
    action: "insight.report.generate",
    targetType: "insight_report",
    targetId: row.id,
    after: { place: input.place, month: input.month, sha256: row.sha256 },
  });
  return presentMeta(row);
}

const changeOf = (now: number | null, before: number | null) =>
  now == null || before == null ? null : Math.round((now - before) * 10) / 10;

/** The rows of the report's figure table: figure, this month, last month, change. */
export function figureTable(n: ReportNumbers): [string, number | null, number | null, number | null][] {
  const rows: [string, number | null, number | null, number | null][] = [
    ["实名居民（分母）", n.residents, null, null],
  ];
  for (const k of FIGURE_KEYS)
    rows.push([FIGURE_NAMES_ZH[k], n.figures[k], n.previous[k], changeOf(n.figures[k], n.previous[k])]);
  const rate = (label: string, k: keyof ReportNumbers["rates"]) =>
    rows.push([label, n.rates[k], n.previousRates[k], changeOf(n.rates[k], n.previousRates[k])]);
  rate("按时办结率 %", "solvedOnTimePct");
  rate("满意率 %", "satisfactionPct");
  rate("志愿时长（小时）", "volHours");
  rate("人均志愿时长（小时）", "volHoursPerResident");
  return rows;
}

/** The report's figure table as Excel (needs data.export too); audited. */
export async function exportReportXlsx(db: Db, actor: Actor | null, id: number) {
  const { row } = await readableReport(db, actor, id, "insight.reports.read");
  const a = requireActor(actor);
  const exportReach = reachOf(a, "data.export");
  if (exportReach.roles.length === 0) throw new AppError("FORBIDDEN");
  const n = row.numbers as ReportNumbers;
  const rows = figureTable(n);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: exportReach.roles[0] ?? null,
    communityId: row.level === "community" ? row.place_id : null,
    action: "data.export",
    targetType: "insight_report",
    targetId: row.id,
    after: { format: "xlsx", place: `${row.level}:${row.place_id}`, month: row.month, rows: rows.length },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "月报指标",
        columns: [
          { header: "指标", width: 22 },
          { header: n.month, width: 12 },
          { header: n.previousMonth, width: 12 },
          { header: "变化", width: 10 },
        ],
      },
      rows,
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `${fileKey(row.level, row.place_id, row.month)}.xlsx`,
      `月报指标-${row.place_name}-${row.month}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

// Open311 GeoReport v2 (DOMAIN V7), so that existing city clients and dashboards can read a
// community's service requests and submit new ones. Specification: http://wiki.open311.org/GeoReport_v2
// (frozen), with its Service Discovery page and the JSON Schemas of open311/schema-validation.
//
// Mapping decisions (also in docs/open311.md):
//  - jurisdiction = one community. jurisdiction_id is the community's official division code
//    (统计用区划代码) when it has one, else its numeric id; both are accepted. It may be left out only
//    when the server holds exactly one community (spec: "only required if the endpoint serves
//    multiple jurisdictions").
//  - service = one active request category of that community; service_code = the category code.
//    Categories carry no extra questions, so metadata is false and definitions have no attributes.
//  - status: submitted, signed and resolved (awaiting the resident's confirmation) are "open";
//    closed and merged are "closed".
//  - public data only: a request its submitter did not publish (is_public = false), or of a category
//    that is never public, does not exist here (404 by id); no submitter, household, unit or room ever
//    appears; the description and address pass through the public-text masker (phones, ID numbers,
//    e-mail addresses, the names of the community's residents and of the submitter); status_notes
//    are fixed texts chosen by the state, never staff notes.
//  - POST: a client's request is private unless it sends is_public=true (a Linli extension: the spec
//    has no such field) and its category may be public; GeoReport clients that never send it submit
//    private requests, as a 12345 hotline does.
//  - POST lat/long must lie in the community: communities and buildings carry no coordinates yet, so
//    the community secretary sets the area the community covers (a centre and a radius, open311_area);
//    a point farther than the radius plus AREA_MARGIN_M is refused with the spec's error array (400).
//    Until an area is set, only points outside China are refused (no Chinese community is there).
//  - service_notice: the deadlines and whether the request is listed publicly — the same text in the
//    POST reply and on GET (a request listed by GET is always the published case).
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB, RequestKind, RequestStatus, RouteTo } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { type PublicTextMasker, publicTextMasker } from "../../core/privacy/public-text.service.ts";
import { type CategoryRow, categoriesOf } from "../requests/categories.service.ts";
import type { TSubmitRequest } from "../requests/requests.schema.ts";
import { formatDue, recordRequestEvent } from "../requests/requests.service.ts";
import { submitRequest } from "../requests/requests-submit.service.ts";
import * as q from "./open311.queries.ts";

export const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";
/** The MIME types of the formats served (Service Discovery "formats"). */
export const FORMATS = ["text/xml", "application/json"] as const;
/** When this endpoint was first published: the changeset until a category changes. */
const PUBLISHED = new Date("2026-11-22T00:00:00+08:00");

const DAY_MS = 86_400_000;
/** GeoReport v2 "Response Volume": a span of 90 days or the first 1000 requests, whichever is smaller. */
export const MAX_SPAN_DAYS = 90;
export const MAX_REQUESTS = 1000;
/** GeoReport v2: descriptions are "free form text limited to 4,000 characters". */
const MAX_DESCRIPTION = 4000;

// ---- errors: an array of {code, description}; code = the HTTP status (spec "Errors") ----

export interface Open311ErrorItem {
  code: number;
  description: string;
}

export class Open311Error extends Error {
  readonly status: number;
  readonly errors: Open311ErrorItem[];
  constructor(status: number, errors: Open311ErrorItem[]) {
    super(errors.map((e) => e.description).join("; "));
    this.status = status;
    this.errors = errors;
  }
}

/** One error; descriptions are for people, in Chinese with the English in brackets, as in the app. */
export function open311Error(status: number, zh: string, en: string): Open311Error {
  return new Open311Error(status, [{ code: status, description: `${zh} (${en})` }]);
}

// ---- parameters: form fields and query values arrive as strings (or repeated, as arrays) ----

/** A parameter's text; empty counts as absent (spec "Optional Arguments"). */
export function param(v: unknown): string | undefined {
  if (Array.isArray(v)) return param(v[v.length - 1]);
  if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean") return String(v);
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  return s === "" ? undefined : s;
}

/** A comma-delimited parameter that may also be declared several times. */
export function listParam(v: unknown): string[] | undefined {
  const raw = Array.isArray(v) ? v.filter((x) => typeof x === "string").join(",") : param(v);
  const items = (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? [...new Set(items)] : undefined;
}

// ---- dates: w3 note (ISO 8601 subset) with the time zone; Linli answers in China time ----

/** "2026-02-24T15:30:00+08:00": w3 datetime in China time (UTC+8, no daylight saving). */
export function w3(d: Date | string): string {
  const t = new Date(d).getTime();
  return `${new Date(t + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const W3_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * Parses a w3 datetime ("2010-01-01T00:00:00Z", "…+08:00", or a date "2010-01-01"). A datetime
 * without a zone, or a bare date, is read in China time. A "+" decoded as a space by a client that
 * did not percent-encode the query is put back.
 */
export function parseW3(name: string, raw: string): Date {
  const s = raw.replace(/ (\d{2}:\d{2})$/, "+$1");
  const m = W3_DATE.exec(s);
  const bad = () =>
    open311Error(
      400,
      `${name} 不是 w3 日期时间格式，例如 2026-01-01T00:00:00+08:00`,
      `${name} must be a w3 datetime, e.g. 2026-01-01T00:00:00Z`,
    );
  if (!m) throw bad();
  const [, y, mo = "01", d = "01", h = "00", mi = "00", sec = "00", frac = "", zone = "+08:00"] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    day.getUTCMonth() !== Number(mo) - 1 ||
    day.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  )
    throw bad();
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${zone}`);
  if (Number.isNaN(t)) throw bad();
  return new Date(t);
}

// ---- jurisdictions ----

export type Jurisdiction = q.JurisdictionRow;

export const jurisdictionIdOf = (c: { id: number; code: string | null }) => c.code ?? String(c.id);

export async function jurisdictionOf(db: Kysely<DB>, raw: unknown): Promise<Jurisdiction> {
  const id = param(raw);
  if (!id) {
    const only = await q.firstCommunities(db);
    if (only.length === 1) return only[0]!;
    throw open311Error(
      400,
      "未提供 jurisdiction_id（本服务包含多个社区：请填社区的区划代码）",
      "jurisdiction_id was not provided; this endpoint serves several communities: send the community's division code",
    );
  }
  const byCode = await q.findCommunityByCode(db, id);
  if (byCode) return byCode;
  if (/^\d{1,9}$/.test(id)) {
    const byId = await q.findCommunityById(db, Number(id));
    if (byId) return byId;
  }
  throw open311Error(404, `找不到 jurisdiction_id ${id}`, `jurisdiction_id ${id} was not found`);
}

// ---- discovery ----

export async function discoveryOf(db: Kysely<DB>, endpointUrl: string) {
  const changeset = w3((await q.lastCategoryChange(db)) ?? PUBLISHED);
  return {
    changeset,
    contact:
      "请联系所在社区居委会；技术问题请在项目仓库提交 issue (Ask the community office; technical questions go to the project's issue tracker)",
    key_service:
      "向社区申请 API 密钥：社区书记在管理后台“Open311 密钥”中创建，每个密钥只对一个社区有效 (Ask the community for an API key: the community secretary creates it in the staff console; a key is valid for one community)",
    endpoints: [
      {
        specification: SPECIFICATION,
        url: endpointUrl,
        changeset,
        type: "production",
        formats: [...FORMATS],
      },
    ],
  };
}

// ---- services ----

const activeCategories = async (db: Kysely<DB>, communityId: number) =>
  (await categoriesOf(db, communityId)).filter((c) => c.active);

function presentService(c: CategoryRow) {
  return {
    service_code: c.code,
    service_name: c.name_zh,
    description:
      `${c.name_en}. 签收时限 ${c.sign_days} 个工作日，办结时限 ${c.solve_days} 个工作日 (signed for within ${c.sign_days} and solved within ${c.solve_days} working days)` +
      (c.never_public ? "。此类请求不公开 (requests of this service are never published)" : ""),
    metadata: false,
    type: "realtime" as const,
    keywords: [c.name_zh, c.name_en, c.code].join(", "),
    group: null,
  };
}

export async function servicesOf(db: Kysely<DB>, j: Jurisdiction) {
  return (await activeCategories(db, j.id)).map(presentService);
}

async function serviceOf(db: Kysely<DB>, j: Jurisdiction, code: string): Promise<CategoryRow> {
  const c = (await activeCategories(db, j.id)).find((x) => x.code === code);
  if (!c)
    throw open311Error(
      404,
      `社区 ${j.name} 没有 service_code ${code}`,
      `service_code ${code} was not found in jurisdiction ${jurisdictionIdOf(j)}`,
    );
  return c;
}

/** A service definition: Linli's categories ask no extra questions, so no attributes (metadata=false). */
export async function serviceDefinitionOf(db: Kysely<DB>, j: Jurisdiction, code: string) {
  const c = await serviceOf(db, j, code);
  return { service_code: c.code, attributes: [] as never[] };
}

// ---- service requests (read) ----

const OPEN: ReadonlySet<RequestStatus> = new Set(["submitted", "signed", "resolved"]);
const STATUSES: Record<"open" | "closed", RequestStatus[]> = {
  open: ["submitted", "signed", "resolved"],
  closed: ["closed", "merged"],
};

const ROUTE_ZH: Record<RouteTo, string> = {
  community: "社区",
  property: "物业公司",
  co_building_unit: "共建单位",
  owners_committee: "业主委员会",
  street: "街道",
  department: "职能部门",
};

function agencyOf(r: q.PublicRequestRow, j: Jurisdiction): string {
  if (!r.route_to || r.route_to === "community") return j.name;
  if (r.org_name) return r.org_name;
  if (r.route_to === "street") return j.street_name;
  return ROUTE_ZH[r.route_to];
}

function statusNotesOf(r: q.PublicRequestRow, j: Jurisdiction): string {
  if (r.status === "merged")
    return r.merged_into != null
      ? `重复诉求，已合并到 ${r.merged_into} (Duplicate request; merged into ${r.merged_into})`
      : "重复诉求，已合并 (Duplicate request)";
  if (r.status === "closed") {
    if (r.close_reason === "not_rated")
      return "已办结，确认期限已过，自动关闭 (Resolved; not confirmed in time, so closed)";
    if (r.close_reason === "merged") return "重复诉求，已合并 (Duplicate request)";
    return "已办结，居民已确认并评价 (Resolved; confirmed and rated by the resident)";
  }
  if (r.status === "resolved")
    return "已办结，等待居民确认 (Resolved; waiting for the resident's confirmation)";
  switch (r.last_event) {
    case "escalated":
      return "已超期，上报街道督办 (Overdue; escalated to the street)";
    case "routed": {
      const agency = agencyOf(r, j);
      return `已转交${agency}办理 (Routed to ${agency})`;
    }
    case "reopened":
      return "居民不认可办理结果，重新办理中 (Reopened at the resident's request; being handled again)";
    case "claimed":
      return "已被认领，认领人正在办理 (Claimed; being fulfilled)";
    case "fulfilled":
      return "认领人已完成 (Fulfilled by the claimant)";
  }
  if (r.status === "submitted") return "已受理，等待网格员签收 (Received; waiting to be signed for)";
  return "网格员已签收，正在办理 (Signed for by the grid worker; being handled)";
}

/** Most specific to most general (spec "address"); a building at most — never a unit or room. */
function addressOf(r: q.PublicRequestRow, j: Jurisdiction, mask: PublicTextMasker): string | null {
  const place =
    r.building_id != null
      ? [r.building_name, r.estate_name]
      : r.address_text
        ? [mask(r.address_text, r.submitter_name)]
        : [];
  const parts = [...place, j.name, j.street_name, j.district_name, j.city_name].filter(
    (p): p is string => !!p && p.trim() !== "",
  );
  return parts.length ? parts.join(", ") : null;
}

function descriptionOf(title: string, description: string): string {
  const t = title.trim();
  const d = description.trim();
  const text = !d ? t : d.startsWith(t) ? d : `${t}\n${d}`;
  return text.slice(0, MAX_DESCRIPTION);
}

/** Whether a request is listed by GET requests: published, or why not. */
type Publication = "published" | "never_public" | "private";

const PUBLICATION: Record<Publication, { zh: string; en: string }> = {
  published: {
    zh: "已公开，可在请求列表中查到（电话、身份证号和姓名已隐去）",
    en: "published: listed in GET requests, phones, ID numbers and names masked",
  },
  never_public: { zh: "该类别不公开，不在请求列表中", en: "not published: this service is never public" },
  private: {
    zh: "未公开，不在请求列表中（公开请提交 is_public=true）",
    en: "not published: not listed in GET requests; send is_public=true to publish",
  },
};

/**
 * GeoReport's service_notice ("information about the action expected to fulfill the request"): when
 * it is to be signed for and solved, and whether it is listed publicly. The POST reply and GET
 * requests(/id) answer it from the same columns, so a client reads the same text in both.
 */
export function serviceNotice(
  due: { signDueAt: Date | string; solveDueAt: Date | string },
  publication: Publication,
): string {
  const sign = new Date(due.signDueAt);
  const solve = new Date(due.solveDueAt);
  const p = PUBLICATION[publication];
  return `将于 ${formatDue(sign)} 前签收，${formatDue(solve)} 前办结（北京时间）；${p.zh} (To be signed for by ${w3(sign)} and solved by ${w3(solve)}; ${p.en})`;
}

export function presentRequest(r: q.PublicRequestRow, j: Jurisdiction, mask: PublicTextMasker) {
  const closed = !OPEN.has(r.status);
  return {
    service_request_id: String(r.id),
    status: closed ? ("closed" as const) : ("open" as const),
    status_notes: statusNotesOf(r, j),
    service_name: r.category_zh,
    service_code: r.category_code,
    description: mask(descriptionOf(r.title, r.description), r.submitter_name),
    agency_responsible: agencyOf(r, j),
    service_notice: serviceNotice({ signDueAt: r.sign_due_at, solveDueAt: r.solve_due_at }, "published"),
    requested_datetime: w3(r.created_at),
    updated_datetime: w3(closed && r.closed_at ? r.closed_at : r.updated_at),
    expected_datetime: w3(r.solve_due_at),
    address: addressOf(r, j, mask),
    // a building is the "address" Linli can name publicly; see POST address_id
    address_id: r.building_id != null ? String(r.building_id) : null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    // media_url is left out: photos are shown only to the people who may see the whole request
  };
}
export type Open311Request = ReturnType<typeof presentRequest>;

function requestIds(raw: string[]): number[] {
  if (raw.length > MAX_REQUESTS)
    throw open311Error(
      400,
      `service_request_id 最多 ${MAX_REQUESTS} 个`,
      `at most ${MAX_REQUESTS} service_request_id values`,
    );
  // an id that cannot exist matches nothing, like an id that does not exist
  return raw.filter((s) => /^\d{1,15}$/.test(s)).map(Number);
}

/** GET requests: the standard filters, the 90-day default window, at most 1000, newest first. */
export async function requestsOf(
  db: Kysely<DB>,
  j: Jurisdiction,
  query: Record<string, unknown>,
  now = new Date(),
): Promise<Open311Request[]> {
  const ids = listParam(query.service_request_id);
  // "To call multiple Service Requests at once … This overrides all other arguments."
  if (ids) {
    const rows = await q.publicRequests(db, j.id, { ids: requestIds(ids), limit: MAX_REQUESTS });
    const mask = await publicTextMasker(db, j.id);
    return rows.map((r) => presentRequest(r, j, mask));
  }
  const startRaw = param(query.start_date);
  const endRaw = param(query.end_date);
  const start = startRaw ? parseW3("start_date", startRaw) : undefined;
  const end = endRaw ? parseW3("end_date", endRaw) : undefined;
  const span = MAX_SPAN_DAYS * DAY_MS;
  const from = start ?? new Date((end ?? now).getTime() - span);
  const to = end ?? (start ? new Date(start.getTime() + span) : now);
  if (to.getTime() < from.getTime())
    throw open311Error(400, "end_date 早于 start_date", "end_date is before start_date");
  if (to.getTime() - from.getTime() > span)
    throw open311Error(
      400,
      `start_date 到 end_date 不能超过 ${MAX_SPAN_DAYS} 天`,
      `start_date to end_date may not span more than ${MAX_SPAN_DAYS} days`,
    );
  const statusValues = listParam(query.status);
  let statuses: RequestStatus[] | undefined;
  if (statusValues) {
    const unknown = statusValues.filter((s) => s !== "open" && s !== "closed");
    if (unknown.length)
      throw open311Error(
        400,
        `status 只能是 open 或 closed：${unknown.join(",")}`,
        `status must be open or closed, not ${unknown.join(",")}`,
      );
    statuses = statusValues.flatMap((s) => STATUSES[s as "open" | "closed"]);
  }
  const rows = await q.publicRequests(db, j.id, {
    from,
    to,
    statuses,
    categoryCodes: listParam(query.service_code),
    limit: MAX_REQUESTS,
  });
  const mask = await publicTextMasker(db, j.id);
  return rows.map((r) => presentRequest(r, j, mask));
}

/** GET requests/{id}: one public request of the jurisdiction, else 404 (a private one as well). */
export async function requestOf(db: Kysely<DB>, j: Jurisdiction, rawId: string): Promise<Open311Request> {
  const notFound = () =>
    open311Error(404, `找不到 service_request_id ${rawId}`, `service_request_id ${rawId} was not found`);
  if (!/^\d{1,15}$/.test(rawId)) throw notFound();
  const [row] = await q.publicRequests(db, j.id, { ids: [Number(rawId)], limit: 1 });
  if (!row) throw notFound();
  return presentRequest(row, j, await publicTextMasker(db, j.id));
}

// ---- service requests (create) ----

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

async function apiKeyOf(db: Kysely<DB>, raw: string | undefined) {
  if (!raw)
    throw open311Error(
      403,
      "缺少 api_key，无法提交",
      "api_key is missing -- can't proceed with create_request",
    );
  const key = raw.length <= 200 ? await q.findActiveKeyByHash(db, hashKey(raw)) : undefined;
  if (!key)
    throw open311Error(
      403,
      "api_key 无效或已停用，无法提交",
      "Invalid api_key received -- can't proceed with create_request",
    );
  return key;
}

function numberParam(name: string, raw: string, min: number, max: number): number {
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n) || n < min || n > max)
    throw open311Error(
      400,
      `${name} 应为 ${min} 到 ${max} 之间的数`,
      `${name} must be a number from ${min} to ${max}`,
    );
  return n;
}

function placeOf(fields: Record<string, unknown>): TSubmitRequest["place"] {
  const lat = param(fields.lat);
  const long = param(fields.long);
  const addressString = param(fields.address_string);
  const addressId = param(fields.address_id);
  if ((lat == null) !== (long == null))
    throw open311Error(400, "lat 和 long 需同时提供", "lat and long must both be sent");
  if (addressString && (addressString.length < 2 || addressString.length > 200))
    throw open311Error(
      400,
      "address_string 应为 2 到 200 个字",
      "address_string must be 2 to 200 characters",
    );
  if (lat != null && long != null)
    return {
      type: "point",
      lat: numberParam("lat", lat, -90, 90),
      lng: numberParam("long", long, -180, 180),
      address: addressString,
    };
  if (addressString) return { type: "point", address: addressString };
  if (addressId) {
    // address_id names a building of the community (the ids answered in requests' address_id)
    if (!/^\d{1,9}$/.test(addressId))
      throw open311Error(
        400,
        `address_id ${addressId} 不是本社区的楼栋`,
        `address_id ${addressId} is not a building of this jurisdiction`,
      );
    return { type: "building", buildingId: Number(addressId) };
  }
  throw open311Error(
    400,
    "缺少位置：请提供 lat 和 long、address_string 或 address_id",
    "A location is required: lat and long, address_string or address_id",
  );
}

// ---- the area a community accepts points in ----

/** How far beyond the community's radius a point may still lie: a phone's GPS error, the street outside. */
export const AREA_MARGIN_M = 500;

/**
 * China's extent (mainland, Hainan and the South China Sea islands, Taiwan, Hong Kong, Macao), by
 * latitude and longitude: the check for a community whose area has not been set.
 */
const CHINA = { minLat: 3.5, maxLat: 53.6, minLng: 73.4, maxLng: 135.1 };

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): ample for a community's few kilometres. */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Refuses (400, the spec's error array) a point far outside the community; stores nothing. */
async function checkInArea(db: Kysely<DB>, j: Jurisdiction, lat: number, lng: number): Promise<void> {
  const area = await q.findArea(db, j.id);
  if (!area) {
    if (lat < CHINA.minLat || lat > CHINA.maxLat || lng < CHINA.minLng || lng > CHINA.maxLng)
      throw open311Error(
        400,
        `lat ${lat}、long ${lng} 不在中国境内，不可能在${j.name}，请检查坐标（纬度、经度是否写反）`,
        `lat ${lat}, long ${lng} is outside China, so not in ${j.name}: check the coordinates (latitude and longitude swapped?)`,
      );
    return;
  }
  const km = (m: number) => (m / 1000).toFixed(1);
  const d = distanceM({ lat: area.lat, lng: area.lng }, { lat, lng });
  if (d > area.radius_m + AREA_MARGIN_M)
    throw open311Error(
      400,
      `lat ${lat}、long ${lng} 离${j.name}中心 ${km(d)} 公里，在社区范围（${km(area.radius_m)} 公里）之外，不能提交到本社区`,
      `lat ${lat}, long ${lng} is ${km(d)} km from the centre of ${j.name}, outside the community (${km(area.radius_m)} km): not accepted for this jurisdiction`,
    );
}

function presentArea(a: NonNullable<Awaited<ReturnType<typeof q.findArea>>>) {
  return {
    lat: a.lat,
    lng: a.lng,
    radiusM: a.radius_m,
    marginM: AREA_MARGIN_M,
    updatedAt: new Date(a.updated_at),
    updatedBy: a.updated_by_name ?? null,
  };
}

/** The area the community accepts Open311 points in, or null while none is set (open311.keys). */
export async function areaOf(db: Kysely<DB>, actor: Actor | null, communityId: number) {
  authorize(actor, "open311.keys", { communityId });
  const a = await q.findArea(db, communityId);
  return a ? presentArea(a) : null;
}

/** Sets the community's area (a centre and a radius in metres); audited with the previous one. */
export async function setAreaOf(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  input: { lat: number; lng: number; radiusM: number },
) {
  const reach = authorize(actor, "open311.keys", { communityId });
  if (!(await q.findCommunityById(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  return audited(db, async (trx) => {
    const before = await q.findArea(trx, communityId);
    await q.upsertArea(trx, {
      community_id: communityId,
      lat: input.lat,
      lng: input.lng,
      radius_m: input.radiusM,
      updated_by: actor!.userId,
    });
    const after = (await q.findArea(trx, communityId))!;
    return {
      result: presentArea(after),
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "open311_area.set",
        targetType: "community",
        targetId: communityId,
        before: before ? { lat: before.lat, lng: before.lng, radiusM: before.radius_m } : null,
        after: { lat: input.lat, lng: input.lng, radiusM: input.radiusM },
      },
    };
  });
}

const HAN = /\p{Script=Han}/u;

/** The submitter's name as written in Chinese (family name first, no space) or otherwise. */
function nameOf(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  if (HAN.test(`${first ?? ""}${last ?? ""}`)) return `${last ?? ""}${first ?? ""}`;
  return [first, last].filter(Boolean).join(" ");
}

/** What a POST would submit, checked; throws the spec's errors and stores nothing. */
async function submissionOf(db: Kysely<DB>, fields: Record<string, unknown>, j: Jurisdiction) {
  const code = param(fields.service_code);
  if (!code) throw open311Error(400, "未提供 service_code", "service_code was not provided");
  const category = await serviceOf(db, j, code);
  const place = placeOf(fields);
  if (place.type === "point" && place.lat != null && place.lng != null)
    await checkInArea(db, j, place.lat, place.lng);
  const description = param(fields.description) ?? "";
  if (description.length > MAX_DESCRIPTION)
    throw open311Error(
      400,
      `description 不能超过 ${MAX_DESCRIPTION} 个字`,
      `description is limited to ${MAX_DESCRIPTION} characters`,
    );
  const mediaUrl = param(fields.media_url);
  if (
    mediaUrl &&
    (mediaUrl.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(mediaUrl) || !URL.canParse(mediaUrl))
  )
    throw open311Error(400, "media_url 应为 http(s) 网址", "media_url must be an http(s) URL");
  const name = nameOf(param(fields.first_name), param(fields.last_name));
  const phone = param(fields.phone) ?? null;
  if (name && name.length > 40)
    throw open311Error(
      400,
      "first_name 和 last_name 合计不能超过 40 个字",
      "first_name and last_name: at most 40 characters",
    );
  if (phone && phone.length > 40)
    throw open311Error(400, "phone 不能超过 40 个字", "phone: at most 40 characters");
  const email = param(fields.email);
  const asked = param(fields.is_public)?.toLowerCase();
  if (asked && !["true", "false", "1", "0"].includes(asked))
    throw open311Error(400, "is_public 只能是 true 或 false", "is_public must be true or false");
  // Linli's lists are of problems, needs and wishes; a city client reports problems
  const kind: RequestKind = category.kinds.includes("problem") ? "problem" : category.kinds[0]!;
  const firstLine = description.split(/\r?\n/)[0]!.trim();
  const title = (firstLine.length >= 2 ? firstLine : category.name_zh).slice(0, 80);
  const input: TSubmitRequest = {
    kind,
    categoryId: category.id,
    title: title.length >= 2 ? title : `${title}问题`,
    description,
    place,
    // private unless the client publishes it; submitRequest keeps a never-public category private
    isPublic: asked === "true" || asked === "1",
    keepLocation: false,
  };
  return {
    category,
    input,
    mediaUrl,
    contact: { name, phone, email: email && email.length <= 254 ? email : null },
  };
}

/**
 * POST requests: an Open311 client submits a problem with its API key. The key must be active and
 * scoped to this jurisdiction (403 otherwise); the request goes through the requests module like any
 * other (no signed-in person: channel 'app', origin open311 and the client's name on its first event).
 * A media_url is kept as a note on the request's history.
 */
export async function createServiceRequest(
  db: Kysely<DB>,
  config: Config,
  fields: Record<string, unknown>,
  query: Record<string, unknown>,
) {
  const key = await apiKeyOf(db, param(fields.api_key) ?? param(query.api_key));
  const j = await jurisdictionOf(db, fields.jurisdiction_id ?? query.jurisdiction_id);
  if (key.scope_community_id != null && key.scope_community_id !== j.id)
    throw open311Error(
      403,
      `该 api_key 不能向 ${j.name} 提交`,
      `This api_key is not valid for jurisdiction ${jurisdictionIdOf(j)} -- can't proceed with create_request`,
    );
  const s = await submissionOf(db, fields, j);
  const origin = { kind: "open311" as const, clientName: key.name, contact: s.contact };
  const submit = (d: Kysely<DB>) => submitRequest(d, config, null, j.id, s.input, { origin });
  const created = s.mediaUrl
    ? await db.transaction().execute(async (trx) => {
        const r = await submit(trx);
        await recordRequestEvent(trx, {
          community_id: j.id,
          request_id: r.id,
          actor_user_id: null,
          actor_role: "open311",
          kind: "note",
          note: `Open311 media_url: ${s.mediaUrl}`,
          data: JSON.stringify({ mediaUrl: s.mediaUrl }),
        });
        return r;
      })
    : await submit(db);
  const publication: Publication = created.isPublic
    ? "published"
    : s.input.isPublic
      ? "never_public"
      : "private";
  return [
    {
      service_request_id: String(created.id),
      service_notice: serviceNotice(created, publication),
    },
  ];
}

// ---- API keys in the staff console ----

function presentKey(k: {
  id: number;
  name: string;
  key_prefix: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  created_by_name?: string | null;
}) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.key_prefix,
    createdAt: new Date(k.created_at),
    createdBy: k.created_by_name ?? null,
    revokedAt: k.revoked_at ? new Date(k.revoked_at) : null,
    active: !k.revoked_at,
  };
}

export async function listKeysOf(db: Kysely<DB>, actor: Actor | null, communityId: number) {
  authorize(actor, "open311.keys", { communityId });
  return (await q.listKeys(db, communityId)).map(presentKey);
}

/** A new key for one community: shown once; stored as its SHA-256 hash and a short prefix; audited. */
export async function createKey(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  input: { name: string },
) {
  const reach = authorize(actor, "open311.keys", { communityId });
  const community = await q.findCommunityById(db, communityId);
  if (!community) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const key = `l311_${randomBytes(24).toString("base64url")}`;
  const prefix = key.slice(0, 10);
  const row = await db.transaction().execute(async (trx) => {
    const r = await q.insertKey(trx, {
      name: input.name,
      key_hash: hashKey(key),
      key_prefix: prefix,
      scope_community_id: communityId,
      created_by: actor!.userId,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "open311_key.create",
      targetType: "open311_api_key",
      targetId: r.id,
      after: { name: input.name, prefix },
    });
    return r;
  });
  return {
    ...presentKey({ ...row, created_by_name: actor!.name }),
    key,
    jurisdictionId: jurisdictionIdOf(community),
  };
}

export async function revokeKeyOf(db: Kysely<DB>, actor: Actor | null, communityId: number, id: number) {
  const reach = authorize(actor, "open311.keys", { communityId });
  return db.transaction().execute(async (trx) => {
    const row = await q.revokeKey(trx, communityId, id);
    if (!row) {
      const existing = await q.findKey(trx, communityId, id);
      if (!existing) throw new AppError("NOT_FOUND", { zh: "密钥不存在", en: "Key not found" });
      throw new AppError("CONFLICT", { zh: "该密钥已停用", en: "This key has already been revoked" });
    }
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "open311_key.revoke",
      targetType: "open311_api_key",
      targetId: id,
      before: { name: row.name, prefix: row.key_prefix, active: true },
      after: { active: false },
    });
    return presentKey(row);
  });
}

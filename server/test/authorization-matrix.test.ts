// Authorization as a matrix (ENGINEERING.md "Testing"): every route in app.routeTable × every kind of
// actor × a place of their own and a place that is not theirs. The table below must have exactly one
// entry per route, so a new route fails here until someone decides who may call it.
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "../src/access/actor.queries.ts";
import type { Permission } from "../src/access/registry.ts";
import { rotatingCodeAt } from "../src/access/sign-in-codes.ts";
import { workbookBytes, writeWorkbook } from "../src/modules/core/imports/imports.service.ts";
import { EXPORT_HEADERS } from "../src/modules/core/imports/resident-sheet.ts";
import { ensureAccount, post as ledgerPost } from "../src/modules/core/ledger/ledger.service.ts";
import { commitmentOf, listHashOf } from "../src/modules/deliberation/lotteries/lotteries-draw.ts";
import { signInCodeAt } from "../src/modules/deliberation/meetings/meetings.service.ts";
import { archiveReport } from "../src/modules/insight/reports/reports.service.ts";
import { SHEET_HEADERS } from "../src/modules/lifecircle/network/facilities-sheet.ts";
import { graphFromEdges } from "../src/modules/lifecircle/network/graph.ts";
import { packGraph } from "../src/modules/lifecircle/network/graph-bytes.ts";
import { DEFAULT_KINDS } from "../src/modules/lifecircle/network/kinds.ts";
import { writeOsmPbf } from "../src/modules/lifecircle/network/osm-pbf.fixture.ts";
import { exchange as mallExchange } from "../src/modules/points/mall/mall.service.ts";
import { awardPoints, residentPointsCode } from "../src/modules/points/points/points.service.ts";
import { bookProjectEntry } from "../src/modules/projects/projects/project-account.service.ts";
import { fixtureCategory, insertRequest } from "../src/modules/voice/figures/figures.fixtures.ts";
import { newTrackingCode } from "../src/modules/voice/opinions/opinions.service.ts";
import {
  createPendingResident,
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  isBilingualError,
  lastSmsCode,
  nextPhone,
  sessionCookie,
  snapshotDatabase,
  TEST_PASSWORD,
  type TestApp,
} from "./test-app.ts";

/** A place with everything a request may need to name inside it. */
interface Place {
  label: string;
  communityId: number;
  gridId: number;
  estateId: number;
  buildingId: number;
  unitId: number;
  householdId: number;
  residentId: number;
  residentName: string;
  propertyOrgId: number;
}

const ACTORS = [
  "anonymous",
  "resident",
  "otherResident",
  "gridWorker",
  "buildingHead",
  "propertyStaff",
  "ownersCommittee",
  "communityWorker",
  "communitySecretary",
  "streetOfficial",
  "districtOfficial",
  "unitRepresentative",
  "systemAdmin",
] as const;
type ActorKey = (typeof ACTORS)[number];

interface ActorDef {
  key: ActorKey;
  userId: number | null;
  cookie: string | null;
  /** [own place, a place that is not theirs] */
  places: [Place, Place];
}

/**
 * ok: 2xx (and, for lists, the target place's row is in the answer);
 * filtered: 2xx but the target place's row is NOT in the answer;
 * otherwise the exact status (403 = FORBIDDEN or OUT_OF_SCOPE).
 */
type Outcome = "ok" | "filtered" | "401" | "403" | "404" | "409";
type Expect = `${Outcome}/${Outcome}`;

interface Ctx {
  t: TestApp;
  actor: ActorDef;
  target: Place;
  n: number;
}
interface Call {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** The client's address (the socket's: X-Forwarded-For is believed only from a trusted proxy). */
  remoteAddress?: string;
  /** Replaces the actor's cookie (e.g. a throwaway session for sign-out). */
  cookie?: string | null;
}
/** A reply: JSON parsed when it is JSON; the raw bytes for files. */
interface Answer {
  json: any;
  text: string;
  raw: Buffer;
}
interface RouteCase {
  /** What the route declares: checked against app.routeTable, so the defaults below can't drift. */
  access: "public" | "signed_in" | Permission;
  build(ctx: Ctx): Call | Promise<Call>;
  /** For lists and files: does the answer show the target place's row? */
  shows?(answer: Answer, target: Place): boolean | Promise<boolean>;
  /**
   * Outcomes that differ from the defaults, as "own/other". Defaults: public → everyone ok;
   * signed_in → anonymous 401, everyone else ok; a permission → anonymous 401, everyone else 403.
   */
  expect: Partial<Record<ActorKey, Expect>>;
}

const c = (p: Place) => `/api/communities/${p.communityId}`;
const get = (url: string): Call => ({ method: "GET", url });
const post = (url: string, payload: unknown = {}): Call => ({ method: "POST", url, payload });
const patch = (url: string, payload: unknown): Call => ({ method: "PATCH", url, payload });

/** Community staff of A: allowed in A, not in B. */
const COMMUNITY_STAFF_WRITE = {
  communityWorker: "ok/403",
  communitySecretary: "ok/403",
  systemAdmin: "ok/ok",
} as const;
/** Everyone who reads a whole community: community staff, street and district officials. */
const COMMUNITY_READERS = {
  ...COMMUNITY_STAFF_WRITE,
  streetOfficial: "ok/403",
  districtOfficial: "ok/403",
} as const;
/** Every signed-in actor may open their own household page; staff only within their places. */
const HOUSEHOLD_PAGE = {
  resident: "ok/403",
  otherResident: "ok/403",
  gridWorker: "ok/403",
  buildingHead: "ok/403",
  propertyStaff: "ok/403",
  ownersCommittee: "ok/403",
  unitRepresentative: "403/403",
  ...COMMUNITY_READERS,
} as const;

/** For signed-in routes decided per person: everyone signed in is refused (403) unless listed. */
const onlyThese = (allowed: Partial<Record<ActorKey, Expect>>): Partial<Record<ActorKey, Expect>> => ({
  ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "403/403" as const])),
  ...allowed,
});
/** Staff who handle requests (sign, route, merge): the grid worker of the place and community staff. */
const REQUEST_HANDLERS = { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE } as const;
/** Who reads lists of requests: everyone holding requests.read, filtered to their places. */
const REQUEST_READERS_LIST = {
  gridWorker: "ok/filtered",
  buildingHead: "ok/filtered",
  propertyStaff: "ok/filtered",
  ownersCommittee: "ok/filtered",
  ...COMMUNITY_READERS,
} as const;
/** One request: its submitter, and staff reading the place (not the neighbours). */
const REQUEST_DETAIL = {
  resident: "ok/403",
  otherResident: "ok/403",
  gridWorker: "ok/403",
  buildingHead: "ok/403",
  propertyStaff: "ok/403",
  ownersCommittee: "ok/403",
  ...COMMUNITY_READERS,
} as const;
/** Who reads a community's volunteer teams and activities: its residents, staff and officials over it. */
const VOL_READERS = onlyThese({
  resident: "ok/ok",
  otherResident: "ok/ok",
  gridWorker: "ok/ok",
  ...COMMUNITY_READERS,
});
/** A roster's readers: the community's staff and officials who read volunteering (members are fixtures). */
const ROSTER_READERS = {
  ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "404/404" as const])),
  communityWorker: "ok/404",
  communitySecretary: "ok/404",
  streetOfficial: "ok/404",
  districtOfficial: "ok/404",
  systemAdmin: "ok/ok",
} as const;
/** Who arranges a roster: the team's leader (a fixture) and the community's staff; officials read only. */
const ROSTER_MANAGERS = {
  ...ROSTER_READERS,
  streetOfficial: "403/404",
  districtOfficial: "403/404",
} as const;
/** A team member (the caller is made one in their own place); elsewhere readers are told they are not. */
const ROSTER_MEMBERS = {
  ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/404" as const])),
  systemAdmin: "ok/403",
} as const;
/** Confirming and rating: the submitter only, not even an administrator. */
const SUBMITTER_ONLY = { resident: "ok/403", otherResident: "ok/403" } as const;
/** Who reads a residents' notice of the target's building (and so its comments): see the notices rows. */
const NOTICE_READERS = {
  ...onlyThese({ resident: "ok/ok", otherResident: "ok/ok", gridWorker: "ok/403" }),
  ...COMMUNITY_READERS,
} as const;

/** The account of the verified resident living at the target household, if it has one. */
async function residentUserAt(t: TestApp, target: Place): Promise<number | null> {
  const r = await t.db
    .selectFrom("resident")
    .select("user_id")
    .where("community_id", "=", target.communityId)
    .where("household_id", "=", target.householdId)
    .where("user_id", "is not", null)
    .where("status", "=", "verified")
    // the household's first resident (the actor); fixtures of later entries may add members with accounts
    .orderBy("id")
    .executeTakeFirst();
  return r?.user_id ?? null;
}

/** A request at the target place (its household, building, estate and grid); returns its id. */
async function requestAt(
  t: TestApp,
  target: Place,
  f: Partial<Parameters<typeof insertRequest>[1]> & { bySubmitter?: boolean } = {},
): Promise<number> {
  const { bySubmitter, ...fixture } = f;
  const { id } = await insertRequest(t.db, {
    communityId: target.communityId,
    gridId: target.gridId,
    estateId: target.estateId,
    buildingId: target.buildingId,
    submitterUserId: bySubmitter ? await residentUserAt(t, target) : null,
    ...fixture,
  });
  await t.db
    .updateTable("request")
    .set({ household_id: target.householdId })
    .where("community_id", "=", target.communityId)
    .where("id", "=", id)
    .execute();
  return id;
}

/** A resolved request of the target household's resident, waiting for their rating. */
async function resolvedRequestAt(t: TestApp, target: Place): Promise<number> {
  return requestAt(t, target, {
    bySubmitter: true,
    status: "resolved",
    signedAt: new Date(),
    resolvedAt: new Date(),
    confirmDueAt: new Date(Date.now() + 7 * 24 * HOUR_MS),
  });
}
const HOUR_MS = 3_600_000;

/** Who reads an owners' vote: the building head of its building, the owners' committee of its estate, community staff and officials. */
const VOTE_READERS = { buildingHead: "ok/403", ownersCommittee: "ok/403", ...COMMUNITY_READERS } as const;
/** Who runs an owners' vote: the owners' committee of its estate and community staff. */
const VOTE_MANAGERS = { ownersCommittee: "ok/403", ...COMMUNITY_STAFF_WRITE } as const;

/** Who reads one meeting as staff: the grid worker of its grid, community staff and officials. */
const MEETING_READERS = { gridWorker: "ok/403", ...COMMUNITY_READERS } as const;

/** Who runs a project at the target's building: the grid worker of its grid and community staff. */
const PROJECT_MANAGERS = { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE } as const;
/** Who sees a non-public building project: residents of the community, staff reading its place, units of the community. */
const PROJECT_VIEWERS = {
  anonymous: "401/401",
  resident: "ok/ok",
  otherResident: "ok/ok",
  gridWorker: "ok/403",
  buildingHead: "ok/403",
  propertyStaff: "ok/403",
  ownersCommittee: "ok/403",
  unitRepresentative: "ok/403",
  ...COMMUNITY_READERS,
} as const;

const MATRIX: Record<string, RouteCase> = {
  "GET /api/health": { access: "public", build: () => get("/api/health"), expect: {} },
  "GET /api/places/divisions": { access: "public", build: () => get("/api/places/divisions"), expect: {} },
  "POST /api/auth/code": {
    access: "public",
    build: () => post("/api/auth/code", { phone: nextPhone(), purpose: "sign_in" }),
    expect: {},
  },
  "POST /api/auth/register": {
    access: "public",
    build: async ({ t }) => {
      const phone = nextPhone();
      await t.app.inject({ method: "POST", url: "/api/auth/code", payload: { phone, purpose: "register" } });
      const code = await lastSmsCode(t.db, phone);
      return post("/api/auth/register", { phone, password: "matrix-password", name: "新住户", code });
    },
    expect: {},
  },
  "POST /api/auth/sign-in": {
    access: "public",
    build: () => post("/api/auth/sign-in", { phone: world.signInPhone, password: TEST_PASSWORD }),
    expect: {},
  },
  "POST /api/auth/sign-out": {
    access: "public",
    // a throwaway session, so that the actor's own stays valid for the rest of the matrix
    build: async ({ t, actor }) => ({
      ...post("/api/auth/sign-out"),
      cookie: actor.userId ? await sessionCookie(t, actor.userId) : null,
    }),
    expect: {},
  },
  "GET /api/me": { access: "signed_in", build: () => get("/api/me"), expect: {} },
  "PATCH /api/me/preferences": {
    access: "signed_in",
    build: () => patch("/api/me/preferences", { elderlyMode: false }),
    expect: {},
  },
  "GET /api/me/households": { access: "signed_in", build: () => get("/api/me/households"), expect: {} },
  "GET /api/me/data-export": { access: "signed_in", build: () => get("/api/me/data-export"), expect: {} },
  "POST /api/me/residency": {
    access: "signed_in",
    build: async ({ t, actor, target }) => {
      // one open request per person and community: clear the one an earlier cell of this row made
      if (actor.userId) {
        await t.db
          .deleteFrom("resident")
          .where("user_id", "=", actor.userId)
          .where("community_id", "=", target.communityId)
          .where("status", "=", "pending")
          .execute();
      }
      return post("/api/me/residency", {
        communityId: target.communityId,
        name: "申请人",
        claimedAddress: "1栋1单元101",
        relation: "owner",
      });
    },
    // both residents already live in community A (own and other place are both in A)
    expect: { resident: "409/409", otherResident: "409/409" },
  },
  "GET /api/admin/events/consumers": {
    access: "events.admin",
    build: () => get("/api/admin/events/consumers"),
    expect: { systemAdmin: "ok/ok" },
  },
  "GET /api/admin/events/dead-letters": {
    access: "events.admin",
    build: () => get("/api/admin/events/dead-letters"),
    expect: { systemAdmin: "ok/ok" },
  },
  "POST /api/admin/events/dead-letters/:communityId/:consumer/:eventId/resend": {
    access: "events.admin",
    // no dead letter exists: the system admin is let through and told so (404); everyone else 403
    build: ({ target }) => post(`/api/admin/events/dead-letters/${target.communityId}/figures/1/resend`),
    expect: { systemAdmin: "404/404" },
  },
  "GET /api/admin/sms-outbox": {
    access: "sms.outbox.read",
    build: () => get("/api/admin/sms-outbox"),
    expect: { systemAdmin: "ok/ok" },
  },

  // ---- places ----
  "GET /api/communities/:communityId/tree": {
    access: "places.read",
    build: ({ target }) => get(`${c(target)}/tree`),
    shows: ({ json }, p) =>
      json.estates.some((e: any) => e.buildings.some((b: any) => b.id === p.buildingId)),
    expect: {
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      ...COMMUNITY_READERS,
    },
  },
  "POST /api/communities/:communityId/grids": {
    access: "places.write",
    build: ({ target, n }) => post(`${c(target)}/grids`, { name: `矩阵网格${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/estates": {
    access: "places.write",
    build: ({ target, n }) => post(`${c(target)}/estates`, { name: `矩阵小区${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/buildings": {
    access: "places.write",
    build: ({ target, n }) =>
      post(`${c(target)}/buildings`, {
        estateId: target.estateId,
        gridId: target.gridId,
        name: `矩阵楼${n}`,
        floors: 6,
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/buildings/:buildingId": {
    access: "places.write",
    build: ({ target, n }) => patch(`${c(target)}/buildings/${target.buildingId}`, { name: `改名楼${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/units": {
    access: "places.write",
    build: ({ target, n }) =>
      post(`${c(target)}/units`, { buildingId: target.buildingId, name: `矩阵单元${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/households": {
    access: "households.read",
    // asks for the target's building on purpose: the scope filter must hold even then
    build: ({ target }) => get(`${c(target)}/households?buildingId=${target.buildingId}&pageSize=200`),
    shows: ({ json }, p) => json.items.some((h: any) => h.id === p.householdId),
    expect: {
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      ...COMMUNITY_READERS,
    },
  },
  "GET /api/communities/:communityId/households/:householdId": {
    access: "signed_in",
    build: ({ target }) => get(`${c(target)}/households/${target.householdId}`),
    expect: HOUSEHOLD_PAGE,
  },
  "POST /api/communities/:communityId/households": {
    access: "households.write",
    build: ({ target, n }) =>
      post(`${c(target)}/households`, {
        buildingId: target.buildingId,
        unitId: target.unitId,
        room: `M${n}`,
        floor: 3,
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "PATCH /api/communities/:communityId/households/:householdId": {
    access: "households.write",
    build: ({ target }) => patch(`${c(target)}/households/${target.householdId}`, { floor: 1 }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },

  // ---- people ----
  "GET /api/communities/:communityId/residents": {
    access: "residents.read",
    build: ({ target }) => get(`${c(target)}/residents?householdId=${target.householdId}&pageSize=200`),
    shows: ({ json }, p) => json.items.some((r: any) => r.id === p.residentId),
    expect: {
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ...COMMUNITY_READERS,
    },
  },
  "POST /api/communities/:communityId/residents": {
    access: "residents.write",
    build: ({ target, n }) =>
      post(`${c(target)}/residents`, {
        householdId: target.householdId,
        name: `矩阵居民${n}`,
        relation: "family",
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "PATCH /api/communities/:communityId/residents/:residentId": {
    access: "residents.write",
    build: ({ target }) =>
      patch(`${c(target)}/residents/${target.residentId}`, { careTags: ["living_alone"] }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/verification-queue": {
    access: "residents.verify",
    build: ({ target }) => get(`${c(target)}/verification-queue`),
    // pending requests have no household yet, so the queue is community-wide: a grid worker of A.g1
    // sees the whole queue of A (the "other" place of a grid worker, A.g2, is in the same community)
    expect: { gridWorker: "ok/ok", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/residents/:residentId/verify": {
    access: "residents.verify",
    build: async ({ t, target }) => {
      const pending = await createPendingResident(t.db, target.communityId);
      return post(`${c(target)}/residents/${pending}/verify`, {
        householdId: target.householdId,
        relation: "owner",
      });
    },
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/residents/:residentId/reject": {
    access: "residents.verify",
    build: async ({ t, target }) => {
      const pending = await createPendingResident(t.db, target.communityId);
      return post(`${c(target)}/residents/${pending}/reject`, { reason: "地址与房屋不符" });
    },
    // a pending request has no household, so any verifier of the community may reject it
    expect: { gridWorker: "ok/ok", ...COMMUNITY_STAFF_WRITE },
  },

  // ---- privacy ----
  "POST /api/communities/:communityId/residents/:residentId/reveal": {
    access: "residents.reveal",
    build: ({ target }) =>
      post(`${c(target)}/residents/${target.residentId}/reveal`, { reason: "上门核实联系方式" }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },

  // ---- organisations, party, roles ----
  "GET /api/communities/:communityId/organisations": {
    access: "organisations.read",
    build: ({ target }) => get(`${c(target)}/organisations`),
    shows: ({ json }, p) => json.some((o: any) => o.id === p.propertyOrgId),
    // a unit representative sees only their own unit; a community their unit does not serve → 403
    expect: { unitRepresentative: "filtered/403", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/organisations": {
    access: "organisations.write",
    build: ({ target, n }) =>
      post(`${c(target)}/organisations`, { kind: "volunteer_team", name: `矩阵志愿队${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/party-members": {
    access: "party.read",
    build: ({ target }) => get(`${c(target)}/party-members`),
    // the party-member list is community-level: grid workers don't hold party.read
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/party-members": {
    access: "party.write",
    build: ({ target, n }) => post(`${c(target)}/party-members`, { name: `矩阵党员${n}`, kind: "resident" }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/roles": {
    access: "roles.read",
    build: ({ target }) => get(`${c(target)}/roles`),
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/roles": {
    access: "roles.write",
    build: async ({ t, target }) => {
      const grantee = await createUser(t.db, "新网格员");
      return post(`${c(target)}/roles`, {
        phone: grantee.phone,
        role: "grid_worker",
        scopeType: "grid",
        scopeId: target.gridId,
      });
    },
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },
  "DELETE /api/communities/:communityId/roles/:roleId": {
    access: "roles.write",
    build: async ({ t, target }) => {
      const holder = await createUser(t.db, "卸任网格员");
      const { id } = await t.db
        .insertInto("role_assignment")
        .values({
          user_id: holder.id,
          role: "grid_worker",
          scope_type: "grid",
          scope_community_id: target.communityId,
          scope_id: target.gridId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { method: "DELETE", url: `${c(target)}/roles/${id}` };
    },
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },

  // ---- imports and exports ----
  "POST /api/communities/:communityId/imports": {
    access: "data.import",
    build: ({ target, n }) => {
      const form = new FormData();
      form.append("mode", "all_or_nothing");
      const sheet = `${EXPORT_HEADERS.join(",")}\n矩阵小区${n},1栋,1单元,1,101,80,矩阵导入${n},女,,,,业主,,\n`;
      form.append("file", new Blob([sheet]), "居民.csv");
      return { method: "POST", url: `${c(target)}/imports?wait=1`, payload: form };
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/imports": {
    access: "data.import",
    build: ({ target }) => get(`${c(target)}/imports`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/imports/:importId": {
    access: "data.import",
    build: async ({ t, target }) => {
      const job = await t.db
        .insertInto("import_job")
        .values({
          community_id: target.communityId,
          kind: "residents",
          status: "succeeded",
          mode: "all_or_nothing",
          filename: "居民.csv",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return get(`${c(target)}/imports/${job.id}`);
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/exports/residents.csv": {
    access: "data.export",
    build: ({ target }) => get(`${c(target)}/exports/residents.csv`),
    shows: ({ text }, p) => text.includes(p.residentName),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/exports/residents.xlsx": {
    access: "data.export",
    build: ({ target }) => get(`${c(target)}/exports/residents.xlsx`),
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(p.residentName),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },

  "GET /api/communities/:communityId/exports/households.xlsx": {
    access: "data.export",
    // the households list's reach, through roles holding data.export (a grid worker: their grids)
    build: ({ target }) => get(`${c(target)}/exports/households.xlsx`),
    shows: async ({ raw }, p) => (await firstColumn(raw)).includes(p.householdId),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/imports/template.xlsx": {
    access: "data.import",
    build: ({ target }) => get(`${c(target)}/imports/template.xlsx?kind=residents`),
    expect: COMMUNITY_STAFF_WRITE,
  },

  // ---- audit ----
  "GET /api/audit": {
    access: "audit.read",
    build: ({ target }) => get(`/api/audit?communityId=${target.communityId}`),
    expect: COMMUNITY_READERS,
  },

  // ---- notifications, deadlines, figures ----
  "GET /api/me/notifications": { access: "signed_in", build: () => get("/api/me/notifications"), expect: {} },
  "POST /api/me/notifications/:notificationId/read": {
    access: "signed_in",
    build: async ({ t, actor }) => {
      const owner = actor.userId ?? (await createUser(t.db, "通知接收人")).id;
      const { id } = await t.db
        .insertInto("notification")
        .values({ user_id: owner, kind: "test", title_zh: "矩阵通知", title_en: "Matrix" })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`/api/me/notifications/${id}/read`);
    },
    expect: {},
  },
  "POST /api/me/notifications/read-all": {
    access: "signed_in",
    build: () => post("/api/me/notifications/read-all"),
    expect: {},
  },
  "GET /api/me/notifications/stream": {
    access: "signed_in",
    // maxSeconds=0: the stream opens (200, text/event-stream) and ends at once
    build: () => get("/api/me/notifications/stream?maxSeconds=0"),
    expect: {},
  },
  "GET /api/me/notification-preferences": {
    access: "signed_in",
    build: () => get("/api/me/notification-preferences"),
    expect: {},
  },
  "PUT /api/me/notification-preferences": {
    access: "signed_in",
    build: () => ({
      method: "PUT",
      url: "/api/me/notification-preferences",
      payload: { inApp: true, sms: true },
    }),
    expect: {},
  },
  "GET /api/communities/:communityId/overdue": {
    access: "requests.read",
    // an overdue request at the target place (its grid, estate and building), titled after the place
    build: async ({ t, target }) => {
      await insertRequest(t.db, {
        communityId: target.communityId,
        gridId: target.gridId,
        estateId: target.estateId,
        buildingId: target.buildingId,
        title: `超期 ${target.label}`,
        signDueAt: new Date(Date.now() - 3_600_000),
      });
      return get(`${c(target)}/overdue?limit=500`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.title === `超期 ${p.label}`),
    expect: {
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      ...COMMUNITY_READERS,
    },
  },
  "GET /api/streets/:streetId/overdue": {
    access: "requests.read",
    build: async ({ t, target }) => {
      const { street_id } = await t.db
        .selectFrom("community")
        .select("street_id")
        .where("id", "=", target.communityId)
        .executeTakeFirstOrThrow();
      return get(`/api/streets/${street_id}/overdue`);
    },
    // the whole street: its officials, the district above it, administrators
    expect: { streetOfficial: "ok/403", districtOfficial: "ok/403", systemAdmin: "ok/ok" },
  },
  "GET /api/board/figures": {
    access: "public",
    build: ({ target }) => get(`/api/board/figures?level=community&id=${target.communityId}`),
    expect: {},
  },
  "GET /api/board/participation": {
    access: "public",
    build: ({ target }) => get(`/api/board/participation?level=community&id=${target.communityId}`),
    expect: {},
  },

  // ---- insight: figures of places (issue 17); a grid worker reaches a grid, not the whole community ----
  "GET /api/insight/figures": {
    access: "insight.read",
    build: ({ target }) => get(`/api/insight/figures?place=community:${target.communityId}`),
    expect: { gridWorker: "403/403", ...COMMUNITY_READERS },
  },
  "GET /api/insight/figures/export.xlsx": {
    access: "insight.read",
    build: ({ target }) =>
      get(`/api/insight/figures/export.xlsx?place=community:${target.communityId}&table=children`),
    expect: { gridWorker: "403/403", ...COMMUNITY_READERS },
  },
  // big screen (issue 17 item 2): requests by category, the figures' place rules
  "GET /api/insight/figures/categories": {
    access: "insight.read",
    build: ({ target }) => get(`/api/insight/figures/categories?place=community:${target.communityId}`),
    expect: { gridWorker: "403/403", ...COMMUNITY_READERS },
  },
  "GET /api/open/figures": {
    access: "public",
    build: ({ target }) => get(`/api/open/figures?place=community:${target.communityId}`),
    expect: {},
  },
  "GET /api/open/figures.csv": {
    access: "public",
    build: ({ target }) => get(`/api/open/figures.csv?place=community:${target.communityId}`),
    expect: {},
  },

  // ---- insight: monthly reports (issue 17 item 3); each level its own places and those below ----
  "GET /api/insight/reports": {
    access: "insight.reports.read",
    build: async ({ t, target }) => {
      await archiveReport(t.db, "community", target.communityId, "2025-05");
      return get(`/api/insight/reports?place=community:${target.communityId}&month=2025-05`);
    },
    shows: ({ json }, p) => json.items.some((r: any) => r.place === `community:${p.communityId}`),
    expect: { ...COMMUNITY_READERS },
  },
  "POST /api/insight/reports": {
    access: "insight.reports.generate",
    build: ({ target }) =>
      post("/api/insight/reports", { place: `community:${target.communityId}`, month: "2025-06" }),
    expect: { ...COMMUNITY_READERS },
  },
  "GET /api/insight/reports/:id": {
    access: "insight.reports.read",
    build: async ({ t, target }) =>
      get(
        `/api/insight/reports/${(await archiveReport(t.db, "community", target.communityId, "2025-05")).id}`,
      ),
    expect: { ...COMMUNITY_READERS },
  },
  "GET /api/insight/reports/:id/report.pdf": {
    access: "insight.reports.read",
    build: async ({ t, target }) =>
      get(
        `/api/insight/reports/${(await archiveReport(t.db, "community", target.communityId, "2025-05")).id}/report.pdf`,
      ),
    expect: { ...COMMUNITY_READERS },
  },
  "GET /api/insight/reports/:id/figures.xlsx": {
    access: "insight.reports.read",
    build: async ({ t, target }) =>
      get(
        `/api/insight/reports/${(await archiveReport(t.db, "community", target.communityId, "2025-05")).id}/figures.xlsx`,
      ),
    expect: { ...COMMUNITY_READERS },
  },

  // ---- Open311 API keys (staff console) ----
  "GET /api/communities/:communityId/open311-keys": {
    access: "open311.keys",
    build: async ({ t, target }) => {
      await insertOpen311Key(t, target);
      return get(`${c(target)}/open311-keys`);
    },
    shows: ({ json }, p) => json.some((k: any) => k.name === `矩阵密钥 ${p.label}`),
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },
  "POST /api/communities/:communityId/open311-keys": {
    access: "open311.keys",
    build: ({ target, n }) => post(`${c(target)}/open311-keys`, { name: `矩阵客户端${n}` }),
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },
  "POST /api/communities/:communityId/open311-keys/:keyId/revoke": {
    access: "open311.keys",
    build: async ({ t, target }) =>
      post(`${c(target)}/open311-keys/${await insertOpen311Key(t, target)}/revoke`),
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },
  "GET /api/communities/:communityId/open311-area": {
    access: "open311.keys",
    build: ({ target }) => get(`${c(target)}/open311-area`),
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },
  "PUT /api/communities/:communityId/open311-area": {
    access: "open311.keys",
    build: ({ target, n }) => ({
      method: "PUT",
      url: `${c(target)}/open311-area`,
      payload: { lat: 30.5, lng: 114.3, radiusM: 500 + n },
    }),
    expect: { communitySecretary: "ok/403", systemAdmin: "ok/ok" },
  },

  // ---- opinion box and suggestion column ----
  "POST /api/communities/:communityId/opinions": {
    access: "public",
    // each call from its own address, so that the per-IP limit does not interfere
    build: ({ target, n }) => ({
      ...post(`${c(target)}/opinions`, { text: `矩阵意见${n}：建议加装路灯` }),
      remoteAddress: `10.99.${n >> 8}.${n & 255}`,
    }),
    expect: {},
  },
  "GET /api/communities/:communityId/opinions/:trackingCode": {
    access: "public",
    build: async ({ t, target }) => get(`${c(target)}/opinions/${(await insertOpinion(t, target)).code}`),
    expect: {},
  },
  "GET /api/communities/:communityId/opinions": {
    access: "opinions.reply",
    // an overdue opinion sorts first
    build: async ({ t, target }) => {
      await insertOpinion(t, target);
      return get(`${c(target)}/opinions?limit=5`);
    },
    shows: ({ json }, p) => json.items.some((o: any) => o.text === `矩阵意见 ${p.label}`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/opinions/:opinionId/reply": {
    access: "opinions.reply",
    build: async ({ t, target }) =>
      post(`${c(target)}/opinions/${(await insertOpinion(t, target)).id}/reply`, {
        reply: "已收到，马上处理",
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/suggestion-column": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/suggestion-column`),
    expect: {},
  },

  // ---- resident voice: working calendar, categories, requests, claims, resources ----
  "GET /api/calendar": { access: "public", build: () => get("/api/calendar?year=2026"), expect: {} },
  "PUT /api/calendar/days/:day": {
    access: "calendar.write",
    // a national table: only a global grant may change it
    build: ({ n }) => ({
      method: "PUT",
      url: `/api/calendar/days/2032-${String(1 + (n % 12)).padStart(2, "0")}-1${n % 10}`,
      payload: { kind: "holiday", name: "矩阵假日" },
    }),
    expect: { systemAdmin: "ok/ok" },
  },
  "DELETE /api/calendar/days/:day": {
    access: "calendar.write",
    build: async ({ t, n }) => {
      const day = `2033-${String(1 + (n % 12)).padStart(2, "0")}-${String(1 + ((n >> 4) % 28)).padStart(2, "0")}`;
      await t.db
        .insertInto("working_calendar")
        .values({ day, kind: "holiday", name: "矩阵假日" })
        .onConflict((oc) => oc.column("day").doNothing())
        .execute();
      return { method: "DELETE", url: `/api/calendar/days/${day}` };
    },
    expect: { systemAdmin: "ok/ok" },
  },
  "GET /api/communities/:communityId/categories": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/categories`),
    expect: {},
  },
  "POST /api/communities/:communityId/categories": {
    access: "requests.configure",
    build: ({ target, n }) =>
      post(`${c(target)}/categories`, {
        code: `matrix_${n}`,
        nameZh: `矩阵${n}`,
        nameEn: `Matrix ${n}`,
        kinds: ["problem"],
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/categories/:categoryId": {
    access: "requests.configure",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/categories/${await fixtureCategory(t.db, target.communityId)}`, { sort: n }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/requests": {
    access: "signed_in",
    // a resident for their own household; staff holding requests.on_behalf for places they reach
    build: ({ target, n }) =>
      post(`${c(target)}/requests`, {
        kind: "problem",
        categoryCode: "environment",
        title: `矩阵提交${n}`,
        place: { type: "household", householdId: target.householdId },
      }),
    expect: onlyThese({
      resident: "ok/403",
      otherResident: "ok/403",
      gridWorker: "ok/403",
      buildingHead: "ok/403",
      ...COMMUNITY_STAFF_WRITE,
    }),
  },
  "GET /api/communities/:communityId/requests": {
    access: "requests.read",
    build: async ({ t, target }) => {
      await requestAt(t, target, { title: `矩阵诉求 ${target.label}` });
      return get(`${c(target)}/requests?limit=200`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.title === `矩阵诉求 ${p.label}`),
    expect: REQUEST_READERS_LIST,
  },
  "GET /api/communities/:communityId/requests/export.xlsx": {
    // the list's reach, through roles holding data.export too: 三长, property staff and owners'
    // committees read the list but do not export it
    access: "data.export",
    build: async ({ t, target }) => {
      await requestAt(t, target, { title: `矩阵导出 ${target.label}` });
      return get(`${c(target)}/requests/export.xlsx`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵导出 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/building-choices": {
    access: "signed_in",
    // verified residents of the community: all its buildings; staff reading places: those in reach
    build: ({ target }) => get(`${c(target)}/building-choices`),
    shows: ({ json }, p) =>
      json.estates.some((e: any) => e.buildings.some((b: any) => b.id === p.buildingId)),
    expect: onlyThese({
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      ...COMMUNITY_READERS,
    }),
  },
  "GET /api/communities/:communityId/requests/:requestId/route-targets": {
    access: "requests.handle",
    build: async ({ t, target }) => get(`${c(target)}/requests/${await requestAt(t, target)}/route-targets`),
    expect: REQUEST_HANDLERS,
  },
  "GET /api/communities/:communityId/requests/:requestId": {
    access: "signed_in",
    // the request of the target household's resident: they see it, and staff reading the place
    build: async ({ t, target }) =>
      get(`${c(target)}/requests/${await requestAt(t, target, { bySubmitter: true })}`),
    expect: onlyThese(REQUEST_DETAIL),
  },
  "GET /api/communities/:communityId/requests/:requestId/photos/:photoId": {
    access: "signed_in",
    build: async ({ t, target }) => {
      const id = await requestAt(t, target, { bySubmitter: true });
      const photo = await t.db
        .insertInto("request_photo")
        .values({
          community_id: target.communityId,
          request_id: id,
          stage: "submit",
          mime: "image/png",
          byte_size: 4,
          sha256: "matrix",
          bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return get(`${c(target)}/requests/${id}/photos/${photo.id}`);
    },
    expect: onlyThese(REQUEST_DETAIL),
  },
  "GET /api/communities/:communityId/inbox": {
    access: "requests.handle",
    // long overdue, so it sorts first
    build: async ({ t, target, n }) => {
      await requestAt(t, target, {
        title: `矩阵收件 ${target.label}`,
        signDueAt: new Date(Date.UTC(2000, 0, 1) - n * 60_000),
      });
      return get(`${c(target)}/inbox?limit=100`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.title === `矩阵收件 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/requests/:requestId/sign": {
    access: "requests.handle",
    build: async ({ t, target }) => post(`${c(target)}/requests/${await requestAt(t, target)}/sign`),
    expect: REQUEST_HANDLERS,
  },
  "POST /api/communities/:communityId/requests/batch-sign": {
    access: "requests.handle",
    // each item is authorised at its place: a grid worker's batch holding another grid's item is
    // answered (200) with that item refused; outside the caller's communities the batch is refused
    build: async ({ t, target }) =>
      post(`${c(target)}/requests/batch-sign`, { ids: [await requestAt(t, target)] }),
    shows: ({ json }) => json.results[0]?.ok === true,
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/requests/batch-route": {
    access: "requests.handle",
    build: async ({ t, target }) =>
      post(`${c(target)}/requests/batch-route`, { ids: [await requestAt(t, target)], to: "community" }),
    shows: ({ json }) => json.results[0]?.ok === true,
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/requests/:requestId/route": {
    access: "requests.handle",
    build: async ({ t, target }) =>
      post(`${c(target)}/requests/${await requestAt(t, target)}/route`, { to: "property" }),
    expect: REQUEST_HANDLERS,
  },
  "POST /api/communities/:communityId/requests/:requestId/merge": {
    access: "requests.handle",
    build: async ({ t, target }) =>
      post(`${c(target)}/requests/${await requestAt(t, target)}/merge`, {
        intoId: await requestAt(t, target),
      }),
    expect: REQUEST_HANDLERS,
  },
  "GET /api/communities/:communityId/requests/:requestId/duplicates": {
    access: "requests.handle",
    build: async ({ t, target }) => get(`${c(target)}/requests/${await requestAt(t, target)}/duplicates`),
    expect: REQUEST_HANDLERS,
  },
  "POST /api/communities/:communityId/requests/:requestId/resolve": {
    access: "requests.resolve",
    // routed to the estate's property company: its staff resolve it at their estates, as do the
    // grid worker and community staff of the place; street officials only what is escalated
    build: async ({ t, target }) => {
      const id = await requestAt(t, target, {
        status: "signed",
        signedAt: new Date(),
        routeTo: "property",
        routeOrgId: target.propertyOrgId,
      });
      return post(`${c(target)}/requests/${id}/resolve`, { text: "矩阵办结" });
    },
    expect: { propertyStaff: "ok/403", ...REQUEST_HANDLERS },
  },
  "POST /api/communities/:communityId/requests/:requestId/confirm": {
    access: "signed_in",
    // only the submitter rates (the resident of the target household)
    build: async ({ t, target }) =>
      post(`${c(target)}/requests/${await resolvedRequestAt(t, target)}/confirm`, { rating: "good" }),
    expect: onlyThese(SUBMITTER_ONLY),
  },
  "POST /api/communities/:communityId/requests/:requestId/reject-resolution": {
    access: "signed_in",
    build: async ({ t, target }) =>
      post(`${c(target)}/requests/${await resolvedRequestAt(t, target)}/reject-resolution`, {
        comment: "没有修好",
      }),
    expect: onlyThese(SUBMITTER_ONLY),
  },
  "GET /api/me/requests": { access: "signed_in", build: () => get("/api/me/requests"), expect: {} },
  "GET /api/me/assigned-requests": {
    access: "signed_in",
    build: () => get("/api/me/assigned-requests"),
    expect: {},
  },
  "GET /api/communities/:communityId/board": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/board`),
    expect: {},
  },
  "POST /api/communities/:communityId/requests/:requestId/claim": {
    access: "signed_in",
    // verified residents of the community claim as volunteers (anywhere in it); the co-building
    // unit of A for itself in A; staff as such do not claim
    build: async ({ t, target }) => {
      const id = await requestAt(t, target, {
        kind: "wish",
        status: "signed",
        signedAt: new Date(),
        isPublic: true,
      });
      return post(`${c(target)}/requests/${id}/claim`, { promiseDate: "2099-01-01" });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", unitRepresentative: "ok/403" }),
  },
  "POST /api/communities/:communityId/claims/:claimId/fulfil": {
    access: "signed_in",
    // own place: a claim the actor made; other place: someone else's claim
    build: async ({ t, actor, target }) => {
      const id = await requestAt(t, target, { kind: "wish", status: "signed", signedAt: new Date() });
      const own = target === actor.places[0] && actor.userId != null;
      const claimant = own ? actor.userId! : (await createUser(t.db, "认领人")).id;
      const claim = await t.db
        .insertInto("request_claim")
        .values({
          community_id: target.communityId,
          request_id: id,
          claimant_user_id: claimant,
          claimant_kind: "volunteer",
          promise_date: "2099-01-01",
          status: "active",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/claims/${claim.id}/fulfil`, { note: "已完成" });
    },
    expect: Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/403"])),
  },
  "POST /api/communities/:communityId/claims/:claimId/withdraw": {
    access: "signed_in",
    // own place: a claim the actor made (withdrawn); other place: someone else's claim (403)
    build: async ({ t, actor, target }) => {
      const id = await requestAt(t, target, { kind: "wish", status: "signed", signedAt: new Date() });
      const own = target === actor.places[0] && actor.userId != null;
      const claimant = own ? actor.userId! : (await createUser(t.db, "认领人")).id;
      const claim = await t.db
        .insertInto("request_claim")
        .values({
          community_id: target.communityId,
          request_id: id,
          claimant_user_id: claimant,
          claimant_kind: "volunteer",
          promise_date: "2099-01-01",
          status: "active",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/claims/${claim.id}/withdraw`, { reason: "临时有事" });
    },
    expect: Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/403"])),
  },
  "POST /api/communities/:communityId/claims/:claimId/release": {
    access: "requests.handle",
    // staff who may handle requests at the wish's place (as for signing and routing) release an
    // active claim of someone else
    build: async ({ t, target }) => {
      const id = await requestAt(t, target, { kind: "wish", status: "signed", signedAt: new Date() });
      const claim = await t.db
        .insertInto("request_claim")
        .values({
          community_id: target.communityId,
          request_id: id,
          claimant_user_id: (await createUser(t.db, "认领人")).id,
          claimant_kind: "volunteer",
          promise_date: "2020-01-01",
          status: "active",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/claims/${claim.id}/release`, { reason: "超期未完成" });
    },
    expect: REQUEST_HANDLERS,
  },
  "GET /api/communities/:communityId/requests/:requestId/claim": {
    access: "requests.read",
    // staff reading the wish's place see its claim (and the claimant); residents do not
    build: async ({ t, target }) =>
      get(
        `${c(target)}/requests/${await requestAt(t, target, { kind: "wish", status: "signed", signedAt: new Date() })}/claim`,
      ),
    expect: {
      gridWorker: "ok/403",
      buildingHead: "ok/403",
      propertyStaff: "ok/403",
      ownersCommittee: "ok/403",
      ...COMMUNITY_READERS,
    },
  },
  "GET /api/communities/:communityId/claims": {
    access: "requests.read",
    // 认领管理: the claims of requests within the caller's places (a grid worker: their grids)
    build: async ({ t, target }) => {
      const id = await requestAt(t, target, {
        kind: "wish",
        status: "signed",
        signedAt: new Date(),
        title: `矩阵认领 ${target.label}`,
      });
      await t.db
        .insertInto("request_claim")
        .values({
          community_id: target.communityId,
          request_id: id,
          claimant_user_id: (await createUser(t.db, "认领人")).id,
          claimant_kind: "volunteer",
          promise_date: "2099-01-01",
          status: "fulfilled",
        })
        .execute();
      return get(`${c(target)}/claims?limit=200`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.title === `矩阵认领 ${p.label}`),
    expect: REQUEST_READERS_LIST,
  },
  "GET /api/communities/:communityId/claims/export.xlsx": {
    access: "data.export",
    // the claims list's reach, through roles holding data.export too
    build: async ({ t, target }) => {
      const id = await requestAt(t, target, {
        kind: "wish",
        status: "signed",
        signedAt: new Date(),
        title: `矩阵认领导出 ${target.label}`,
      });
      await t.db
        .insertInto("request_claim")
        .values({
          community_id: target.communityId,
          request_id: id,
          claimant_user_id: (await createUser(t.db, "认领人")).id,
          claimant_kind: "volunteer",
          promise_date: "2099-01-01",
          status: "active",
        })
        .execute();
      return get(`${c(target)}/claims/export.xlsx`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵认领导出 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/me/claims": {
    access: "signed_in",
    // only the caller's own claims: the claims made above by each actor, none of anyone else's
    build: () => get("/api/me/claims?limit=100"),
    expect: {},
  },
  "GET /api/communities/:communityId/resources": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/resources`),
    expect: {},
  },
  "POST /api/communities/:communityId/resources": {
    access: "signed_in",
    // verified residents of the community, and staff who match resources there
    build: ({ target, n }) => post(`${c(target)}/resources`, { kind: "skill", title: `矩阵资源${n}` }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_STAFF_WRITE }),
  },
  "POST /api/communities/:communityId/resources/:resourceId/match": {
    access: "resources.match",
    build: async ({ t, target, n }) => {
      const resource = await t.db
        .insertInto("resource")
        .values({ community_id: target.communityId, kind: "venue", title: `矩阵场地${n}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/resources/${resource.id}/match`, { requestId: await requestAt(t, target) });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },

  // ---- ratings of spaces and services ----
  "GET /api/communities/:communityId/rating-subjects": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/rating-subjects`),
    expect: {},
  },
  "POST /api/communities/:communityId/rating-subjects": {
    access: "requests.configure",
    build: ({ target, n }) =>
      post(`${c(target)}/rating-subjects`, {
        kind: "space",
        name: `矩阵场地${n}`,
        buildingId: target.buildingId,
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/rating-subjects/:subjectId": {
    access: "requests.configure",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/rating-subjects/${await insertSubject(t, target, n)}`, { active: false }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PUT /api/communities/:communityId/rating-subjects/:subjectId/my-rating": {
    access: "signed_in",
    // verified residents of the community, for any of its subjects; nobody rates as staff
    build: async ({ t, target, n }) => ({
      method: "PUT",
      url: `${c(target)}/rating-subjects/${await insertSubject(t, target, n)}/my-rating`,
      payload: { rating: "poor", comment: "矩阵评语" },
    }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/communities/:communityId/ratings": {
    access: "requests.configure",
    build: async ({ t, target, n }) => {
      await insertPoorRating(t, target, n);
      return get(`${c(target)}/ratings?limit=200`);
    },
    shows: ({ json }, p) => json.ratings.some((r: any) => r.comment === `矩阵差评 ${p.label}`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/ratings/:ratingId/request": {
    access: "requests.configure",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/ratings/${await insertPoorRating(t, target, n)}/request`, {}),
    expect: COMMUNITY_STAFF_WRITE,
  },
  // ---- deliberation: public notices (公告/公示) and comments on them ----
  "GET /api/communities/:communityId/public-notices": {
    access: "public",
    build: async ({ t, target }) => {
      await noticeAt(t, target, { visibility: "public", title: `矩阵公开公告 ${target.label}` });
      return get(`${c(target)}/public-notices`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.title === `矩阵公开公告 ${p.label}`),
    expect: {},
  },
  "GET /api/communities/:communityId/public-notices/:noticeId": {
    access: "public",
    build: async ({ t, target }) =>
      get(`${c(target)}/public-notices/${await noticeAt(t, target, { visibility: "public" })}`),
    expect: {},
  },
  "GET /api/me/notices": { access: "signed_in", build: () => get("/api/me/notices"), expect: {} },
  "GET /api/communities/:communityId/notices/:noticeId": {
    access: "signed_in",
    // a residents' notice of the target's building: its residents (resident and otherResident share
    // building 1), and staff reading notices at the place; 三长, property and committees do not
    build: async ({ t, target }) => get(`${c(target)}/notices/${await noticeAt(t, target)}`),
    expect: NOTICE_READERS,
  },
  "POST /api/communities/:communityId/notices/:noticeId/read": {
    access: "signed_in",
    build: async ({ t, target }) => post(`${c(target)}/notices/${await noticeAt(t, target)}/read`),
    expect: NOTICE_READERS,
  },
  "GET /api/communities/:communityId/notices": {
    access: "notices.read",
    build: async ({ t, target }) => {
      await noticeAt(t, target, { title: `矩阵公告 ${target.label}` });
      return get(`${c(target)}/notices?limit=200`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.title === `矩阵公告 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/notices/export.xlsx": {
    access: "data.export",
    build: async ({ t, target }) => {
      await noticeAt(t, target, { title: `矩阵导出公告 ${target.label}` });
      return get(`${c(target)}/notices/export.xlsx`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵导出公告 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/notices/:noticeId/receipts": {
    access: "notices.read",
    build: async ({ t, target }) => get(`${c(target)}/notices/${await noticeAt(t, target)}/receipts`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/notices": {
    access: "notices.publish",
    build: ({ target, n }) =>
      post(`${c(target)}/notices`, {
        kind: "announcement",
        title: `矩阵发布 ${n}`,
        body: "矩阵",
        buildingId: target.buildingId,
        publish: true,
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "PATCH /api/communities/:communityId/notices/:noticeId": {
    access: "notices.publish",
    build: async ({ t, target }) =>
      patch(`${c(target)}/notices/${await noticeAt(t, target)}`, { pinned: true }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/notices/:noticeId/publish": {
    access: "notices.publish",
    build: async ({ t, target }) =>
      post(`${c(target)}/notices/${await noticeAt(t, target, { status: "draft" })}/publish`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/notices/:noticeId/withdraw": {
    access: "notices.publish",
    build: async ({ t, target }) => post(`${c(target)}/notices/${await noticeAt(t, target)}/withdraw`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/comments": {
    access: "signed_in",
    build: async ({ t, target }) =>
      get(`${c(target)}/comments?subjectKind=notice&subjectId=${await noticeAt(t, target)}`),
    expect: NOTICE_READERS,
  },
  "POST /api/communities/:communityId/comments": {
    access: "signed_in",
    // the residents of the notice's place, and staff who publish notices there (to answer)
    build: async ({ t, target }) =>
      post(`${c(target)}/comments`, {
        subjectKind: "notice",
        subjectId: await noticeAt(t, target),
        body: "矩阵评论",
      }),
    expect: { ...NOTICE_READERS, streetOfficial: "403/403", districtOfficial: "403/403" },
  },
  "PATCH /api/communities/:communityId/comments/:commentId": {
    access: "signed_in",
    // the author only: the comment is the target household's resident's
    build: async ({ t, target }) =>
      patch(`${c(target)}/comments/${await commentAt(t, target, { byResident: true })}`, { body: "改过" }),
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403" }),
  },
  "POST /api/communities/:communityId/comments/:commentId/report": {
    access: "signed_in",
    build: async ({ t, target }) => post(`${c(target)}/comments/${await commentAt(t, target)}/report`, {}),
    expect: NOTICE_READERS,
  },
  "GET /api/communities/:communityId/comment-queue": {
    access: "comments.moderate",
    build: async ({ t, target }) => {
      await commentAt(t, target, { status: "held", body: `矩阵待审 ${target.label}` });
      return get(`${c(target)}/comment-queue?status=held&limit=200`);
    },
    shows: ({ json }, p) => json.items.some((i: any) => i.body === `矩阵待审 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/comments/:commentId/hide": {
    access: "comments.moderate",
    build: async ({ t, target }) =>
      post(`${c(target)}/comments/${await commentAt(t, target)}/hide`, { reason: "矩阵隐藏" }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/comments/:commentId/approve": {
    access: "comments.moderate",
    build: async ({ t, target }) =>
      post(`${c(target)}/comments/${await commentAt(t, target, { status: "held" })}/approve`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/comments/batch-moderate": {
    access: "comments.moderate",
    // each item at its place: a grid worker's batch holding another grid's comment answers 200 with it refused
    build: async ({ t, target }) =>
      post(`${c(target)}/comments/batch-moderate`, {
        ids: [await commentAt(t, target, { status: "held" })],
        action: "approve",
      }),
    shows: ({ json }) => json.results[0]?.ok === true,
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/comment-words": {
    access: "comments.moderate",
    build: ({ target }) => get(`${c(target)}/comment-words`),
    expect: { gridWorker: "ok/ok", ...COMMUNITY_STAFF_WRITE },
  },
  "PUT /api/communities/:communityId/comment-words": {
    access: "comments.configure",
    build: ({ target }) => ({
      method: "PUT",
      url: `${c(target)}/comment-words`,
      payload: { words: ["矩阵词"] },
    }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  // ---- deliberation topics (issue 10) ----
  "GET /api/communities/:communityId/topic-settings": {
    access: "topics.read",
    build: ({ target }) => get(`${c(target)}/topic-settings`),
    // settings are community-wide: whoever reads topics in part of the community reads them
    expect: {
      gridWorker: "ok/ok",
      buildingHead: "ok/ok",
      propertyStaff: "ok/ok",
      ownersCommittee: "ok/ok",
      ...COMMUNITY_READERS,
    },
  },
  "PATCH /api/communities/:communityId/topic-settings": {
    access: "topics.configure",
    build: ({ target }) => patch(`${c(target)}/topic-settings`, { noticeWorkingDays: 5 }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/topic-templates": {
    access: "topics.configure",
    build: ({ target, n }) => post(`${c(target)}/topic-templates`, { name: `矩阵模板${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/topic-templates/:templateId": {
    access: "topics.configure",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/topic-templates/${(await topicTemplateIn(t, target.communityId)).templateId}`, {
        name: `矩阵改名模板${n}`,
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/participant-sets": {
    access: "topics.configure",
    build: ({ target, n }) =>
      post(`${c(target)}/participant-sets`, { name: `矩阵组合${n}`, members: [{ kind: "residents" }] }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/participant-sets/:setId": {
    access: "topics.configure",
    build: async ({ t, target, n }) => {
      const { id } = await t.db
        .insertInto("topic_participant_set")
        .values({ community_id: target.communityId, name: `矩阵待改组合${n}`, members: "[]" })
        .returning("id")
        .executeTakeFirstOrThrow();
      return patch(`${c(target)}/participant-sets/${id}`, { description: "五方联动" });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/topics": {
    access: "topics.read",
    build: async ({ t, target, n }) => {
      await topicAt(t, target, n);
      return get(`${c(target)}/topics?tier=building&limit=200`);
    },
    shows: ({ json }, p) => json.items.some((x: any) => x.title === `矩阵议题 ${p.label}`),
    expect: {
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      ...COMMUNITY_READERS,
    },
  },
  "GET /api/communities/:communityId/topics/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await topicAt(t, target, n);
      return get(`${c(target)}/topics/export.xlsx?tier=building`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵议题 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/topics/by-origin": {
    access: "signed_in",
    // a building topic from a request: its residents and the community's verified residents see it
    // (the public view), staff where they read, invited parties; anyone else finds nothing
    build: async ({ t, target, n }) => {
      const requestId = await requestAt(t, target, { title: `矩阵来源 ${target.label}` });
      await topicAt(t, target, n, { originRequestId: requestId });
      return get(`${c(target)}/topics/by-origin?kind=request&id=${requestId}`);
    },
    shows: ({ json }, p) => json.items.some((x: any) => x.title === `矩阵议题 ${p.label}`),
    expect: {
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      communityWorker: "ok/filtered",
      communitySecretary: "ok/filtered",
      streetOfficial: "ok/filtered",
      districtOfficial: "ok/filtered",
      unitRepresentative: "filtered/filtered",
      systemAdmin: "ok/ok",
    },
  },
  "POST /api/communities/:communityId/topics": {
    access: "topics.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/topics`, {
        title: `矩阵新议题${n}`,
        tier: "building",
        buildingId: target.buildingId,
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/proposals": {
    access: "signed_in",
    // verified residents of the community propose at their own place (both residents live in A)
    build: ({ target, n }) => post(`${c(target)}/proposals`, { title: `矩阵提议${n}`, tier: "building" }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/communities/:communityId/topics/:topicId": {
    access: "signed_in",
    // participants see the non-public record; the two residents share building 1, the target's
    build: async ({ t, target, n }) => get(`${c(target)}/topics/${await topicAt(t, target, n)}`),
    shows: ({ json }) => json.records.some((r: any) => r.text === "矩阵内部记录"),
    expect: {
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/403",
      buildingHead: "ok/403",
      propertyStaff: "ok/403",
      ownersCommittee: "ok/403",
      unitRepresentative: "403/403",
      ...COMMUNITY_READERS,
    },
  },
  "POST /api/communities/:communityId/topics/:topicId/advance": {
    access: "topics.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/topics/${await topicAt(t, target, n)}/advance`, { text: "矩阵推进" }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/topics/:topicId/support": {
    access: "signed_in",
    // a proposal in the target's building: its verified households support it, nobody else
    build: async ({ t, target, n }) =>
      post(`${c(target)}/topics/${await topicAt(t, target, n, { status: "proposal" })}/support`, {}),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "PUT /api/communities/:communityId/topics/:topicId/my-rating": {
    access: "signed_in",
    // a topic in 评议 in the target's building: its residents rate (invited parties too; none here)
    build: async ({ t, target, n }) => ({
      method: "PUT",
      url: `${c(target)}/topics/${await topicAt(t, target, n, { stageKey: "evaluate" })}/my-rating`,
      payload: { rating: "good" },
    }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  // ---- volunteering (issue 14): community-wide teams and activities, run by staff or the organiser ----
  "POST /api/communities/:communityId/volunteering/teams": {
    access: "volunteering.manage",
    build: ({ target, n }) => post(`${c(target)}/volunteering/teams`, { name: `矩阵队${n}` }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/volunteering/teams": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await volTeamAt(t, target, n);
      return get(`${c(target)}/volunteering/teams`);
    },
    expect: VOL_READERS,
  },
  "GET /api/communities/:communityId/volunteering/teams/:teamId": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/volunteering/teams/${await volTeamAt(t, target, n)}`),
    expect: VOL_READERS,
  },
  "POST /api/communities/:communityId/volunteering/teams/:teamId/join": {
    access: "signed_in",
    // verified residents of the community
    build: async ({ t, target, n }) =>
      post(`${c(target)}/volunteering/teams/${await volTeamAt(t, target, n)}/join`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/volunteering/teams/:teamId/members/:memberId/decision": {
    access: "signed_in",
    // the team's leader (a fixture volunteer here) or the community's staff
    build: async ({ t, target, n }) => {
      const teamId = await volTeamAt(t, target, n);
      const u = await createUser(t.db, `矩阵申请人${n}`);
      const { id } = await t.db
        .insertInto("vol_team_member")
        .values({
          community_id: target.communityId,
          team_id: teamId,
          user_id: u.id,
          role: "member",
          status: "requested",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/volunteering/teams/${teamId}/members/${id}/decision`, { approve: true });
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "POST /api/communities/:communityId/volunteering/alliances": {
    access: "volunteering.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/volunteering/alliances`, {
        name: `矩阵联盟${n}`,
        teamIds: [await volTeamAt(t, target, n)],
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/volunteering/activities": {
    access: "signed_in",
    // the community's staff (or a team's leader, for their team)
    build: ({ target, n }) =>
      post(`${c(target)}/volunteering/activities`, {
        title: `矩阵活动${n}`,
        place: "活动室",
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        capacity: 5,
      }),
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "GET /api/communities/:communityId/volunteering/activities": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await volActivityAt(t, target, n);
      return get(`${c(target)}/volunteering/activities`);
    },
    expect: VOL_READERS,
  },
  "GET /api/communities/:communityId/volunteering/activities/:activityId": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/volunteering/activities/${await volActivityAt(t, target, n)}`),
    expect: VOL_READERS,
  },
  "POST /api/communities/:communityId/volunteering/activities/:activityId/signup": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/volunteering/activities/${await volActivityAt(t, target, n)}/signup`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/volunteering/activities/:activityId/cancel": {
    access: "signed_in",
    // one's own sign-up only (the matrix signs the caller up first)
    build: async ({ t, actor, target, n }) => {
      const activityId = await volActivityAt(t, target, n);
      if (actor.userId) await volSignupOf(t, target, activityId, actor.userId);
      return post(`${c(target)}/volunteering/activities/${activityId}/cancel`);
    },
    expect: {},
  },
  "GET /api/communities/:communityId/volunteering/activities/:activityId/check-code": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/volunteering/activities/${await volActivityAt(t, target, n)}/check-code`),
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "POST /api/communities/:communityId/volunteering/activities/:activityId/check": {
    access: "signed_in",
    // a signed-up volunteer with the current code: the matrix signs up the residents of the community
    build: async ({ t, actor, target, n }) => {
      const activityId = await volActivityAt(t, target, n);
      if (actor.key === "resident" || actor.key === "otherResident")
        await volSignupOf(t, target, activityId, actor.userId!);
      const code = rotatingCodeAt(t.config, "volunteering", target.communityId, activityId, new Date()).code;
      return post(`${c(target)}/volunteering/activities/${activityId}/check`, { code, action: "in" });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/volunteering/activities/:activityId/attendance": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const activityId = await volActivityAt(t, target, n);
      const u = await createUser(t.db, `矩阵志愿者${n}`);
      await volSignupOf(t, target, activityId, u.id);
      return post(`${c(target)}/volunteering/activities/${activityId}/attendance`, {
        action: "in",
        userIds: [u.id],
      });
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "GET /api/communities/:communityId/volunteering/activities/:activityId/attendance": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/volunteering/activities/${await volActivityAt(t, target, n)}/attendance`),
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "POST /api/communities/:communityId/volunteering/activities/:activityId/certify": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const { activityId, attendanceId } = await volAttendanceAt(t, target, n, null);
      return post(`${c(target)}/volunteering/activities/${activityId}/certify`, {
        entries: [{ attendanceId }],
      });
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "POST /api/communities/:communityId/volunteering/activities/:activityId/evaluations": {
    access: "signed_in",
    // participants rate the activity (the matrix checks the residents in)
    build: async ({ t, actor, target, n }) => {
      const own = actor.key === "resident" || actor.key === "otherResident";
      const { activityId } = await volAttendanceAt(t, target, n, own ? actor.userId : null);
      return post(`${c(target)}/volunteering/activities/${activityId}/evaluations`, { score: 5 });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/volunteering/attendance/:attendanceId/corrections": {
    access: "signed_in",
    // the volunteer's own service only: in their own place the caller's, elsewhere someone else's
    build: async ({ t, actor, target, n }) => {
      const mine = actor.userId != null && target === actor.places[0];
      const { attendanceId } = await volAttendanceAt(t, target, n, mine ? actor.userId : null, 60);
      return post(`${c(target)}/volunteering/attendance/${attendanceId}/corrections`, { reason: "矩阵更正" });
    },
    expect: Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/404" as const])),
  },
  "POST /api/communities/:communityId/volunteering/corrections/:correctionId/decision": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const { attendanceId, userId } = await volAttendanceAt(t, target, n, null, 60);
      const { id } = await t.db
        .insertInto("vol_hours_correction")
        .values({
          community_id: target.communityId,
          attendance_id: attendanceId,
          requested_by: userId,
          reason: "矩阵",
          old_minutes: 60,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/volunteering/corrections/${id}/decision`, { minutes: 90 });
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "GET /api/me/volunteering": { access: "signed_in", build: () => get("/api/me/volunteering"), expect: {} },
  "PUT /api/communities/:communityId/volunteering/me/consent": {
    access: "signed_in",
    // a volunteer of the community (here: the caller has served in their own place), nobody else; the
    // "other place" of the first six actors is in the same community, and the administrator leads a team
    // at community C (the team row above makes the creator its leader), so those are volunteers there too
    build: async ({ t, actor, target, n }) => {
      if (actor.userId != null && target === actor.places[0])
        await volAttendanceAt(t, target, n, actor.userId, 60);
      return { method: "PUT", url: `${c(target)}/volunteering/me/consent`, payload: { consent: false } };
    },
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/403" as const])),
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/ok",
      buildingHead: "ok/ok",
      propertyStaff: "ok/ok",
      ownersCommittee: "ok/ok",
      systemAdmin: "ok/ok",
    },
  },
  "GET /api/communities/:communityId/volunteering/volunteers/:userId/record": {
    access: "signed_in",
    // a volunteer who consented: the community's staff read it; neighbours never (Art. 20)
    build: async ({ t, target, n }) => {
      const { userId } = await volAttendanceAt(t, target, n, null, 60);
      await t.db
        .insertInto("vol_volunteer")
        .values({ community_id: target.communityId, user_id: userId, consent_disclose: true })
        .execute();
      return get(`${c(target)}/volunteering/volunteers/${userId}/record`);
    },
    expect: onlyThese(COMMUNITY_READERS),
  },
  "POST /api/communities/:communityId/volunteering/me/certificates": {
    access: "signed_in",
    // the caller's own certified hours (the matrix gives every caller some)
    build: async ({ t, actor, target, n }) => {
      if (actor.userId) await volAttendanceAt(t, target, n, actor.userId, 60);
      return post(`${c(target)}/volunteering/me/certificates`);
    },
    expect: {},
  },
  "GET /api/communities/:communityId/volunteering/me/certificates/:certificateId/pdf": {
    access: "signed_in",
    build: async ({ t, actor, target, n }) => {
      const mine = actor.userId != null && target === actor.places[0];
      const { id } = await volCertificateAt(t, target, n, mine ? actor.userId! : null);
      return get(`${c(target)}/volunteering/me/certificates/${id}/pdf`);
    },
    expect: Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/404" as const])),
  },
  "GET /api/volunteering/certificates/:code": {
    access: "public",
    build: async ({ t, target, n }) =>
      get(`/api/volunteering/certificates/${(await volCertificateAt(t, target, n, null)).code}`),
    expect: {},
  },
  // ---- duty rosters (issue 14, T3): a fixture team's roster; the leader is a fixture volunteer ----
  "POST /api/communities/:communityId/volunteering/rosters": {
    access: "signed_in",
    // the team's leader or the community's staff (volunteering.manage)
    build: async ({ t, target, n }) =>
      post(`${c(target)}/volunteering/rosters`, {
        teamId: await volTeamAt(t, target, n),
        subject: `矩阵值守${n}`,
        rule: "FREQ=WEEKLY;BYDAY=SA",
        startTime: "09:00",
        minutes: 120,
      }),
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "GET /api/communities/:communityId/volunteering/rosters": {
    access: "signed_in",
    // staff who read the whole community's volunteering see it; others see their teams' only
    build: async ({ t, target, n }) => {
      await volRosterAt(t, target, n);
      return get(`${c(target)}/volunteering/rosters`);
    },
    shows: ({ json }, p) => json.rosters.some((r: any) => r.subject === `矩阵值守 ${p.label}`),
    expect: {
      ...Object.fromEntries(
        ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "filtered/filtered" as const]),
      ),
      communityWorker: "ok/filtered",
      communitySecretary: "ok/filtered",
      streetOfficial: "ok/filtered",
      districtOfficial: "ok/filtered",
      systemAdmin: "ok/ok",
    },
  },
  "GET /api/communities/:communityId/volunteering/rosters/:rosterId": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/volunteering/rosters/${(await volRosterAt(t, target, n)).rosterId}`),
    expect: ROSTER_READERS,
  },
  "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/assign": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const r = await volRosterAt(t, target, n);
      return post(`${c(target)}/volunteering/rosters/${r.rosterId}/shifts/${r.shiftId}/assign`, {
        userId: r.leaderId,
      });
    },
    expect: ROSTER_MANAGERS,
  },
  "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/unassign": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const r = await volRosterAt(t, target, n);
      return post(`${c(target)}/volunteering/rosters/${r.rosterId}/shifts/${r.shiftId}/unassign`, {
        userId: r.leaderId,
      });
    },
    expect: ROSTER_MANAGERS,
  },
  "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/take": {
    access: "signed_in",
    // a member of the team: in their own place the caller is made one
    build: async ({ t, actor, target, n }) => {
      const r = await volRosterAt(t, target, n);
      if (actor.userId != null && target === actor.places[0])
        await volMemberOf(t, target, r.teamId, actor.userId);
      return post(`${c(target)}/volunteering/rosters/${r.rosterId}/shifts/${r.shiftId}/take`);
    },
    expect: ROSTER_MEMBERS,
  },
  "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/swap": {
    access: "signed_in",
    // a member on the shift (in their own place the caller is put on it) asks the leader to take it
    build: async ({ t, actor, target, n }) => {
      const r = await volRosterAt(t, target, n);
      if (actor.userId != null && target === actor.places[0]) {
        await volMemberOf(t, target, r.teamId, actor.userId);
        await volOnShift(t, target, r.shiftId, actor.userId);
      }
      return post(`${c(target)}/volunteering/rosters/${r.rosterId}/shifts/${r.shiftId}/swap`, {
        toUserId: r.leaderId,
      });
    },
    expect: ROSTER_MEMBERS,
  },
  "POST /api/communities/:communityId/volunteering/rosters/:rosterId/swaps/:swapId/decision": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const r = await volRosterAt(t, target, n);
      const u = (await createUser(t.db, `矩阵换班人${n}`)).id;
      await volMemberOf(t, target, r.teamId, u);
      const assignmentId = await volOnShift(t, target, r.shiftId, u);
      const { id } = await t.db
        .insertInto("vol_shift_swap")
        .values({
          community_id: target.communityId,
          assignment_id: assignmentId,
          requested_by: u,
          to_user_id: r.leaderId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/volunteering/rosters/${r.rosterId}/swaps/${id}/decision`, { approve: true });
    },
    expect: ROSTER_MANAGERS,
  },
  "POST /api/communities/:communityId/volunteering/rosters/:rosterId/shifts/:shiftId/no-show": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const r = await volRosterAt(t, target, n);
      await volOnShift(t, target, r.pastShiftId, r.leaderId);
      return post(`${c(target)}/volunteering/rosters/${r.rosterId}/shifts/${r.pastShiftId}/no-show`, {
        userId: r.leaderId,
      });
    },
    expect: ROSTER_MANAGERS,
  },
  "GET /api/me/shifts": { access: "signed_in", build: () => get("/api/me/shifts"), expect: {} },
  // ---- matching (issue 14, T4): a need at the target's building, the fixture team's leader as volunteer ----
  "GET /api/communities/:communityId/volunteering/me/availability": {
    access: "signed_in",
    build: ({ target }) => get(`${c(target)}/volunteering/me/availability`),
    expect: {},
  },
  "PUT /api/communities/:communityId/volunteering/me/availability": {
    access: "signed_in",
    // a member of one of the community's teams (the caller is made one in their own place); the other
    // place of the first six actors is in the same community, and the administrator leads a team at C
    build: async ({ t, actor, target, n }) => {
      if (actor.userId != null && target === actor.places[0])
        await volMemberOf(t, target, await volTeamAt(t, target, n), actor.userId);
      return {
        method: "PUT",
        url: `${c(target)}/volunteering/me/availability`,
        payload: { weekdays: [6, 7], bands: ["morning"] },
      };
    },
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/403" as const])),
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/ok",
      buildingHead: "ok/ok",
      propertyStaff: "ok/ok",
      ownersCommittee: "ok/ok",
      systemAdmin: "ok/ok",
    },
  },
  "GET /api/communities/:communityId/volunteering/needs": {
    access: "signed_in",
    build: async ({ t, target }) => {
      await requestAt(t, target, { kind: "need" });
      return get(`${c(target)}/volunteering/needs`);
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "GET /api/communities/:communityId/volunteering/needs/:requestId/suggestions": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await volTeamAt(t, target, n);
      return get(
        `${c(target)}/volunteering/needs/${await requestAt(t, target, { kind: "need" })}/suggestions`,
      );
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "POST /api/communities/:communityId/volunteering/needs/:requestId/assign": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await volTeamAt(t, target, n);
      const requestId = await requestAt(t, target, { kind: "need" });
      return post(`${c(target)}/volunteering/needs/${requestId}/assign`, {
        userId: await volOrganiserIn(t, target.communityId),
      });
    },
    expect: onlyThese(COMMUNITY_STAFF_WRITE),
  },
  "POST /api/communities/:communityId/volunteering/need-assignments/:assignmentId/answer": {
    access: "signed_in",
    // the assigned volunteer only: in their own place the caller, elsewhere someone else
    build: async ({ t, actor, target, n }) => {
      const requestId = await requestAt(t, target, { kind: "need" });
      const mine = actor.userId != null && target === actor.places[0];
      const userId = mine ? actor.userId! : (await createUser(t.db, `矩阵帮手${n}`)).id;
      const { id } = await t.db
        .insertInto("vol_need_assignment")
        .values({
          community_id: target.communityId,
          request_id: requestId,
          user_id: userId,
          assigned_by: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/volunteering/need-assignments/${id}/answer`, { accept: true });
    },
    expect: Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/404" as const])),
  },
  "GET /api/me/need-assignments": {
    access: "signed_in",
    build: () => get("/api/me/need-assignments"),
    expect: {},
  },

  "GET /api/me/topics": { access: "signed_in", build: () => get("/api/me/topics"), expect: {} },
  // ---- co-building projects (issue 12): a non-public building project at the target's building ----
  "POST /api/communities/:communityId/projects": {
    access: "projects.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/projects`, {
        title: `矩阵新项目${n}`,
        tier: "building",
        buildingId: target.buildingId,
      }),
    expect: PROJECT_MANAGERS,
  },
  "GET /api/communities/:communityId/projects": {
    access: "projects.read",
    build: async ({ t, target, n }) => {
      await projectAt(t, target, n);
      return get(`${c(target)}/projects?tier=building&limit=200`);
    },
    shows: ({ json }, p) => json.items.some((x: any) => x.title === `矩阵项目 ${p.label}`),
    expect: {
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      ...COMMUNITY_READERS,
    },
  },
  "GET /api/communities/:communityId/projects/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await projectAt(t, target, n);
      return get(`${c(target)}/projects/export.xlsx?tier=building`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵项目 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/projects/by-origin": {
    access: "signed_in",
    // a project made from a request: whoever may see the project finds it; anyone else finds nothing
    build: async ({ t, target, n }) => {
      const requestId = await requestAt(t, target, { title: `矩阵项目来源 ${target.label}` });
      await projectAt(t, target, n, { originRequestId: requestId });
      return get(`${c(target)}/projects/by-origin?kind=request&id=${requestId}`);
    },
    shows: ({ json }, p) => json.items.some((x: any) => x.title === `矩阵项目 ${p.label}`),
    expect: {
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/filtered",
      buildingHead: "ok/filtered",
      propertyStaff: "ok/filtered",
      ownersCommittee: "ok/filtered",
      communityWorker: "ok/filtered",
      communitySecretary: "ok/filtered",
      streetOfficial: "ok/filtered",
      districtOfficial: "ok/filtered",
      unitRepresentative: "ok/filtered",
      systemAdmin: "ok/ok",
    },
  },
  "GET /api/me/projects": { access: "signed_in", build: () => get("/api/me/projects"), expect: {} },
  // ---- points (issue 14): a standard with one item in the target's community, awards at the target ----
  "GET /api/communities/:communityId/points/standard": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/points/standard`),
    expect: {},
  },
  "POST /api/communities/:communityId/points/standards": {
    access: "points.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/points/standards`, {
        adoptedVia: { kind: "survey", id: await insertSurvey(t, target, n) },
        adoptedOn: "2026-12-01",
        yearEndRule: "carry_over",
        items: [
          { code: "clean_up", nameZh: "环境整治", nameEn: "Clean-up", category: "environment", points: 5 },
        ],
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/points/awards": {
    access: "points.award",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/points/awards`, {
        itemId: await pointsItemIn(t, target),
        residentIds: [target.residentId],
        evidence: "矩阵",
        idempotencyKey: `matrix-award-${n}`,
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/points/awards": {
    access: "points.read",
    build: async ({ t, target, n }) => {
      await pointsAwardAt(t, target, n);
      return get(`${c(target)}/points/awards`);
    },
    shows: (a, target) =>
      a.json.items.some((x: { residentId: number }) => x.residentId === target.residentId),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/points/awards/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await pointsAwardAt(t, target, n);
      return get(`${c(target)}/points/awards/export.xlsx`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(p.residentName),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/points/honour-board": {
    access: "signed_in",
    build: ({ target }) => get(`${c(target)}/points/honour-board`),
    // the community's verified residents, and those who read its points (a grid worker: anywhere in it)
    expect: onlyThese({
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/ok",
      ...COMMUNITY_READERS,
    }),
  },
  "GET /api/me/points": { access: "signed_in", build: () => get("/api/me/points"), expect: {} },
  // ---- points mall (issue 14): an item of the co-building unit in A (of the community elsewhere), stock 1 ----
  "GET /api/communities/:communityId/mall/shop": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await mallItemAt(t, target, n);
      return get(`${c(target)}/mall/shop`);
    },
    // the community's verified residents and mall staff (a unit's representative: its items anywhere)
    expect: onlyThese({
      resident: "ok/ok",
      otherResident: "ok/ok",
      unitRepresentative: "ok/ok",
      ...COMMUNITY_READERS,
    }),
  },
  "GET /api/communities/:communityId/mall/items": {
    access: "mall.read",
    build: async ({ t, target, n }) => {
      await mallItemAt(t, target, n);
      return get(`${c(target)}/mall/items`);
    },
    shows: (a, target) => a.json.items.some((x: { name: string }) => x.name.includes(target.label)),
    expect: { unitRepresentative: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/mall/items/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await mallItemAt(t, target, n);
      return get(`${c(target)}/mall/items/export.xlsx`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(p.label),
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/mall/items": {
    access: "mall.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/mall/items`, {
        name: `矩阵新品 ${n}`,
        orgId: mallOrgOf(target),
        pricePoints: 1,
        unitValueFen: 100,
        pickupPlace: "社区爱心超市",
      }),
    expect: { unitRepresentative: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "PATCH /api/communities/:communityId/mall/items/:itemId": {
    access: "mall.manage",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/mall/items/${await mallItemAt(t, target, n)}`, { pricePoints: 2 }),
    expect: { unitRepresentative: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/mall/items/:itemId/donations": {
    access: "mall.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/mall/items/${await mallItemAt(t, target, n)}/donations`, {
        donorKind: "person",
        donorName: "热心居民",
        quantity: 2,
        valueFen: 5000,
      }),
    expect: { unitRepresentative: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/mall/donations": {
    access: "mall.read",
    build: async ({ t, target, n }) => {
      await mallItemAt(t, target, n);
      return get(`${c(target)}/mall/donations`);
    },
    shows: (a, target) => a.json.items.some((x: { itemName: string }) => x.itemName.includes(target.label)),
    expect: { unitRepresentative: "ok/filtered", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/mall/exchanges": {
    access: "signed_in",
    build: async ({ t, actor, target, n }) => {
      const itemId = await mallItemAt(t, target, n);
      if (actor.userId) await mallGive(t, target.communityId, actor.userId);
      return post(`${c(target)}/mall/exchanges`, { itemId, idempotencyKey: `matrix-exchange-${n}` });
    },
    // verified residents of the community only (both residents live in A)
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/me/mall/exchanges": {
    access: "signed_in",
    build: () => get("/api/me/mall/exchanges"),
    expect: {},
  },
  "GET /api/communities/:communityId/mall/exchanges": {
    access: "mall.redeem",
    build: async ({ t, target, n }) => {
      await mallExchangeAt(t, target, n);
      return get(`${c(target)}/mall/exchanges`);
    },
    shows: (a, target) => a.json.items.some((x: { itemName: string }) => x.itemName.includes(target.label)),
    expect: { unitRepresentative: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/mall/pickups": {
    access: "mall.redeem",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/mall/pickups`, { code: await mallExchangeAt(t, target, n) }),
    expect: { unitRepresentative: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/mall/windows": {
    access: "mall.read",
    build: ({ target }) => get(`${c(target)}/mall/windows`),
    expect: { unitRepresentative: "ok/ok", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/mall/windows": {
    access: "mall.manage",
    // open now for four weeks, so the matrix's exchanges stay inside an exchange day
    build: ({ target, n }) =>
      post(`${c(target)}/mall/windows`, {
        title: `矩阵兑换日 ${n}`,
        opensAt: new Date(Date.now() - 86_400_000).toISOString(),
        closesAt: new Date(Date.now() + 27 * 86_400_000).toISOString(),
        announce: false,
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/projects/:projectId": {
    access: "public",
    build: async ({ t, target, n }) => get(`${c(target)}/projects/${await projectAt(t, target, n)}`),
    expect: PROJECT_VIEWERS,
  },
  "PATCH /api/communities/:communityId/projects/:projectId": {
    access: "projects.manage",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/projects/${await projectAt(t, target, n)}`, { plan: "矩阵改计划" }),
    expect: PROJECT_MANAGERS,
  },
  "POST /api/communities/:communityId/projects/:projectId/status": {
    access: "projects.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/projects/${await projectAt(t, target, n)}/status`, { to: "crowdfunding" }),
    expect: PROJECT_MANAGERS,
  },
  "POST /api/communities/:communityId/projects/:projectId/tasks": {
    access: "projects.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/projects/${await projectAt(t, target, n)}/tasks`, { title: "矩阵任务" }),
    expect: PROJECT_MANAGERS,
  },
  "POST /api/communities/:communityId/projects/:projectId/tasks/:taskId/claim": {
    access: "signed_in",
    // the claims module's rule: party members, verified residents (volunteers), co-building units of the community
    build: async ({ t, target, n }) => {
      const projectId = await projectAt(t, target, n);
      const taskId = await projectTaskAt(t, target, projectId);
      return post(`${c(target)}/projects/${projectId}/tasks/${taskId}/claim`, { promiseDate: "2099-01-01" });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", unitRepresentative: "ok/403" }),
  },
  "POST /api/communities/:communityId/projects/:projectId/task-claims/:claimId/fulfil": {
    access: "signed_in",
    // the claimant only: the resident of the target household
    build: async ({ t, target, n }) => {
      const { projectId, claimId } = await projectClaimAt(t, target, n);
      return post(`${c(target)}/projects/${projectId}/task-claims/${claimId}/fulfil`);
    },
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403" }),
  },
  "POST /api/communities/:communityId/projects/:projectId/task-claims/:claimId/withdraw": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const { projectId, claimId } = await projectClaimAt(t, target, n);
      return post(`${c(target)}/projects/${projectId}/task-claims/${claimId}/withdraw`);
    },
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403" }),
  },
  "POST /api/communities/:communityId/projects/:projectId/task-claims/:claimId/release": {
    access: "projects.manage",
    build: async ({ t, target, n }) => {
      const { projectId, claimId } = await projectClaimAt(t, target, n);
      return post(`${c(target)}/projects/${projectId}/task-claims/${claimId}/release`, {
        reason: "矩阵释放",
      });
    },
    expect: PROJECT_MANAGERS,
  },
  "POST /api/communities/:communityId/projects/:projectId/updates": {
    access: "signed_in",
    // staff running the project (its organiser too; the matrix's projects name none)
    build: async ({ t, target, n }) =>
      post(`${c(target)}/projects/${await projectAt(t, target, n)}/updates`, { text: "矩阵进展" }),
    expect: onlyThese(PROJECT_MANAGERS),
  },
  "GET /api/communities/:communityId/projects/:projectId/photos/:photoId": {
    access: "public",
    build: async ({ t, target, n }) => {
      const projectId = await projectAt(t, target, n);
      const { id } = await t.db
        .insertInto("project_photo")
        .values({
          community_id: target.communityId,
          project_id: projectId,
          kind: "progress",
          mime: "image/png",
          byte_size: 4,
          sha256: "0".repeat(64),
          bytes: Buffer.from([137, 80, 78, 71]),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return get(`${c(target)}/projects/${projectId}/photos/${id}`);
    },
    expect: PROJECT_VIEWERS,
  },
  "POST /api/communities/:communityId/projects/:projectId/pledges": {
    access: "signed_in",
    // verified residents of the community for themselves, a unit of the community by its representative
    build: async ({ t, target, n }) => {
      const projectId = await projectAt(t, target, n);
      return post(`${c(target)}/projects/${projectId}/pledges`, {
        targetId: await projectTargetAt(t, target, projectId),
        quantity: 2,
      });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", unitRepresentative: "ok/403" }),
  },
  "POST /api/communities/:communityId/projects/:projectId/pledges/:pledgeId/cancel": {
    access: "signed_in",
    // the pledger only: the resident of the target household
    build: async ({ t, target, n }) => {
      const { projectId, pledgeId } = await projectPledgeAt(t, target, n);
      return post(`${c(target)}/projects/${projectId}/pledges/${pledgeId}/cancel`);
    },
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403" }),
  },
  "POST /api/communities/:communityId/projects/:projectId/pledges/:pledgeId/fulfil": {
    access: "signed_in",
    // the organiser or staff running the project record goods received
    build: async ({ t, target, n }) => {
      const { projectId, pledgeId } = await projectPledgeAt(t, target, n);
      return post(`${c(target)}/projects/${projectId}/pledges/${pledgeId}/fulfil`, { quantity: 1 });
    },
    expect: onlyThese(PROJECT_MANAGERS),
  },
  "POST /api/communities/:communityId/projects/:projectId/bookings": {
    access: "signed_in",
    // the project's treasurer only: the resident of the target household
    build: async ({ t, target, n }) =>
      post(`${c(target)}/projects/${await projectAt(t, target, n)}/bookings`, {
        direction: "income",
        amountFen: 100,
        memo: "矩阵收入",
        occurredOn: "2026-12-01",
        idempotencyKey: `matrix-booking-${n}-${target.label}`,
      }),
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403" }),
  },
  "POST /api/communities/:communityId/projects/:projectId/bookings/:bookingId/reverse": {
    access: "signed_in",
    // 冲正: the project's treasurer only (the resident of the target household), like booking
    build: async ({ t, target, n }) => {
      const projectId = await projectAt(t, target, n);
      const bookingId = await bookingAt(t, target, projectId, n);
      return post(`${c(target)}/projects/${projectId}/bookings/${bookingId}/reverse`, {
        reason: "矩阵冲正",
        idempotencyKey: `matrix-reverse-${n}-${target.label}`,
      });
    },
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403" }),
  },
  "GET /api/communities/:communityId/projects/:projectId/account": {
    access: "public",
    // the residents of the place, the project's people and staff reaching it; not a unit's representative
    build: async ({ t, target, n }) => get(`${c(target)}/projects/${await projectAt(t, target, n)}/account`),
    expect: { ...PROJECT_VIEWERS, unitRepresentative: "403/403" },
  },
  "GET /api/communities/:communityId/projects/:projectId/account/export.xlsx": {
    access: "public",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/projects/${await projectAt(t, target, n)}/account/export.xlsx`),
    expect: { ...PROJECT_VIEWERS, unitRepresentative: "403/403" },
  },
  "POST /api/communities/:communityId/projects/:projectId/account/publish": {
    access: "projects.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/projects/${await projectAt(t, target, n)}/account/publish`),
    expect: PROJECT_MANAGERS,
  },
  "PUT /api/communities/:communityId/projects/:projectId/rating": {
    access: "signed_in",
    // a finished project: the verified residents of its place rate it
    build: async ({ t, target, n }) => ({
      method: "PUT",
      url: `${c(target)}/projects/${await projectAt(t, target, n, { status: "finished" })}/rating`,
      payload: { rating: "good" },
    }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  // ---- surveys (D4) ----
  "GET /api/me/surveys": { access: "signed_in", build: () => get("/api/me/surveys"), expect: {} },
  "GET /api/communities/:communityId/surveys": {
    access: "surveys.read",
    build: async ({ t, target, n }) => {
      await insertSurvey(t, target, n);
      return get(`${c(target)}/surveys?limit=200`);
    },
    shows: ({ json }, p) => json.items.some((s: any) => s.title === `矩阵问卷 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/surveys/export": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await insertSurvey(t, target, n);
      return get(`${c(target)}/surveys/export`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵问卷 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/surveys": {
    access: "surveys.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/surveys`, {
        title: `矩阵新问卷${n}`,
        buildingId: target.buildingId,
        questions: SURVEY_QUESTIONS,
        opensAt: new Date(Date.now() - HOUR_MS).toISOString(),
        closesAt: new Date(Date.now() + HOUR_MS).toISOString(),
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/surveys/:surveyId": {
    access: "surveys.read",
    build: async ({ t, target, n }) => get(`${c(target)}/surveys/${await insertSurvey(t, target, n)}`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "PATCH /api/communities/:communityId/surveys/:surveyId": {
    access: "surveys.manage",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/surveys/${await insertSurvey(t, target, n)}`, { title: `矩阵改名${n}` }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/surveys/:surveyId/results": {
    access: "surveys.read",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/results`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/surveys/:surveyId/text-answers": {
    access: "surveys.read",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/text-answers?question=1`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/surveys/:surveyId/export": {
    access: "data.export",
    build: async ({ t, target, n }) => get(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/export`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/surveys/:surveyId/form": {
    access: "signed_in",
    // residents of the survey's building (both live in building 1), or staff who read it
    build: async ({ t, target, n }) => get(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/form`),
    expect: onlyThese({
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/403",
      ...COMMUNITY_READERS,
    }),
  },
  "POST /api/communities/:communityId/surveys/:surveyId/responses": {
    access: "signed_in",
    // only residents of the survey's place answer; staff never do as staff
    build: async ({ t, target, n }) =>
      post(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/responses`, { answers: SURVEY_ANSWERS }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/communities/:communityId/surveys/:surveyId/respondent-choices": {
    access: "surveys.manage",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/respondent-choices`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/surveys/:surveyId/paper-responses": {
    access: "surveys.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/surveys/${await insertSurvey(t, target, n)}/paper-responses`, {
        residentId: target.residentId,
        answers: SURVEY_ANSWERS,
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  // ---- lotteries (D8) ----
  "GET /api/me/lotteries": { access: "signed_in", build: () => get("/api/me/lotteries"), expect: {} },
  "GET /api/me/votes": { access: "signed_in", build: () => get("/api/me/votes"), expect: {} },
  "GET /api/communities/:communityId/lotteries": {
    access: "lotteries.read",
    build: async ({ t, target, n }) => {
      await insertLottery(t, target, n, "open");
      return get(`${c(target)}/lotteries?limit=200&q=${encodeURIComponent(`矩阵摇号 ${target.label}`)}`);
    },
    shows: ({ json }, p) => json.items.some((l: any) => l.title === `矩阵摇号 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/lotteries": {
    access: "lotteries.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/lotteries`, {
        title: `矩阵新摇号${n}`,
        kind: "parking",
        buildingId: target.buildingId,
        places: 2,
        opensAt: new Date(Date.now() - HOUR_MS).toISOString(),
        closesAt: new Date(Date.now() + HOUR_MS).toISOString(),
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/lotteries/:lotteryId": {
    access: "lotteries.read",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/lotteries/${await insertLottery(t, target, n, "open")}`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/lotteries/:lotteryId/board": {
    access: "signed_in",
    // residents of the lottery's building (both of A's residents live in building 1), or staff who read it
    build: async ({ t, target, n }) =>
      get(`${c(target)}/lotteries/${await insertLottery(t, target, n, "open")}/board`),
    expect: onlyThese({
      resident: "ok/ok",
      otherResident: "ok/ok",
      gridWorker: "ok/403",
      ...COMMUNITY_READERS,
    }),
  },
  "POST /api/communities/:communityId/lotteries/:lotteryId/applications": {
    access: "signed_in",
    // only verified residents of the lottery's place apply; staff never do as staff
    build: async ({ t, target, n }) =>
      post(`${c(target)}/lotteries/${await insertLottery(t, target, n, "open")}/applications`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/communities/:communityId/lotteries/:lotteryId/applications": {
    access: "lotteries.read",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/lotteries/${await insertLottery(t, target, n, "drawn")}/applications`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/lotteries/:lotteryId/applications/export": {
    access: "data.export",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/lotteries/${await insertLottery(t, target, n, "drawn")}/applications/export`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/lotteries/:lotteryId/close": {
    access: "lotteries.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/lotteries/${await insertLottery(t, target, n, "open")}/close`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/lotteries/:lotteryId/freeze": {
    access: "lotteries.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/lotteries/${await insertLottery(t, target, n, "closed")}/freeze`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/lotteries/:lotteryId/draw": {
    access: "lotteries.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/lotteries/${await insertLottery(t, target, n, "frozen")}/draw`, {
        secret: LOTTERY_SECRET,
        publicInput: "6 6",
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/lotteries/:lotteryId/declines": {
    access: "lotteries.manage",
    build: async ({ t, target, n }) => {
      const id = await insertLottery(t, target, n, "drawn");
      const won = await t.db
        .selectFrom("lottery_application")
        .select("id")
        .where("community_id", "=", target.communityId)
        .where("lottery_id", "=", id)
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/lotteries/${id}/declines`, {
        applicationId: Number(won.id),
        reason: "矩阵放弃",
      });
    },
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  // ---- owners' votes (D5) ----
  "GET /api/communities/:communityId/votes": {
    access: "votes.read",
    build: async ({ t, target, n }) => {
      await insertVote(t, target, n);
      return get(`${c(target)}/votes?limit=200`);
    },
    shows: ({ json }, p) => json.items.some((v: any) => v.title === `矩阵表决 ${p.label}`),
    expect: { buildingHead: "ok/filtered", ownersCommittee: "ok/filtered", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/votes": {
    access: "votes.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/votes`, {
        title: `矩阵新表决${n}`,
        estateId: target.estateId,
        buildingIds: [target.buildingId],
        matter: 7,
        questions: [{ text: "同意加装电梯" }],
        opensAt: new Date(Date.now() - HOUR_MS).toISOString(),
        closesAt: new Date(Date.now() + HOUR_MS).toISOString(),
      }),
    expect: VOTE_MANAGERS,
  },
  "GET /api/communities/:communityId/votes/:voteId": {
    access: "votes.read",
    build: async ({ t, target, n }) => get(`${c(target)}/votes/${await insertVote(t, target, n)}`),
    expect: VOTE_READERS,
  },
  "POST /api/communities/:communityId/votes/:voteId/open": {
    access: "votes.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/votes/${await insertVote(t, target, n, { draft: true })}/open`),
    expect: VOTE_MANAGERS,
  },
  "POST /api/communities/:communityId/votes/:voteId/close": {
    access: "votes.manage",
    build: async ({ t, target, n }) => post(`${c(target)}/votes/${await insertVote(t, target, n)}/close`),
    expect: VOTE_MANAGERS,
  },
  "GET /api/communities/:communityId/votes/:voteId/progress": {
    access: "votes.read",
    build: async ({ t, target, n }) => get(`${c(target)}/votes/${await insertVote(t, target, n)}/progress`),
    expect: VOTE_READERS,
  },
  "GET /api/communities/:communityId/votes/:voteId/electorate": {
    access: "signed_in",
    // the owners of the vote's building (both residents own flats in building 1), or staff who read it
    build: async ({ t, target, n }) => get(`${c(target)}/votes/${await insertVote(t, target, n)}/electorate`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...VOTE_READERS }),
  },
  "GET /api/communities/:communityId/votes/:voteId/ballot": {
    access: "signed_in",
    build: async ({ t, target, n }) => get(`${c(target)}/votes/${await insertVote(t, target, n)}/ballot`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "PUT /api/communities/:communityId/votes/:voteId/ballot": {
    access: "signed_in",
    // only owners in the frozen electorate vote; staff never do as staff
    build: async ({ t, target, n }) => ({
      method: "PUT",
      url: `${c(target)}/votes/${await insertVote(t, target, n)}/ballot`,
      payload: { choices: ["Y"] },
    }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/votes/:voteId/paper-ballots": {
    access: "votes.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/votes/${await insertVote(t, target, n)}/paper-ballots`, {
        voterNo: 1,
        sheetNo: `矩阵-${n}`,
        choices: ["N"],
      }),
    expect: VOTE_MANAGERS,
  },
  "POST /api/communities/:communityId/votes/:voteId/paper-ballots/:ballotId/confirm": {
    access: "votes.manage",
    build: async ({ t, target, n }) => {
      const voteId = await insertVote(t, target, n);
      const { id } = await t.db
        .insertInto("vote_ballot")
        .values({
          community_id: target.communityId,
          vote_id: voteId,
          voter_no: 1,
          channel: "paper",
          choices: "Y",
          sheet_no: `矩阵-${n}`,
          counted: false,
          receipt: "MATRIX",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/votes/${voteId}/paper-ballots/${id}/confirm`);
    },
    expect: VOTE_MANAGERS,
  },
  "GET /api/communities/:communityId/votes/:voteId/export.json": {
    access: "data.export",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/votes/${await insertVote(t, target, n)}/export.json`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/votes/:voteId/ballots.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/votes/${await insertVote(t, target, n)}/ballots.xlsx`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/votes/:voteId/result.pdf": {
    access: "votes.read",
    build: async ({ t, target, n }) => get(`${c(target)}/votes/${await insertVote(t, target, n)}/result.pdf`),
    expect: VOTE_READERS,
  },
  // ---- meetings (D3) ----
  "GET /api/communities/:communityId/meetings": {
    access: "meetings.read",
    build: async ({ t, target, n }) => {
      await insertMeeting(t, target, n);
      return get(`${c(target)}/meetings?limit=200&q=${encodeURIComponent(`矩阵会议 ${target.label}`)}`);
    },
    shows: ({ json }, p) => json.items.some((m: any) => m.title === `矩阵会议 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "GET /api/communities/:communityId/meetings/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await insertMeeting(t, target, n);
      return get(`${c(target)}/meetings/export.xlsx?q=${encodeURIComponent(`矩阵会议 ${target.label}`)}`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(`矩阵会议 ${p.label}`),
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_READERS },
  },
  "POST /api/communities/:communityId/meetings": {
    access: "meetings.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/meetings`, {
        kind: "courtyard",
        title: `矩阵庭院会${n}`,
        startsAt: new Date(Date.now() + HOUR_MS).toISOString(),
        endsAt: new Date(Date.now() + 2 * HOUR_MS).toISOString(),
        buildingId: target.buildingId,
        rrule: "FREQ=WEEKLY;COUNT=2",
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/meetings/:meetingId": {
    access: "signed_in",
    // staff reading the place, and the residents of the meeting's building (both of A's residents live
    // in building 1, where A0 and A1 are)
    build: async ({ t, target, n }) => get(`${c(target)}/meetings/${await insertMeeting(t, target, n)}`),
    expect: onlyThese({ ...MEETING_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "PATCH /api/communities/:communityId/meetings/:meetingId": {
    access: "meetings.manage",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/meetings/${await insertMeeting(t, target, n)}`, {
        minutes: "矩阵纪要",
        resolutions: ["矩阵决议"],
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/meetings/:meetingId/sign-in-code": {
    access: "meetings.manage",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/meetings/${await insertMeeting(t, target, n)}/sign-in-code`),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/meetings/:meetingId/sign-in": {
    access: "signed_in",
    // verified residents of the community with the screen's code; nobody signs in as staff
    build: async ({ t, target, n }) => {
      const id = await insertMeeting(t, target, n);
      return post(`${c(target)}/meetings/${id}/sign-in`, {
        code: signInCodeAt(t.config, target.communityId, id, new Date()).code,
      });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/meetings/:meetingId/attendance": {
    access: "meetings.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/meetings/${await insertMeeting(t, target, n)}/attendance`, {
        method: "ticked",
        residentIds: [target.residentId],
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/meetings/:meetingId/residents-roll": {
    access: "meetings.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/meetings/${await insertResidentsMeeting(t, target, n)}/residents-roll`, {
        basis: "households",
      }),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/meetings/:meetingId/residents-decisions": {
    access: "meetings.manage",
    build: async ({ t, target, n }) =>
      post(
        `${c(target)}/meetings/${await insertResidentsMeeting(t, target, n, { quorum: true })}/residents-decisions`,
        { item: "矩阵表决", tally: { method: "counted", yes: 1, no: 0, abstain: 0 } },
      ),
    expect: { gridWorker: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/meetings/:meetingId/meeting.ics": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/meetings/${await insertMeeting(t, target, n)}/meeting.ics`),
    expect: onlyThese({ ...MEETING_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/communities/:communityId/meeting-series/:seriesId/series.ics": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const { seriesId } = await insertMeetingSeries(t, target, n);
      return get(`${c(target)}/meeting-series/${seriesId}/series.ics`);
    },
    expect: onlyThese({ ...MEETING_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/me/meetings": { access: "signed_in", build: () => get("/api/me/meetings"), expect: {} },
  "GET /api/me/meeting-code": { access: "signed_in", build: () => get("/api/me/meeting-code"), expect: {} },
  // ---- contests (D6, E3) ----
  "GET /api/me/contests": { access: "signed_in", build: () => get("/api/me/contests"), expect: {} },
  "GET /api/contests": {
    access: "contests.read",
    build: async ({ t, target, n }) => {
      await insertContest(t, target, n, "open");
      return get("/api/contests?limit=200");
    },
    shows: ({ json }, p) => json.items.some((x: any) => x.title === `矩阵评选 ${p.label}`.slice(0, 80)),
    expect: {
      communityWorker: "ok/filtered",
      communitySecretary: "ok/filtered",
      streetOfficial: "ok/filtered",
      districtOfficial: "ok/filtered",
      systemAdmin: "ok/ok",
    },
  },
  "POST /api/contests": {
    access: "contests.manage",
    build: ({ target, n }) =>
      post("/api/contests", {
        title: `矩阵新评选${n}`,
        scope: "community",
        communityId: target.communityId,
        submitFrom: new Date(Date.now() - HOUR_MS).toISOString(),
        submitTo: new Date(Date.now() + HOUR_MS).toISOString(),
        criteria: [{ name: "可行性", weight: 1 }],
      }),
    expect: COMMUNITY_READERS,
  },
  "GET /api/contests/:contestId": {
    access: "signed_in",
    build: async ({ t, target, n }) => get(`/api/contests/${(await insertContest(t, target, n, "open")).id}`),
    expect: onlyThese({ ...COMMUNITY_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/contests/:contestId/judge-choices": {
    access: "contests.manage",
    build: async ({ t, target, n }) =>
      get(`/api/contests/${(await insertContest(t, target, n, "open")).id}/judge-choices`),
    expect: COMMUNITY_READERS,
  },
  "PUT /api/contests/:contestId/rounds/:roundNo/judges": {
    access: "contests.manage",
    build: async ({ t, target, n }) => ({
      method: "PUT",
      url: `/api/contests/${(await insertContest(t, target, n, "open")).id}/rounds/1/judges`,
      payload: { userIds: [world.judgeUserId] },
    }),
    expect: COMMUNITY_READERS,
  },
  "POST /api/contests/:contestId/entries": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      post(`/api/contests/${(await insertContest(t, target, n, "open")).id}/entries`, {
        title: `矩阵点子${n}`,
      }),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/contests/:contestId/entries": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`/api/contests/${(await insertContest(t, target, n, "open")).id}/entries`),
    expect: onlyThese({ ...COMMUNITY_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/contests/:contestId/entries/:entryId/photos/:photoId": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const k = await insertContest(t, target, n, "open");
      return get(`/api/contests/${k.id}/entries/${k.entryId}/photos/${k.photoId}`);
    },
    expect: onlyThese({ ...COMMUNITY_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/contests/:contestId/entries/:entryId/support": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const k = await insertContest(t, target, n, "open");
      return post(`/api/contests/${k.id}/entries/${k.entryId}/support`);
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "GET /api/contests/:contestId/rounds/:roundNo/judging": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`/api/contests/${(await insertContest(t, target, n, "open")).id}/rounds/1/judging`),
    expect: onlyThese({ resident: "ok/ok" }),
  },
  "POST /api/contests/:contestId/rounds/:roundNo/scores": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const k = await insertContest(t, target, n, "open");
      return post(`/api/contests/${k.id}/rounds/1/scores`, { entryId: k.entryId, scores: [7] });
    },
    expect: onlyThese({ resident: "ok/ok" }),
  },
  "PUT /api/contests/:contestId/rounds/:roundNo/scores/:entryId": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const k = await insertContest(t, target, n, "scored");
      return {
        method: "PUT",
        url: `/api/contests/${k.id}/rounds/1/scores/${k.entryId}`,
        payload: { scores: [8] },
      };
    },
    expect: onlyThese({ resident: "ok/ok" }),
  },
  "POST /api/contests/:contestId/rounds/:roundNo/close": {
    access: "contests.manage",
    build: async ({ t, target, n }) =>
      post(`/api/contests/${(await insertContest(t, target, n, "scored")).id}/rounds/1/close`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/contests/:contestId/rounds/:roundNo/ranking": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      get(`/api/contests/${(await insertContest(t, target, n, "published")).id}/rounds/1/ranking`),
    expect: onlyThese({ ...COMMUNITY_READERS, resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/contests/:contestId/rounds/:roundNo/advance": {
    access: "contests.manage",
    build: async ({ t, target, n }) =>
      post(`/api/contests/${(await insertContest(t, target, n, "closed")).id}/rounds/1/advance`, {
        finalists: 1,
        judgeUserIds: [world.judgeUserId],
      }),
    expect: COMMUNITY_READERS,
  },
  "GET /api/contests/:contestId/rounds/:roundNo/export": {
    access: "data.export",
    build: async ({ t, target, n }) =>
      get(`/api/contests/${(await insertContest(t, target, n, "closed")).id}/rounds/1/export`),
    expect: COMMUNITY_READERS,
  },
  "POST /api/contests/:contestId/publish": {
    access: "contests.manage",
    build: async ({ t, target, n }) =>
      post(`/api/contests/${(await insertContest(t, target, n, "closed")).id}/publish`, { top: 1 }),
    expect: COMMUNITY_READERS,
  },
  "POST /api/contests/:contestId/entries/:entryId/adopt": {
    access: "contests.manage",
    build: async ({ t, target, n }) => {
      const k = await insertContest(t, target, n, "closed");
      return post(`/api/contests/${k.id}/entries/${k.entryId}/adopt`);
    },
    expect: COMMUNITY_READERS,
  },
  // ---- the life circle (issue 13): public figures and readings; staff import, add, read gaps ----
  "GET /api/communities/:communityId/lifecircle": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/lifecircle`),
    expect: {},
  },
  "GET /api/communities/:communityId/lifecircle/buildings/:lcBuildingId": {
    access: "public",
    build: async ({ t, target, n }) =>
      get(`${c(target)}/lifecircle/buildings/${await lifecircleAt(t, target, n)}`),
    expect: {},
  },
  "GET /api/communities/:communityId/lifecircle/map": {
    access: "public",
    build: async ({ t, target, n }) => {
      await lifecircleAt(t, target, n);
      return get(`${c(target)}/lifecircle/map`);
    },
    expect: {},
  },
  "GET /api/communities/:communityId/lifecircle/ways": {
    access: "public",
    build: async ({ t, target, n }) => {
      await lifecircleAt(t, target, n);
      return get(`${c(target)}/lifecircle/ways`);
    },
    expect: {},
  },
  "GET /api/communities/:communityId/lifecircle/facilities": {
    access: "public",
    build: ({ target }) => get(`${c(target)}/lifecircle/facilities`),
    expect: {},
  },
  "POST /api/communities/:communityId/lifecircle/import": {
    access: "lifecircle.manage",
    // a file that is not in the map folder: allowed callers reach the file check (404), others are refused
    build: ({ target }) => post(`${c(target)}/lifecircle/import`, { file: "not-there.osm.pbf" }),
    expect: { communityWorker: "404/403", communitySecretary: "404/403", systemAdmin: "404/404" },
  },
  "POST /api/communities/:communityId/lifecircle/import-upload": {
    access: "lifecircle.manage",
    // a two-node extract written by the test: allowed callers import it
    build: ({ target }) => {
      const boundary = "----matrix-lifecircle";
      const pbf = writeOsmPbf(
        [
          { id: 1, lat: 43.73, lon: 7.42 },
          { id: 2, lat: 43.731, lon: 7.42 },
        ],
        [{ id: 10, refs: [1, 2], tags: { highway: "footway" } }],
      );
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="matrix.osm.pbf"\r\nContent-Type: application/octet-stream\r\n\r\n`;
      return {
        method: "POST",
        url: `${c(target)}/lifecircle/import-upload`,
        payload: Buffer.concat([Buffer.from(head), Buffer.from(pbf), Buffer.from(`\r\n--${boundary}--\r\n`)]),
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      };
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/lifecircle/facilities": {
    access: "lifecircle.manage",
    build: async ({ t, target, n }) => {
      await lifecircleAt(t, target, n);
      return post(`${c(target)}/lifecircle/facilities`, {
        kind: "market",
        name: `矩阵菜场${n}`,
        lat: 43.73,
        lon: 7.42,
      });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/lifecircle/gaps": {
    access: "lifecircle.read",
    build: ({ target }) => get(`${c(target)}/lifecircle/gaps`),
    expect: COMMUNITY_READERS,
  },
  "PATCH /api/communities/:communityId/lifecircle/settings": {
    access: "lifecircle.manage",
    build: async ({ t, target, n }) => {
      await lifecircleAt(t, target, n);
      return patch(`${c(target)}/lifecircle/settings`, { walkSpeed: 1.2 });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/lifecircle/recompute": {
    access: "lifecircle.manage",
    build: ({ target }) => post(`${c(target)}/lifecircle/recompute`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/lifecircle/facilities/:facilityId": {
    access: "lifecircle.manage",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/lifecircle/facilities/${await facilityAt(t, target, n)}`, { hours: "08:00-20:00" }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/lifecircle/facilities/:facilityId/close": {
    access: "lifecircle.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/lifecircle/facilities/${await facilityAt(t, target, n)}/close`, { reason: "矩阵" }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/lifecircle/kinds/:kindCode": {
    access: "lifecircle.kinds",
    build: async ({ t, target, n }) => {
      await facilityAt(t, target, n);
      return patch(`${c(target)}/lifecircle/kinds/market`, { targetMinutes: 10 });
    },
    expect: { communitySecretary: "ok/403", districtOfficial: "ok/403", systemAdmin: "ok/ok" },
  },
  "POST /api/communities/:communityId/lifecircle/gaps/request": {
    access: "lifecircle.manage",
    // a building with no reading is a gap for every kind: allowed callers open a need from it
    build: async ({ t, target, n }) =>
      post(`${c(target)}/lifecircle/gaps/request`, {
        lcBuildingId: await lifecircleAt(t, target, n),
        kind: "market",
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/lifecircle/matches/propose": {
    access: "lifecircle.manage",
    build: async ({ t, target, n }) => {
      await lifecircleAt(t, target, n);
      return post(`${c(target)}/lifecircle/matches/propose`);
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/lifecircle/matches": {
    access: "lifecircle.read",
    build: ({ target }) => get(`${c(target)}/lifecircle/matches`),
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/lifecircle/matches/review": {
    access: "lifecircle.manage",
    // accept the register building's match to a fresh imported building (re-assign)
    build: async ({ t, target, n }) => {
      const lcBuildingId = await lifecircleAt(t, target, n);
      return post(`${c(target)}/lifecircle/matches/review`, {
        items: [{ buildingId: target.buildingId, decision: "accept", lcBuildingId }],
      });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/lifecircle/my-building": {
    access: "signed_in",
    // the caller's own building (null when none is matched): nobody else's data, so every actor may ask
    build: ({ target }) => get(`${c(target)}/lifecircle/my-building`),
    expect: {},
  },
  "GET /api/communities/:communityId/lifecircle/households": {
    access: "lifecircle.read",
    build: ({ target }) => get(`${c(target)}/lifecircle/households`),
    expect: COMMUNITY_READERS,
  },
  // ---- the canteen (issue 15, C1): staff run it, residents order for their household, volunteers deliver ----
  "PUT /api/communities/:communityId/canteen": {
    access: "canteen.manage",
    build: ({ target }) => ({
      method: "PUT",
      url: `${c(target)}/canteen`,
      payload: { name: "矩阵食堂", meals: [{ kind: "lunch", cutoff: "10:00", capacity: 500 }] },
    }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PUT /api/communities/:communityId/canteen/rules": {
    access: "canteen.manage",
    build: async ({ t, target }) => {
      await canteenMenuAt(t, target, 0);
      return {
        method: "PUT",
        url: `${c(target)}/canteen/rules`,
        payload: {
          rules: [
            {
              name: "65岁以上",
              minAge: 65,
              residentFen: 1000,
              communityPct: 50,
              discountPct: 25,
              subsidyPct: 25,
              source: "矩阵",
            },
          ],
        },
      };
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PUT /api/communities/:communityId/canteen/menus": {
    access: "canteen.manage",
    build: async ({ t, target }) => {
      await canteenMenuAt(t, target, 0);
      return {
        method: "PUT",
        url: `${c(target)}/canteen/menus`,
        payload: { day: canteenDayAhead(0), meal: "lunch", dishes: ["米饭"], costFen: 2200 },
      };
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/canteen/day": {
    access: "signed_in",
    // the community's residents (their own price) and the staff and officials reading it
    build: async ({ t, target }) => {
      await canteenMenuAt(t, target, 0);
      return get(`${c(target)}/canteen/day?day=${canteenDayAhead(0)}`);
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_READERS }),
  },
  "POST /api/communities/:communityId/canteen/orders": {
    access: "signed_in",
    // for the resident of the target household: themself, or staff (代订); a neighbour's household is refused
    build: async ({ t, target, n }) =>
      post(`${c(target)}/canteen/orders`, {
        menuId: await canteenMenuAt(t, target, n),
        mode: "dine_in",
        residentId: target.residentId,
      }),
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403", ...COMMUNITY_STAFF_WRITE }),
  },
  "POST /api/communities/:communityId/canteen/orders/:orderId/cancel": {
    access: "signed_in",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/canteen/orders/${await canteenOrderAt(t, target, n)}/cancel`),
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "404/404" as const])),
      resident: "ok/404",
      otherResident: "ok/404",
      communityWorker: "ok/404",
      communitySecretary: "ok/404",
      systemAdmin: "ok/ok",
    },
  },
  "POST /api/communities/:communityId/canteen/orders/:orderId/paid": {
    access: "canteen.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/canteen/orders/${await canteenOrderAt(t, target, n)}/paid`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/canteen/orders": {
    access: "canteen.read",
    build: async ({ t, target, n }) => {
      await canteenOrderAt(t, target, n);
      return get(`${c(target)}/canteen/orders?day=${canteenDayAhead(n)}`);
    },
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/canteen/orders/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await canteenOrderAt(t, target, n);
      return get(`${c(target)}/canteen/orders/export.xlsx?day=${canteenDayAhead(n)}`);
    },
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/canteen/volunteers": {
    access: "canteen.manage",
    build: ({ target }) => get(`${c(target)}/canteen/volunteers`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/canteen/orders/:orderId/assign": {
    access: "canteen.manage",
    build: async ({ t, target, n }) => {
      await volTeamAt(t, target, n);
      const orderId = await canteenOrderAt(t, target, n, { mode: "delivery" });
      return post(`${c(target)}/canteen/orders/${orderId}/assign`, {
        volunteerUserId: await volOrganiserIn(t, target.communityId),
      });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/canteen/orders/:orderId/delivered": {
    access: "signed_in",
    // the volunteer it is assigned to (in the caller's own place: the caller) or staff
    build: async ({ t, actor, target, n }) => {
      const mine = actor.userId != null && target === actor.places[0];
      const volunteer = mine ? actor.userId! : await volOrganiserIn(t, target.communityId);
      const orderId = await canteenOrderAt(t, target, n, { mode: "delivery", volunteer });
      return post(`${c(target)}/canteen/orders/${orderId}/delivered`);
    },
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "ok/404" as const])),
      systemAdmin: "ok/ok",
    },
  },
  "GET /api/me/canteen": { access: "signed_in", build: () => get("/api/me/canteen"), expect: {} },
  "GET /api/communities/:communityId/canteen/report": {
    access: "canteen.read",
    build: ({ target }) => get(`${c(target)}/canteen/report?month=${canteenDayAhead(0).slice(0, 7)}`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/streets/:streetId/canteen/report": {
    access: "canteen.read",
    build: async ({ t, target }) => {
      const { street_id } = await t.db
        .selectFrom("community")
        .select("street_id")
        .where("id", "=", target.communityId)
        .executeTakeFirstOrThrow();
      return get(
        `/api/streets/${street_id}/canteen/report?month=${canteenDayAhead(0).slice(0, 7)}&format=xlsx`,
      );
    },
    expect: { streetOfficial: "ok/403", districtOfficial: "ok/403", systemAdmin: "ok/ok" },
  },
  // ---- courses (issue 15, C3): staff run them, verified residents enrol themselves ----
  "POST /api/communities/:communityId/courses": {
    access: "courses.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/courses`, {
        title: `矩阵课程${n}`,
        teacherName: "陈老师",
        place: "活动室",
        rule: "FREQ=WEEKLY;BYDAY=TU",
        startTime: "09:30",
        minutes: 60,
        seats: 10,
        termStart: courseDay(0),
        termEnd: courseDay(60),
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/courses": {
    access: "signed_in",
    // the community's verified residents and the staff and officials reading it
    build: async ({ t, target, n }) => {
      await courseAt(t, target, n);
      return get(`${c(target)}/courses`);
    },
    // the other place of a resident is a neighbour's household in the same community: its courses too
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_READERS }),
  },
  "GET /api/communities/:communityId/courses/stats": {
    access: "courses.read",
    build: ({ target }) => get(`${c(target)}/courses/stats`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/courses/stats/export.xlsx": {
    access: "data.export",
    build: ({ target }) => get(`${c(target)}/courses/stats/export.xlsx`),
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/courses/:courseId/enrol": {
    access: "signed_in",
    // a verified resident of the community (any course of it), for themself only
    build: async ({ t, target, n }) => post(`${c(target)}/courses/${await courseAt(t, target, n)}/enrol`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/courses/enrolments/:enrolmentId/cancel": {
    access: "signed_in",
    // the enrolled resident or a member of their household, or staff
    build: async ({ t, target, n }) =>
      post(`${c(target)}/courses/enrolments/${await courseEnrolmentAt(t, target, n)}/cancel`),
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "404/404" as const])),
      resident: "ok/404",
      otherResident: "ok/404",
      communityWorker: "ok/404",
      communitySecretary: "ok/404",
      systemAdmin: "ok/ok",
    },
  },
  "POST /api/communities/:communityId/courses/:courseId/allocate": {
    access: "courses.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/courses/${await courseAt(t, target, n, { windowPassed: true })}/allocate`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/courses/:courseId/roster": {
    access: "courses.read",
    build: async ({ t, target, n }) => get(`${c(target)}/courses/${await courseAt(t, target, n)}/roster`),
    expect: COMMUNITY_READERS,
  },
  "PUT /api/communities/:communityId/courses/:courseId/sessions/:sessionId/attendance": {
    access: "courses.manage",
    build: async ({ t, target, n }) => {
      const courseId = await courseAt(t, target, n);
      const s = await t.db
        .selectFrom("course_session")
        .select("id")
        .where("community_id", "=", target.communityId)
        .where("course_id", "=", courseId)
        .executeTakeFirstOrThrow();
      return {
        method: "PUT",
        url: `${c(target)}/courses/${courseId}/sessions/${s.id}/attendance`,
        payload: { present: [] },
      };
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/me/courses": { access: "signed_in", build: () => get("/api/me/courses"), expect: {} },
  // ---- garden plots and trees (issue 15, C4): staff keep them; households apply, renew, adopt, record care ----
  "POST /api/communities/:communityId/garden/plots": {
    access: "garden.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/garden/plots`, { code: `M-${n}`, sizeM2: 20, rentYuan: "200.50" }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/garden/plots": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await plotAt(t, target, n);
      return get(`${c(target)}/garden/plots`);
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_READERS }),
  },
  "POST /api/communities/:communityId/garden/plots/:plotId/apply": {
    access: "signed_in",
    // a verified resident of the community with a household, for their household
    build: async ({ t, target, n }) => post(`${c(target)}/garden/plots/${await plotAt(t, target, n)}/apply`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/garden/plots/:plotId/allocate": {
    access: "garden.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/garden/plots/${await plotAt(t, target, n, { windowPassed: true })}/allocate`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/garden/applications": {
    access: "garden.read",
    build: ({ target }) => get(`${c(target)}/garden/applications`),
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/garden/applications/approve": {
    access: "garden.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/garden/applications/approve`, {
        applications: [(await plotApplicationAt(t, target, n)).applicationId],
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/garden/applications/reject": {
    access: "garden.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/garden/applications/reject`, {
        applications: [(await plotApplicationAt(t, target, n)).applicationId],
        reason: "不是本社区常住户",
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/garden/leases": {
    access: "garden.read",
    build: ({ target }) => get(`${c(target)}/garden/leases`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/garden/leases/export.xlsx": {
    access: "data.export",
    build: ({ target }) => get(`${c(target)}/garden/leases/export.xlsx`),
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/garden/leases/:leaseId/renew": {
    access: "signed_in",
    // the holder's household only, in the lease's last month
    build: async ({ t, target, n }) =>
      post(`${c(target)}/garden/leases/${await gardenLeaseAt(t, target, n)}/renew`),
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "404/404" as const])),
      resident: "ok/404",
      otherResident: "ok/404",
    },
  },
  "POST /api/communities/:communityId/garden/trees": {
    access: "garden.manage",
    build: ({ target, n }) => post(`${c(target)}/garden/trees`, { code: `MT-${n}`, species: "桂花" }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/garden/trees": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      await treeAt(t, target, n);
      return get(`${c(target)}/garden/trees`);
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_READERS }),
  },
  "POST /api/communities/:communityId/garden/trees/:treeId/adopt": {
    access: "signed_in",
    build: async ({ t, target, n }) => post(`${c(target)}/garden/trees/${await treeAt(t, target, n)}/adopt`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/garden/trees/:treeId/end-adoption": {
    access: "signed_in",
    // the adopting household (the target's) or the community's staff
    build: async ({ t, target, n }) =>
      post(`${c(target)}/garden/trees/${await treeAt(t, target, n, { adopted: true })}/end-adoption`),
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403", ...COMMUNITY_STAFF_WRITE }),
  },
  "POST /api/communities/:communityId/garden/trees/:treeId/care": {
    access: "signed_in",
    // the adopting household (the target's) or the community's staff
    build: async ({ t, target, n }) =>
      post(`${c(target)}/garden/trees/${await treeAt(t, target, n, { adopted: true })}/care`, {
        doneOn: courseDay(0),
        what: "浇水",
      }),
    expect: onlyThese({ resident: "ok/403", otherResident: "ok/403", ...COMMUNITY_STAFF_WRITE }),
  },
  "GET /api/communities/:communityId/garden/trees/:treeId/care": {
    access: "signed_in",
    build: async ({ t, target, n }) => get(`${c(target)}/garden/trees/${await treeAt(t, target, n)}/care`),
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_READERS }),
  },
  "GET /api/communities/:communityId/garden/trees/:treeId/care/:careId/photo": {
    access: "signed_in",
    build: async ({ t, target, n }) => {
      const treeId = await treeAt(t, target, n, { adopted: true });
      return get(`${c(target)}/garden/trees/${treeId}/care/${await gardenCareAt(t, target, treeId)}/photo`);
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok", ...COMMUNITY_READERS }),
  },
  "GET /api/me/garden": { access: "signed_in", build: () => get("/api/me/garden"), expect: {} },
  // ---- spaces (issue 15, C2): staff keep spaces and decide bookings; residents book, cancel and rate ----
  "GET /api/communities/:communityId/spaces": {
    access: "signed_in",
    // the open spaces with hours and convention: nothing personal
    build: async ({ t, target }) => {
      await spaceAt(t, target);
      return get(`${c(target)}/spaces`);
    },
    expect: {},
  },
  "POST /api/communities/:communityId/spaces": {
    access: "spaces.manage",
    build: ({ target, n }) =>
      post(`${c(target)}/spaces`, {
        name: `矩阵功能室${n}`,
        capacity: 20,
        hours: Array(7).fill("08:00-21:00"),
        convention: "矩阵公约",
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "PATCH /api/communities/:communityId/spaces/:spaceId": {
    access: "spaces.manage",
    build: async ({ t, target, n }) =>
      patch(`${c(target)}/spaces/${await spaceAt(t, target)}`, { capacity: 10 + (n % 100) }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/spaces/:spaceId/day": {
    access: "signed_in",
    // who booked and why shows only to the booker's side and staff (spaces.test.ts)
    build: async ({ t, target }) => get(`${c(target)}/spaces/${await spaceAt(t, target)}/day`),
    expect: {},
  },
  "POST /api/communities/:communityId/spaces/:spaceId/bookings": {
    access: "signed_in",
    // verified residents of the community book (for their household); a space is the whole community's, so a
    // resident's "other place" (another household of the same community) books it too — the service refuses
    // anyone who is not a verified resident of the community (spaces.test.ts)
    build: async ({ t, target, n }) => {
      const slot = spaceSlot(n);
      return post(`${c(target)}/spaces/${await spaceAt(t, target)}/bookings`, {
        day: slot.day,
        from: slot.from,
        to: slot.to,
        purpose: "矩阵活动",
        attendees: 5,
        conventionVersion: 1,
      });
    },
    expect: onlyThese({ resident: "ok/ok", otherResident: "ok/ok" }),
  },
  "POST /api/communities/:communityId/spaces/:spaceId/meeting-bookings": {
    access: "meetings.manage",
    build: async ({ t, target, n }) => {
      const slot = spaceSlot(n);
      const { id } = await t.db
        .insertInto("meeting")
        .values({
          community_id: target.communityId,
          kind: "council",
          title: `矩阵会议${n}`,
          starts_at: new Date(`${slot.day}T${slot.from}:00+08:00`),
          ends_at: new Date(`${slot.day}T${slot.to}:00+08:00`),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return post(`${c(target)}/spaces/${await spaceAt(t, target)}/meeting-bookings`, {
        meetingId: id,
        conventionVersion: 1,
      });
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/space-bookings": {
    access: "spaces.read",
    build: async ({ t, target, n }) => {
      await spaceBookingAt(t, target, n);
      return get(`${c(target)}/space-bookings`);
    },
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/space-bookings/export.xlsx": {
    access: "data.export",
    build: async ({ t, target, n }) => {
      await spaceBookingAt(t, target, n);
      return get(`${c(target)}/space-bookings/export.xlsx`);
    },
    expect: COMMUNITY_READERS,
  },
  "POST /api/communities/:communityId/space-bookings/decide": {
    access: "spaces.manage",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/space-bookings/decide`, {
        ids: [await spaceBookingAt(t, target, n)],
        decision: "approve",
      }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/space-bookings/:spaceBookingId/cancel": {
    access: "signed_in",
    // the booker's side (the target household's resident) or staff
    build: async ({ t, target, n }) =>
      post(`${c(target)}/space-bookings/${await spaceBookingAt(t, target, n)}/cancel`),
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "404/404" as const])),
      resident: "ok/404",
      otherResident: "ok/404",
      communityWorker: "ok/404",
      communitySecretary: "ok/404",
      systemAdmin: "ok/ok",
    },
  },
  "POST /api/communities/:communityId/space-bookings/:spaceBookingId/rate": {
    access: "signed_in",
    // only the booker's side, after an approved booking has begun
    build: async ({ t, target, n }) =>
      post(`${c(target)}/space-bookings/${await spaceBookingAt(t, target, n, true)}/rate`, {
        rating: "good",
      }),
    expect: {
      ...Object.fromEntries(ACTORS.filter((a) => a !== "anonymous").map((a) => [a, "404/404" as const])),
      resident: "ok/404",
      otherResident: "ok/404",
    },
  },
  "GET /api/me/spaces": { access: "signed_in", build: () => get("/api/me/spaces"), expect: {} },
  // ---- care (issue 15, C5): care data is personal — staff reaching the resident, never officials ----
  "GET /api/communities/:communityId/care/plans": {
    access: "care.read",
    build: ({ target }) => get(`${c(target)}/care/plans`),
    expect: { gridWorker: "ok/ok", buildingHead: "ok/ok", ...COMMUNITY_STAFF_WRITE },
  },
  "PUT /api/communities/:communityId/care/plans/:careTag": {
    access: "care.manage",
    build: ({ target, n }) => ({
      method: "PUT",
      url: `${c(target)}/care/plans/living_alone`,
      payload: { frequencyDays: 1 + (n % 30) },
    }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/care/residents": {
    access: "care.read",
    build: async ({ t, target }) => {
      await careEnrolledAt(t, target);
      return get(`${c(target)}/care/residents?pageSize=200`);
    },
    shows: ({ json }, p) => json.items.some((r: any) => r.residentId === p.residentId),
    expect: { gridWorker: "ok/filtered", buildingHead: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/care/residents/export.xlsx": {
    access: "data.export",
    build: async ({ t, target }) => {
      await careEnrolledAt(t, target);
      return get(`${c(target)}/care/residents/export.xlsx`);
    },
    shows: async ({ raw }, p) => (await workbookText(raw)).includes(p.residentName),
    // officials export other lists but do not read care data
    expect: { gridWorker: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/communities/:communityId/care/residents/:residentId": {
    access: "signed_in",
    // staff reaching the resident (the resident and their family contacts are not matrix actors here)
    build: async ({ t, target }) => {
      await careEnrolledAt(t, target);
      return get(`${c(target)}/care/residents/${target.residentId}`);
    },
    expect: onlyThese({ gridWorker: "ok/403", buildingHead: "ok/403", ...COMMUNITY_STAFF_WRITE }),
  },
  "POST /api/communities/:communityId/care/residents/:residentId/visits": {
    access: "care.visit",
    build: ({ target }) =>
      post(`${c(target)}/care/residents/${target.residentId}/visits`, {
        health: "good",
        gasSafe: true,
        electricitySafe: true,
      }),
    expect: { gridWorker: "ok/403", buildingHead: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/care/residents/:residentId/checkins": {
    access: "signed_in",
    build: async ({ t, target }) => {
      await careEnrolledAt(t, target);
      return post(`${c(target)}/care/residents/${target.residentId}/checkins`, {});
    },
    expect: onlyThese({ gridWorker: "ok/403", buildingHead: "ok/403", ...COMMUNITY_STAFF_WRITE }),
  },
  "POST /api/communities/:communityId/care/enrolments": {
    access: "care.manage",
    build: ({ target }) =>
      post(`${c(target)}/care/enrolments`, { residentId: target.residentId, consentBy: "resident" }),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/care/alerts": {
    access: "care.read",
    build: async ({ t, target, n }) => {
      await careAlertAt(t, target, n);
      return get(`${c(target)}/care/alerts`);
    },
    shows: ({ json }, p) => json.alerts.some((a: any) => a.residentId === p.residentId),
    expect: { gridWorker: "ok/filtered", buildingHead: "ok/filtered", ...COMMUNITY_STAFF_WRITE },
  },
  "POST /api/communities/:communityId/care/alerts/:alertId/acknowledge": {
    access: "care.visit",
    build: async ({ t, target, n }) =>
      post(`${c(target)}/care/alerts/${await careAlertAt(t, target, n)}/acknowledge`, { kind: "contacted" }),
    expect: { gridWorker: "ok/403", buildingHead: "ok/403", ...COMMUNITY_STAFF_WRITE },
  },
  "GET /api/me/care": { access: "signed_in", build: () => get("/api/me/care"), expect: {} },
  "GET /api/communities/:communityId/lifecircle/facilities/template.xlsx": {
    access: "lifecircle.manage",
    build: ({ target }) => get(`${c(target)}/lifecircle/facilities/template.xlsx`),
    expect: COMMUNITY_STAFF_WRITE,
  },
  "POST /api/communities/:communityId/lifecircle/facilities/import": {
    access: "lifecircle.manage",
    // a one-row sheet on the target's network: allowed callers import it
    build: async ({ t, target, n }) => {
      await lifecircleAt(t, target, n);
      const xlsx = await workbookBytes((sink) =>
        writeWorkbook(
          { name: "设施", columns: SHEET_HEADERS.map((header) => ({ header })) },
          [["便利店", `矩阵便利店${n}`, 43.7305, 7.42, "WGS-84", ""]],
          sink,
        ),
      );
      const boundary = "----matrix-facilities";
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="facilities.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`;
      return {
        method: "POST",
        url: `${c(target)}/lifecircle/facilities/import`,
        payload: Buffer.concat([Buffer.from(head), xlsx, Buffer.from(`\r\n--${boundary}--\r\n`)]),
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      };
    },
    expect: COMMUNITY_STAFF_WRITE,
  },
  "GET /api/communities/:communityId/lifecircle/facilities/closed": {
    access: "lifecircle.read",
    build: ({ target }) => get(`${c(target)}/lifecircle/facilities/closed`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/lifecircle/matches/export.xlsx": {
    access: "data.export",
    // the grid worker holds data.export but not lifecircle.read
    build: ({ target }) => get(`${c(target)}/lifecircle/matches/export.xlsx`),
    expect: COMMUNITY_READERS,
  },
  "GET /api/communities/:communityId/lifecircle/isochrones": {
    access: "public",
    build: async ({ t, target, n }) => {
      await facilityAt(t, target, n);
      return get(`${c(target)}/lifecircle/isochrones?kind=market`);
    },
    expect: {},
  },
};

// ---- canteen fixtures: a canteen with a lunch per build, on a day ahead (open: before the cut-off) ----
const canteenDayAhead = (n: number) =>
  new Date(Date.now() + 8 * 3_600_000 + (2 + n) * 86_400_000).toISOString().slice(0, 10);
async function canteenMenuAt(t: TestApp, target: Place, n: number): Promise<number> {
  const canteen =
    (await t.db
      .selectFrom("canteen")
      .select("id")
      .where("community_id", "=", target.communityId)
      .executeTakeFirst()) ??
    (await t.db
      .insertInto("canteen")
      .values({ community_id: target.communityId, name: "矩阵食堂" })
      .returning("id")
      .executeTakeFirstOrThrow());
  await t.db
    .insertInto("canteen_meal")
    .values({
      community_id: target.communityId,
      canteen_id: canteen.id,
      kind: "lunch",
      cutoff: "10:00",
      capacity: 500,
    })
    .onConflict((oc) => oc.columns(["community_id", "canteen_id", "kind"]).doNothing())
    .execute();
  const meal = await t.db
    .selectFrom("canteen_meal")
    .select("id")
    .where("community_id", "=", target.communityId)
    .where("canteen_id", "=", canteen.id)
    .where("kind", "=", "lunch")
    .executeTakeFirstOrThrow();
  const day = canteenDayAhead(n);
  await t.db
    .insertInto("canteen_menu")
    .values({
      community_id: target.communityId,
      meal_id: meal.id,
      day,
      dishes: "[]",
      cost_fen: 2200,
      capacity: 500,
    })
    .onConflict((oc) => oc.columns(["community_id", "meal_id", "day"]).doNothing())
    .execute();
  const menu = await t.db
    .selectFrom("canteen_menu")
    .select("id")
    .where("community_id", "=", target.communityId)
    .where("meal_id", "=", meal.id)
    .where("day", "=", day)
    .executeTakeFirstOrThrow();
  return menu.id;
}
/** An order of the target household's resident (placed by a fixed staff-less account), unpaid. */
async function canteenOrderAt(
  t: TestApp,
  target: Place,
  n: number,
  o: { mode?: "dine_in" | "delivery"; volunteer?: number } = {},
): Promise<number> {
  const menuId = await canteenMenuAt(t, target, n);
  const { id } = await t.db
    .insertInto("canteen_order")
    .values({
      community_id: target.communityId,
      menu_id: menuId,
      resident_id: target.residentId,
      placed_by: await volOrganiserIn(t, target.communityId),
      channel: "staff_phone",
      mode: o.mode ?? "dine_in",
      rule_id: null,
      rule_name: "全价",
      cost_fen: 2200,
      resident_fen: 2200,
      community_fen: 0,
      discount_fen: 0,
      subsidy_fen: 0,
      paid_how: null,
      paid_at: null,
      paid_by: null,
      volunteer_user_id: o.volunteer ?? null,
      assigned_at: o.volunteer ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A facility entered on the target community's network (its kinds written first); returns its id. */
async function facilityAt(t: TestApp, target: Place, n: number): Promise<number> {
  await lifecircleAt(t, target, n);
  await t.db
    .insertInto("lifecircle_kind")
    .values(
      DEFAULT_KINDS.map((k, i) => ({
        community_id: target.communityId,
        code: k.code,
        name_zh: k.nameZh,
        name_en: k.nameEn,
        target_minutes: k.targetMinutes,
        required: k.required,
        position: i,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  const { id } = await t.db
    .insertInto("lifecircle_facility")
    .values({
      community_id: target.communityId,
      kind_code: "market",
      name: `矩阵菜场${n}`,
      lat: 43.73,
      lon: 7.42,
      source: "entered",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * A two-node walking network of the target's community (once) and a building on it; returns the
 * building's id in the life circle.
 */
async function lifecircleAt(t: TestApp, target: Place, n: number): Promise<number> {
  const g = graphFromEdges(
    Float64Array.from([43.73, 43.731]),
    Float64Array.from([7.42, 7.42]),
    Float64Array.from([1, 2]),
    Int32Array.from([0]),
    Int32Array.from([1]),
    1,
  );
  const count = { nodes: 2, edges: 1, largest_part: 2, osm_buildings: 1, osm_pois: 0, byte_size: 1 };
  await t.db
    .insertInto("lifecircle_network")
    .values({
      community_id: target.communityId,
      source: "matrix.osm.pbf",
      graph: packGraph(g),
      computed_at: new Date(),
      ...count,
    })
    .onConflict((oc) => oc.column("community_id").doNothing())
    .execute();
  const { id } = await t.db
    .insertInto("lifecircle_building")
    .values({
      community_id: target.communityId,
      osm_id: 1_000_000 + n,
      lat: 43.7301,
      lon: 7.4201,
      name: `矩阵楼${n}`,
      residential: true,
      snap_node: 0,
      snap_leg: 12,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A live notice (residents' by default) of the target's building; returns its id. */
async function noticeAt(
  t: TestApp,
  target: Place,
  o: { visibility?: "public" | "residents"; status?: "draft" | "published"; title?: string } = {},
): Promise<number> {
  const status = o.status ?? "published";
  const { id } = await t.db
    .insertInto("notice")
    .values({
      community_id: target.communityId,
      kind: "announcement",
      title: o.title ?? `矩阵公告 ${target.label}`,
      body: "矩阵",
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      visibility: o.visibility ?? "residents",
      status,
      published_at: status === "published" ? new Date(Date.now() - 60_000) : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

let matrixAuthor: number | null = null;
/**
 * A comment on a new notice of the target's building, written two minutes ago (inside the edit window,
 * outside the per-minute limit) by the target household's resident or by a person who is no actor.
 */
async function commentAt(
  t: TestApp,
  target: Place,
  o: { byResident?: boolean; status?: "visible" | "held"; body?: string } = {},
): Promise<number> {
  matrixAuthor ??= (await createUser(t.db, "矩阵作者")).id;
  const author = (o.byResident ? await residentUserAt(t, target) : null) ?? matrixAuthor;
  const { id } = await t.db
    .insertInto("comment")
    .values({
      community_id: target.communityId,
      subject_kind: "notice",
      subject_id: await noticeAt(t, target),
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      author_user_id: author,
      author_name: "矩阵作者",
      body: o.body ?? "矩阵评论",
      status: o.status ?? "visible",
      held_word: o.status === "held" ? "矩阵词" : null,
      created_at: new Date(Date.now() - 120_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(id);
}

/** A non-public building project at the target's building; its treasurer is the target household's resident. */
async function projectAt(
  t: TestApp,
  target: Place,
  n: number,
  o: { status?: "preparing" | "finished"; originRequestId?: number } = {},
): Promise<number> {
  const treasurer = await residentUserAt(t, target);
  const { id } = await t.db
    .insertInto("project")
    .values({
      community_id: target.communityId,
      title: `矩阵项目 ${target.label}`,
      tier: "building",
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      origin_kind: o.originRequestId ? "request" : "staff",
      origin_id: o.originRequestId ?? null,
      status: o.status ?? "preparing",
      treasurer_user_id: treasurer,
      organiser_user_id: null,
      design_kind: null,
      design_ref_id: null,
      design_choice: null,
      created_by: null,
      summary: `第${n}个`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** An income of 100 fen booked on the project by its treasurer, through the service (on the ledger). */
async function bookingAt(t: TestApp, target: Place, projectId: number, n: number): Promise<number> {
  const treasurerId = await residentUserAt(t, target);
  if (treasurerId == null) {
    // no treasurer at this place: a row for the route to find (nobody may reverse it)
    const { id } = await t.db
      .insertInto("project_booking")
      .values({
        community_id: target.communityId,
        project_id: projectId,
        seq: 1,
        direction: "income",
        amount_fen: 100,
        balance_fen: 100,
        income_total_fen: 100,
        expense_total_fen: 0,
        memo: "矩阵收入",
        occurred_on: "2026-12-01",
        idempotency_key: `matrix-reversible-${n}-${target.label}`,
        ledger_transaction_id: null,
        booked_by: await anyUser(t),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return id;
  }
  const treasurer = await loadActor(t.db, treasurerId);
  const b = await bookProjectEntry(t.db, treasurer, target.communityId, projectId, {
    direction: "income",
    amountFen: 100,
    memo: "矩阵收入",
    counterparty: "",
    occurredOn: "2026-12-01",
    sourceId: null,
    budgetLineId: null,
    pledgeId: null,
    idempotencyKey: `matrix-reversible-${n}-${target.label}`,
  });
  return b.id;
}

async function anyUser(t: TestApp): Promise<number> {
  return (await t.db.selectFrom("app_user").select("id").orderBy("id").limit(1).executeTakeFirstOrThrow()).id;
}

async function projectTaskAt(t: TestApp, target: Place, projectId: number): Promise<number> {
  const { id } = await t.db
    .insertInto("project_task")
    .values({ community_id: target.communityId, project_id: projectId, title: "矩阵任务", due_on: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function projectTargetAt(t: TestApp, target: Place, projectId: number): Promise<number> {
  const { id } = await t.db
    .insertInto("project_target")
    .values({
      community_id: target.communityId,
      project_id: projectId,
      kind: "goods",
      item: "椅子",
      quantity: 10,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The user the target household's resident signs in as, or a new user standing in for them. */
async function personAt(t: TestApp, target: Place): Promise<number> {
  return (await residentUserAt(t, target)) ?? (await createUser(t.db, "矩阵代人")).id;
}

/** A task of a project at the target, claimed by the target household's resident. */
async function projectClaimAt(t: TestApp, target: Place, n: number) {
  const projectId = await projectAt(t, target, n);
  const taskId = await projectTaskAt(t, target, projectId);
  const { id } = await t.db
    .insertInto("project_task_claim")
    .values({
      community_id: target.communityId,
      project_id: projectId,
      task_id: taskId,
      claimant_user_id: await personAt(t, target),
      claimant_org_id: null,
      claimant_kind: "volunteer",
      promise_date: "2099-01-01",
      status: "active",
      note: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { projectId, claimId: id };
}

/** A goods pledge to a project at the target, by the target household's resident. */
async function projectPledgeAt(t: TestApp, target: Place, n: number) {
  const projectId = await projectAt(t, target, n);
  const targetId = await projectTargetAt(t, target, projectId);
  const { id } = await t.db
    .insertInto("project_pledge")
    .values({
      community_id: target.communityId,
      project_id: projectId,
      target_id: targetId,
      kind: "goods",
      pledger_user_id: await personAt(t, target),
      pledger_org_id: null,
      pledger_kind: "resident",
      quantity: 3,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { projectId, pledgeId: id };
}

/** A community's template (X+7's keys) for matrix topics, made once per community. */
async function topicTemplateIn(t: TestApp, communityId: number) {
  const found = await t.db
    .selectFrom("topic_template")
    .select("id")
    .where("community_id", "=", communityId)
    .where("name", "=", "矩阵X+7")
    .executeTakeFirst();
  const templateId =
    found?.id ??
    (
      await t.db
        .insertInto("topic_template")
        .values({ community_id: communityId, name: "矩阵X+7" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  if (!found) {
    const keys = [
      "collect",
      "set_topic",
      "prepare",
      "deliberate",
      "resolve",
      "publish_resolution",
      "implement",
      "evaluate",
    ];
    await t.db
      .insertInto("topic_template_stage")
      .values(
        keys.map((key, i) => ({
          community_id: communityId,
          template_id: templateId,
          position: i + 1,
          key,
          name_zh: key,
          name_en: key,
        })),
      )
      .execute();
  }
  const stages = await t.db
    .selectFrom("topic_template_stage")
    .select(["id", "key"])
    .where("community_id", "=", communityId)
    .where("template_id", "=", templateId)
    .execute();
  return { templateId, stages };
}

/** A building topic at the target's building with a non-public record; returns its id. */
async function topicAt(
  t: TestApp,
  target: Place,
  n: number,
  o: { status?: "proposal" | "open"; stageKey?: string; originRequestId?: number } = {},
): Promise<number> {
  const { templateId, stages } = await topicTemplateIn(t, target.communityId);
  const stage = stages.find((s) => s.key === (o.stageKey ?? "collect"))!;
  const { id } = await t.db
    .insertInto("topic")
    .values({
      community_id: target.communityId,
      title: `矩阵议题 ${target.label}`,
      description: `矩阵 ${n}`,
      tier: "building",
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      template_id: templateId,
      stage_id: stage.id,
      status: o.status ?? "open",
      origin_kind: o.originRequestId ? "request" : "staff",
      origin_id: o.originRequestId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("topic_stage_record")
    .values({
      community_id: target.communityId,
      topic_id: id,
      stage_id: stage.id,
      action: "entered",
      text: "矩阵内部记录",
      attachments: "[]",
    })
    .execute();
  return id;
}

const SURVEY_QUESTIONS = [
  { kind: "single", text: "选哪个", options: ["甲", "乙"] },
  { kind: "text", text: "建议", required: false },
];
const SURVEY_ANSWERS = [
  { question: 0, choices: [1] },
  { question: 1, text: "矩阵建议" },
];

/**
 * A community 金点子 contest at the target's community, judged by the matrix's resident, with two
 * entries of the target household's resident (one with a photo): "open" (round 1 taking entries),
 * "scored" (the judge has a sheet for the first entry), "closed" (round 1 closed), "published".
 */
async function insertContest(
  t: TestApp,
  target: Place,
  _n: number,
  state: "open" | "scored" | "closed" | "published",
): Promise<{ id: number; entryId: number; photoId: number }> {
  const db = t.db;
  const community = await db
    .selectFrom("community as cm")
    .innerJoin("street as s", "s.id", "cm.street_id")
    .select(["cm.street_id", "s.district_id"])
    .where("cm.id", "=", target.communityId)
    .executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto("contest")
    .values({
      kind: "idea",
      title: `矩阵评选 ${target.label}`.slice(0, 80),
      scope: "community",
      district_id: community.district_id,
      street_id: community.street_id,
      scope_community_id: target.communityId,
      estate_id: null,
      building_id: null,
      submit_from: new Date(Date.now() - 2 * HOUR_MS),
      submit_to: new Date(Date.now() + HOUR_MS),
      criteria: JSON.stringify([{ name: "可行性", weight: 1 }]),
      published_at: state === "published" ? new Date() : null,
      published_by: null,
      published_top: null,
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const closed = state === "closed" || state === "published";
  await db
    .insertInto("contest_round")
    .values({ contest_id: id, round_no: 1, closed_at: closed ? new Date() : null, closed_by: null })
    .execute();
  await db
    .insertInto("contest_judge")
    .values({ contest_id: id, round_no: 1, user_id: world.judgeUserId, added_by: null })
    .execute();
  const entryIds: number[] = [];
  for (const title of ["矩阵点子甲", "矩阵点子乙"]) {
    const e = await db
      .insertInto("contest_entry")
      .values({
        community_id: target.communityId,
        contest_id: id,
        title,
        project_id: null,
        resident_id: target.residentId,
        submitted_by: null,
        adopted_at: null,
        adopted_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    entryIds.push(e.id);
  }
  const photo = await db
    .insertInto("contest_entry_photo")
    .values({
      community_id: target.communityId,
      entry_id: entryIds[0]!,
      mime: "image/png",
      byte_size: 4,
      sha256: "0".repeat(64),
      bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (state !== "open")
    await db
      .insertInto("contest_score")
      .values({
        community_id: target.communityId,
        entry_id: entryIds[0]!,
        contest_id: id,
        round_no: 1,
        judge_user_id: world.judgeUserId,
        scores: JSON.stringify([6]),
      })
      .execute();
  return { id, entryId: entryIds[0]!, photoId: photo.id };
}

const LOTTERY_SECRET = "矩阵摇号的密钥";

/**
 * A lottery for the target's building, titled after the place, in the state asked for: open
 * (applications open), closed (the window passed), frozen (an empty list frozen) or drawn (the
 * target's resident won its one place); returns its id.
 */
async function insertLottery(
  t: TestApp,
  target: Place,
  _n: number,
  state: "open" | "closed" | "frozen" | "drawn",
): Promise<number> {
  const past = state !== "open";
  const { id } = await t.db
    .insertInto("lottery")
    .values({
      community_id: target.communityId,
      title: `矩阵摇号 ${target.label}`,
      kind: "parking",
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      places: 1,
      opens_at: new Date(Date.now() - 2 * HOUR_MS),
      closes_at: new Date(Date.now() + (past ? -HOUR_MS : HOUR_MS)),
      commitment: commitmentOf(LOTTERY_SECRET),
      ...(state === "frozen" || state === "drawn"
        ? { frozen_at: new Date(), list_hash: listHashOf([]), applicants: 0 }
        : {}),
      ...(state === "drawn"
        ? {
            list_hash: listHashOf([{ ticket: 1, label: "本某 · 1栋" }]),
            applicants: 1,
            drawn_at: new Date(),
            secret: LOTTERY_SECRET,
            public_input: "",
          }
        : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (state === "drawn")
    await t.db
      .insertInto("lottery_application")
      .values({
        community_id: target.communityId,
        lottery_id: id,
        applicant_key: `h:${target.householdId}`,
        resident_id: target.residentId,
        household_id: target.householdId,
        ticket: 1,
        label: "本某 · 1栋",
        draw_position: 1,
        outcome: "won",
      })
      .execute();
  return id;
}

/** An open survey for the target's building, titled after the place; returns its id. */
/** The matrix's points item of the community's current standard (a new version when another came since). */
async function pointsItemIn(t: TestApp, target: Place): Promise<number> {
  const latest = await t.db
    .selectFrom("points_standard")
    .select(["id", "version"])
    .where("community_id", "=", target.communityId)
    .orderBy("version", "desc")
    .executeTakeFirst();
  if (latest) {
    const item = await t.db
      .selectFrom("points_item")
      .select("id")
      .where("community_id", "=", target.communityId)
      .where("standard_id", "=", latest.id)
      .where("code", "=", "matrix")
      .executeTakeFirst();
    if (item) return item.id;
  }
  const survey = await insertSurvey(t, target, 0);
  const standard = await t.db
    .insertInto("points_standard")
    .values({
      community_id: target.communityId,
      version: (latest?.version ?? 0) + 1,
      adopted_via_kind: "survey",
      adopted_via_id: survey,
      adopted_on: "2026-12-01",
      year_end_rule: "carry_over",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id } = await t.db
    .insertInto("points_item")
    .values({
      community_id: target.communityId,
      standard_id: standard.id,
      code: "matrix",
      name_zh: "矩阵积分",
      name_en: "Matrix points",
      category: "other",
      points: 1,
      evidence_required: false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** The matrix mall item's organisation: the co-building unit in community A, the community elsewhere. */
function mallOrgOf(target: Place): number | null {
  return target.communityId === places.A0.communityId ? world.mallUnitId : null;
}

/** A mall item at the target's community named after the place, with one in stock; returns its id. */
async function mallItemAt(t: TestApp, target: Place, n: number): Promise<number> {
  const { id } = await t.db
    .insertInto("mall_item")
    .values({
      community_id: target.communityId,
      kind: "goods",
      name: `矩阵商品 ${n} ${target.label}`.slice(0, 60),
      org_id: mallOrgOf(target),
      price_points: 1,
      unit_value_fen: 100,
      stock: 1,
      pickup_place: "社区爱心超市",
      limit_count: null,
      limit_period: null,
      photo_file_id: null,
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

let mallGiven = 0;
/** One point for the user's verified resident record in the community (if they have one). */
async function mallGive(t: TestApp, communityId: number, userId: number) {
  const r = await t.db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", communityId)
    .where("user_id", "=", userId)
    .where("status", "=", "verified")
    .executeTakeFirst();
  if (!r) return;
  const account = (code: string, negative: boolean, ownerKind: string, ownerId: number) =>
    ensureAccount(t.db, {
      communityId,
      code,
      nameZh: code,
      nameEn: code,
      unit: "point",
      allowNegative: negative,
      ownerKind,
      ownerId,
    });
  const to = await account(residentPointsCode(r.id), false, "resident", r.id);
  const from = await account("points:source", true, "community", communityId);
  await ledgerPost(t.db, {
    communityId,
    idempotencyKey: `matrix-mall-give-${++mallGiven}`,
    kind: "points.award",
    memo: "矩阵积分",
    postings: [
      { accountId: to.id, amount: 1 },
      { accountId: from.id, amount: -1 },
    ],
    actorUserId: null,
  });
}

/** An open exchange of a fresh item at the target's community by a new resident there; returns its code. */
async function mallExchangeAt(t: TestApp, target: Place, n: number): Promise<string> {
  const itemId = await mallItemAt(t, target, n);
  const r = await createResidentUser(t.db, target.communityId, target.householdId, "兑换居民");
  await mallGive(t, target.communityId, r.id);
  const x = await mallExchange(t.db, await loadActor(t.db, r.id), target.communityId, {
    itemId,
    idempotencyKey: `matrix-mall-${n}-${r.id}`,
  });
  return x.code;
}

/** An award to the target's resident, through the service as a system administrator. */
async function pointsAwardAt(t: TestApp, target: Place, n: number) {
  const admin = await createUser(t.db, "积分矩阵管理员");
  await grant(t.db, admin.id, "system_admin", "global", null);
  await awardPoints(t.db, await loadActor(t.db, admin.id), target.communityId, {
    itemId: await pointsItemIn(t, target),
    residentIds: [target.residentId],
    evidence: "",
    idempotencyKey: `matrix-list-${n}-${target.residentId}`,
  });
}

async function insertSurvey(t: TestApp, target: Place, _n: number): Promise<number> {
  const { id } = await t.db
    .insertInto("survey")
    .values({
      community_id: target.communityId,
      title: `矩阵问卷 ${target.label}`,
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      questions: JSON.stringify(SURVEY_QUESTIONS),
      opens_at: new Date(Date.now() - HOUR_MS),
      closes_at: new Date(Date.now() + 24 * HOUR_MS),
      published_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * An owners' vote of the target's building, titled after the place; open with its electorate frozen
 * (one owner per household of the building, voter numbers from 1) unless a draft is asked for.
 */
async function insertVote(t: TestApp, target: Place, _n: number, opts: { draft?: boolean } = {}) {
  const { id } = await t.db
    .insertInto("vote")
    .values({
      community_id: target.communityId,
      title: `矩阵表决 ${target.label}`,
      estate_id: target.estateId,
      building_ids: [target.buildingId],
      matter: 7,
      questions: JSON.stringify([{ text: "同意加装电梯" }]),
      opens_at: new Date(Date.now() - HOUR_MS),
      closes_at: new Date(Date.now() + 24 * HOUR_MS),
      status: opts.draft ? "draft" : "open",
      opened_at: opts.draft ? null : new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (opts.draft) return id;
  const households = await t.db
    .selectFrom("household")
    .select("id")
    .where("community_id", "=", target.communityId)
    .where("building_id", "=", target.buildingId)
    .orderBy("id")
    .execute();
  const voters = households.map((_h, i) => ({
    community_id: target.communityId,
    vote_id: id,
    voter_no: i + 1,
    area_cm2: 8850,
    parts: 1,
    masked_names: "某某",
    pseudonym: `matrix-${i + 1}`,
  }));
  await t.db.insertInto("vote_voter").values(voters).execute();
  await t.db
    .insertInto("vote_part")
    .values(
      households.map((h, i) => ({
        community_id: target.communityId,
        vote_id: id,
        household_id: h.id,
        voter_no: i + 1,
        area_cm2: 8850,
      })),
    )
    .execute();
  await t.db
    .updateTable("vote")
    .set({
      electorate_area: 8850 * voters.length,
      electorate_heads: voters.length,
      electorate_hash: "0".repeat(64),
    })
    .where("community_id", "=", target.communityId)
    .where("id", "=", id)
    .execute();
  return id;
}

/** A meeting an hour from now at the target's building, named after the place; returns its id. */
async function insertMeeting(t: TestApp, target: Place, n: number, seriesId: number | null = null) {
  const { id } = await t.db
    .insertInto("meeting")
    .values({
      community_id: target.communityId,
      series_id: seriesId,
      kind: "opinion",
      title: `矩阵会议 ${target.label}`,
      starts_at: new Date(Date.now() + HOUR_MS + n * 1000),
      ends_at: new Date(Date.now() + 2 * HOUR_MS + n * 1000),
      estate_id: target.estateId,
      building_id: target.buildingId,
      grid_id: target.gridId,
      topic_id: null,
      reminded_at: null,
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * A residents' meeting (居民会议) at the target's building; with `quorum`, its roll frozen with the
 * target's resident as the one eligible, signed in (1 of 1 present).
 */
async function insertResidentsMeeting(t: TestApp, target: Place, n: number, o: { quorum?: boolean } = {}) {
  const id = await insertMeeting(t, target, n);
  await t.db
    .updateTable("meeting")
    .set({ kind: "residents" })
    .where("community_id", "=", target.communityId)
    .where("id", "=", id)
    .execute();
  if (o.quorum) {
    const key = { community_id: target.communityId, meeting_id: id };
    await t.db
      .insertInto("residents_meeting_roll")
      .values({ ...key, basis: "adults", eligible: 1, frozen_by: null })
      .execute();
    await t.db
      .insertInto("residents_meeting_member")
      .values({ ...key, resident_id: target.residentId })
      .execute();
    await t.db
      .insertInto("meeting_attendance")
      .values({
        ...key,
        person_key: `r:${target.residentId}`,
        resident_id: target.residentId,
        user_id: null,
        organisation_id: null,
        method: "ticked",
        recorded_by: null,
      })
      .execute();
  }
  return id;
}

/** A series of one meeting at the target's building. */
async function insertMeetingSeries(t: TestApp, target: Place, n: number) {
  const { id: seriesId } = await t.db
    .insertInto("meeting_series")
    .values({
      community_id: target.communityId,
      rrule: "FREQ=WEEKLY;COUNT=1",
      first_starts_at: new Date(),
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { seriesId, meetingId: await insertMeeting(t, target, n, seriesId) };
}

/** A space in the target's building, named after the call; returns its id. */
async function insertSubject(t: TestApp, target: Place, n: number): Promise<number> {
  const { id } = await t.db
    .insertInto("rating_subject")
    .values({
      community_id: target.communityId,
      kind: "space",
      name: `矩阵场地${n}`,
      estate_id: target.estateId,
      building_id: target.buildingId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A poor rating by the target household's resident of a new subject there; returns its id. */
async function insertPoorRating(t: TestApp, target: Place, n: number): Promise<number> {
  const { id } = await t.db
    .insertInto("subject_rating")
    .values({
      community_id: target.communityId,
      subject_id: await insertSubject(t, target, n),
      resident_id: target.residentId,
      rating: "poor",
      comment: `矩阵差评 ${target.label}`,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** An Open311 key of the target's community, named after the place; returns its id. */
async function insertOpen311Key(t: TestApp, target: Place): Promise<number> {
  const { id } = await t.db
    .insertInto("open311_api_key")
    .values({
      name: `矩阵密钥 ${target.label}`,
      key_hash: `matrix-${Math.random()}`,
      key_prefix: "l311_matri",
      scope_community_id: target.communityId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** An overdue opinion in the target's community, its text naming the place. */
async function insertOpinion(t: TestApp, target: Place): Promise<{ id: number; code: string }> {
  const code = newTrackingCode();
  const { id } = await t.db
    .insertInto("opinion")
    .values({
      community_id: target.communityId,
      tracking_code: code,
      text: `矩阵意见 ${target.label}`,
      feedback_due_at: new Date(Date.now() - 3_600_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, code };
}

/** The target household's resident in a care group and enrolled in the daily check-in. */
async function careEnrolledAt(t: TestApp, target: Place): Promise<void> {
  await t.db
    .updateTable("resident")
    .set({ care_tags: ["living_alone"] })
    .where("community_id", "=", target.communityId)
    .where("id", "=", target.residentId)
    .execute();
  await t.db
    .insertInto("care_enrolment")
    .values({
      community_id: target.communityId,
      resident_id: target.residentId,
      consent_by: "resident",
      consent_at: new Date(),
    })
    .onConflict((oc) => oc.columns(["community_id", "resident_id"]).doNothing())
    .execute();
}
/** An open missed-check-in alert of the target's resident (a day of its own per cell); returns its id. */
async function careAlertAt(t: TestApp, target: Place, n: number): Promise<number> {
  await careEnrolledAt(t, target);
  const day = new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const { id } = await t.db
    .insertInto("care_alert")
    .values({ community_id: target.communityId, resident_id: target.residentId, day })
    .onConflict((oc) =>
      oc
        .columns(["community_id", "resident_id", "day"])
        .doUpdateSet({ closed_at: null, acknowledged_at: null }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** createWorld names the residents of a community's four households like this, in order. */
const RESIDENT_NAMES = ["居民0101", "居民0102", "居民1101", "居民1102"];

const PUBLIC_ROUTES = [
  "GET /api/health",
  "GET /api/places/divisions",
  "POST /api/auth/code",
  "POST /api/auth/register",
  "POST /api/auth/sign-in",
  "POST /api/auth/sign-out",
  "GET /api/board/figures",
  "GET /api/board/participation",
  "GET /api/open/figures",
  "GET /api/open/figures.csv",
  "POST /api/communities/:communityId/opinions",
  "GET /api/communities/:communityId/opinions/:trackingCode",
  "GET /api/communities/:communityId/suggestion-column",
  "GET /api/calendar",
  "GET /api/communities/:communityId/categories",
  "GET /api/communities/:communityId/board",
  "GET /api/communities/:communityId/resources",
  "GET /api/communities/:communityId/rating-subjects",
  "GET /api/communities/:communityId/public-notices",
  "GET /api/communities/:communityId/public-notices/:noticeId",
  "GET /api/communities/:communityId/projects/:projectId",
  "GET /api/communities/:communityId/projects/:projectId/photos/:photoId",
  "GET /api/communities/:communityId/projects/:projectId/account",
  "GET /api/communities/:communityId/projects/:projectId/account/export.xlsx",
  "GET /api/communities/:communityId/lifecircle",
  "GET /api/communities/:communityId/lifecircle/buildings/:lcBuildingId",
  "GET /api/communities/:communityId/lifecircle/map",
  "GET /api/communities/:communityId/lifecircle/ways",
  "GET /api/communities/:communityId/lifecircle/facilities",
  "GET /api/communities/:communityId/lifecircle/isochrones",
  "GET /api/communities/:communityId/points/standard",
  // a volunteer record certificate's public check by its code: only what the certificate states
  "GET /api/volunteering/certificates/:code",
];

// ---- volunteering fixtures: a fixed organiser (no actor), so only staff run the matrix's activities ----
const volOrganiser = new Map<number, number>();
async function volOrganiserIn(t: TestApp, communityId: number) {
  let id = volOrganiser.get(communityId);
  if (!id) {
    id = (await createUser(t.db, "矩阵组织者")).id;
    volOrganiser.set(communityId, id);
  }
  return id;
}
async function volTeamAt(t: TestApp, target: Place, n: number): Promise<number> {
  const leader = await volOrganiserIn(t, target.communityId);
  const { id } = await t.db
    .insertInto("vol_team")
    .values({ community_id: target.communityId, name: `矩阵队伍${n}`, skills: "[]", created_by: null })
    .onConflict((oc) => oc.columns(["community_id", "name"]).doUpdateSet({ description: "" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("vol_team_member")
    .values({
      community_id: target.communityId,
      team_id: id,
      user_id: leader,
      role: "leader",
      status: "active",
    })
    .onConflict((oc) =>
      oc.columns(["community_id", "team_id", "user_id"]).where("status", "<>", sql.lit("left")).doNothing(),
    )
    .execute();
  return id;
}
async function volMemberOf(t: TestApp, target: Place, teamId: number, userId: number) {
  await t.db
    .insertInto("vol_team_member")
    .values({
      community_id: target.communityId,
      team_id: teamId,
      user_id: userId,
      role: "member",
      status: "active",
    })
    .onConflict((oc) =>
      oc.columns(["community_id", "team_id", "user_id"]).where("status", "<>", sql.lit("left")).doNothing(),
    )
    .execute();
}
async function volOnShift(t: TestApp, target: Place, shiftId: number, userId: number): Promise<number> {
  const { id } = await t.db
    .insertInto("vol_shift_assignment")
    .values({ community_id: target.communityId, shift_id: shiftId, user_id: userId, assigned_by: null })
    .onConflict((oc) => oc.columns(["community_id", "shift_id", "user_id"]).doUpdateSet({ no_show: false }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
/** A roster of a fixture team at the target (subject names the place), with a future and a past shift. */
async function volRosterAt(t: TestApp, target: Place, n: number) {
  const teamId = await volTeamAt(t, target, n);
  const leaderId = await volOrganiserIn(t, target.communityId);
  const { id: rosterId } = await t.db
    .insertInto("vol_roster")
    .values({
      community_id: target.communityId,
      team_id: teamId,
      subject: `矩阵值守 ${target.label}`,
      rule: "FREQ=WEEKLY;BYDAY=SA",
      start_time: "09:00",
      minutes: 120,
      places: 5,
      starts_on: "2026-01-01",
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const shift = (starts: number) =>
    t.db
      .insertInto("vol_shift")
      .values({
        community_id: target.communityId,
        roster_id: rosterId,
        starts_at: new Date(starts),
        ends_at: new Date(starts + 7_200_000),
        reminded_at: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const { id: shiftId } = await shift(Date.now() + 3 * 86_400_000);
  const { id: pastShiftId } = await shift(Date.now() - 3 * 86_400_000);
  return { teamId, leaderId, rosterId, shiftId, pastShiftId };
}
async function volActivityAt(t: TestApp, target: Place, n: number): Promise<number> {
  const { id } = await t.db
    .insertInto("vol_activity")
    .values({
      community_id: target.communityId,
      team_id: null,
      organiser_id: await volOrganiserIn(t, target.communityId),
      title: `矩阵志愿活动${n}`,
      place: "活动室",
      starts_at: new Date(Date.now() - 3_600_000),
      ends_at: new Date(Date.now() + 3_600_000),
      capacity: 100,
      skills: "[]",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
async function volSignupOf(t: TestApp, target: Place, activityId: number, userId: number) {
  await t.db
    .updateTable("vol_activity")
    .set((eb) => ({ signed_up: eb("signed_up", "+", 1) }))
    .where("community_id", "=", target.communityId)
    .where("id", "=", activityId)
    .execute();
  await t.db
    .insertInto("vol_signup")
    .values({
      community_id: target.communityId,
      activity_id: activityId,
      user_id: userId,
      status: "signed",
      waiting_position: null,
    })
    .execute();
}
/** An activity with one checked-in-and-out volunteer (a fresh account unless named), certified when minutes are given. */
async function volAttendanceAt(
  t: TestApp,
  target: Place,
  n: number,
  userId: number | null,
  minutes?: number,
) {
  const activityId = await volActivityAt(t, target, n);
  const uid = userId ?? (await createUser(t.db, `矩阵志愿者${n}`)).id;
  await volSignupOf(t, target, activityId, uid);
  const { id } = await t.db
    .insertInto("vol_attendance")
    .values({
      community_id: target.communityId,
      activity_id: activityId,
      user_id: uid,
      check_in_at: new Date(Date.now() - 7_200_000),
      check_in_method: "organiser",
      check_out_at: new Date(Date.now() - 3_600_000),
      check_out_method: "organiser",
      recorded_by: null,
      minutes: minutes ?? null,
      certified_by: null,
      certified_at: minutes != null ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { activityId, attendanceId: id, userId: uid };
}
async function volCertificateAt(t: TestApp, target: Place, n: number, userId: number | null) {
  const uid = userId ?? (await createUser(t.db, `矩阵证明人${n}`)).id;
  return t.db
    .insertInto("vol_certificate")
    .values({
      community_id: target.communityId,
      user_id: uid,
      code: `MATRIX${String(n).padStart(6, "0")}${target.communityId}`,
      content: JSON.stringify({
        volunteerName: "矩阵",
        issuer: "矩阵居委会",
        totalMinutes: 60,
        services: [],
      }),
      issued_by: uid,
    })
    .returning(["id", "code"])
    .executeTakeFirstOrThrow();
}

let t: TestApp;
const world = { signInPhone: "", judgeUserId: 0, mallUnitId: 0 };
const actors: ActorDef[] = [];
let places: Record<"A0" | "A1" | "A2" | "AE2" | "B0" | "C0" | "D0", Place>;

beforeAll(async () => {
  t = await createTestApp();
  const w = await createWorld(t.db); // district 1: A and B in street A, C in street B
  const w2 = await createWorld(t.db); // district 2: D
  const db = t.db;
  const { a } = w;

  // A second estate in A, with another property company: the "other" place of A's property staff
  // and owners' committee
  const otherCompany = await db
    .insertInto("organisation")
    .values({ kind: "property_company", name: "二期物业", home_community_id: a.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const e2 = await db
    .insertInto("estate")
    .values({ community_id: a.id, name: "东龙二期", property_org_id: otherCompany.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const b2 = await db
    .insertInto("building")
    .values({ community_id: a.id, estate_id: e2.id, grid_id: a.grids[1]!, name: "二期1栋", floors: 18 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const u2 = await db
    .insertInto("unit")
    .values({ community_id: a.id, building_id: b2.id, name: "1单元" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const h2 = await db
    .insertInto("household")
    .values({
      community_id: a.id,
      building_id: b2.id,
      unit_id: u2.id,
      grid_id: a.grids[1]!,
      floor: 1,
      room: "101",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const r2 = await db
    .insertInto("resident")
    .values({
      community_id: a.id,
      household_id: h2.id,
      name: "二期居民",
      relation: "owner",
      status: "verified",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const coBuildingUnit = await db
    .insertInto("organisation")
    .values({ kind: "co_building_unit", name: "共建单位", home_community_id: a.id })
    .returning("id")
    .executeTakeFirstOrThrow();

  type Community = typeof a;
  const placeIn = (label: string, com: Community, i: number): Place => {
    const h = com.households[i]!;
    const b = com.buildings.find((x) => x.id === h.buildingId)!;
    return {
      label,
      communityId: com.id,
      gridId: h.gridId,
      estateId: com.estateId,
      buildingId: b.id,
      unitId: b.unitId,
      householdId: h.id,
      residentId: com.residents[i]!.id,
      residentName: RESIDENT_NAMES[i]!,
      propertyOrgId: com.propertyOrgId,
    };
  };
  places = {
    A0: placeIn("A.g1 building 1, household 101", a, 0),
    A1: placeIn("A.g1 building 1, household 102", a, 1),
    A2: placeIn("A.g2 building 2", a, 2),
    AE2: {
      label: "A's second estate (another property company)",
      communityId: a.id,
      gridId: a.grids[1]!,
      estateId: e2.id,
      buildingId: b2.id,
      unitId: u2.id,
      householdId: h2.id,
      residentId: r2.id,
      residentName: "二期居民",
      propertyOrgId: otherCompany.id,
    },
    B0: placeIn("community B (same street)", w.b, 0),
    C0: placeIn("community C (another street)", w.c, 0),
    D0: placeIn("community D (another district)", w2.a, 0),
  };
  const { A0, A1, A2, AE2, B0, C0, D0 } = places;

  const staff = async (
    key: ActorKey,
    own: Place,
    other: Place,
    role: Parameters<typeof grant>[2],
    scopeType: Parameters<typeof grant>[3],
    scopeId: number | null,
    scopeCommunityId: number | null = null,
  ) => {
    const u = await createUser(db, key);
    await grant(db, u.id, role, scopeType, scopeId, scopeCommunityId);
    actors.push({ key, userId: u.id, cookie: await sessionCookie(t, u.id), places: [own, other] });
  };
  const resident = await createResidentUser(db, a.id, A0.householdId, "本户居民");
  const otherResident = await createResidentUser(db, a.id, A1.householdId, "邻户居民");
  world.judgeUserId = resident.id; // the contests' judge (contests rows)
  actors.push(
    { key: "anonymous", userId: null, cookie: null, places: [A0, C0] },
    { key: "resident", userId: resident.id, cookie: await sessionCookie(t, resident.id), places: [A0, A1] },
    {
      key: "otherResident",
      userId: otherResident.id,
      cookie: await sessionCookie(t, otherResident.id),
      places: [A1, A0],
    },
  );
  await staff("gridWorker", A0, A2, "grid_worker", "grid", A0.gridId, a.id);
  await staff("buildingHead", A0, A2, "building_head", "building", A0.buildingId, a.id);
  await staff("propertyStaff", A0, AE2, "property_staff", "organisation", a.propertyOrgId);
  await staff("ownersCommittee", A0, AE2, "owners_committee_member", "estate", a.estateId, a.id);
  await staff("communityWorker", A0, B0, "community_worker", "community", a.id);
  await staff("communitySecretary", A0, B0, "community_secretary", "community", a.id);
  await staff("streetOfficial", A0, C0, "street_official", "street", w.streetA);
  await staff("districtOfficial", A0, D0, "district_official", "district", w.districtId);
  await staff("unitRepresentative", A0, B0, "unit_representative", "organisation", coBuildingUnit.id);
  world.mallUnitId = coBuildingUnit.id;
  await staff("systemAdmin", A0, C0, "system_admin", "global", null);
  world.signInPhone = (await createUser(db, "登录用户")).phone;
});

afterAll(async () => {
  await t?.close();
});

/** Every cell of every sheet of an .xlsx file, as one text. */
async function workbookText(raw: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const cells: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join("\n");
}

/** The numbers in the first column of a workbook's first sheet (the exports' ids). */
async function firstColumn(raw: Buffer): Promise<number[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const ids: number[] = [];
  wb.worksheets[0]?.eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === "number") ids.push(v);
  });
  return ids;
}

/** "GET /api/communities/:communityId/tree" → a regex matching concrete requests of that route. */
function routePattern(route: string): RegExp {
  const escaped = route.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}

function defaultExpect(access: RouteCase["access"], actor: ActorKey): Expect {
  if (access === "public") return "ok/ok";
  if (actor === "anonymous") return "401/401";
  return access === "signed_in" ? "ok/ok" : "403/403";
}

async function check(
  outcome: Outcome,
  status: number,
  answer: Answer,
  shows: RouteCase["shows"],
  target: Place,
): Promise<string | null> {
  const body = answer.json;
  const got = `${status} ${answer.text.slice(0, 160)}`;
  if (outcome === "ok" || outcome === "filtered") {
    if (status < 200 || status > 299) return `expected ${outcome} (2xx), got ${got}`;
    if (shows) {
      const seen = await shows(answer, target);
      if (outcome === "ok" && !seen) return `expected the answer to show ${target.label}, it does not`;
      if (outcome === "filtered" && seen) return `expected ${target.label} to be filtered out, it is shown`;
    } else if (outcome === "filtered") return "a 'filtered' outcome needs shows() in the route's entry";
    return null;
  }
  if (status !== Number(outcome)) return `expected ${outcome}, got ${got}`;
  if (!isBilingualError(body)) return `expected a bilingual error body, got ${got}`;
  if (outcome === "403" && !["FORBIDDEN", "OUT_OF_SCOPE"].includes(body.code)) {
    return `expected FORBIDDEN or OUT_OF_SCOPE, got ${body.code}`;
  }
  return null;
}

describe("authorization matrix", () => {
  it("has exactly one entry per route in app.routeTable", () => {
    const live = t.app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = live.filter((k) => !(k in MATRIX));
    const stale = Object.keys(MATRIX).filter((k) => !live.includes(k));
    expect(
      missing,
      `routes without an entry in MATRIX (server/test/authorization-matrix.test.ts): add one saying who may call each, for their own place and another place`,
    ).toEqual([]);
    expect(stale, "MATRIX entries for routes that no longer exist: remove them").toEqual([]);
  });

  it("declares for every route the access the matrix was written against", () => {
    const changed = t.app.routeTable
      .filter((r) => MATRIX[`${r.method} ${r.url}`])
      .map((r) => {
        const live = r.access.kind === "permission" ? r.access.permission : r.access.kind;
        return { route: `${r.method} ${r.url}`, live, matrix: MATRIX[`${r.method} ${r.url}`]!.access };
      })
      .filter((x) => x.live !== x.matrix);
    expect(changed, "a route's declared access changed: update its MATRIX entry deliberately").toEqual([]);
  });

  it("has exactly the public routes anonymous callers may use", () => {
    const live = t.app.routeTable
      .filter((r) => r.access.kind === "public")
      .map((r) => `${r.method} ${r.url}`);
    expect(live.sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  let n = 0;
  for (const [route, rc] of Object.entries(MATRIX)) {
    it(route, async () => {
      const failures: string[] = [];
      for (const actor of actors) {
        const expected = (rc.expect[actor.key] ?? defaultExpect(rc.access, actor.key)).split(
          "/",
        ) as Outcome[];
        for (const [i, target] of actor.places.entries()) {
          const outcome = expected[i]!;
          n += 1;
          const call = await rc.build({ t, actor, target, n });
          expect(
            `${call.method} ${call.url.split("?")[0]}`,
            "the entry's request must hit its own route",
          ).toMatch(routePattern(route));
          const denied = outcome !== "ok" && outcome !== "filtered";
          const watch = denied && call.method !== "GET";
          const before = watch ? await snapshotDatabase(t.db) : null;
          const cookie = call.cookie !== undefined ? call.cookie : actor.cookie;
          const res = await t.app.inject({
            method: call.method,
            url: call.url,
            payload: call.payload as any,
            headers: { ...call.headers, ...(cookie ? { cookie } : {}) },
            ...(call.remoteAddress ? { remoteAddress: call.remoteAddress } : {}),
          });
          const isJson = String(res.headers["content-type"] ?? "").includes("json");
          const answer: Answer = { json: isJson ? res.json() : null, text: res.body, raw: res.rawPayload };
          const where = `${actor.key} → ${i === 0 ? "own" : "other"} place (${target.label}): `;
          const problem = await check(outcome, res.statusCode, answer, rc.shows, target);
          if (problem) failures.push(where + problem);
          if (before) {
            const changed = diffSnapshots(before, await snapshotDatabase(t.db));
            if (changed.length)
              failures.push(`${where}a denied call changed stored data: ${changed.join("; ")}`);
          }
        }
      }
      expect(failures, `${route}\n  ${failures.join("\n  ")}`).toEqual([]);
    });
  }

  it("finds an id only inside its own community (404 for ids of another community)", async () => {
    const { A0, C0 } = places;
    const admin = actors.find((a) => a.key === "systemAdmin")!;
    const secretary = actors.find((a) => a.key === "communitySecretary")!;
    const pendingInC = await createPendingResident(t.db, C0.communityId);
    const roleInC = await t.db
      .insertInto("role_assignment")
      .values({
        user_id: (await createUser(t.db, "C网格员")).id,
        role: "grid_worker",
        scope_type: "grid",
        scope_community_id: C0.communityId,
        scope_id: C0.gridId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const a = c(A0);
    const calls: Call[] = [
      get(`${a}/households/${C0.householdId}`),
      patch(`${a}/households/${C0.householdId}`, { floor: 2 }),
      patch(`${a}/buildings/${C0.buildingId}`, { name: "不该改名" }),
      patch(`${a}/residents/${C0.residentId}`, { careTags: [] }),
      post(`${a}/residents/${C0.residentId}/reveal`, { reason: "跨社区查看" }),
      post(`${a}/residents/${pendingInC}/verify`, { householdId: A0.householdId, relation: "owner" }),
      post(`${a}/residents/${pendingInC}/reject`, { reason: "跨社区驳回" }),
      { method: "DELETE", url: `${a}/roles/${roleInC.id}` },
    ];
    const failures: string[] = [];
    // the system admin reaches everything, so the only reason for 404 is the tenant scoping of ids;
    // A's secretary gets the same answer as for an id that does not exist at all
    for (const actor of [admin, secretary]) {
      for (const call of calls) {
        const before = await snapshotDatabase(t.db);
        const res = await t.app.inject({
          method: call.method,
          url: call.url,
          payload: call.payload as any,
          headers: { cookie: actor.cookie! },
        });
        if (res.statusCode !== 404 || !isBilingualError(res.json())) {
          failures.push(
            `${actor.key} ${call.method} ${call.url}: expected 404, got ${res.statusCode} ${res.body}`,
          );
        }
        const changed = diffSnapshots(before, await snapshotDatabase(t.db));
        if (changed.length)
          failures.push(`${actor.key} ${call.method} ${call.url} changed ${changed.join("; ")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("lets a resident see their own household page with its members, and nothing of the neighbours", async () => {
    const resident = actors.find((a) => a.key === "resident")!;
    const { A0, A1 } = places;
    const mine = await t.app.inject({
      method: "GET",
      url: "/api/me/households",
      headers: { cookie: resident.cookie! },
    });
    expect(mine.statusCode).toBe(200);
    const households = mine.json() as any[];
    expect(households.map((h) => h.household.id)).toEqual([A0.householdId]);
    expect(JSON.stringify(households)).not.toContain(`"id":${A1.householdId},`);
    for (const url of [
      `${c(A0)}/residents`,
      `${c(A0)}/households`,
      `${c(A0)}/tree`,
      `${c(A0)}/verification-queue`,
    ]) {
      const res = await t.app.inject({ method: "GET", url, headers: { cookie: resident.cookie! } });
      expect(res.statusCode, url).toBe(403);
    }
  });
});

// ---- courses (issue 15, C3) ----
const courseDay = (n: number) =>
  new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
/** A course of the target community whose term began a week ago, with one past session; its id. */
async function courseAt(t: TestApp, target: Place, n: number, o: { windowPassed?: boolean } = {}) {
  const { id } = await t.db
    .insertInto("course")
    .values({
      community_id: target.communityId,
      title: `矩阵课程${n}`,
      teacher_name: "陈老师",
      place: "活动室",
      rule: "FREQ=WEEKLY",
      start_time: "09:30",
      minutes: 60,
      seats: 10,
      term_start: courseDay(-7),
      term_end: courseDay(60),
      apply_until: o.windowPassed ? new Date(Date.now() - 60_000) : null,
      lottery_id: null,
      created_by: await volOrganiserIn(t, target.communityId),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("course_session")
    .values({
      community_id: target.communityId,
      course_id: id,
      starts_at: new Date(Date.now() - 7 * 86_400_000),
      held_at: null,
    })
    .execute();
  return id;
}
// ---- garden fixtures (issue 15, C4) ----
/** A free plot of the target community (with an application window that has passed, if asked); its id. */
async function plotAt(t: TestApp, target: Place, n: number, o: { windowPassed?: boolean } = {}) {
  const { id } = await t.db
    .insertInto("garden_plot")
    .values({
      community_id: target.communityId,
      code: `MX-${n}`,
      size_m2: 20,
      rent_fen: 20000,
      apply_until: o.windowPassed ? new Date(Date.now() - 60_000) : null,
      lottery_id: null,
      allocated_at: null,
      created_by: await volOrganiserIn(t, target.communityId),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
/** The target household's application for a new plot. */
async function plotApplicationAt(t: TestApp, target: Place, n: number) {
  const plotId = await plotAt(t, target, n);
  const { id } = await t.db
    .insertInto("garden_application")
    .values({
      community_id: target.communityId,
      plot_id: plotId,
      resident_id: target.residentId,
      household_id: target.householdId,
      user_id: await volOrganiserIn(t, target.communityId),
      status: "applied",
      decided_at: null,
      decided_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { plotId, applicationId: id };
}
/** The target household's lease of a new plot, in its last month (ends today); its id. */
async function gardenLeaseAt(t: TestApp, target: Place, n: number) {
  const { plotId, applicationId } = await plotApplicationAt(t, target, n);
  await t.db
    .updateTable("garden_application")
    .set({ status: "approved", decided_at: new Date() })
    .where("id", "=", applicationId)
    .execute();
  const { id } = await t.db
    .insertInto("garden_lease")
    .values({
      community_id: target.communityId,
      plot_id: plotId,
      application_id: applicationId,
      resident_id: target.residentId,
      household_id: target.householdId,
      user_id: await volOrganiserIn(t, target.communityId),
      starts_on: courseDay(-300),
      ends_on: courseDay(0),
      status: "active",
      expired_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
/** A tree of the target community (adopted by the target household, if asked); its id. */
async function treeAt(t: TestApp, target: Place, n: number, o: { adopted?: boolean } = {}) {
  const { id } = await t.db
    .insertInto("garden_tree")
    .values({
      community_id: target.communityId,
      code: `MT-${n}`,
      species: "桂花",
      created_by: await volOrganiserIn(t, target.communityId),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (o.adopted)
    await t.db
      .insertInto("garden_adoption")
      .values({
        community_id: target.communityId,
        tree_id: id,
        household_id: target.householdId,
        resident_id: target.residentId,
        user_id: await volOrganiserIn(t, target.communityId),
        ended_at: null,
      })
      .execute();
  return id;
}
/** A care record of a tree with a photo; its id. */
async function gardenCareAt(t: TestApp, target: Place, treeId: number) {
  const bytes = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
    "base64",
  );
  const { id } = await t.db
    .insertInto("garden_care")
    .values({
      community_id: target.communityId,
      tree_id: treeId,
      adoption_id: null,
      done_on: courseDay(0),
      what: "浇水",
      by_user: await volOrganiserIn(t, target.communityId),
      photo_mime: "image/png",
      photo_size: bytes.length,
      photo_sha256: "0".repeat(64),
      photo_bytes: bytes,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
/** The target resident's enrolment in a new course; its id. */
async function courseEnrolmentAt(t: TestApp, target: Place, n: number) {
  const courseId = await courseAt(t, target, n);
  const { id } = await t.db
    .insertInto("course_enrolment")
    .values({
      community_id: target.communityId,
      course_id: courseId,
      resident_id: target.residentId,
      user_id: await volOrganiserIn(t, target.communityId),
      status: "enrolled",
      queue: 1,
      enrolled_at: new Date(),
      cancelled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

// ---- spaces fixtures: a space open all day every day (with a rating subject), a 10-minute slot per build ----
let spaceSlots = 0;
/** A fresh slot per call (every booking of the matrix's space must not overlap another). */
const spaceSlot = (_n: number, past = false) => {
  const n = spaceSlots++;
  const dayOffset = past ? -(1 + Math.floor(n / 144)) : 2 + Math.floor(n / 144);
  const day = new Date(Date.now() + 8 * 3_600_000 + dayOffset * 86_400_000).toISOString().slice(0, 10);
  const hm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const start = (n % 143) * 10;
  return { day, from: hm(start), to: hm(start + 10) };
};
async function spaceAt(t: TestApp, target: Place): Promise<number> {
  const found = await t.db
    .selectFrom("space")
    .select("id")
    .where("community_id", "=", target.communityId)
    .where("name", "=", "矩阵空间")
    .executeTakeFirst();
  if (found) return found.id;
  const subject = await t.db
    .insertInto("rating_subject")
    .values({ community_id: target.communityId, kind: "space", name: "矩阵空间" })
    .onConflict((oc) => oc.columns(["community_id", "name"]).doUpdateSet({ kind: "space" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id } = await t.db
    .insertInto("space")
    .values({
      community_id: target.communityId,
      name: "矩阵空间",
      estate_id: null,
      capacity: 50,
      hours: Array(7).fill("00:00-24:00"),
      convention: "矩阵公约",
      rating_subject_id: subject.id,
      created_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}
/** A pending booking of the target household's resident (made by a staff-less account); `past`: approved, begun. */
async function spaceBookingAt(t: TestApp, target: Place, n: number, past = false): Promise<number> {
  const slot = spaceSlot(n, past);
  const { id } = await t.db
    .insertInto("space_booking")
    .values({
      community_id: target.communityId,
      space_id: await spaceAt(t, target),
      resident_id: target.residentId,
      organisation_id: null,
      meeting_id: null,
      booked_by: await volOrganiserIn(t, target.communityId),
      purpose: "矩阵预约",
      attendees: 3,
      starts_at: new Date(`${slot.day}T${slot.from}:00+08:00`),
      ends_at: new Date(`${slot.day}T${slot.to}:00+08:00`),
      convention_version: 1,
      status: past ? "approved" : "pending",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

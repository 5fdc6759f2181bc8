// Demo data (`--demo`): the divisions of the seed districts, the seed communities of the articles
// with their figures, places, people, organisations and party tree, and one sign-in account per
// role. Loaded once, in one transaction; later starts find the demo admin and only list the accounts.
import { readFileSync } from "node:fs";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { DB, ScopeType } from "../db/schema.ts";
import { hashPassword } from "../modules/core/auth/auth.service.ts";
import { protectIdNumber } from "../modules/core/people/people.service.ts";
import { importDivision } from "../modules/core/places/division-import.ts";
import { ageOn } from "../modules/core/privacy/pii.service.ts";
import { rebuildInsight } from "../modules/insight/figures/figures.service.ts";
import * as q from "./demo.queries.ts";
import {
  DEMO_ACCOUNTS,
  DEMO_ADMIN_PHONE,
  DEMO_PASSWORD,
  type DemoAccountSpec,
  DONGLONG,
} from "./demo-accounts.ts";
import { writeDemoCanteen } from "./demo-canteen.ts";
import { writeDemoCare } from "./demo-care.ts";
import { writeDemoContests } from "./demo-contests.ts";
import { writeDemoCourses } from "./demo-courses.ts";
import { linkDemoDeliberation } from "./demo-deliberation-links.ts";
import { writeDemoGarden } from "./demo-garden.ts";
import { writeDemoLifecircle } from "./demo-lifecircle.ts";
import { writeDemoLotteries } from "./demo-lotteries.ts";
import { writeDemoMall } from "./demo-mall.ts";
import { writeDemoMeetings } from "./demo-meetings.ts";
import { writeDemoNotices } from "./demo-notices.ts";
import {
  type CommunityHandles,
  type DemoPlan,
  emptyPlan,
  planCommunity,
  planPendingResident,
  reportedOf,
  type SeedCommunity,
} from "./demo-plan.ts";
import { writeDemoPoints } from "./demo-points.ts";
import { writeDemoProjects } from "./demo-projects.ts";
import { Rng } from "./demo-random.ts";
import { writeDemoRatings } from "./demo-ratings.ts";
import { writeDemoRequests } from "./demo-requests.ts";
import { writeDemoRosters } from "./demo-rosters.ts";
import { writeDemoSpaces } from "./demo-spaces.ts";
import { writeDemoSurveys } from "./demo-surveys.ts";
import { writeDemoTopics } from "./demo-topics.ts";
import { writeDemoVolunteering } from "./demo-volunteering.ts";
import { writeDemoVotes } from "./demo-votes.ts";

/** Wuchang (the contest and Donglong) and the districts of the other seed communities. */
export const DEMO_DISTRICTS = ["420106", "420506", "420205", "421303"];

const DATA_DIR = new URL("../../data/", import.meta.url);
const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, DATA_DIR), "utf8"));

export function readSeedCommunities(): SeedCommunity[] {
  return readJson("seed-communities.json") as SeedCommunity[];
}

export interface DemoAccount {
  role: string;
  phone: string;
  scope: string;
}

const accountList = (): DemoAccount[] =>
  DEMO_ACCOUNTS.map(({ role, phone, scope }) => ({ role, phone, scope }));

export async function ensureDemoData(
  db: Kysely<DB>,
  config: Config,
  log: (m: string) => void,
): Promise<DemoAccount[]> {
  if (await q.findUserByPhone(db, DEMO_ADMIN_PHONE)) {
    log(`Demo data is already loaded (user ${DEMO_ADMIN_PHONE} exists); nothing to do.`);
    return accountList();
  }
  const started = performance.now();
  // argon2 is slow on purpose: hash once, outside the transaction, for every demo account
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const seeds = readSeedCommunities();
  await db.transaction().execute(async (trx) => {
    for (const code of DEMO_DISTRICTS) {
      const r = await importDivision(trx, readJson(`divisions/${code}.json`));
      log(
        `  divisions ${r.districtCode} ${r.districtName}: ${r.streets.total} streets, ${r.communities.total} communities`,
      );
    }
    const planned = performance.now();
    const { plan, handles, usedIds, today } = await planSeedCommunities(trx, seeds);
    const { users, grants } = planAccounts(plan, handles, usedIds, today);
    log(
      `  planned ${plan.households.length} households, ${plan.residents.length} residents in ${seconds(planned)} s`,
    );
    const written = performance.now();
    await writePlan(trx, config, plan, handles, seeds, users, grants, passwordHash);
    log(`  written in ${seconds(written)} s`);
  });
  // the rollup rebuild runs its own transaction, so the request history goes in after the rest
  await writeDemoRequests(db, seeds, log);
  await writeDemoRatings(db, log);
  await writeDemoNotices(db, log);
  await writeDemoTopics(db, log);
  await writeDemoSurveys(db, config, log);
  await writeDemoMeetings(db, log);
  await writeDemoLotteries(db, log);
  await writeDemoVotes(db, config, log);
  await writeDemoContests(db, log);
  await linkDemoDeliberation(db, log);
  await writeDemoProjects(db, log);
  await writeDemoPoints(db, DEMO_ACCOUNTS.find((a) => a.phone === "13900000007")!, log);
  await writeDemoMall(db, DEMO_ACCOUNTS.find((a) => a.phone === "13900000007")!, log);
  await writeDemoVolunteering(db, log);
  await writeDemoCare(db, log);
  await writeDemoRosters(db, log);
  await writeDemoLifecircle(db, log);
  await writeDemoCanteen(db, log);
  await writeDemoSpaces(db, log);
  // insight (issue 17): the demo rows above were written without their events; count them once
  await rebuildInsight(db);
  await writeDemoCourses(db, log);
  await writeDemoGarden(db, log);
  // the planner's statistics for the tables just filled: PGlite has no autovacuum, and without them
  // joins over tens of thousands of residents were planned as nested loops (the residents export took
  // 46 s for Lvzhou); PostgreSQL's autovacuum would come a minute later
  await q.analyze(db);
  const c = await q.countRows(db);
  log(
    `Demo data loaded in ${seconds(started)} s: ${c.community} communities, ${c.estate} estates, ${c.building} buildings, ` +
      `${c.household} households, ${c.resident} residents, ${c.party_member} party members, ${c.organisation} organisations.`,
  );
  return accountList();
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function planSeedCommunities(db: Kysely<DB>, seeds: SeedCommunity[]) {
  const found = await q.findCommunitiesByCode(
    db,
    seeds.map((s) => s.divisionCode),
  );
  const byCode = new Map(found.map((c) => [c.code!, c]));
  const plan = emptyPlan();
  const handles = new Map<string, CommunityHandles>();
  const today = new Date();
  const usedIds = new Set<string>();
  const takenCompanyNames = new Set<string>();
  seeds.forEach((seed, i) => {
    const c = byCode.get(seed.divisionCode);
    if (!c)
      throw new Error(`seed community ${seed.name} (${seed.divisionCode}) is not in the imported divisions`);
    handles.set(
      seed.divisionCode,
      planCommunity(plan, seed, {
        communityId: c.id,
        districtName: c.districtName,
        cityName: c.cityName,
        phoneSlot: 10 + i,
        today,
        usedIds,
        takenCompanyNames,
      }),
    );
  });
  return { plan, handles, usedIds, today };
}

interface PlannedUser {
  spec: DemoAccountSpec;
  name: string;
}

interface PlannedGrant {
  phone: string;
  role: string;
  scopeType: ScopeType;
  /** Resolved after the ids are reserved. */
  resolve: (
    ids: ReservedIds,
    lookups: Lookups,
  ) => { scopeCommunityId: number | null; scopeId: number | null };
}

/**
 * Staff accounts get their role on the place named in DEMO_ACCOUNTS; the two resident accounts
 * take over two adults of one household of Donglong's first estate (owner and family member), and
 * the third asks to join another household of that estate. The party-member account is an adult of
 * a third household there (省法院小区 is the court's housing) who works at the court: one of the
 * court's planned 下沉党员 becomes this resident, so a claim by them is recorded as by a party member
 * (claims find party membership through the resident record) and the counts stay the article's.
 */
function planAccounts(
  plan: DemoPlan,
  handles: Map<string, CommunityHandles>,
  usedIds: Set<string>,
  today: Date,
) {
  const users: PlannedUser[] = [];
  const grants: PlannedGrant[] = [];
  const community = (code: string) => {
    const h = handles.get(code);
    if (!h) throw new Error(`demo account: community ${code} was not planned`);
    return h;
  };
  const dl = community(DONGLONG);
  const firstEstate = dl.estates[0]!;
  const inFirstEstate = dl.households.filter((h) => h.estate === firstEstate.index);
  const age = (r: number) => ageOn(plan.residents[r]!.birthDate, today)!;
  const bound = inFirstEstate.find((h) => {
    const members = h.members.map((r) => plan.residents[r]!);
    return (
      members.some((m, k) => m.relation === "owner" && age(h.members[k]!) >= 25) &&
      members.some((m, k) => m.relation === "family" && age(h.members[k]!) >= 18)
    );
  });
  if (!bound)
    throw new Error("no household with an owner and an adult family member in Donglong's first estate");
  const claimed = inFirstEstate.find((h) => h !== bound)!;
  const isPartyMember = new Set(plan.partyMembers.map((p) => p.resident));
  const partyMemberAt = (h: (typeof inFirstEstate)[number]) =>
    h.members.find(
      (m) =>
        age(m) >= 28 &&
        age(m) <= 60 &&
        !isPartyMember.has(m) &&
        !plan.residents[m]!.userPhone &&
        plan.residents[m]!.status === "verified",
    );
  const memberHome = inFirstEstate.find((h) => h !== bound && h !== claimed && partyMemberAt(h) != null);
  if (!memberHome) throw new Error("no household for the demo party member in Donglong's first estate");

  for (const spec of DEMO_ACCOUNTS) {
    const t = spec.target;
    if (spec.role === "resident (owner)" || spec.role === "resident (family)") {
      const relation = spec.role === "resident (owner)" ? "owner" : "family";
      const r = bound.members.find((m) => plan.residents[m]!.relation === relation && age(m) >= 18)!;
      const resident = plan.residents[r]!;
      resident.phone = spec.phone;
      resident.userPhone = spec.phone;
      for (const pm of plan.partyMembers) if (pm.resident === r) pm.phone = spec.phone;
      users.push({ spec, name: resident.name });
      continue;
    }
    if (spec.role === "resident (party member)") {
      if (t.kind !== "organisation") throw new Error(`demo account ${spec.phone}: name the member's unit`);
      const r = partyMemberAt(memberHome)!;
      const resident = plan.residents[r]!;
      resident.phone = spec.phone;
      resident.userPhone = spec.phone;
      const unit = dl.orgsByName.get(t.name);
      const sinking = plan.partyMembers.find(
        (p) => p.kind === "sinking" && p.sourceOrg === unit && p.communityId === dl.communityId,
      );
      if (!sinking) throw new Error(`demo account ${spec.phone}: ${t.name} has no 下沉党员 in Donglong`);
      Object.assign(sinking, {
        resident: r,
        household: memberHome.index,
        name: resident.name,
        phone: spec.phone,
      });
      users.push({ spec, name: resident.name });
      continue;
    }
    if (spec.role === "resident (pending)") {
      const h = plan.households[claimed.index]!;
      const building = plan.buildings[h.building]!;
      const address = [firstEstate.name, building.name, plan.units[h.unit]!.name, h.room].join(" ");
      const surname = plan.residents[claimed.members[0]!]!.name.slice(0, 1);
      const r = planPendingResident(
        plan,
        new Rng("linli-demo:pending"),
        dl.communityId,
        { address, surname },
        spec.phone,
        usedIds,
        "420106",
        today,
      );
      users.push({ spec, name: plan.residents[r]!.name });
      continue;
    }
    users.push({ spec, name: spec.name });
    const inCommunity = "code" in t ? t.code : "";
    const grant = (scopeType: ScopeType, resolve: PlannedGrant["resolve"]) =>
      grants.push({ phone: spec.phone, role: spec.role, scopeType, resolve });
    switch (t.kind) {
      case "global":
        grant("global", () => ({ scopeCommunityId: null, scopeId: null }));
        break;
      case "district":
        grant("district", (_, l) => ({ scopeCommunityId: null, scopeId: l.districts.get(t.code)! }));
        break;
      case "street":
        grant("street", (_, l) => ({ scopeCommunityId: null, scopeId: l.streets.get(t.code)! }));
        break;
      case "community": {
        const c = community(inCommunity);
        grant("community", () => ({ scopeCommunityId: null, scopeId: c.communityId }));
        break;
      }
      case "grid": {
        const c = community(inCommunity);
        grant("grid", (ids) => ({ scopeCommunityId: c.communityId, scopeId: ids.grid[c.grids[0]!]! }));
        break;
      }
      case "estate": {
        const c = community(inCommunity);
        grant("estate", (ids) => ({
          scopeCommunityId: c.communityId,
          scopeId: ids.estate[c.estates[0]!.index]!,
        }));
        break;
      }
      case "building": {
        const c = community(inCommunity);
        const b = c.estates[0]!.buildings[0]!;
        grant("building", (ids) => ({ scopeCommunityId: c.communityId, scopeId: ids.building[b.index]! }));
        break;
      }
      case "unit": {
        const c = community(inCommunity);
        const u = c.estates[0]!.buildings[0]!.units[0]!;
        grant("unit", (ids) => ({ scopeCommunityId: c.communityId, scopeId: ids.unit[u]! }));
        break;
      }
      case "property_company": {
        const c = community(inCommunity);
        grant("organisation", (ids) => ({
          scopeCommunityId: null,
          scopeId: ids.organisation[c.estates[0]!.propertyOrg]!,
        }));
        break;
      }
      case "organisation": {
        const c = community(inCommunity);
        const org = c.orgsByName.get(t.name);
        if (org === undefined)
          throw new Error(`demo account ${spec.phone}: no organisation ${t.name} in ${c.name}`);
        grant("organisation", (ids) => ({ scopeCommunityId: null, scopeId: ids.organisation[org]! }));
        break;
      }
    }
  }
  return { users, grants };
}

type ReservedIds = Record<q.PlannedTable, number[]>;
interface Lookups {
  districts: Map<string, number>;
  streets: Map<string, number>;
}

async function writePlan(
  db: Kysely<DB>,
  config: Config,
  plan: DemoPlan,
  handles: Map<string, CommunityHandles>,
  seeds: SeedCommunity[],
  users: PlannedUser[],
  grants: PlannedGrant[],
  passwordHash: string,
) {
  const ids: ReservedIds = {
    organisation: await q.reserveIds(db, "organisation", plan.orgs.length),
    grid: await q.reserveIds(db, "grid", plan.grids.length),
    estate: await q.reserveIds(db, "estate", plan.estates.length),
    building: await q.reserveIds(db, "building", plan.buildings.length),
    unit: await q.reserveIds(db, "unit", plan.units.length),
    household: await q.reserveIds(db, "household", plan.households.length),
    resident: await q.reserveIds(db, "resident", plan.residents.length),
    party_member: await q.reserveIds(db, "party_member", plan.partyMembers.length),
  };
  const ref = (table: q.PlannedTable, index: number | null) => (index === null ? null : ids[table][index]!);

  for (const seed of seeds) {
    await q.setCommunityReported(
      db,
      handles.get(seed.divisionCode)!.communityId,
      reportedOf(seed),
      seed.areaKm2,
    );
  }
  await q.insertRows(
    db,
    "organisation",
    plan.orgs.map((o, i) => ({
      id: ids.organisation[i]!,
      kind: o.kind,
      name: o.name,
      parent_id: ref("organisation", o.parent),
      home_community_id: o.communityId,
      street_id: null,
      contact_name: o.contactName,
      contact_phone: o.contactPhone,
    })),
  );
  await q.insertRows(
    db,
    "grid",
    plan.grids.map((g, i) => ({ community_id: g.communityId, id: ids.grid[i]!, name: g.name })),
  );
  await q.insertRows(
    db,
    "estate",
    plan.estates.map((e, i) => ({
      community_id: e.communityId,
      id: ids.estate[i]!,
      name: e.name,
      property_org_id: ref("organisation", e.propertyOrg),
    })),
  );
  await q.insertRows(
    db,
    "building",
    plan.buildings.map((b, i) => ({
      community_id: b.communityId,
      id: ids.building[i]!,
      estate_id: ids.estate[b.estate]!,
      grid_id: ref("grid", b.grid),
      name: b.name,
      floors: b.floors,
    })),
  );
  await q.insertRows(
    db,
    "unit",
    plan.units.map((u, i) => ({
      community_id: u.communityId,
      id: ids.unit[i]!,
      building_id: ids.building[u.building]!,
      name: u.name,
    })),
  );
  await q.insertRows(
    db,
    "household",
    plan.households.map((h, i) => ({
      community_id: h.communityId,
      id: ids.household[i]!,
      building_id: ids.building[h.building]!,
      unit_id: ids.unit[h.unit]!,
      grid_id: ref("grid", h.grid),
      floor: h.floor,
      room: h.room,
      area_m2: h.areaM2,
    })),
  );

  const created = await q.insertUsers(
    db,
    users.map((u) => ({ phone: u.spec.phone, name: u.name, password_hash: passwordHash })),
  );
  const userIds = new Map(created.map((u) => [u.phone, u.id]));
  // the Donglong community worker verified the two bound residents
  const verifier = userIds.get(DEMO_ACCOUNTS.find((a) => a.role === "community_worker")!.phone) ?? null;
  const now = new Date().toISOString();
  await q.insertRows(
    db,
    "resident",
    plan.residents.map((r, i) => {
      const pii = protectIdNumber(config, r.idNumber);
      return {
        community_id: r.communityId,
        id: ids.resident[i]!,
        user_id: r.userPhone ? userIds.get(r.userPhone)! : null,
        household_id: ref("household", r.household),
        name: r.name,
        gender: r.gender,
        birth_date: r.birthDate,
        id_number_enc: pii.id_number_enc,
        id_number_hash: pii.id_number_hash,
        phone: r.phone,
        phone_tail: r.phone ? r.phone.slice(-4) : null,
        relation: r.relation,
        status: r.status,
        care_tags: r.careTags,
        claimed_address: r.claimedAddress,
        verified_at: r.status === "verified" ? now : null,
        verified_by: r.status === "verified" && r.userPhone ? verifier : null,
      };
    }),
  );
  await q.insertRows(
    db,
    "party_member",
    plan.partyMembers.map((p, i) => ({
      community_id: p.communityId,
      id: ids.party_member[i]!,
      resident_id: ref("resident", p.resident),
      user_id: null,
      name: p.name,
      phone: p.phone,
      branch_org_id: ids.organisation[p.branchOrg]!,
      kind: p.kind,
      source_org_id: ref("organisation", p.sourceOrg),
      is_central_household: p.centralHousehold,
      household_id: ref("household", p.household),
    })),
  );

  const lookups: Lookups = { districts: new Map(), streets: new Map() };
  for (const spec of DEMO_ACCOUNTS) {
    const t = spec.target;
    if (t.kind === "district") lookups.districts.set(t.code, (await q.findDistrictByCode(db, t.code))!.id);
    if (t.kind === "street") lookups.streets.set(t.code, (await q.findStreetByCode(db, t.code))!.id);
  }
  await q.insertRows(
    db,
    "role_assignment",
    grants.map((g) => {
      const { scopeCommunityId, scopeId } = g.resolve(ids, lookups);
      return {
        user_id: userIds.get(g.phone)!,
        role: g.role,
        scope_type: g.scopeType,
        scope_community_id: scopeCommunityId,
        scope_id: scopeId,
      };
    }),
  );
}

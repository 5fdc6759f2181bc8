// The demo world as plain rows, before it meets the database. Rows refer to each other by their
// index in the plan's tables; the service reserves real ids for every table and writes the rows in
// bulk. Everything here is pure and seeded per community (by its division code), so a community's
// people do not change when another community is added to the seed list.
import { drawPersonName, drawPropertyCompanyName, drawShopNames } from "./demo-names.ts";
import {
  type CareTag,
  drawHousehold,
  drawHouseholdSizes,
  drawIdNumber,
  type Member,
  type Relation,
} from "./demo-people.ts";
import { apportion, chineseNumber, Rng } from "./demo-random.ts";

/** One entry of server/data/seed-communities.json (facts from the articles in seeds/). */
export interface SeedCommunity {
  name: string;
  districtCode: string;
  streetName: string;
  streetCode: string;
  divisionCode: string;
  divisionName: string;
  areaKm2: number | null;
  estates: string[];
  estateCount: number | null;
  households: number | null;
  residents: number | null;
  registeredResidents: number | null;
  merchants: number | null;
  grids: number | null;
  partyMembers: number | null;
  gridWorkers: number | null;
  volunteers: number | null;
  partyOrgs: Record<string, number>;
  coBuildingUnits: string[];
  propertyCompanies: string[];
  volunteerTeams: string[];
  socialOrgs: string[];
  otherUnits: string[];
  departments: string[];
  spaces: { name: string; areaM2: number | null; location: string | null; features: string[] }[];
  figures: Record<string, number>;
  figureLabels: Record<string, string>;
  methods: string[];
  methodNotes: Record<string, string>;
  seed: string;
  quotes: Record<string, string>;
  notes?: string;
}

export type OrgKind =
  | "party_committee"
  | "party_branch"
  | "party_group"
  | "co_building_unit"
  | "property_company"
  | "owners_committee"
  | "social_organisation"
  | "volunteer_team"
  | "merchant"
  | "government_department";

export interface OrgRow {
  kind: OrgKind;
  name: string;
  parent: number | null;
  communityId: number;
  contactName: string | null;
  contactPhone: string | null;
}
export interface GridRow {
  communityId: number;
  name: string;
}
export interface EstateRow {
  communityId: number;
  name: string;
  propertyOrg: number | null;
}
export interface BuildingRow {
  communityId: number;
  estate: number;
  grid: number | null;
  name: string;
  floors: number;
}
export interface UnitRow {
  communityId: number;
  building: number;
  name: string;
}
export interface HouseholdRow {
  communityId: number;
  building: number;
  unit: number;
  grid: number | null;
  floor: number;
  room: string;
  areaM2: number;
}
export interface ResidentRow {
  communityId: number;
  household: number | null;
  name: string;
  gender: "male" | "female";
  birthDate: string;
  idNumber: string | null;
  phone: string | null;
  relation: Relation;
  status: "verified" | "pending";
  careTags: CareTag[];
  claimedAddress: string | null;
  /** Phone of the app account this resident is bound to. */
  userPhone: string | null;
}
export interface PartyMemberRow {
  communityId: number;
  resident: number | null;
  household: number | null;
  name: string;
  phone: string | null;
  branchOrg: number;
  kind: "resident" | "sinking";
  sourceOrg: number | null;
  centralHousehold: boolean;
}

export interface DemoPlan {
  orgs: OrgRow[];
  grids: GridRow[];
  estates: EstateRow[];
  buildings: BuildingRow[];
  units: UnitRow[];
  households: HouseholdRow[];
  residents: ResidentRow[];
  partyMembers: PartyMemberRow[];
}

export const emptyPlan = (): DemoPlan => ({
  orgs: [],
  grids: [],
  estates: [],
  buildings: [],
  units: [],
  households: [],
  residents: [],
  partyMembers: [],
});

function add<T>(rows: T[], row: T): number {
  rows.push(row);
  return rows.length - 1;
}

/** What the accounts and the tests need to find again in a planned community. */
export interface CommunityHandles {
  communityId: number;
  name: string;
  grids: number[];
  estates: {
    index: number;
    name: string;
    propertyOrg: number;
    ownersCommittee: number;
    buildings: { index: number; name: string; units: number[] }[];
  }[];
  orgsByName: Map<string, number>;
  /** Households (plan indexes) with their members (plan indexes into residents). */
  households: { index: number; estate: number; members: number[] }[];
  partyCommittee: number;
}

export interface CommunityContext {
  communityId: number;
  districtName: string;
  cityName: string;
  /** Two digits that make this community's generated phones 170<slot>xxxxxx unique. */
  phoneSlot: number;
  today: Date;
  usedIds: Set<string>;
  takenCompanyNames: Set<string>;
}

interface EstateStyle {
  floors: [number, number];
  units: [number, number];
  perFloor: [number, number];
  /** Mean and spread of the exclusive area (m²) of a flat. */
  area: [number, number];
  occupancy: number;
}
// 1980s–90s walk-ups; 2000s mid-rise; high-rise commodity housing of the last twenty years.
const STYLES: Record<"old" | "mid" | "high", EstateStyle> = {
  old: { floors: [6, 7], units: [2, 4], perFloor: [2, 2], area: [74, 9], occupancy: 0.95 },
  mid: { floors: [7, 11], units: [2, 3], perFloor: [2, 2], area: [96, 14], occupancy: 0.93 },
  high: { floors: [18, 32], units: [1, 2], perFloor: [2, 4], area: [106, 17], occupancy: 0.92 },
};
// Estates the articles describe as old (老旧小区改造) or as newly built.
const OLD_ESTATES = new Set(["矿山路小区", "百货小区", "食品小区", "楚湘小区", "柏树巷小区"]);
const MID_ESTATES = new Set(["紫薇花园", "省法院小区"]);

function styleOf(rng: Rng, seed: SeedCommunity, estateName: string, index: number): EstateStyle {
  if (OLD_ESTATES.has(estateName)) return STYLES.old;
  if (MID_ESTATES.has(estateName)) return STYLES.mid;
  // Lvzhou is a new town district: mostly high-rise
  if ((seed.households ?? 0) > 5000) return index < 5 ? STYLES.high : STYLES.mid;
  return STYLES[
    rng.weighted<"old" | "mid" | "high">([
      ["old", 4],
      ["mid", 3],
      ["high", 3],
    ])
  ];
}

/** Exclusive area of a layout, 60–140 m² (redrawn rather than clamped, so no pile-up at the ends). */
function drawArea(rng: Rng, style: EstateStyle): number {
  for (;;) {
    const area = rng.normal(style.area[0], style.area[1]);
    if (area >= 60 && area <= 140) return Math.round(area * 100) / 100;
  }
}

const stemOf = (communityName: string) => communityName.replace(/(社区|村)$/, "");

const FIGURE_LABELS: Record<string, string> = {
  areaKm2: "辖区面积（平方公里）",
  estateCount: "小区（个）",
  households: "常住人口（户）",
  residents: "常住人口（人）",
  registeredResidents: "户籍人口（人）",
  merchants: "商户（家）",
  grids: "网格（个）",
  partyMembers: "党员（名）",
  gridWorkers: "网格员（名）",
  volunteers: "志愿者（人）",
};

/** The articles' figures for community.reported: value, label and the sentence they come from. */
export function reportedOf(seed: SeedCommunity) {
  const figures: Record<string, { value: number; label: string; quote: string | null }> = {};
  for (const key of Object.keys(FIGURE_LABELS)) {
    const value = seed[key as keyof SeedCommunity];
    if (typeof value === "number")
      figures[key] = { value, label: FIGURE_LABELS[key]!, quote: seed.quotes[key] ?? null };
  }
  for (const [key, value] of Object.entries(seed.partyOrgs)) {
    figures[`partyOrgs.${key}`] = { value, label: key, quote: seed.quotes[`partyOrgs.${key}`] ?? null };
  }
  for (const [key, value] of Object.entries(seed.figures)) {
    figures[key] = {
      value,
      label: seed.figureLabels[key] ?? key,
      quote: seed.quotes[`figures.${key}`] ?? null,
    };
  }
  return {
    source: {
      article: seed.seed,
      articleName: seed.name,
      division: { code: seed.divisionCode, name: seed.divisionName },
    },
    figures,
    methods: seed.methods,
    methodNotes: seed.methodNotes,
    spaces: seed.spaces,
    ...(seed.notes ? { notes: seed.notes } : {}),
  };
}

// People the articles name in an office, kept as the contact of that organisation.
const ARTICLE_CONTACTS: Record<string, string> = {
  矿山路社区党委: "江华",
  龙门街社区党委: "叶静",
  百货小区业主委员会: "陈斌",
};

// 下沉党员 registered from each co-building unit of a community (the articles name the units, not
// how many members each sends).
const SINKING_MEMBERS: Record<string, number> = { 湖北省高级人民法院: 12, 湖北广播电视台: 8, 中铁十一局: 6 };

const orgNameOf = (kind: OrgKind, raw: string) => {
  const name = raw.replace(/（.*?）$/, "").trim();
  if (kind === "social_organisation" && !/(会|团|社|社工|公益|环保|童年)$/.test(name)) return `${name}协会`;
  if (kind === "volunteer_team" && !/(队|团|帮|盟|益事|益启爱|绿洲|环保|田耕|大妈)$/.test(name))
    return `${name}志愿服务队`;
  return name;
};

// Government departments the Lvzhou article links with, by their usual district-level names.
const DEPARTMENT_NAMES: Record<string, string> = {
  综合执法: "综合行政执法局",
  交通: "交通运输局",
  公安: "公安分局",
  交警: "公安分局交通警察大队",
};

/** Plans one seed community: places, people, organisations and the party tree. */
export function planCommunity(plan: DemoPlan, seed: SeedCommunity, ctx: CommunityContext): CommunityHandles {
  const rng = new Rng(`linli-demo:${seed.divisionCode}`);
  // company names are unique across the demo, so collisions depend on the other communities: a
  // stream of their own keeps them from shifting this community's people
  const companyRng = new Rng(`linli-demo:${seed.divisionCode}:companies`);
  const { communityId } = ctx;
  let phoneSeq = 0;
  const nextPhone = () =>
    `170${String(ctx.phoneSlot).padStart(2, "0")}${String(++phoneSeq).padStart(6, "0")}`;
  const person = (minYear = 1955, maxYear = 1992) =>
    drawPersonName(rng, rng.chance(0.5) ? "male" : "female", rng.int(minYear, maxYear));
  const orgsByName = new Map<string, number>();
  const addOrg = (
    kind: OrgKind,
    name: string,
    parent: number | null = null,
    contactName: string | null = person(),
  ) => {
    const index = add(plan.orgs, {
      kind,
      name,
      parent,
      communityId,
      contactName,
      contactPhone: contactName ? nextPhone() : null,
    });
    orgsByName.set(name, index);
    return index;
  };

  // --- how big ---------------------------------------------------------------------------------
  const householdTarget =
    seed.households ?? (seed.grids ? seed.grids * rng.int(380, 420) : rng.int(540, 680));
  const estateCount = Math.max(seed.estates.length, seed.estateCount ?? rng.int(2, 3));
  const estateNames = [...seed.estates];
  for (let k = 1; estateNames.length < estateCount; k++) {
    const name = `${stemOf(seed.divisionName)}${chineseNumber(k)}小区`;
    if (!estateNames.includes(name)) estateNames.push(name);
  }

  // --- organisations that do not depend on the places -----------------------------------------
  const committeeName = `${seed.divisionName}党委`;
  const partyCommittee = addOrg(
    "party_committee",
    committeeName,
    null,
    ARTICLE_CONTACTS[committeeName] ?? person(1965, 1985),
  );
  for (const unit of seed.coBuildingUnits) addOrg("co_building_unit", orgNameOf("co_building_unit", unit));
  for (const unit of seed.otherUnits) addOrg("co_building_unit", orgNameOf("co_building_unit", unit));
  for (const team of seed.volunteerTeams) addOrg("volunteer_team", orgNameOf("volunteer_team", team));
  for (const org of seed.socialOrgs) {
    const name = orgNameOf("social_organisation", org);
    if (!orgsByName.has(name)) addOrg("social_organisation", name);
  }
  for (const dept of seed.departments)
    addOrg("government_department", `${ctx.districtName}${DEPARTMENT_NAMES[dept] ?? dept}`);

  // --- estates, buildings, units, flats --------------------------------------------------------
  const estates: CommunityHandles["estates"] = [];
  const estateShares = apportion(
    householdTarget,
    estateNames.map(() => 0.7 + rng.next() * 0.6),
  );
  const flats: Omit<HouseholdRow, "grid">[] = [];
  estateNames.forEach((estateName, e) => {
    const propertyOrg = addOrg(
      "property_company",
      drawPropertyCompanyName(companyRng, ctx.cityName, ctx.takenCompanyNames),
    );
    const committee = `${estateName}业主委员会`;
    const ownersCommittee = addOrg(
      "owners_committee",
      committee,
      null,
      ARTICLE_CONTACTS[committee] ?? person(1950, 1980),
    );
    const estate = add(plan.estates, { communityId, name: estateName, propertyOrg });
    const style = styleOf(rng, seed, estateName, e);
    const wanted = estateShares[e]!;
    const capacityNeeded = Math.ceil(wanted / style.occupancy);
    const candidates: Omit<HouseholdRow, "grid">[] = [];
    const buildings: CommunityHandles["estates"][number]["buildings"] = [];
    for (let n = 1; candidates.length < capacityNeeded; n++) {
      const floors = rng.int(...style.floors);
      const unitCount = rng.int(...style.units);
      const perFloor = rng.int(...style.perFloor);
      const building = add(plan.buildings, { communityId, estate, grid: null, name: `${n}栋`, floors });
      const units: number[] = [];
      for (let u = 1; u <= unitCount; u++) {
        const unit = add(plan.units, { communityId, building, name: `${u}单元` });
        units.push(unit);
        // every floor repeats the same layouts
        const areas = Array.from({ length: perFloor }, () => drawArea(rng, style));
        for (let floor = 1; floor <= floors; floor++) {
          for (let p = 1; p <= perFloor; p++) {
            candidates.push({
              communityId,
              building,
              unit,
              floor,
              room: `${floor}${String(p).padStart(2, "0")}`,
              areaM2: areas[p - 1]!,
            });
          }
        }
      }
      buildings.push({ index: building, name: `${n}栋`, units });
    }
    // the flats nobody is registered in (vacant, or owners living elsewhere) are not households
    const keep = new Set(rng.shuffle(candidates.map((_, i) => i)).slice(0, wanted));
    flats.push(...candidates.filter((_, i) => keep.has(i)));
    estates.push({ index: estate, name: estateName, propertyOrg, ownersCommittee, buildings });
  });

  // --- grids: consecutive buildings, about the same number of households each ------------------
  const buildingIndexes = estates.flatMap((e) => e.buildings.map((b) => b.index));
  const perBuilding = new Map<number, number>();
  for (const f of flats) perBuilding.set(f.building, (perBuilding.get(f.building) ?? 0) + 1);
  const gridCount = Math.min(seed.grids ?? seed.gridWorkers ?? 4, buildingIndexes.length);
  const grids: number[] = [];
  for (let g = 1; g <= gridCount; g++)
    grids.push(add(plan.grids, { communityId, name: `第${chineseNumber(g)}网格` }));
  let g = 0;
  let done = 0;
  let inGrid = 0;
  buildingIndexes.forEach((b, i) => {
    const count = perBuilding.get(b) ?? 0;
    const boundary = ((g + 1) * flats.length) / gridCount;
    const later = buildingIndexes.length - i;
    // next grid when this building's middle lies past the current grid's share, or when the
    // buildings left are just enough to give every later grid one
    if (g < gridCount - 1 && inGrid > 0 && (done + count / 2 > boundary || later <= gridCount - 1 - g)) {
      g++;
      inGrid = 0;
    }
    plan.buildings[b]!.grid = grids[g]!;
    inGrid++;
    done += count;
  });

  // --- households and residents ----------------------------------------------------------------
  const sizes = drawHouseholdSizes(rng, flats.length, seed.residents ?? undefined);
  const people = {
    rng,
    today: ctx.today,
    homeArea: seed.districtCode,
    usedIds: ctx.usedIds,
    nextPhone,
    idShare: 0.4,
  };
  const households: CommunityHandles["households"] = [];
  const estateOfBuilding = new Map<number, number>();
  for (const e of estates) for (const b of e.buildings) estateOfBuilding.set(b.index, e.index);
  const adults: {
    resident: number;
    household: number;
    building: number;
    grid: number;
    age: number;
    member: Member;
  }[] = [];
  flats.forEach((flat, i) => {
    const grid = plan.buildings[flat.building]!.grid;
    const household = add(plan.households, { ...flat, grid });
    const members = drawHousehold(people, sizes[i]!).map((m) => {
      const resident = add(plan.residents, {
        communityId,
        household,
        name: m.name,
        gender: m.gender,
        birthDate: m.birthDate,
        idNumber: m.idNumber,
        phone: m.phone,
        relation: m.relation,
        status: "verified",
        careTags: m.careTags,
        claimedAddress: null,
        userPhone: null,
      });
      if (m.age >= 18)
        adults.push({ resident, household, building: flat.building, grid: grid!, age: m.age, member: m });
      return resident;
    });
    households.push({ index: household, estate: estateOfBuilding.get(flat.building)!, members });
  });

  // --- the party tree --------------------------------------------------------------------------
  // Branches: one per grid where the article embeds the party in the grids (矿山路 “红色网格”),
  // the article's number of estate branches where it gives one (Lvzhou: 5 for 7 estates, so some
  // cover two neighbouring estates), else one per estate.
  const branchOfEstate = new Map<number, number>();
  const branchOfGrid = new Map<number, number>();
  const branchesWanted = seed.partyOrgs.小区党组织;
  if (seed.methods.includes("红色网格")) {
    for (const g of grids)
      branchOfGrid.set(g, addOrg("party_branch", `${plan.grids[g]!.name}党支部`, partyCommittee));
  } else {
    const groups = apportion(
      estates.length,
      Array.from({ length: Math.min(branchesWanted ?? estates.length, estates.length) }, () => 1),
    );
    let e = 0;
    for (const size of groups) {
      const covered = estates.slice(e, e + size);
      e += size;
      const name =
        covered.length === 1
          ? `${covered[0]!.name}党支部`
          : `${covered.map((c) => c.name).join("、")}联合党支部`;
      const branch = addOrg("party_branch", name, partyCommittee);
      for (const c of covered) branchOfEstate.set(c.index, branch);
    }
  }
  const branchOf = (a: { building: number; grid: number }) =>
    branchOfGrid.get(a.grid) ?? branchOfEstate.get(plan.buildings[a.building]!.estate)!;

  // Members: the article's count, else about one adult in eighteen; spread over the grids in
  // proportion to their adults, older residents more likely (many are retired members).
  const memberCount = seed.partyMembers ?? Math.round(adults.length / 18);
  const adultsByGrid = grids.map((g) => adults.filter((a) => a.grid === g));
  const quotas = apportion(
    memberCount,
    adultsByGrid.map((list) => list.length),
  );
  const chosen = adultsByGrid.flatMap((list, g) =>
    rng.sampleWeighted(list, quotas[g]!, (a) =>
      a.age < 30 ? 0.6 : a.age < 60 ? 1 : a.age <= 85 ? 1.8 : 0.8,
    ),
  );
  // 楼栋党小组 and 党员中心户 where the article counts them (Lvzhou: 87 and 87): the buildings with
  // the most members get a group, and one member in each is the central household of the group.
  const groupsWanted = seed.partyOrgs.楼栋星火党小组 ?? 0;
  const centralWanted = seed.partyOrgs.党员中心户 ?? 0;
  const membersByBuilding = new Map<number, typeof chosen>();
  for (const a of chosen)
    membersByBuilding.set(a.building, [...(membersByBuilding.get(a.building) ?? []), a]);
  const groupBuildings = [...membersByBuilding.keys()]
    .sort((x, y) => membersByBuilding.get(y)!.length - membersByBuilding.get(x)!.length || x - y)
    .slice(0, groupsWanted)
    .sort((x, y) => x - y);
  if (groupBuildings.length < groupsWanted) {
    throw new Error(
      `${seed.name}: ${groupsWanted} building party groups wanted, only ${groupBuildings.length} buildings have members`,
    );
  }
  const groupOfBuilding = new Map<number, number>();
  for (const b of groupBuildings) {
    const building = plan.buildings[b]!;
    const estateName = plan.estates[building.estate]!.name;
    const first = membersByBuilding.get(b)![0]!;
    groupOfBuilding.set(
      b,
      addOrg("party_group", `${estateName}${building.name}星火党小组`, branchOf(first), first.member.name),
    );
  }
  const central = new Set<number>();
  for (const b of groupBuildings.slice(0, centralWanted))
    central.add(rng.pick(membersByBuilding.get(b)!).resident);
  for (const a of chosen) {
    add(plan.partyMembers, {
      communityId,
      resident: a.resident,
      household: a.household,
      name: a.member.name,
      phone: a.member.phone,
      branchOrg: groupOfBuilding.get(a.building) ?? branchOf(a),
      kind: "resident",
      sourceOrg: null,
      centralHousehold: central.has(a.resident),
    });
  }
  // 下沉党员: members of the co-building units registered with the community they serve
  for (const unit of seed.coBuildingUnits) {
    const sourceOrg = orgsByName.get(orgNameOf("co_building_unit", unit))!;
    for (let k = 0; k < (SINKING_MEMBERS[unit] ?? 5); k++) {
      add(plan.partyMembers, {
        communityId,
        resident: null,
        household: null,
        name: person(1968, 1996),
        phone: nextPhone(),
        branchOrg: partyCommittee,
        kind: "sinking",
        sourceOrg,
        centralHousehold: false,
      });
    }
  }

  // --- merchants -------------------------------------------------------------------------------
  if (seed.merchants) {
    for (const shop of drawShopNames(rng, seed.merchants, stemOf(seed.divisionName)))
      addOrg("merchant", shop);
  }

  return { communityId, name: seed.divisionName, grids, estates, orgsByName, households, partyCommittee };
}

/** A resident with a pending request to be bound to a household (the verification queue's entry). */
export function planPendingResident(
  plan: DemoPlan,
  rng: Rng,
  communityId: number,
  claim: { address: string; surname: string },
  userPhone: string,
  usedIds: Set<string>,
  homeArea: string,
  today: Date,
): number {
  const birthYear = today.getUTCFullYear() - 31;
  const birthDate = `${birthYear}-04-18`;
  return add(plan.residents, {
    communityId,
    household: null,
    name: drawPersonName(rng, "female", birthYear, claim.surname),
    gender: "female",
    birthDate,
    idNumber: drawIdNumber(rng, homeArea, birthDate, "female", usedIds),
    phone: userPhone,
    relation: "family",
    status: "pending",
    careTags: [],
    claimedAddress: claim.address,
    userPhone,
  });
}

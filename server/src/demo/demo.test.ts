import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import {
  birthDateOfIdNumber,
  decryptPii,
  hashPii,
  isValidIdNumber,
} from "../modules/core/privacy/pii.service.ts";
import { verifyExport } from "../modules/deliberation/lotteries/lotteries-draw.ts";
import { countCommunity, countRows } from "./demo.queries.ts";
import { type DemoAccount, ensureDemoData, readSeedCommunities } from "./demo.service.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DONGLONG, KUANGSHANLU, LVZHOU } from "./demo-accounts.ts";
import { DEMO_IDEA_CONTEST_TITLE, DEMO_INNOVATION_CONTEST_TITLE } from "./demo-contests.ts";
import { DEMO_GARDEN_TITLE, DEMO_PARKING_TITLE } from "./demo-lotteries.ts";
import { emptyPlan, planCommunity } from "./demo-plan.ts";

// The full demo load runs once for the file (it is the slow part: ~55,000 residents).
let t: TestApp;
let accounts: DemoAccount[];
let loadSeconds: number;
const log: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const started = performance.now();
  accounts = await ensureDemoData(t.db, t.config, (m) => log.push(m));
  loadSeconds = (performance.now() - started) / 1000;
  console.log(`demo load: ${loadSeconds.toFixed(1)} s\n${log.join("\n")}`);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const communityByCode = async (code: string) =>
  t.db
    .selectFrom("community")
    .select(["id", "name", "reported", "area_km2"])
    .where("code", "=", code)
    .executeTakeFirstOrThrow();

describe("demo data", () => {
  // how long it takes is printed above and measured by the benchmarks, never asserted here
  it("says what it loaded", () => {
    expect(log.at(-1)).toMatch(/^Demo data loaded in [\d.]+ s: /);
  });

  it("loads all of Wuchang: 15 streets and 144 communities", async () => {
    const wuchang = await t.db
      .selectFrom("district")
      .select("id")
      .where("code", "=", "420106")
      .executeTakeFirstOrThrow();
    const streets = await t.db
      .selectFrom("street")
      .select("id")
      .where("district_id", "=", wuchang.id)
      .execute();
    expect(streets).toHaveLength(15);
    const communities = await t.db
      .selectFrom("community")
      .select("id")
      .where(
        "street_id",
        "in",
        streets.map((s) => s.id),
      )
      .execute();
    expect(communities).toHaveLength(144);
    for (const code of ["420506", "420205", "421303"]) {
      expect(
        await t.db.selectFrom("district").select("id").where("code", "=", code).executeTakeFirst(),
      ).toBeTruthy();
    }
  });

  it("reproduces Lvzhou's figures in the tables: 7 estates, 9,225 households, 23,843 residents, 756 merchants", async () => {
    const lvzhou = await communityByCode(LVZHOU);
    const c = await countCommunity(t.db, lvzhou.id);
    expect(c.estates).toBe(7);
    expect(c.households).toBe(9225);
    expect(c.residents).toBe(23843);
    expect(c.grids).toBe(17); // 17 名网格员下沉小区一线: one grid each
    const orgs = await t.db
      .selectFrom("organisation")
      .select(["kind", (eb) => eb.fn.countAll<number>().as("n")])
      .where("home_community_id", "=", lvzhou.id)
      .groupBy("kind")
      .execute();
    const byKind = Object.fromEntries(orgs.map((o) => [o.kind, Number(o.n)]));
    expect(byKind).toMatchObject({
      merchant: 756,
      party_committee: 1,
      party_branch: 5,
      party_group: 87,
      property_company: 7,
      owners_committee: 7,
    });
    expect(c.partyMembers).toBe(2000);
    const central = await t.db
      .selectFrom("party_member")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("community_id", "=", lvzhou.id)
      .where("is_central_household", "=", true)
      .executeTakeFirstOrThrow();
    expect(Number(central.n)).toBe(87);
    // the party tree: groups under branches under the committee
    const groups = await t.db
      .selectFrom("organisation as g")
      .innerJoin("organisation as b", "b.id", "g.parent_id")
      .innerJoin("organisation as c", "c.id", "b.parent_id")
      .select(["b.kind as branchKind", "c.kind as committeeKind"])
      .where("g.home_community_id", "=", lvzhou.id)
      .where("g.kind", "=", "party_group")
      .execute();
    expect(groups).toHaveLength(87);
    expect(new Set(groups.map((g) => `${g.branchKind}>${g.committeeKind}`))).toEqual(
      new Set(["party_branch>party_committee"]),
    );

    const reported = lvzhou.reported as {
      figures: Record<string, { value: number; label: string; quote: string | null }>;
    };
    expect(reported.figures.households).toEqual({
      value: 9225,
      label: "常住人口（户）",
      quote: "常住人口9225户23843人",
    });
    expect(reported.figures.microWishesFulfilled?.value).toBe(148);
    expect(Number(lvzhou.area_km2)).toBeCloseTo(1.624);

    // its year of requests: some published by their residents, none of a never-public category
    const published = await t.db
      .selectFrom("request as r")
      .innerJoin("request_category as c", (j) =>
        j.onRef("c.community_id", "=", "r.community_id").onRef("c.id", "=", "r.category_id"),
      )
      .select(["r.kind", "r.is_public", "c.never_public"])
      .where("r.community_id", "=", lvzhou.id)
      .execute();
    expect(published).toHaveLength(181 + 148);
    expect(published.filter((r) => r.is_public && r.never_public)).toEqual([]);
    for (const kind of ["problem", "wish"] as const) {
      const ofKind = published.filter((r) => r.kind === kind);
      expect(ofKind.some((r) => r.is_public)).toBe(true);
      expect(ofKind.some((r) => !r.is_public)).toBe(true);
    }
  });

  it("gives 矿山路 its 6 grids and 233 party members, spread over every grid", async () => {
    const ksl = await communityByCode(KUANGSHANLU);
    const c = await countCommunity(t.db, ksl.id);
    expect(c.grids).toBe(6);
    expect(c.partyMembers).toBe(233);
    const perGrid = await t.db
      .selectFrom("party_member as pm")
      .innerJoin("household as h", (j) =>
        j.onRef("h.community_id", "=", "pm.community_id").onRef("h.id", "=", "pm.household_id"),
      )
      .select(["h.grid_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("pm.community_id", "=", ksl.id)
      .groupBy("h.grid_id")
      .execute();
    expect(perGrid).toHaveLength(6);
    expect(perGrid.reduce((s, g) => s + Number(g.n), 0)).toBe(233);
    for (const g of perGrid) expect(Number(g.n)).toBeGreaterThan(20);
  });

  it("registers 东龙's co-building units and their 下沉党员, a property company per estate", async () => {
    const dl = await communityByCode(DONGLONG);
    const sinking = await t.db
      .selectFrom("party_member as pm")
      .innerJoin("organisation as o", "o.id", "pm.source_org_id")
      .select(["o.name", (eb) => eb.fn.countAll<number>().as("n")])
      .where("pm.community_id", "=", dl.id)
      .where("pm.kind", "=", "sinking")
      .groupBy("o.name")
      .execute();
    expect(sinking.map((s) => s.name).sort()).toEqual(
      ["中铁十一局", "湖北广播电视台", "湖北省高级人民法院"].sort(),
    );
    const estates = await t.db
      .selectFrom("estate as e")
      .innerJoin("organisation as o", "o.id", "e.property_org_id")
      .select(["e.name", "o.kind"])
      .where("e.community_id", "=", dl.id)
      .orderBy("e.id")
      .execute();
    expect(estates[0]).toEqual({ name: "省法院小区", kind: "property_company" });
    expect(estates.length).toBeGreaterThanOrEqual(2);
    expect(Number(dl.area_km2)).toBeCloseTo(0.31);
  });

  it("keeps the data rules: unique valid phones, no phone or ID for children under 14, valid encrypted ID numbers", async () => {
    const dupPhones = await sql<{ n: number }>`
      select count(*)::int as n from (select phone from resident where phone is not null group by phone having count(*) > 1) d`.execute(
      t.db,
    );
    expect(dupPhones.rows[0]!.n).toBe(0);
    const badPhones = await sql<{ n: number }>`
      select count(*)::int as n from resident where phone is not null and (phone !~ '^1[3-9][0-9]{9}$' or phone_tail <> right(phone, 4))`.execute(
      t.db,
    );
    expect(badPhones.rows[0]!.n).toBe(0);
    const children = await sql<{ n: number; bad: number }>`
      select count(*)::int as n, count(*) filter (where phone is not null or id_number_enc is not null)::int as bad
      from resident where birth_date > current_date - interval '14 years'`.execute(t.db);
    expect(children.rows[0]!.n).toBeGreaterThan(1000);
    expect(children.rows[0]!.bad).toBe(0);
    const owners = await sql<{ n: number }>`
      select count(*)::int as n from (select household_id from resident where relation = 'owner' group by community_id, household_id having count(*) > 1) d`.execute(
      t.db,
    );
    expect(owners.rows[0]!.n).toBe(0);
    const untagged80 = await sql<{ n: number }>`
      select count(*)::int as n from resident
      where (birth_date <= current_date - interval '80 years') <> ('elderly_80_plus' = any(care_tags))`.execute(
      t.db,
    );
    expect(untagged80.rows[0]!.n).toBe(0);

    const withIds = await t.db
      .selectFrom("resident")
      // as text: the in-memory PGlite hands dates back as Date objects, PostgreSQL as strings
      .select(["id_number_enc", "id_number_hash", sql<string>`birth_date::text`.as("birth_date"), "gender"])
      .where("id_number_enc", "is not", null)
      .limit(500)
      .execute();
    expect(withIds.length).toBe(500);
    for (const r of withIds) {
      const id = decryptPii(t.config.piiKey, r.id_number_enc!);
      expect(isValidIdNumber(id)).toBe(true);
      expect(hashPii(t.config.piiKey, id)).toBe(r.id_number_hash);
      expect(birthDateOfIdNumber(id)).toBe(r.birth_date);
      expect(Number(id[16]) % 2).toBe(r.gender === "male" ? 1 : 0);
    }
  });

  it("lets every demo account sign in, with its role or its household", async () => {
    expect(accounts).toHaveLength(21);
    expect(new Set(accounts.map((a) => a.phone)).size).toBe(21);
    for (const a of accounts) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone: a.phone, password: DEMO_PASSWORD },
      });
      expect(res.statusCode, `${a.phone} ${a.role}`).toBe(200);
      const cookie = res.cookies.find((c) => c.name === "linli_session")!;
      const me = await t.app.inject({
        method: "GET",
        url: "/api/me",
        headers: { cookie: `linli_session=${cookie.value}` },
      });
      expect(me.statusCode).toBe(200);
      const body = me.json() as {
        roles: { role: string }[];
        residencies: { status: string; householdId: number | null }[];
      };
      if (a.role.startsWith("resident")) {
        expect(body.roles).toEqual([]);
        expect(body.residencies).toHaveLength(1);
        expect(body.residencies[0]!.status).toBe(a.role === "resident (pending)" ? "pending" : "verified");
        expect(body.residencies[0]!.householdId === null).toBe(a.role === "resident (pending)");
      } else {
        expect(body.roles.map((r) => r.role)).toEqual([a.role]);
      }
    }
  });

  it("binds the two resident accounts to one 东龙 household, as owner and family member", async () => {
    const rows = await t.db
      .selectFrom("resident as r")
      .innerJoin("app_user as u", "u.id", "r.user_id")
      .select([
        "u.phone",
        "u.name as userName",
        "r.name",
        "r.relation",
        "r.household_id",
        "r.status",
        "r.verified_by",
      ])
      .where("u.phone", "in", ["13900000017", "13900000018", "13900000019"])
      .orderBy("u.phone")
      .execute();
    expect(rows.map((r) => [r.relation, r.status])).toEqual([
      ["owner", "verified"],
      ["family", "verified"],
      ["family", "pending"],
    ]);
    expect(rows[0]!.household_id).toBe(rows[1]!.household_id);
    for (const r of rows) expect(r.userName).toBe(r.name);
    expect(rows[0]!.verified_by).not.toBeNull();
  });

  it("has a verified resident of 省法院小区 who is the court's 下沉党员, and claims as a party member", async () => {
    const dl = await communityByCode(DONGLONG);
    const member = await t.db
      .selectFrom("app_user as u")
      .innerJoin("resident as r", "r.user_id", "u.id")
      .innerJoin("household as h", (j) =>
        j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
      )
      .innerJoin("building as b", (j) =>
        j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
      )
      .innerJoin("estate as e", (j) =>
        j.onRef("e.community_id", "=", "b.community_id").onRef("e.id", "=", "b.estate_id"),
      )
      .innerJoin("party_member as pm", (j) =>
        j.onRef("pm.community_id", "=", "r.community_id").onRef("pm.resident_id", "=", "r.id"),
      )
      .innerJoin("organisation as o", "o.id", "pm.source_org_id")
      .select([
        "u.id",
        "u.name",
        "r.status",
        "r.community_id",
        "e.name as estate",
        "pm.kind",
        "o.name as unit",
      ])
      .where("u.phone", "=", "13900000020")
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      status: "verified",
      community_id: dl.id,
      estate: "省法院小区",
      kind: "sinking",
      unit: "湖北省高级人民法院",
    });
    const owner = await t.db
      .selectFrom("resident as r")
      .innerJoin("app_user as u", "u.id", "r.user_id")
      .select(["r.household_id"])
      .where("u.phone", "=", "13900000017")
      .executeTakeFirstOrThrow();
    expect(
      await t.db
        .selectFrom("resident")
        .select("id")
        .where("community_id", "=", dl.id)
        .where("user_id", "=", member.id)
        .where("household_id", "=", owner.household_id)
        .executeTakeFirst(),
      "the party member lives in another household than the demo owner",
    ).toBeUndefined();

    // a wish the demo owner publishes, signed by the admin, claimed by the party member without saying as what
    const cookieOf = async (phone: string) => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone, password: DEMO_PASSWORD },
      });
      return `linli_session=${res.cookies.find((c) => c.name === "linli_session")!.value}`;
    };
    const call = async (method: "GET" | "POST", url: string, phone: string, payload?: object) => {
      const res = await t.app.inject({ method, url, payload, headers: { cookie: await cookieOf(phone) } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const C = `/api/communities/${dl.id}`;
    const wish = await call("POST", `${C}/requests`, "13900000017", {
      kind: "wish",
      categoryCode: "mutual_help",
      title: "想请人帮忙换个灯泡",
      place: { type: "household" },
      isPublic: true,
    });
    await call("POST", `${C}/requests/${wish.id}/sign`, "13900000001", {});
    const promiseDate = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const claim = await call("POST", `${C}/requests/${wish.id}/claim`, "13900000020", { promiseDate });
    expect(claim.claimantKind).toBe("party_member");
    const mine = await call("GET", "/api/me/claims", "13900000020");
    expect(mine.items[0]).toMatchObject({ requestId: wish.id, claimedAs: "party_member", status: "active" });
  });

  it("registers the articles' spaces and services for rating, with residents' ratings and none by the demo accounts", async () => {
    const donglong = await communityByCode(DONGLONG);
    const res = await t.app.inject({ method: "GET", url: `/api/communities/${donglong.id}/rating-subjects` });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as any[];
    expect(items.map((s) => s.name)).toEqual(
      expect.arrayContaining(["聚邻空间", "多元共建客厅", "口袋公园", "幸福食堂", "送餐上门"]),
    );
    const hall = items.find((s) => s.name === "聚邻空间");
    expect(hall).toMatchObject({ kind: "space", estateName: "省法院小区" });
    expect(hall.figures.rated).toBe(14);
    expect(hall.figures.satisfactionPct).toBeGreaterThan(0);
    expect(items.find((s) => s.name === "幸福食堂").kind).toBe("service");
    const byAccounts = await t.db
      .selectFrom("subject_rating")
      .innerJoin("resident", (j) =>
        j
          .onRef("resident.community_id", "=", "subject_rating.community_id")
          .onRef("resident.id", "=", "subject_rating.resident_id"),
      )
      .innerJoin("app_user", "app_user.id", "resident.user_id")
      .select("subject_rating.id")
      .where(
        "app_user.phone",
        "in",
        accounts.map((a) => a.phone),
      )
      .execute();
    expect(byAccounts).toEqual([]);
    expect(log.some((m) => /ratings: \d+ spaces and services/.test(m))).toBe(true);
  });

  it("has Donglong's 架空层 survey to 省法院小区, closed, with one answer per household and results from its tally", async () => {
    const donglong = await communityByCode(DONGLONG);
    const survey = await t.db
      .selectFrom("survey")
      .select(["id", "estate_id", "answer_per", "closes_at"])
      .where("community_id", "=", donglong.id)
      .where("title", "=", "省法院小区架空层改造调研问卷")
      .executeTakeFirstOrThrow();
    expect(survey.answer_per).toBe("household");
    expect(survey.closes_at.getTime()).toBeLessThan(Date.now());
    const admin = accounts.find((a) => a.role === "system_admin")!;
    const signIn = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: admin.phone, password: DEMO_PASSWORD },
    });
    const cookie = `linli_session=${signIn.cookies.find((c) => c.name === "linli_session")!.value}`;
    const res = await t.app.inject({
      method: "GET",
      url: `/api/communities/${donglong.id}/surveys/${survey.id}/results`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.responses).toBeGreaterThan(20);
    expect(r.questions[0].answered).toBe(r.responses);
    expect(r.questions[1].options.reduce((n: number, o: any) => n + o.count, 0)).toBe(r.responses);
    expect(r.questions[2].average).toBeGreaterThan(0);
    const households = await t.db
      .selectFrom("survey_response")
      .select((eb) => [eb.fn.count("household_id").distinct().as("n"), eb.fn.countAll().as("all")])
      .where("community_id", "=", donglong.id)
      .where("survey_id", "=", survey.id)
      .executeTakeFirstOrThrow();
    expect(Number(households.n)).toBe(Number(households.all));
  });

  it("has Donglong's 金点子大赛 with its winner adopted, and Wuchang's contest of 104 entries cut to 15 and published as the article's top 10", async () => {
    const official = accounts.find((a) => a.role === "district_official")!;
    const signIn = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: official.phone, password: DEMO_PASSWORD },
    });
    const cookie = `linli_session=${signIn.cookies.find((c) => c.name === "linli_session")!.value}`;
    const idea = await t.db
      .selectFrom("contest")
      .selectAll()
      .where("title", "=", DEMO_IDEA_CONTEST_TITLE)
      .executeTakeFirstOrThrow();
    expect(idea.scope_community_id).toBe((await communityByCode(DONGLONG)).id);
    const ideaRanking = await t.app.inject({
      method: "GET",
      url: `/api/contests/${idea.id}/rounds/1/ranking`,
      headers: { cookie },
    });
    expect(ideaRanking.statusCode, ideaRanking.body).toBe(200);
    expect(ideaRanking.json().rows[0].adoptedAt).not.toBeNull();
    // 签约立项: the winner became a project that names it as its origin
    const winnerProject = ideaRanking.json().rows[0].projectId;
    expect(winnerProject).not.toBeNull();
    const made = await t.db
      .selectFrom("project")
      .select(["title", "origin_kind", "origin_id"])
      .where("id", "=", winnerProject)
      .executeTakeFirstOrThrow();
    expect(made).toMatchObject({
      title: ideaRanking.json().rows[0].title,
      origin_kind: "contest_entry",
      origin_id: ideaRanking.json().rows[0].entryId,
    });
    const wuchang = await t.db
      .selectFrom("contest")
      .selectAll()
      .where("title", "=", DEMO_INNOVATION_CONTEST_TITLE)
      .executeTakeFirstOrThrow();
    const read = await t.app.inject({
      method: "GET",
      url: `/api/contests/${wuchang.id}`,
      headers: { cookie },
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().rounds.map((r: any) => r.entries)).toEqual([104, 15]);
    expect(read.json().state).toBe("published");
    const final = await t.app.inject({
      method: "GET",
      url: `/api/contests/${wuchang.id}/rounds/2/ranking`,
      headers: { cookie },
    });
    const rows = final.json().rows;
    expect(rows).toHaveLength(15);
    expect(rows[0].title).toContain("共享书屋");
    expect(rows[9].title).toContain("幸福敲门");
    expect(log.some((l) => l.includes("the article's order"))).toBe(true);
    const exported = await t.app.inject({
      method: "GET",
      url: `/api/contests/${wuchang.id}/rounds/1/export`,
      headers: { cookie },
    });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["x-linli-export-rows"]).toBe(String(104 * 5));
  });

  it("has 都市桃源's drawn parking lottery, reproduced from its export, and Lvzhou's open garden-plot lottery", async () => {
    const admin = accounts.find((a) => a.role === "system_admin")!;
    const signIn = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: admin.phone, password: DEMO_PASSWORD },
    });
    const cookie = `linli_session=${signIn.cookies.find((c) => c.name === "linli_session")!.value}`;
    const parking = await t.db
      .selectFrom("lottery")
      .select(["id", "community_id", "places"])
      .where("title", "=", DEMO_PARKING_TITLE)
      .executeTakeFirstOrThrow();
    expect(parking.community_id).toBe((await communityByCode("420106015007")).id);
    const res = await t.app.inject({
      method: "GET",
      url: `/api/communities/${parking.community_id}/lotteries/${parking.id}/board`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json().export;
    expect(e.applicants.length).toBeGreaterThan(parking.places);
    expect(e.declines).toHaveLength(1);
    expect(verifyExport(e).ok).toBe(true);
    const garden = await t.db
      .selectFrom("lottery")
      .select(["community_id", "closes_at", "frozen_at"])
      .where("title", "=", DEMO_GARDEN_TITLE)
      .executeTakeFirstOrThrow();
    expect(garden.community_id).toBe((await communityByCode(LVZHOU)).id);
    expect(garden.closes_at.getTime()).toBeGreaterThan(Date.now());
    expect(garden.frozen_at).toBeNull();
  });

  it("plans the same people from the same seed", () => {
    const seed = readSeedCommunities().find((s) => s.divisionCode === KUANGSHANLU)!;
    const plan = () => {
      const p = emptyPlan();
      const ctx = {
        communityId: 1,
        districtName: "铁山区",
        cityName: "黄石市",
        phoneSlot: 11,
        today: new Date("2026-06-01T00:00:00Z"),
      };
      planCommunity(p, seed, { ...ctx, usedIds: new Set(), takenCompanyNames: new Set() });
      return p;
    };
    const a = plan();
    expect(a.residents.length).toBeGreaterThan(5000);
    expect(plan()).toEqual(a);
  });

  it("lists every demo account in the README", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const missing = DEMO_ACCOUNTS.filter((a) => !readme.includes(`| ${a.phone} | ${a.role} | ${a.scope} |`));
    expect(
      missing.map((a) => a.phone),
      "README.md's table of demo accounts",
    ).toEqual([]);
  });

  it("publishes the seeds' notices (架空层 公示, 紫薇花园 parking rules) with read receipts, a word list and comments", async () => {
    const dl = await communityByCode(DONGLONG);
    const ks = await communityByCode(KUANGSHANLU);
    const titles = async (cid: number) =>
      (await t.db.selectFrom("notice").select("title").where("community_id", "=", cid).execute()).map(
        (n) => n.title,
      );
    expect((await titles(dl.id)).some((x) => x.includes("架空层"))).toBe(true);
    expect((await titles(ks.id)).some((x) => x.includes("停车"))).toBe(true);
    const reads = await t.db
      .selectFrom("notice_read")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("community_id", "=", dl.id)
      .executeTakeFirstOrThrow();
    expect(Number(reads.n)).toBeGreaterThan(0);
    const words = await t.db
      .selectFrom("comment_word")
      .select("word")
      .where("community_id", "=", dl.id)
      .execute();
    expect(words.length).toBeGreaterThan(0);
    const comments = await t.db
      .selectFrom("comment")
      .select("parent_id")
      .where("community_id", "=", dl.id)
      .execute();
    expect(comments.filter((c) => c.parent_id != null)).toHaveLength(1);
  });

  it("joins the deliberation stories: 架空层's survey and 8 opinion meetings under its topic, the parking 议事会 under its topic, published resolutions as 公示 (the community's public, the estate's residents)", async () => {
    const topic = (title: string) =>
      t.db
        .selectFrom("topic")
        .select(["community_id", "id"])
        .where("title", "=", title)
        .executeTakeFirstOrThrow();
    const frame = await topic("省法院小区架空层改造");
    const meetings = await t.db
      .selectFrom("meeting")
      .select("title")
      .where("community_id", "=", frame.community_id)
      .where("topic_id", "=", frame.id)
      .execute();
    expect(meetings).toHaveLength(8);
    const surveys = await t.db
      .selectFrom("survey")
      .select("title")
      .where("community_id", "=", frame.community_id)
      .where("topic_id", "=", frame.id)
      .execute();
    expect(surveys).toHaveLength(1);
    const parking = await topic("九龙洞公园建设立体免费停车场");
    const council = await t.db
      .selectFrom("meeting")
      .select("title")
      .where("community_id", "=", parking.community_id)
      .where("topic_id", "=", parking.id)
      .execute();
    expect(council.map((m) => m.title)).toEqual(["居民协商议事会：九龙洞公园停车难"]);
    const publicity = await t.db
      .selectFrom("notice")
      .select(["kind", "visibility", "title"])
      .where("community_id", "=", parking.community_id)
      .where("subject_kind", "=", "topic")
      .where("subject_id", "=", parking.id)
      .execute();
    expect(publicity).toEqual([
      { kind: "publicity", visibility: "public", title: "决议公示：九龙洞公园建设立体免费停车场" },
    ]);
    // 架空层's resolution (an estate topic): published to the estate's residents, 18 days ago
    const frameNotice = await t.db
      .selectFrom("notice")
      .select(["kind", "visibility", "title", "estate_id", "published_at"])
      .where("community_id", "=", frame.community_id)
      .where("subject_kind", "=", "topic")
      .where("subject_id", "=", frame.id)
      .execute();
    expect(frameNotice.map(({ kind, visibility, title }) => ({ kind, visibility, title }))).toEqual([
      { kind: "publicity", visibility: "residents", title: "决议公示：省法院小区架空层改造" },
    ]);
    expect(frameNotice[0]!.estate_id).not.toBeNull();
    expect(Date.now() - new Date(frameNotice[0]!.published_at!).getTime()).toBeGreaterThan(17 * 86_400_000);
  });

  it("builds the seeds' co-building projects on the ledger: 幸福食堂 in three equal thirds, 口袋公园 by a residents' survey, 都市桃源's elevator crowdfunded in four kinds", async () => {
    const projects = await t.db
      .selectFrom("project")
      .select(["community_id", "id", "title", "status", "design_kind", "design_choice"])
      .orderBy("id")
      .execute();
    expect(projects.map((p) => [p.title, p.status])).toEqual([
      ["幸福食堂", "finished"],
      ["口袋公园", "finished"],
      ["客厅门口加装扶手和休息椅", "crowdfunding"],
      ["加装电梯众筹", "crowdfunding"],
    ]);
    const [canteen, park, , elevator] = projects;
    const sources = await t.db
      .selectFrom("project_funding_source")
      .select(["label", "planned_fen"])
      .where("project_id", "=", canteen!.id)
      .orderBy("position")
      .execute();
    expect(sources.map((s) => s.label)).toEqual(["社区自筹", "食堂让利", "政府补贴"]);
    expect(new Set(sources.map((s) => Number(s.planned_fen))).size).toBe(1);
    expect(park!.design_kind).toBe("survey");
    expect(park!.design_choice).toContain("环形步道");
    const kinds = await t.db
      .selectFrom("project_target")
      .select("kind")
      .where("project_id", "=", elevator!.id)
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(["goods", "ideas", "labour", "money"]);
    // every booking is a ledger transaction, and the cash account holds the booked balance
    for (const p of projects) {
      const last = await t.db
        .selectFrom("project_booking")
        .select(["balance_fen", "ledger_transaction_id"])
        .where("community_id", "=", p.community_id)
        .where("project_id", "=", p.id)
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow();
      const cash = await t.db
        .selectFrom("ledger_account")
        .select("balance")
        .where("community_id", "=", p.community_id)
        .where("code", "=", `project:${p.id}:cash`)
        .executeTakeFirstOrThrow();
      expect(Number(cash.balance)).toBe(Number(last.balance_fen));
      expect(last.ledger_transaction_id).not.toBeNull();
    }
    const topic = await t.db
      .selectFrom("topic")
      .select("id")
      .where("title", "=", "幸福食堂升级为社区大食堂")
      .execute();
    expect(topic).toHaveLength(1);
  });

  it("gives 绿洲社区 its points standard, adopted by survey, and this month's awards on the ledger", async () => {
    const lz = await t.db
      .selectFrom("community")
      .select("id")
      .where("code", "=", LVZHOU)
      .executeTakeFirstOrThrow();
    const standard = await t.db
      .selectFrom("points_standard")
      .select(["id", "adopted_via_kind"])
      .where("community_id", "=", lz.id)
      .executeTakeFirstOrThrow();
    expect(standard.adopted_via_kind).toBe("survey");
    const awards = await t.db
      .selectFrom("points_award")
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("points").as("points")])
      .where("community_id", "=", lz.id)
      .executeTakeFirstOrThrow();
    expect(Number(awards.n)).toBeGreaterThan(50);
    const accounts = await t.db
      .selectFrom("ledger_account")
      .select((eb) => eb.fn.sum<string>("balance").as("total"))
      .where("community_id", "=", lz.id)
      .where("code", "like", "points:resident:%")
      .executeTakeFirstOrThrow();
    // what residents spent in the points mall (exchanges not expired) left their accounts
    const spent = await t.db
      .selectFrom("mall_exchange")
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("points"), eb.lit(0)).as("points"))
      .where("community_id", "=", lz.id)
      .where("status", "<>", "expired")
      .executeTakeFirstOrThrow();
    expect(Number(spent.points)).toBeGreaterThan(0);
    expect(Number(accounts.total)).toBe(Number(awards.points) - Number(spent.points));
  });

  it("holds the seeds' volunteer teams and Suizhou's points accounts: 彭刘杨路's 11 teams for older residents, 绿洲's named teams beside 益+, 文峰塔's standard, accounts and exchange-day goods", async () => {
    const community = (code: string) =>
      t.db.selectFrom("community").select("id").where("code", "=", code).executeTakeFirstOrThrow();
    const teamsOf = async (id: number) =>
      (
        await t.db
          .selectFrom("vol_team")
          .select("name")
          .where("community_id", "=", id)
          .orderBy("id")
          .execute()
      ).map((r) => r.name);
    const ply = await community("420106007007");
    const plyTeams = await teamsOf(ply.id);
    expect(plyTeams.filter((n) => n.startsWith("为老服务"))).toHaveLength(11);
    // each led by one of the community's own residents
    const leaders = await t.db
      .selectFrom("vol_team_member as m")
      .innerJoin("resident as r", (j) => j.onRef("r.user_id", "=", "m.user_id"))
      .select("r.community_id")
      .where("m.community_id", "=", ply.id)
      .where("m.role", "=", "leader")
      .execute();
    expect(leaders).toHaveLength(11);
    expect(leaders.every((l) => l.community_id === ply.id)).toBe(true);
    const lz = await community(LVZHOU);
    expect(await teamsOf(lz.id)).toEqual(
      expect.arrayContaining(["一生益事", "益启爱", "乐善绿洲", "爱邻环保"]),
    );
    const wft = await community("421303002004");
    const standard = await t.db
      .selectFrom("points_standard")
      .select(["id", "adopted_via_kind"])
      .where("community_id", "=", wft.id)
      .executeTakeFirstOrThrow();
    expect(standard.adopted_via_kind).toBe("survey");
    const awarded = await t.db
      .selectFrom("points_award")
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("points").as("points")])
      .where("community_id", "=", wft.id)
      .executeTakeFirstOrThrow();
    expect(Number(awarded.n)).toBeGreaterThan(50);
    const held = await t.db
      .selectFrom("ledger_account")
      .select((eb) => [eb.fn.countAll<string>().as("n"), eb.fn.sum<string>("balance").as("total")])
      .where("community_id", "=", wft.id)
      .where("code", "like", "points:resident:%")
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBeGreaterThan(50);
    expect(Number(held.total)).toBe(Number(awarded.points));
    const goods = await t.db
      .selectFrom("mall_item")
      .select("name")
      .where("community_id", "=", wft.id)
      .execute();
    expect(goods.map((g) => g.name).join()).toMatch(/卫生纸.*洗衣粉/);
  });

  it("changes nothing when run again", async () => {
    const before = await countRows(t.db);
    const again = await ensureDemoData(t.db, t.config, () => {});
    expect(again).toEqual(accounts);
    expect(await countRows(t.db)).toEqual(before);
  });
});

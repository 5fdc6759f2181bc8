import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import { type GeneratedDistrict, generateDistrict } from "./synthetic-district.ts";

describe("synthetic district", () => {
  let t: TestApp;
  let d: GeneratedDistrict;

  beforeAll(async () => {
    t = await createTestApp();
    d = await generateDistrict(t.db, {
      streets: 2,
      communities: 4,
      residents: 5_000,
      seed: 7,
      gridWorkers: 3,
    });
  });
  afterAll(() => t?.close());

  const count = async (query: string) =>
    Number((await sql.raw<{ n: number }>(query).execute(t.db)).rows[0]!.n);

  it("builds the requested sizes, with ~2.6 people per household and ~300 households per grid", async () => {
    expect(await count("select count(*) as n from street")).toBe(2);
    expect(await count("select count(*) as n from community")).toBe(4);
    expect(await count("select count(*) as n from resident")).toBe(5_000);
    const households = await count("select count(*) as n from household");
    expect(households).toBe(d.households);
    expect(5_000 / households).toBeGreaterThan(2.3);
    expect(5_000 / households).toBeLessThan(2.9);
    const grids = await count("select count(*) as n from grid");
    expect(grids).toBe(d.grids);
    expect(households / grids).toBeGreaterThan(200);
    expect(households / grids).toBeLessThan(400);
    expect(await count("select count(*) as n from building")).toBe(d.buildings);
    expect(await count("select count(*) as n from unit")).toBe(d.units);
    // every household has people, every community has grids
    expect(
      await count(
        "select count(*) as n from household h where not exists (select 1 from resident r where r.community_id = h.community_id and r.household_id = h.id)",
      ),
    ).toBe(0);
    expect(
      await count(
        "select count(*) as n from community c where not exists (select 1 from grid g where g.community_id = c.id)",
      ),
    ).toBe(0);
  });

  it("keeps every household's grid_id equal to its building's", async () => {
    expect(
      await count(`select count(*) as n from household h
        join building b on b.community_id = h.community_id and b.id = h.building_id
        where h.grid_id is distinct from b.grid_id`),
    ).toBe(0);
    // and units belong to the household's building
    expect(
      await count(`select count(*) as n from household h
        join unit u on u.community_id = h.community_id and u.id = h.unit_id
        where u.building_id <> h.building_id`),
    ).toBe(0);
  });

  it("gives residents names, unique phones with their tails, birth dates and relations", async () => {
    const phones = (
      await sql<{ n: number; d: number; bad: number }>`
      select count(phone) as n, count(distinct phone) as d,
        count(*) filter (where phone !~ '^1[3-9][0-9]{9}$' or phone_tail <> right(phone, 4)) as bad
      from resident`.execute(t.db)
    ).rows[0]!;
    expect(Number(phones.n)).toBeGreaterThan(4_000);
    expect(Number(phones.d)).toBe(Number(phones.n));
    expect(Number(phones.bad)).toBe(0);
    expect(
      await count("select count(*) as n from resident where char_length(name) not between 2 and 3"),
    ).toBe(0);
    expect(
      await count("select count(*) as n from resident where birth_date is null or relation is null"),
    ).toBe(0);
    expect(
      await count("select count(*) as n from resident where cardinality(care_tags) > 0"),
    ).toBeGreaterThan(0);
  });

  it("creates staff who can sign in with the shared password and search their grid", async () => {
    expect(d.staff.filter((s) => s.role === "community_worker")).toHaveLength(4);
    expect(d.staff.filter((s) => s.role === "street_official")).toHaveLength(2);
    const worker = d.staff.find((s) => s.role === "grid_worker")!;
    const signIn = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone: worker.phone, password: d.password },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = signIn.cookies.find((c) => c.name === "linli_session")!;
    const res = await t.app.inject({
      method: "GET",
      url: `/api/communities/${worker.communityId}/residents?gridId=${worker.gridId}&pageSize=5`,
      headers: { cookie: `linli_session=${cookie.value}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().total).toBeGreaterThan(300);
    // a grid worker sees nothing of another community
    const other = d.staff.find((s) => s.role === "community_worker" && s.communityId !== worker.communityId)!;
    const out = await t.app.inject({
      method: "GET",
      url: `/api/communities/${other.communityId}/residents`,
      headers: { cookie: `linli_session=${cookie.value}` },
    });
    expect(out.statusCode).toBe(403);
  });

  it("refuses to build the same district twice", async () => {
    await expect(
      generateDistrict(t.db, { streets: 1, communities: 1, residents: 10, seed: 7 }),
    ).rejects.toThrow(/exists already/);
  });
});

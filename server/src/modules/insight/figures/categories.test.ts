// Requests by category (the big screen's panel): each count equals an independent count of a small
// fixture made here (categories of the same code in two communities are one; merged duplicates and
// days outside the period are not counted; a grid counts its own requests), the place rules are those
// of the figures, and a period over 92 days is refused in both languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  signIn,
  type TestApp,
} from "../../../../test/test-app.ts";
import { insertRequest } from "../../voice/figures/figures.fixtures.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
const cookies: Record<string, string> = {};
const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`);

const made: { communityId: number; gridId: number | null; day: string; code: string; merged: boolean }[] = [];

async function category(communityId: number, code: string, zh: string, en: string) {
  const row = await t.db
    .insertInto("request_category")
    .values({ community_id: communityId, code, name_zh: zh, name_en: en })
    .onConflict((oc) => oc.columns(["community_id", "code"]).doUpdateSet({ name_en: en }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function request(
  communityId: number,
  gridId: number | null,
  day: string,
  code: string,
  merged = false,
) {
  const ids: Record<string, number> = {
    water: await category(communityId, "water", "供水", "Water"),
    light: await category(communityId, "light", "照明", "Lighting"),
  };
  // 00:30 China time: still the day in Shanghai, the day before in UTC
  const r = await insertRequest(t.db, {
    communityId,
    gridId,
    createdAt: at(day, 0),
    status: merged ? "merged" : "submitted",
  });
  await t.db
    .updateTable("request")
    .set({ category_id: ids[code]! })
    .where("community_id", "=", communityId)
    .where("id", "=", r.id)
    .execute();
  made.push({ communityId, gridId, day, code, merged });
}

function countInJs(communityIds: number[], from: string, to: string, gridId?: number) {
  const counts = new Map<string, number>();
  for (const r of made)
    if (
      communityIds.includes(r.communityId) &&
      r.day >= from &&
      r.day <= to &&
      !r.merged &&
      (gridId == null || r.gridId === gridId)
    )
      counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  return Object.fromEntries(counts);
}

async function get(cookie: string | null, url: string) {
  const res = await t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
  return { status: res.statusCode, body: res.json() };
}
const byCode = (b: { categories: { code: string; count: number }[] }) =>
  Object.fromEntries(b.categories.map((c) => [c.code, c.count]));

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const [g0, g1] = [w.a.grids[0]!, w.a.grids[1]!];
  for (const [c, g, day, code, merged] of [
    [w.a.id, g0, "2026-03-01", "water", false],
    [w.a.id, g0, "2026-03-02", "water", false],
    [w.a.id, g1, "2026-03-02", "light", false],
    [w.a.id, g1, "2026-03-03", "water", true],
    [w.a.id, g0, "2026-02-28", "light", false],
    [w.b.id, w.b.grids[0]!, "2026-03-10", "water", false],
    [w.b.id, null, "2026-03-31", "light", false],
    [w.c.id, null, "2026-03-05", "water", false],
  ] as const)
    await request(c, g, day, code, merged);
  const people = {
    streetA: ["street_official", "street", w.streetA],
    workerA: ["community_worker", "community", w.a.id],
    gridA: ["grid_worker", "grid", w.a.grids[0]!, w.a.id],
  } as const;
  for (const [name, [role, scope, id, community]] of Object.entries(people)) {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, role, scope, id, community ?? null);
    cookies[name] = await signIn(t, u.phone);
  }
});

afterAll(async () => {
  await t?.close();
});

describe("requests by category", () => {
  it("counts a street's requests per category code across its communities, as an independent count", async () => {
    const r = await get(
      cookies.streetA!,
      `/api/insight/figures/categories?place=street:${w.streetA}&from=2026-03-01&to=2026-03-31`,
    );
    expect(r.status).toBe(200);
    const expected = countInJs([w.a.id, w.b.id], "2026-03-01", "2026-03-31");
    expect(expected).toEqual({ water: 3, light: 2 });
    expect(byCode(r.body)).toEqual(expected);
    expect(r.body.total).toBe(5);
    expect(r.body.categories[0]).toMatchObject({ code: "water", nameZh: "供水", nameEn: "Water" });
  });

  it("counts a community and a grid of it", async () => {
    const c = await get(
      cookies.workerA!,
      `/api/insight/figures/categories?place=community:${w.a.id}&from=2026-02-01&to=2026-03-31`,
    );
    expect(byCode(c.body)).toEqual(countInJs([w.a.id], "2026-02-01", "2026-03-31"));
    const g = await get(
      cookies.gridA!,
      `/api/insight/figures/categories?place=grid:${w.a.id}:${w.a.grids[0]}&from=2026-02-01&to=2026-03-31`,
    );
    expect(g.status).toBe(200);
    expect(byCode(g.body)).toEqual(countInJs([w.a.id], "2026-02-01", "2026-03-31", w.a.grids[0]));
  });

  it("keeps the figures' place rules: a community worker cannot read the street, a grid worker the community", async () => {
    expect(
      (await get(cookies.workerA!, `/api/insight/figures/categories?place=street:${w.streetA}`)).status,
    ).toBe(403);
    expect(
      (await get(cookies.gridA!, `/api/insight/figures/categories?place=community:${w.a.id}`)).status,
    ).toBe(403);
    expect(
      (await get(cookies.streetA!, `/api/insight/figures/categories?place=community:${w.c.id}`)).status,
    ).toBe(403);
    expect((await get(null, `/api/insight/figures/categories?place=community:${w.a.id}`)).status).toBe(401);
  });

  it("refuses a period over 92 days in both languages", async () => {
    const r = await get(
      cookies.streetA!,
      `/api/insight/figures/categories?place=street:${w.streetA}&from=2026-01-01&to=2026-04-30`,
    );
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/92/);
  });
});

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/test-app.ts";
import { type DivisionFile, importDivision } from "./division-import.ts";

const readDivision = (code: string): DivisionFile =>
  JSON.parse(readFileSync(new URL(`../../../../data/divisions/${code}.json`, import.meta.url), "utf8"));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function snapshot() {
  const rows = await t.db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .innerJoin("district as d", "d.id", "s.district_id")
    .select([
      "d.id as d",
      "d.name as dn",
      "s.id as s",
      "s.name as sn",
      "c.id as c",
      "c.code",
      "c.name",
      "c.kind",
    ])
    .orderBy("c.code")
    .execute();
  return rows;
}

describe("importDivision", () => {
  it("loads a district file, and a second run changes nothing", async () => {
    const wuchang = readDivision("420106");
    const first = await importDivision(t.db, wuchang);
    expect(first.districtName).toBe("武昌区");
    expect(first.district).toEqual({ total: 1, inserted: 1, updated: 0, unchanged: 0 });
    expect(first.streets).toEqual({ total: 15, inserted: 15, updated: 0, unchanged: 0 });
    expect(first.communities).toEqual({ total: 144, inserted: 144, updated: 0, unchanged: 0 });
    const before = await snapshot();
    expect(before).toHaveLength(144);

    const second = await importDivision(t.db, wuchang);
    expect(second.districtId).toBe(first.districtId);
    expect(second.streets).toEqual({ total: 15, inserted: 0, updated: 0, unchanged: 15 });
    expect(second.communities).toEqual({ total: 144, inserted: 0, updated: 0, unchanged: 144 });
    expect(await snapshot()).toEqual(before);

    const donglong = before.find((r) => r.code === "420106005013")!;
    expect(donglong).toMatchObject({ name: "东龙社区", sn: "粮道街道", dn: "武昌区", kind: "community" });
  });

  it("renames and moves rows in place by code, and keeps a second district apart", async () => {
    const tieshan = readDivision("420205");
    await importDivision(t.db, tieshan);
    const edited = structuredClone(tieshan);
    const street = edited.streets[0]!;
    street.name = "铁山街道（新）";
    street.communities[0]!.name = "改名社区";
    const result = await importDivision(t.db, edited);
    expect(result.streets).toMatchObject({ inserted: 0, updated: 1 });
    expect(result.communities).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: street.communities.length - 1,
    });
    const renamed = await t.db
      .selectFrom("community")
      .select("name")
      .where("code", "=", street.communities[0]!.code)
      .executeTakeFirstOrThrow();
    expect(renamed.name).toBe("改名社区");
    const districts = await t.db.selectFrom("district").select("code").orderBy("code").execute();
    expect(districts.map((d) => d.code)).toEqual(["420106", "420205"]);
  });

  it("rejects a file of the wrong shape or with a repeated code, writing nothing", async () => {
    const bad = readDivision("420205");
    bad.district.code = "4202";
    await expect(importDivision(t.db, bad)).rejects.toThrow();
    const twice = readDivision("420205");
    twice.district.code = "420299";
    twice.streets[0]!.communities.push({ ...twice.streets[0]!.communities[0]! });
    await expect(importDivision(t.db, twice)).rejects.toThrow(/appears twice/);
    const districts = await t.db.selectFrom("district").select("code").execute();
    expect(districts.map((d) => d.code).sort()).toEqual(["420106", "420205"]);
  });
});

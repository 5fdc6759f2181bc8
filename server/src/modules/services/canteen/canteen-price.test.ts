// Property tests of the canteen's prices (issue 15): for any cost and any rule the parts of the split are
// non-negative integers of fen that add up exactly to the meal's cost; the first applicable rule wins.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ageOn, FULL_PRICE, type PriceRule, ruleFor, splitOf } from "./canteen-price.ts";

const arbRule = fc
  .tuple(fc.nat(100), fc.nat(100), fc.option(fc.nat(1_000_000), { nil: null }))
  .filter(([c, d]) => c + d <= 100)
  .map(
    ([c, d, residentFen]): PriceRule => ({
      ...FULL_PRICE,
      id: 1,
      position: 1,
      name: "r",
      residentFen,
      communityPct: c,
      discountPct: d,
      subsidyPct: 100 - c - d,
    }),
  );

describe("the funding split", () => {
  it("parts are non-negative integers of fen that sum exactly to the cost", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), arbRule, (cost, rule) => {
        const s = splitOf(cost, rule);
        const parts = [s.residentFen, s.communityFen, s.discountFen, s.subsidyFen];
        for (const p of parts) {
          expect(Number.isInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
        }
        expect(parts.reduce((a, b) => a + b, 0)).toBe(cost);
        expect(s.costFen).toBe(cost);
        if (rule.residentFen != null) expect(s.residentFen).toBe(Math.min(rule.residentFen, cost));
      }),
      { numRuns: 2000 },
    );
  });

  it("Donglong's 65+ lunch: 22 yuan cost, the resident pays 10 yuan", () => {
    const s = splitOf(2200, {
      ...FULL_PRICE,
      residentFen: 1000,
      communityPct: 50,
      discountPct: 25,
      subsidyPct: 25,
    });
    expect(s).toEqual({
      costFen: 2200,
      residentFen: 1000,
      communityFen: 600,
      discountFen: 300,
      subsidyFen: 300,
    });
  });
});

describe("which rule applies", () => {
  const rules: PriceRule[] = [
    { ...FULL_PRICE, id: 2, position: 2, name: "65岁以上", minAge: 65, residentFen: 1000 },
    {
      ...FULL_PRICE,
      id: 1,
      position: 1,
      name: "80岁以上或困难",
      minAge: 80,
      careTags: ["困难"],
      residentFen: 500,
    },
    { ...FULL_PRICE, id: 3, position: 3, name: "其他居民", residentFen: null },
  ];
  it("takes the first in order that applies (by age or care tag)", () => {
    expect(ruleFor(rules, 68, []).name).toBe("65岁以上");
    expect(ruleFor(rules, 81, []).name).toBe("80岁以上或困难");
    expect(ruleFor(rules, 40, ["困难"]).name).toBe("80岁以上或困难");
    expect(ruleFor(rules, 40, []).name).toBe("其他居民");
    expect(ruleFor(rules, null, []).name).toBe("其他居民");
    expect(ruleFor([], 90, []).name).toBe("全价");
  });
  it("ages are counted on the meal's day", () => {
    expect(ageOn("1958-06-01", "2026-05-31")).toBe(67);
    expect(ageOn("1958-06-01", "2026-06-01")).toBe(68);
    expect(ageOn(null, "2026-06-01")).toBeNull();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 }), (age, min) => {
        const r = ruleFor(
          [{ ...FULL_PRICE, id: 9, position: 1, name: "x", minAge: min, residentFen: 0 }],
          age,
          [],
        );
        expect(r.name === "x").toBe(age >= min);
      }),
    );
  });
});

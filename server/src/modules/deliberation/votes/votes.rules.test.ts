// The counting rules against a second, independent reading of the law written here (not the
// module's code): random electorates and ballots, and the exact boundaries 2/3, 3/4 and 1/2.
// 民法典第二百七十八条第二款; 第一千二百五十九条 ("以上" includes the boundary, "过半数" is strictly more);
// 建筑物区分所有权解释第八、九条.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decide, groupOwners, type Measure, type RegisterPart } from "./votes.rules.ts";

// ---- the second reading -------------------------------------------------------------------------
// A fraction compared by the sign of a cross product; no multiplication helper shared with the module.
type Frac = [bigint, bigint];
const cmp = ([a, b]: Frac, [c, d]: Frac) => {
  const s = a * d - c * b;
  return s > 0n ? 1 : s < 0n ? -1 : 0;
};
const share = (part: bigint, whole: bigint): Frac => [part, whole];

/** Art. 278: who took part, and whether "yes" carried each question, as the text reads. */
function secondReading(
  matter: number,
  e: Measure,
  p: Measure,
  yes: Measure[],
): { quorum: boolean; passed: boolean[] } {
  const twoThirds: Frac = [2n, 3n];
  const quorum =
    e.area !== 0n &&
    e.heads !== 0n &&
    cmp(share(p.area, e.area), twoThirds) >= 0 &&
    cmp(share(p.heads, e.heads), twoThirds) >= 0;
  const special = matter === 6 || matter === 7 || matter === 8;
  const passed = yes.map((y) => {
    if (!quorum || p.area === 0n || p.heads === 0n) return false;
    if (special)
      return cmp(share(y.area, p.area), [3n, 4n]) >= 0 && cmp(share(y.heads, p.heads), [3n, 4n]) >= 0;
    return cmp(share(y.area, p.area), [1n, 2n]) > 0 && cmp(share(y.heads, p.heads), [1n, 2n]) > 0;
  });
  return { quorum, passed };
}

/** Art. 9 read directly: distinct buyers, plus one for the developer if it still holds any part. */
function headsByArt9(parts: { owner: number | "dev"; area: bigint }[]) {
  const buyers = new Set(parts.filter((x) => x.owner !== "dev").map((x) => x.owner));
  const developer = parts.some((x) => x.owner === "dev") ? 1 : 0;
  return { heads: buyers.size + developer, area: parts.reduce((s, x) => s + x.area, 0n) };
}

// ---- generators ---------------------------------------------------------------------------------
const arbPart = fc.record({
  owner: fc.oneof(fc.constant("dev" as const), fc.integer({ min: 1, max: 40 })),
  area: fc.bigInt({ min: 1n, max: 3_000_000n }),
});

const arbElection = fc.array(arbPart, { minLength: 1, maxLength: 120 }).chain((parts) =>
  fc.record({
    parts: fc.constant(parts),
    matter: fc.integer({ min: 1, max: 9 }),
    // per owner (index in the grouped list): not voting, or a choice for each of 2 questions
    ballots: fc.array(
      fc.oneof(fc.constant(null), fc.tuple(fc.constantFrom("Y", "N", "A"), fc.constantFrom("Y", "N", "A"))),
      {
        minLength: parts.length,
        maxLength: parts.length,
      },
    ),
  }),
);

const toRegister = (parts: { owner: number | "dev"; area: bigint }[]): RegisterPart[] =>
  parts.map((x, i) => ({
    householdId: i + 1,
    areaCm2: x.area,
    developerHeld: x.owner === "dev",
    ownerKeys: x.owner === "dev" ? [] : [`person:${x.owner}`],
  }));

describe("votes: counting rules against a second reading of the law", () => {
  it("groups owners as Art. 9 counts them (one per buyer, the developer's parts once) and keeps every part's area", () => {
    fc.assert(
      fc.property(fc.array(arbPart, { minLength: 1, maxLength: 200 }), (parts) => {
        const voters = groupOwners(toRegister(parts));
        const expected = headsByArt9(parts);
        expect(voters.length).toBe(expected.heads);
        expect(voters.reduce((s, v) => s + v.areaCm2, 0n)).toBe(expected.area);
        expect(voters.flatMap((v) => v.householdIds).sort((a, b) => a - b)).toEqual(
          parts.map((_, i) => i + 1),
        );
        expect(voters.filter((v) => v.developer).length).toBe(parts.some((x) => x.owner === "dev") ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it("co-owners of one part and a person holding two parts are one owner", () => {
    const voters = groupOwners([
      { householdId: 1, areaCm2: 100n, developerHeld: false, ownerKeys: ["a", "b"] },
      { householdId: 2, areaCm2: 200n, developerHeld: false, ownerKeys: ["b"] },
      { householdId: 3, areaCm2: 300n, developerHeld: false, ownerKeys: ["c"] },
      { householdId: 4, areaCm2: 400n, developerHeld: true, ownerKeys: [] },
      { householdId: 5, areaCm2: 500n, developerHeld: true, ownerKeys: [] },
    ]);
    expect(voters.map((v) => [v.householdIds, v.areaCm2, v.developer])).toEqual([
      [[1, 2], 300n, false],
      [[3], 300n, false],
      [[4, 5], 900n, true],
    ]);
  });

  it("decides every random election as the second reading does", () => {
    fc.assert(
      fc.property(arbElection, ({ parts, matter, ballots }) => {
        const voters = groupOwners(toRegister(parts));
        const e: Measure = { area: voters.reduce((s, v) => s + v.areaCm2, 0n), heads: BigInt(voters.length) };
        const p: Measure = { area: 0n, heads: 0n };
        const counts = [0, 1].map(() => ({
          yes: { area: 0n, heads: 0n },
          no: { area: 0n, heads: 0n },
          abstain: { area: 0n, heads: 0n },
        }));
        voters.forEach((v, i) => {
          const b = ballots[i];
          if (!b) return;
          p.area += v.areaCm2;
          p.heads += 1n;
          b.forEach((c, qi) => {
            const slot = c === "Y" ? counts[qi]!.yes : c === "N" ? counts[qi]!.no : counts[qi]!.abstain;
            slot.area += v.areaCm2;
            slot.heads += 1n;
          });
        });
        const d = decide(matter, e, p, counts);
        const r = secondReading(
          matter,
          e,
          p,
          counts.map((c) => c.yes),
        );
        expect(d.quorum).toBe(r.quorum);
        expect(d.questions.map((x) => x.passed)).toEqual(r.passed);
      }),
      { numRuns: 500 },
    );
  });

  it("hits the boundaries exactly: 2/3 and 3/4 include the boundary, more than half does not", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 9 }),
        (k, h, matter) => {
          const K = BigInt(h);
          // participation exactly 2/3 of area and heads: quorate; one less of either: not
          const e = { area: 3n * k * 4n, heads: 3n * K * 4n };
          const p = { area: 2n * k * 4n, heads: 2n * K * 4n };
          const exact = decide(matter, e, p, []);
          expect(exact.quorum).toBe(true);
          expect(decide(matter, e, { ...p, area: p.area - 1n }, []).quorum).toBe(false);
          expect(decide(matter, e, { ...p, heads: p.heads - 1n }, []).quorum).toBe(false);
          // p = 8k area / 8K heads: 3/4 = 6k / 6K; 1/2 = 4k / 4K
          const at = (area: bigint, heads: bigint) =>
            decide(matter, e, p, [
              { yes: { area, heads }, no: { area: 0n, heads: 0n }, abstain: { area: 0n, heads: 0n } },
            ]).questions[0]!.passed;
          const major = matter >= 6 && matter <= 8;
          expect(at(6n * k, 6n * K)).toBe(true); // exactly 3/4 (and more than half)
          expect(at(6n * k - 1n, 6n * K)).toBe(!major && 6n * k - 1n > 4n * k);
          expect(at(6n * k, 6n * K - 1n)).toBe(!major && 6n * K - 1n > 4n * K);
          expect(at(4n * k, 4n * K)).toBe(false); // exactly half is not more than half
          expect(at(4n * k + 1n, 4n * K + 1n)).toBe(!major);
          expect(secondReading(matter, e, p, [{ area: 4n * k, heads: 4n * K }]).passed[0]).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is not quorate with an empty electorate and passes nothing without participants", () => {
    const zero = { area: 0n, heads: 0n };
    expect(decide(1, zero, zero, [{ yes: zero, no: zero, abstain: zero }]).questions[0]!.passed).toBe(false);
    expect(decide(6, { area: 10n, heads: 1n }, zero, [{ yes: zero, no: zero, abstain: zero }]).quorum).toBe(
      false,
    );
  });
});

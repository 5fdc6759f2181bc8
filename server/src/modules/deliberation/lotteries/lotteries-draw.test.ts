// The draw as docs/lotteries.md describes it: a permutation of the list, the same from the same inputs
// (so the export alone reproduces it), unbiased below(n), and verify catches any tampering.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CounterStream,
  canonicalList,
  commitmentOf,
  draw,
  EXPORT_FORMAT,
  type LotteryExport,
  listHashOf,
  seedOf,
  shuffle,
  verifyExport,
} from "./lotteries-draw.ts";

const applicantsOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ ticket: i + 1, label: `张某 · ${(i % 9) + 1}栋` }));

function exportOf(secret: string, publicInput: string, n: number, places: number): LotteryExport {
  const applicants = applicantsOf(n);
  const items = Array.from({ length: places }, (_, k) => `B-${k + 1}`);
  const r = draw({ secret, publicInput, applicants, places, items });
  return {
    format: EXPORT_FORMAT,
    lottery: { id: 1, communityId: 1, title: "车位摇号", places, items },
    commitment: commitmentOf(secret),
    applicants,
    applicantListHash: r.listHash,
    secret,
    publicInput,
    result: { order: r.order, winners: r.winners, waitingList: r.waitingList },
    declines: [],
  };
}

describe("the lottery draw", () => {
  it("follows the documented vectors (SHA-256 of UTF-8, tab/newline list, big-endian counter)", () => {
    expect(commitmentOf("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(canonicalList([{ ticket: 1, label: "王某 · 1栋" }])).toBe("1\t王某 · 1栋\n");
    // the documented example of docs/lotteries.md
    const e = exportOf("secret-for-the-docs", "3 5 6", 12, 5);
    expect(e.commitment).toBe("2ad48c689b35c78fed25851bb45aeb822ced8f152793549c2204bef50bb0eac1");
    expect(e.applicantListHash).toBe("1f221461148d16e4e0c97c56fc97a91b8b3ba34919482e5fbe6d6e8f1e0ae26a");
    expect(seedOf("secret-for-the-docs", "3 5 6", e.applicantListHash).toString("hex")).toBe(
      "0423437c380d7e38b8564b2b115a9f673ba20bc7e817d47eac21881aded6915c",
    );
    expect(e.result!.order).toEqual([2, 5, 7, 3, 10, 1, 8, 12, 11, 6, 9, 4]);
    expect(e.result!.winners.map((x) => `${x.ticket}:${x.item}`)).toEqual([
      "2:B-1",
      "5:B-2",
      "7:B-3",
      "3:B-4",
      "10:B-5",
    ]);
  });

  it("is a permutation, reproducible from the same inputs, for any list and seed", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 300 }), (secret, input, n) => {
        const list = applicantsOf(n);
        const seed = seedOf(secret, input, listHashOf(list));
        const once = shuffle(
          list.map((a) => a.ticket),
          seed,
        );
        const twice = shuffle(
          list.map((a) => a.ticket),
          seed,
        );
        expect(twice).toEqual(once);
        expect([...once].sort((x, y) => x - y)).toEqual(list.map((a) => a.ticket));
      }),
    );
  });

  it("below(n) stays in range and skips the biased top of the 32-bit range", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 2 ** 32 }),
        (s, n) => {
          const stream = new CounterStream(Buffer.from(s));
          for (let i = 0; i < 20; i++) {
            const v = stream.below(n);
            expect(Number.isInteger(v) && v >= 0 && v < n).toBe(true);
          }
        },
      ),
    );
    // n = 3: 2^32 mod 3 = 1, so the word 2^32 − 1 is skipped; in a fair stream every value comes up
    const stream = new CounterStream(Buffer.alloc(32, 7));
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[stream.below(3)]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it("verify accepts an honest export and detects every kind of tampering", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string(),
        // at least 12 applicants: two seeds giving the same order of 12 has odds of 1 in 479,001,600
        fc.integer({ min: 12, max: 60 }),
        fc.integer({ min: 1, max: 10 }),
        fc.nat(),
        fc.constantFrom(
          "swap-order",
          "secret",
          "input",
          "label",
          "drop-applicant",
          "winner",
          "waiting",
          "commitment",
        ),
        (secret, input, n, placesWanted, pick, tamper) => {
          const places = Math.min(placesWanted, n - 1);
          const e = exportOf(secret, input, n, places);
          expect(verifyExport(e).ok).toBe(true);
          const bad: LotteryExport = structuredClone(e);
          const r = bad.result!;
          switch (tamper) {
            case "swap-order":
              [r.order[0], r.order[1]] = [r.order[1]!, r.order[0]!];
              break;
            case "secret":
              bad.secret = `${secret}x`;
              break;
            case "input":
              bad.publicInput = `${input}1`;
              break;
            case "label":
              bad.applicants[pick % n]!.label += "改";
              break;
            case "drop-applicant":
              bad.applicants.splice(pick % n, 1);
              break;
            case "winner":
              r.winners[0] = { ticket: r.waitingList[0]!, item: r.winners[0]!.item };
              break;
            case "waiting":
              r.waitingList.reverse();
              if (r.waitingList.length < 2) r.waitingList.push(r.winners[0]!.ticket);
              break;
            case "commitment":
              bad.commitment = commitmentOf(`${secret}!`);
              break;
          }
          expect(verifyExport(bad).ok).toBe(false);
        },
      ),
    );
  });

  it("draws 10,000 applicants (the benchmark's size) into winners and a waiting list", () => {
    const r = draw({
      secret: "s",
      publicInput: "",
      applicants: applicantsOf(10_000),
      places: 300,
      items: [],
    });
    expect(r.winners).toHaveLength(300);
    expect(r.waitingList).toHaveLength(9_700);
    expect(new Set(r.order).size).toBe(10_000);
  });
});

// The ranking of a contest's round (D6, E3), pure so that it can be tested alone and read in one place.
//
// Each judge fills one sheet per entry: an integer 0…scoreMax per criterion. A sheet's weighted score
// is Σ(score × weight) ÷ Σweight; an entry's score is the mean of its sheets (judges who did not
// score it are left out, not counted as 0). Entries are ordered by:
//   1. the higher score (compared exactly, as fractions — no rounding decides a place);
//   2. then more public supports (支持);
//   3. then the earlier submission;
//   4. then the lower entry number.
// Entries nobody scored come after all scored ones, in the same order of 2–4. Places are 1…n with no
// shared ranks (the tie-break always decides). docs/contests.md says the same to users.
import type { TCriterion } from "./contests.schema.ts";

export const TIE_BREAK =
  "加权平均分高者在前；同分时支持数多者在前；再同时提交早者在前 (higher weighted mean first; then more supports; then earlier submission)";

export interface RankInput {
  entryId: number;
  supports: number;
  submittedAt: Date;
  sheets: number[][];
}

export interface Ranked extends RankInput {
  rank: number;
  /** Σ over sheets of Σ score × weight */
  num: number;
  /** Σweight × number of sheets (0: unscored) */
  den: number;
  score: number | null;
}

export function weighted(scores: number[], criteria: TCriterion[]): number {
  const w = criteria.reduce((s, c) => s + c.weight, 0);
  return scores.reduce((s, x, i) => s + x * (criteria[i]?.weight ?? 0), 0) / w;
}

export function rankEntries(entries: RankInput[], criteria: TCriterion[]): Ranked[] {
  const W = criteria.reduce((s, c) => s + c.weight, 0);
  const rows = entries.map((e) => {
    const num = e.sheets.reduce(
      (s, sheet) => s + sheet.reduce((t, x, i) => t + x * (criteria[i]?.weight ?? 0), 0),
      0,
    );
    const den = W * e.sheets.length;
    return { ...e, num, den, score: den ? Math.round((num / den) * 100) / 100 : null, rank: 0 };
  });
  rows.sort((a, b) => {
    if (a.den === 0 || b.den === 0) {
      if (a.den !== b.den) return a.den === 0 ? 1 : -1;
    } else {
      const diff = b.num * a.den - a.num * b.den; // b/a compared without division
      if (diff !== 0) return diff;
    }
    if (a.supports !== b.supports) return b.supports - a.supports;
    const t = a.submittedAt.getTime() - b.submittedAt.getTime();
    if (t !== 0) return t;
    return a.entryId - b.entryId;
  });
  rows.forEach((r, i) => {
    r.rank = i + 1;
  });
  return rows;
}

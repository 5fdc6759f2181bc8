// The arithmetic of a residents' meeting (居民会议), in integers only (cross-multiplication, no floats).

// Organic Law of Urban Residents' Committees Art. 9: the meeting is held only with more than half (过半数) of the eligible present.
export const hasQuorum = (present: number, eligible: number): boolean => 2 * present > eligible;

// Organic Law of Urban Residents' Committees Art. 9: a decision passes with more than half of those present (出席人的过半数), not of those voting.
export const decisionPasses = (yes: number, present: number): boolean => 2 * yes > present;

/** The fewest present (or votes for) that make more than half of `of`. */
export const moreThanHalfOf = (of: number): number => Math.floor(of / 2) + 1;

/**
 * The latest birth date of an adult (18 or older, Organic Law Art. 9 "十八周岁以上") on the given day in
 * China time, as YYYY-MM-DD: someone born on 29 February comes of age on 1 March in a common year.
 */
export function adultBornOnOrBefore(now: Date): string {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const y = china.getUTCFullYear() - 18;
  const m = china.getUTCMonth() + 1;
  let d = china.getUTCDate();
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (m === 2 && d === 29 && !leap) d = 28;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

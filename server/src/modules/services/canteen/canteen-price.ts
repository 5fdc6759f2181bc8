// Pricing a meal (pure): the first rule in order that applies to the person (by age on the meal's day or
// by a care tag), and the funding split of the meal's cost under it. The parts are non-negative integers of
// fen that always add up to the cost: the resident's part is capped at the cost, the rest is shared by
// percentage with the government subsidy taking what rounding leaves.

export interface PriceRule {
  id: number | null;
  position: number;
  name: string;
  minAge: number | null;
  careTags: string[];
  residentFen: number | null;
  communityPct: number;
  discountPct: number;
  subsidyPct: number;
}
export interface Split {
  costFen: number;
  residentFen: number;
  communityFen: number;
  discountFen: number;
  subsidyFen: number;
}

/** No rule applies: the resident pays the full cost. */
export const FULL_PRICE: PriceRule = {
  id: null,
  position: 0,
  name: "全价",
  minAge: null,
  careTags: [],
  residentFen: null,
  communityPct: 0,
  discountPct: 0,
  subsidyPct: 100,
};

export function ageOn(birthDate: string | null, day: string): number | null {
  if (!birthDate) return null;
  const [by, bm, bd] = birthDate.slice(0, 10).split("-").map(Number);
  const [y, m, d] = day.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function applies(rule: PriceRule, age: number | null, tags: readonly string[]): boolean {
  if (rule.minAge == null && rule.careTags.length === 0) return true;
  if (rule.minAge != null && age != null && age >= rule.minAge) return true;
  return rule.careTags.some((t) => tags.includes(t));
}

export function ruleFor(rules: readonly PriceRule[], age: number | null, tags: readonly string[]): PriceRule {
  return [...rules].sort((a, b) => a.position - b.position).find((r) => applies(r, age, tags)) ?? FULL_PRICE;
}

export function splitOf(costFen: number, rule: PriceRule): Split {
  const residentFen = rule.residentFen == null ? costFen : Math.min(rule.residentFen, costFen);
  const rest = costFen - residentFen;
  const communityFen = Math.floor((rest * rule.communityPct) / 100);
  const discountFen = Math.floor((rest * rule.discountPct) / 100);
  const subsidyFen = rest - communityFen - discountFen;
  return { costFen, residentFen, communityFen, discountFen, subsidyFen };
}

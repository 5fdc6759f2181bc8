// The vocabulary of 好差评 (DOMAIN V5: "good/average/poor plus comment, 点赞/吐槽"), one for every
// thing residents rate: a resolved request (requests module) and a space or service (this module).
// Both import it from here, so the values, the words and the comment limit cannot drift apart.
import { z } from "zod";

export const RATINGS = ["good", "average", "poor"] as const;
export type RatingValue = (typeof RATINGS)[number];

export const ZRating = z.enum(RATINGS).describe("好评 / 一般 / 差评");

/** A comment goes with any rating and is never required, a poor one included (as for requests). */
export const RATING_COMMENT_MAX = 500;
export const ZRatingComment = z.string().trim().max(RATING_COMMENT_MAX);

/** The words of a rating in notifications (the web app has the same ones in its i18n `rating` group). */
export const RATING_WORDS: Record<RatingValue, { zh: string; en: string }> = {
  good: { zh: "好评", en: "good" },
  average: { zh: "一般", en: "average" },
  poor: { zh: "差评", en: "poor" },
};

/**
 * Satisfaction (满意率) as the public board defines it for requests (figures.service.ts
 * `presentFigures`): good ratings ÷ ratings, in percent with one decimal; null when nothing is rated.
 */
export function satisfactionPct(good: number, rated: number): number | null {
  return rated > 0 ? Math.round((1000 * good) / rated) / 10 : null;
}

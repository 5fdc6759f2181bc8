// The events of points (S1–S3). Payloads name the award rows — never a person (a consumer that needs
// the resident reads the award through this module's service). The consumer that earns points by
// itself from other modules' events is in points-earned.events.ts.
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const pointsAwarded = defineEvent({
  type: "points.awarded",
  version: 1,
  aggregate: "points_award",
  payload: z.object({ awardIds: z.array(z.number().int().positive()).min(1) }),
  description:
    "points awarded or deducted under the community's standard, by staff with evidence or earned by themselves (one award row each)",
});

export const POINTS_EVENTS = [pointsAwarded];

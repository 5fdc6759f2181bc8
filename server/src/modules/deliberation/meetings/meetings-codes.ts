// The codes of meeting sign-in (D3): the rotating code and the personal code live in
// access/sign-in-codes.ts (volunteer check-in uses them too); these are the meeting's names for them.
import { checkRotatingCode, rotatingCodeAt } from "../../../access/sign-in-codes.ts";
import type { Config } from "../../../config.ts";

export {
  PERSONAL_CODE_SECONDS,
  personalCodeFor,
  readPersonalCode,
  WINDOW_SECONDS,
  windowOf,
} from "../../../access/sign-in-codes.ts";

export const signInCodeAt = (
  config: Pick<Config, "piiKey">,
  communityId: number,
  meetingId: number,
  at: Date,
) => rotatingCodeAt(config, "meetings", communityId, meetingId, at);

/** ok: this window's code or the previous one's; expired: an older one's (within 2 hours); else wrong. */
export const checkSignInCode = (
  config: Pick<Config, "piiKey">,
  communityId: number,
  meetingId: number,
  code: string,
  at: Date,
) => checkRotatingCode(config, "meetings", communityId, meetingId, code, at);

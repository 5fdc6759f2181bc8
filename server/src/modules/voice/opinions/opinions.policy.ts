// Replying to the anonymous opinion box (V8).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF } from "../../../access/roles.ts";

export const opinionsPolicy = definePolicy({
  module: "opinions",
  permissions: {
    "opinions.reply": [...COMMUNITY_STAFF],
  },
});

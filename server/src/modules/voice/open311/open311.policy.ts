// A community's Open311 API keys (V7).
import { definePolicy } from "../../../access/policy.ts";

export const open311Policy = definePolicy({
  module: "open311",
  permissions: {
    "open311.keys": ["community_secretary"],
  },
});

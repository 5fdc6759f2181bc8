// The SMS outbox (the built-in SMS adapter's messages): the system admin only.
import { definePolicy } from "../../../access/policy.ts";

export const authPolicy = definePolicy({
  module: "auth",
  permissions: {
    "sms.outbox.read": [],
  },
});

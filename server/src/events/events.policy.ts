// The event consumers and their dead letters: the system admin only.
import { definePolicy } from "../access/policy.ts";

export const eventsPolicy = definePolicy({
  module: "events",
  permissions: {
    "events.admin": [],
  },
});

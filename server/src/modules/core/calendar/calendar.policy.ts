// China's working-day calendar (holidays, 调休): the system admin only.
import { definePolicy } from "../../../access/policy.ts";

export const calendarPolicy = definePolicy({
  module: "calendar",
  permissions: {
    "calendar.write": [],
  },
});

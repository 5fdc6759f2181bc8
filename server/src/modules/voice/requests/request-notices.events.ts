// The place's staff hear of a new request (V1/V2): the `request-notices` consumer reacts to
// request.submitted by notifying the grid's workers (or the community's staff when the place has no grid
// or its grid no worker), except whoever submitted it, in-app and by SMS as each has chosen. It runs in
// the consumer's transaction, so a crash before its commit leaves the event to be handled again, and the
// notices exist once; the submission itself stays one short statement.
import { defineConsumer } from "../../../events/define.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { requestSubmitted } from "./requests.events.ts";
import { placeStaffQuery, submissionNotice } from "./requests.queries.ts";
import { KIND_ZH } from "./requests.schema.ts";
import { formatDue, staffLink } from "./requests.service.ts";

export const requestNoticesConsumer = defineConsumer({
  name: "request-notices",
  description: "tells the place's staff of each submitted request (in-app and SMS by their choice)",
  events: [requestSubmitted],
  async handle(trx, event) {
    const c = event.communityId;
    const r = await submissionNotice(trx, c, event.aggregateId);
    if (!r) return;
    const { rows } = await placeStaffQuery(c, r.grid_id).execute(trx);
    const userIds = rows.map((s) => s.user_id).filter((u) => u !== event.actorUserId);
    const due = formatDue(new Date(r.sign_due_at));
    await notify(trx, {
      userIds,
      communityId: c,
      kind: "request.submitted",
      titleZh: `新${KIND_ZH[r.kind] ?? r.kind}：${r.title}`,
      titleEn: `New ${r.kind}: ${r.title}`,
      bodyZh: `${r.name_zh}，请在 ${due} 前签收`,
      bodyEn: `${r.name_en}; sign for it by ${due}`,
      link: staffLink(c, r.id),
    });
  },
});

export const REQUEST_NOTICE_CONSUMERS = [requestNoticesConsumer];

// The staff meetings list as Excel: the list's filters and reach through the roles that hold data.export
// as well as meetings.read (a grid worker: their grids); at most 5,000 meetings; audited like every export.
import type { Kysely } from "kysely";
import { authorizeWithin, exportingActor, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { communityName } from "../../core/people/people.service.ts";
import { MEETING_KIND_ZH, type TMeetingsQuery } from "./meetings.schema.ts";
import { listMeetingsOf } from "./meetings.service.ts";

const MAX_ROWS = 5000;
const DATE = "yyyy-mm-dd hh:mm";
const COLUMNS: SheetColumn[] = [
  { header: "编号 / No.", width: 8 },
  { header: "类型 / Kind", width: 12 },
  { header: "主题 / Title", width: 30 },
  { header: "开始 / Starts", width: 17, numFmt: DATE },
  { header: "结束 / Ends", width: 17, numFmt: DATE },
  { header: "地点 / Place", width: 28 },
  { header: "受邀人数 / Invited people", width: 10 },
  { header: "受邀单位 / Invited parties", width: 10 },
  { header: "签到人数 / Attended", width: 10 },
  { header: "状态 / Status", width: 8 },
];
const shanghaiCell = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);

export async function exportMeetings(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  filters: Omit<TMeetingsQuery, "limit" | "offset">,
) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "meetings.read", communityId);
  const page = await listMeetingsOf(db, exporter, communityId, { ...filters, limit: MAX_ROWS, offset: 0 });
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "meetings",
    targetId: "xlsx",
    after: { format: "xlsx", filters, rows: page.items.length, total: page.total },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "会议列表",
        columns: COLUMNS,
        notes:
          page.total > MAX_ROWS ? [`只导出了前 ${MAX_ROWS} 场 / only the first ${MAX_ROWS} meetings`] : [],
      },
      page.items.map((m) => [
        m.id,
        MEETING_KIND_ZH[m.kind],
        m.title,
        shanghaiCell(m.startsAt),
        shanghaiCell(m.endsAt),
        [m.place.estateName, m.place.buildingName, m.place.venue].filter(Boolean).join(" ") || null,
        m.invitedPeople,
        m.invitedParties,
        m.attended,
        m.cancelled ? "已取消" : "正常",
      ]),
      sink,
    ),
  );
  const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const name = await communityName(db, communityId);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `meetings-${communityId}-${stamp}.xlsx`,
      `会议列表-${name}-${stamp}.xlsx`,
    ),
    rows: page.items.length,
    body,
  };
}

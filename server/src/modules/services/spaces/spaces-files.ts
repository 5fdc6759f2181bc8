// The bookings list as Excel (writeWorkbook, as the canteen's orders board). Times in China time;
// phones masked.
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import type { presentBooking } from "./spaces.service.ts";
import { STATUS_ZH } from "./spaces.service.ts";

const COLUMNS = [
  { header: "编号", width: 8 },
  { header: "场地", width: 16 },
  { header: "日期", width: 12 },
  { header: "开始", width: 8 },
  { header: "结束", width: 8 },
  { header: "预约方", width: 16 },
  { header: "电话", width: 14 },
  { header: "用途", width: 28 },
  { header: "人数", width: 8 },
  { header: "公约版本", width: 10 },
  { header: "状态", width: 10 },
  { header: "审核意见", width: 20 },
];

export async function bookingsXlsx(communityId: number, rows: ReturnType<typeof presentBooking>[]) {
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "场地预约", columns: COLUMNS },
      rows.map((b) => [
        b.id,
        b.spaceName,
        b.day,
        b.from,
        b.to,
        b.details?.bookerName ?? "",
        b.details?.phone ?? "",
        b.details?.purpose ?? "",
        b.details?.attendees ?? 0,
        b.details?.conventionVersion ?? 0,
        STATUS_ZH[b.status],
        b.details?.decisionNote ?? "",
      ]),
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`space-bookings-${communityId}.xlsx`, "场地预约.xlsx"),
    rows: rows.length,
    body,
  };
}

// 表决票导出 (issue 11): a vote's ballots as Excel for its organisers — one row per owner's ballot
// (counted, or a paper/proxy ballot waiting for its second check), the owner's names masked as the
// published electorate shows them (张某), their parts and area, the channel (线上 / 纸质 / 委托), the
// sheet number, who entered and who confirmed a paper ballot, when, and the choice per question.
// Needs data.export and votes.read at the vote's place (the same exporter as the JSON export);
// audited like every export. The JSON export (`export.json`) stays the one `verify:vote` reads.

import { primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import * as q from "./votes.queries.ts";
import type { Db } from "./votes.service.ts";
import { exportableVote } from "./votes.service.ts";

const DATE = "yyyy-mm-dd hh:mm:ss";
const CHANNEL_ZH: Record<string, string> = { online: "线上", paper: "纸质票", proxy: "委托投票" };
const CHOICE_ZH: Record<string, string> = { Y: "同意", N: "反对", A: "弃权" };

/** Excel dates carry no zone: the instant moved by +8 h shows China time (no daylight saving). */
const shanghaiCell = (d: Date | null) => (d ? new Date(new Date(d).getTime() + 8 * 3_600_000) : null);
const m2 = (cm2: string) => Number(BigInt(cm2)) / 100;

export async function exportBallotsSheet(db: Db, actor: Actor | null, communityId: number, voteId: number) {
  const { exporter, reach, vote } = await exportableVote(db, actor, communityId, voteId);
  const questions = (vote.questions as { text: string }[]).map((x) => x.text);
  const rows = await q.ballotsForSheet(db, communityId, voteId);
  await recordAudit(db, {
    actorUserId: exporter.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "vote",
    targetId: voteId,
    after: { format: "xlsx", what: "ballots", rows: rows.length },
  });
  const columns: SheetColumn[] = [
    { header: "业主编号 / Owner no.", width: 10 },
    { header: "业主(已打码) / Owner (masked)", width: 14 },
    { header: "房屋套数 / Parts", width: 9 },
    { header: "专有面积 m² / Area m²", width: 12, numFmt: "0.00" },
    { header: "渠道 / Channel", width: 10 },
    { header: "票号 / Sheet no.", width: 12, numFmt: "@" },
    { header: "录入人 / Entered by", width: 10 },
    { header: "核对人 / Confirmed by", width: 10 },
    { header: "计入 / Counted", width: 8 },
    { header: "投票或录入时间 / Cast", width: 19, numFmt: DATE },
    { header: "最后修改 / Last change", width: 19, numFmt: DATE },
    ...questions.map((text, i) => ({ header: `第${i + 1}项 / Q${i + 1}: ${text}`.slice(0, 120), width: 14 })),
  ];
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "表决票",
        columns,
        notes: [
          `${vote.title}：表决票 ${rows.length} 张（含待核对的纸质票）；业主姓名按公示名册打码。`,
          `${vote.title}: ${rows.length} ballots (paper ballots waiting for their check included); owners' names masked as in the published electorate.`,
        ],
      },
      rows.map((b) => [
        b.voter_no,
        b.masked_names,
        b.parts,
        m2(b.area_cm2),
        CHANNEL_ZH[b.channel] ?? b.channel,
        b.sheet_no,
        b.channel === "online" ? "本人线上" : b.entered_by_name,
        b.channel === "online" ? "—" : (b.confirmed_by_name ?? "待核对"),
        b.counted ? "是" : "否",
        shanghaiCell(b.cast_at),
        shanghaiCell(b.updated_at),
        ...questions.map((_, i) => CHOICE_ZH[b.choices[i] ?? ""] ?? ""),
      ]),
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `vote-${communityId}-${voteId}-ballots.xlsx`,
      `表决票-${vote.title}.xlsx`.replace(/[\\/:*?"<>|]/g, "_"),
    ),
    rows: rows.length,
    body,
  };
}

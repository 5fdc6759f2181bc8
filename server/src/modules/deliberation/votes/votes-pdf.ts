// The result sheet of an owners' vote (表决结果单) as a PDF in Chinese: the figures, the thresholds the
// law sets, and the SHA-256 of the frozen electorate and of the counted ballots, so a printed sheet
// can be checked against the published export. The CJK font is Debian's fonts-noto-cjk (installed by
// scripts/install-system-deps.sh); pdfkit embeds the subset it uses.
import type { Kysely } from "kysely";
import PDFDocument from "pdfkit";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { cjkFont } from "../../../http/pdf.ts";
import { MATTERS_ZH } from "./votes.rules.ts";
import { readVote } from "./votes.service.ts";

const m2 = (cm2: string) => {
  const x = BigInt(cm2);
  return `${x / 100n}.${String(x % 100n).padStart(2, "0")} m²`;
};
const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}%`;
const yes = (b: boolean) => (b ? "达到" : "未达到");

export async function resultSheetPdf(db: Kysely<DB>, actor: Actor | null, communityId: number, id: number) {
  const v = await readVote(db, actor, communityId, id);
  if (!v.figures)
    throw new AppError("VOTE_STATE", {
      zh: "表决尚未开启，没有结果单",
      en: "The vote is not open: no result sheet",
    });
  const font = cjkFont();
  const f = v.figures;
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: `表决结果 ${v.title}` } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.registerFont("cjk", font[0], font[1]);
  doc.font("cjk");
  doc.fontSize(18).text(`业主共同决定 表决结果单`, { align: "center" });
  doc.moveDown(0.5).fontSize(14).text(v.title, { align: "center" });
  doc.moveDown().fontSize(10.5);
  const line = (s: string) => doc.text(s, { lineGap: 3 });
  line(
    `表决事项：民法典第二百七十八条第${v.matter}项 ${MATTERS_ZH[v.matter] ?? ""}${v.major ? "（须四分之三以上同意）" : "（须过半数同意）"}`,
  );
  line(`状态：${v.state === "closed" ? "已计票" : "表决中（本单为进度，非最终结果）"}`);
  line(`表决期间：${v.opensAt.toISOString()} 至 ${v.closesAt.toISOString()}`);
  doc.moveDown(0.5);
  line(`名册（开启时冻结）：业主 ${f.electorate.heads} 人，专有部分面积 ${m2(f.electorate.areaCm2)}`);
  line(
    `参与表决：${f.participating.heads} 人（${pct(f.headsBasisPoints)}），面积 ${m2(f.participating.areaCm2)}（${pct(f.areaBasisPoints)}）`,
  );
  line(
    `参与门槛（面积与人数均须三分之二以上）：面积须 ≥ ${m2(f.quorum.areaNeededCm2)}，${yes(f.quorum.areaMet)}；人数须 ≥ ${f.quorum.headsNeeded}，${yes(f.quorum.headsMet)}`,
  );
  doc.moveDown(0.5);
  for (const qn of f.questions) {
    doc.fontSize(12).text(`第 ${qn.index + 1} 项：${qn.text}`, { lineGap: 3 });
    doc.fontSize(10.5);
    line(
      `同意 ${qn.yes.heads} 人 / ${m2(qn.yes.areaCm2)}；反对 ${qn.no.heads} 人 / ${m2(qn.no.areaCm2)}；弃权 ${qn.abstain.heads} 人 / ${m2(qn.abstain.areaCm2)}`,
    );
    line(
      `${qn.threshold.rule}：面积须 ${m2(qn.threshold.areaNeededCm2)}，${yes(qn.threshold.areaMet)}；人数须 ${qn.threshold.headsNeeded}，${yes(qn.threshold.headsMet)}`,
    );
    line(`结果：${qn.passed ? "通过" : "未通过"}`);
    doc.moveDown(0.5);
  }
  if (f.pendingPaper) line(`尚待第二人核对的纸质票：${f.pendingPaper} 张（未计入）`);
  doc.moveDown(0.5).fontSize(9);
  line(`名册 SHA-256：${v.electorateHash ?? "—"}`);
  line(`表决票 SHA-256：${v.ballotsHash ?? "（计票后生成）"}`);
  line("核验：下载表决票导出文件后运行 npm run verify:vote -- 文件.json，可独立重算以上数字与哈希。");
  doc.end();
  return done;
}

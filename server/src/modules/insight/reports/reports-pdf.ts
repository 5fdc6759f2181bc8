// The monthly report as a PDF in Chinese (pdfkit, the CJK font of http/pdf.ts): title, place and month;
// the month's figures beside last month's and the change; a bar chart of the main counts (this month
// against last); the highlights (resolved requests with the most supporters, finished projects and
// activities); and for a street the ranking of its communities with their denominators and a chart of
// their on-time rates. The charts are drawn with pdfkit's own shapes (no browser, no SVG step).
import { cjkDocument } from "../../../http/pdf.ts";
import type { FigureKey } from "../figures/figures.schema.ts";
import { FIGURE_NAMES_ZH } from "../figures/figures.service.ts";
import type { ReportNumbers } from "./reports.schema.ts";

type Doc = PDFKit.PDFDocument;

const CHART_FIGURES: FigureKey[] = [
  "requests_received",
  "requests_solved",
  "vol_services",
  "meeting_attendances",
  "topics_created",
  "votes_closed",
];
const THIS = "#1677ff";
const LAST = "#bfbfbf";
const INK = "#222222";
const GREY = "#666666";

const monthZh = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月`;
const num = (v: number | null | undefined) => (v == null ? "—" : String(v));
const signed = (v: number | null) => (v == null ? "—" : v > 0 ? `+${v}` : String(v));
const change = (a: number | null, b: number | null) =>
  a == null || b == null ? null : Math.round((a - b) * 10) / 10;

function ensureRoom(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function heading(doc: Doc, text: string) {
  ensureRoom(doc, 100);
  doc.moveDown(0.8).fillColor(INK).fontSize(14).text(text, doc.page.margins.left);
  doc.moveDown(0.3).fontSize(10);
}

/** A table with right-aligned numbers after the first column. */
function table(doc: Doc, widths: number[], header: string[], rows: string[][], textColumns = 1) {
  const left = doc.page.margins.left;
  const line = (cells: string[], bold: boolean) => {
    ensureRoom(doc, 18);
    const y = doc.y;
    let x = left;
    doc.fillColor(bold ? GREY : INK);
    cells.forEach((c, i) => {
      doc.text(c, x + 2, y, {
        width: widths[i]! - 6,
        height: 12,
        ellipsis: true,
        align: i < textColumns ? "left" : "right",
        lineBreak: false,
      });
      x += widths[i]!;
    });
    doc.y = y + 16;
    doc
      .moveTo(left, doc.y - 2)
      .lineTo(x, doc.y - 2)
      .lineWidth(0.3)
      .strokeColor("#d9d9d9")
      .stroke();
  };
  doc.fontSize(9.5);
  line(header, true);
  for (const r of rows) line(r, false);
  doc.fillColor(INK).fontSize(10);
}

/** Horizontal bars: for each label one or two values (this month, last month). */
function bars(
  doc: Doc,
  title: string,
  items: { label: string; values: number[] }[],
  legend: string[],
  unit = "",
) {
  const left = doc.page.margins.left;
  const labelW = 120;
  const chartW = doc.page.width - left - doc.page.margins.right - labelW - 50;
  const barH = 7;
  const groupH = items[0]?.values.length === 2 ? 2 * barH + 8 : barH + 8;
  ensureRoom(doc, 40 + items.length * groupH);
  doc.fontSize(10).fillColor(INK).text(title, left);
  const ly = doc.y + 2;
  const colors = [THIS, LAST];
  legend.forEach((l, i) => {
    doc.rect(left + i * 90, ly + 2, 8, 8).fill(colors[i]!);
    doc
      .fillColor(GREY)
      .fontSize(8.5)
      .text(l, left + i * 90 + 12, ly, { lineBreak: false });
  });
  let y = ly + 18;
  const max = Math.max(1, ...items.flatMap((i) => i.values));
  for (const item of items) {
    doc
      .fillColor(INK)
      .fontSize(8.5)
      .text(item.label, left, y + (groupH - 8) / 2 - 3, {
        width: labelW - 6,
        align: "right",
        lineBreak: false,
      });
    item.values.forEach((v, i) => {
      const w = (chartW * v) / max;
      const by = y + i * barH;
      if (w > 0) doc.rect(left + labelW, by, Math.max(w, 0.5), barH - 1).fill(colors[i]!);
      doc
        .fillColor(GREY)
        .fontSize(7)
        .text(`${v}${unit}`, left + labelW + w + 3, by - 1, { lineBreak: false });
    });
    y += groupH;
  }
  doc.y = y + 4;
  doc.x = left;
  doc.fillColor(INK).fontSize(10);
}

export async function reportPdfBytes(n: ReportNumbers): Promise<Buffer> {
  const levelZh = n.place.level === "street" ? "街道" : "社区";
  const title = `${n.place.name} ${monthZh(n.month)} 月报`;
  const { doc, bytes } = cjkDocument({
    size: "A4",
    margin: 48,
    info: { Title: title, Subject: `${levelZh}月报 ${n.month}`, Creator: "邻里 Linli" },
  });
  const left = doc.page.margins.left;
  doc.fillColor(INK).fontSize(20).text(title, { align: "center" });
  doc
    .moveDown(0.3)
    .fontSize(10)
    .fillColor(GREY)
    .text(
      `${levelZh}：${n.place.name}　统计月份：${monthZh(n.month)}（北京时间，与${monthZh(n.previousMonth)}对比）　实名居民：${n.residents} 人`,
      { align: "center" },
    );

  heading(doc, "一、本月指标");
  const rows: string[][] = [];
  for (const k of Object.keys(n.figures) as FigureKey[])
    rows.push([
      FIGURE_NAMES_ZH[k],
      num(n.figures[k]),
      num(n.previous[k]),
      signed(change(n.figures[k], n.previous[k])),
    ]);
  const rate = (label: string, k: keyof ReportNumbers["rates"]) =>
    rows.push([
      label,
      num(n.rates[k]),
      num(n.previousRates[k]),
      signed(change(n.rates[k], n.previousRates[k])),
    ]);
  rate("按时办结率 %（按时办结 ÷ 办结）", "solvedOnTimePct");
  rate("满意率 %（好评 ÷ 评价）", "satisfactionPct");
  rate("志愿时长（小时）", "volHours");
  rate("人均志愿时长（小时 ÷ 实名居民）", "volHoursPerResident");
  table(doc, [220, 90, 90, 90], ["指标", monthZh(n.month), monthZh(n.previousMonth), "变化"], rows);

  doc.moveDown(0.8);
  bars(
    doc,
    "图1　主要指标：本月与上月",
    CHART_FIGURES.map((k) => ({
      label: FIGURE_NAMES_ZH[k],
      values: [n.figures[k] ?? 0, n.previous[k] ?? 0],
    })),
    [monthZh(n.month), monthZh(n.previousMonth)],
  );

  heading(doc, "二、本月亮点");
  const h = n.highlights;
  const where = (c: string) => (n.place.level === "street" ? `（${c}）` : "");
  doc.text(`办结诉求 ${h.requestsResolved} 件，其中提出人数最多的：`, left);
  if (h.requests.length === 0) doc.fillColor(GREY).text("　（无）").fillColor(INK);
  for (const r of h.requests)
    doc.text(`　· ${r.title}${where(r.community)}　${r.category}　${r.supporters} 人提出`);
  doc.moveDown(0.4).text(`完成项目 ${h.projectsFinished} 个：`, left);
  if (h.projects.length === 0) doc.fillColor(GREY).text("　（无）").fillColor(INK);
  for (const p of h.projects) doc.text(`　· ${p.title}${where(p.community)}`);
  doc.moveDown(0.4).text(`完成志愿服务活动 ${h.activitiesFinished} 场：`, left);
  if (h.activities.length === 0) doc.fillColor(GREY).text("　（无）").fillColor(INK);
  for (const a of h.activities) doc.text(`　· ${a.title}${where(a.community)}　认证签到 ${a.attended} 人次`);

  if (n.place.level === "street") {
    heading(doc, "三、社区排名（按按时办结率，分母为实名居民）");
    table(
      doc,
      [24, 120, 55, 55, 55, 70, 60, 60],
      ["#", "社区", "实名居民", "受理诉求", "办结诉求", "按时办结%", "满意率%", "人均时长"],
      n.ranking.map((c, i) => [
        String(i + 1),
        c.name,
        String(c.residents),
        num(c.figures.requests_received),
        num(c.figures.requests_solved),
        num(c.rates.solvedOnTimePct),
        num(c.rates.satisfactionPct),
        num(c.rates.volHoursPerResident),
      ]),
      2,
    );
    if (n.ranking.length > 0) {
      doc.moveDown(0.8);
      bars(
        doc,
        "图2　各社区按时办结率（%）",
        n.ranking.slice(0, 20).map((c) => ({ label: c.name, values: [c.rates.solvedOnTimePct ?? 0] })),
        [monthZh(n.month)],
        "%",
      );
    }
  }

  doc.moveDown(1);
  ensureRoom(doc, 40);
  doc
    .fontSize(8)
    .fillColor(GREY)
    .text(
      "说明：指标按北京时间的日期汇总，定义（分子、分母、期间）见用户手册“数据指标”；诉求按提交日计，志愿服务按签到日计。" +
        "亮点中不列出不公开类别的诉求；“支持”为提出该诉求的人数（提交人及合并进来的重复诉求）。本报告由邻里平台自动生成。",
      left,
    );
  doc.end();
  return bytes;
}

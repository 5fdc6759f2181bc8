// The canteen's files: the monthly subsidy report as a PDF (Chinese; pdfkit with Debian's fonts-noto-cjk,
// as the volunteer certificate, through http/pdf.ts) and as Excel, and the orders board as Excel (writeWorkbook). Amounts in
// yuan with two decimals, summed from fen, so that a street office can reconcile them with the ledger.
import PDFDocument from "pdfkit";
import { cjkFont } from "../../../http/pdf.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import type { TReport } from "./canteen.schema.ts";
import { MEAL_ZH, MODE_ZH } from "./canteen.service.ts";

export const yuanText = (fen: number) => (fen / 100).toFixed(2);
const yuan = (fen: number) => fen / 100;

export interface DownloadFile {
  contentType: string;
  disposition: string;
  rows: number;
  body: Buffer;
}

const REPORT_COLUMNS = [
  { header: "社区", width: 16 },
  { header: "价格规则", width: 18 },
  { header: "餐数", width: 8 },
  { header: "餐费合计（元）", width: 14, numFmt: "#,##0.00" },
  { header: "居民自付（元）", width: 14, numFmt: "#,##0.00" },
  { header: "社区补贴（元）", width: 14, numFmt: "#,##0.00" },
  { header: "食堂让利（元）", width: 14, numFmt: "#,##0.00" },
  { header: "政府补贴（元）", width: 14, numFmt: "#,##0.00" },
];

export async function reportXlsx(r: TReport, fileKey: string): Promise<DownloadFile> {
  const rows = [
    ...r.rows.map((x) => [
      x.communityName,
      x.ruleName,
      x.meals,
      yuan(x.costFen),
      yuan(x.residentFen),
      yuan(x.communityFen),
      yuan(x.discountFen),
      yuan(x.subsidyFen),
    ]),
    [
      "合计",
      "",
      r.total.meals,
      yuan(r.total.costFen),
      yuan(r.total.residentFen),
      yuan(r.total.communityFen),
      yuan(r.total.discountFen),
      yuan(r.total.subsidyFen),
    ],
  ];
  const body = await workbookBytes((sink) =>
    writeWorkbook({ name: "助餐补贴月报", columns: REPORT_COLUMNS }, rows, sink),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`canteen-report-${fileKey}-${r.month}.xlsx`, `${r.title}.xlsx`),
    rows: r.rows.length,
    body,
  };
}

export async function reportPdf(r: TReport, fileKey: string): Promise<DownloadFile> {
  const font = cjkFont();
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 40, info: { Title: r.title } });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.registerFont("cjk", font[0], font[1]);
  doc.font("cjk");
  doc.fontSize(18).text(r.title, { align: "center" });
  doc
    .moveDown(0.5)
    .fontSize(10)
    .text(
      "单位：元。每一餐的餐费 = 居民自付 + 社区补贴 + 食堂让利 + 政府补贴；与账本中各食堂账户的记账核对。",
    );
  doc.moveDown();
  const widths = [110, 130, 50, 90, 90, 90, 90, 90];
  const headers = REPORT_COLUMNS.map((c) => c.header);
  const row = (cells: string[]) => {
    const y = doc.y;
    let x = doc.page.margins.left;
    cells.forEach((c, i) => {
      doc.text(c, x, y, { width: widths[i] - 6, align: i >= 2 ? "right" : "left", lineBreak: false });
      x += widths[i];
    });
    doc.moveDown(0.8);
  };
  doc.fontSize(10);
  row(headers);
  for (const x of r.rows)
    row([
      x.communityName,
      x.ruleName,
      String(x.meals),
      yuanText(x.costFen),
      yuanText(x.residentFen),
      yuanText(x.communityFen),
      yuanText(x.discountFen),
      yuanText(x.subsidyFen),
    ]);
  const t = r.total;
  row([
    "合计",
    "",
    String(t.meals),
    yuanText(t.costFen),
    yuanText(t.residentFen),
    yuanText(t.communityFen),
    yuanText(t.discountFen),
    yuanText(t.subsidyFen),
  ]);
  doc.moveDown();
  doc.text(
    `制表日期：${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}`,
    doc.page.margins.left,
  );
  doc.end();
  const body = await done;
  return {
    contentType: "application/pdf",
    disposition: attachmentDisposition(`canteen-report-${fileKey}-${r.month}.pdf`, `${r.title}.pdf`),
    rows: r.rows.length,
    body,
  };
}

const ORDER_COLUMNS = [
  { header: "订单号", width: 8 },
  { header: "日期", width: 12 },
  { header: "餐次", width: 8 },
  { header: "居民", width: 12 },
  { header: "电话", width: 14 },
  { header: "方式", width: 8 },
  { header: "地址", width: 24 },
  { header: "价格规则", width: 16 },
  { header: "餐费（元）", width: 10, numFmt: "#,##0.00" },
  { header: "居民自付（元）", width: 12, numFmt: "#,##0.00" },
  { header: "收款", width: 10 },
  { header: "送餐志愿者", width: 12 },
  { header: "状态", width: 10 },
];

export async function ordersXlsx(
  communityId: number,
  day: string,
  rows: {
    id: number;
    day: string;
    meal: keyof typeof MEAL_ZH;
    residentName: string;
    phone: string | null;
    mode: keyof typeof MODE_ZH;
    address: string;
    ruleName: string;
    costFen: number;
    residentFen: number;
    paidAt: string | null;
    volunteerName: string | null;
    status: string;
    deliveredAt: string | null;
  }[],
): Promise<DownloadFile> {
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "食堂订单", columns: ORDER_COLUMNS },
      rows.map((o) => [
        o.id,
        o.day,
        MEAL_ZH[o.meal],
        o.residentName,
        o.phone ?? "",
        MODE_ZH[o.mode],
        o.address,
        o.ruleName,
        yuan(o.costFen),
        yuan(o.residentFen),
        o.paidAt ? "已收" : "未收",
        o.volunteerName ?? "",
        o.status === "cancelled" ? "已取消" : o.deliveredAt ? "已送达" : "已下单",
      ]),
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`canteen-orders-${communityId}-${day}.xlsx`, `食堂订单-${day}.xlsx`),
    rows: rows.length,
    body,
  };
}

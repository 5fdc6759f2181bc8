// The volunteer service record certificate (志愿服务记录证明, 民政部令第67号) as a PDF in Chinese: what the
// frozen certificate states, its verification code and a QR code of the public page that shows the same.
// The CJK font is Debian's fonts-noto-cjk, as for the vote result sheet; pdfkit embeds the subset used.
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { cjkFont } from "../../../http/pdf.ts";
import type { CertificateContent } from "./volunteering.service.ts";

export const hoursText = (minutes: number) =>
  `${Math.floor(minutes / 60)} 小时${minutes % 60 ? ` ${minutes % 60} 分钟` : ""}`;

export async function certificatePdf(
  cert: { code: string; issuedAt: Date; content: CertificateContent },
  verifyUrl: string,
): Promise<Buffer> {
  const font = cjkFont();
  const qr = await QRCode.toBuffer(verifyUrl, { margin: 1, width: 160 });
  const c = cert.content;
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: `志愿服务记录证明 ${cert.code}` } });
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.registerFont("cjk", font[0], font[1]);
  doc.font("cjk");
  doc.fontSize(20).text("志愿服务记录证明", { align: "center" });
  doc.moveDown();
  doc.fontSize(12);
  const line = (s: string) => doc.text(s, { lineGap: 4 });
  line(
    `兹证明 ${c.volunteerName} 参加由${c.issuer}组织的志愿服务活动，经组织者认定的志愿服务时长共计 ${hoursText(c.totalMinutes)}。具体如下：`,
  );
  doc.moveDown(0.5).fontSize(11);
  for (const s of c.services) line(`${s.date}　${s.title}（${s.place}）　${hoursText(s.minutes)}`);
  doc.moveDown();
  line(`出具单位：${c.issuer}`);
  line(`出具日期：${new Date(cert.issuedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}`);
  line(`核验码：${cert.code}`);
  doc.fontSize(9);
  line(`任何人可扫描下方二维码或访问 ${verifyUrl} 核验本证明。本证明无偿出具（志愿服务条例第十九条）。`);
  doc.image(qr, { width: 120 });
  doc.end();
  return done;
}

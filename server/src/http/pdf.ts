// Chinese PDFs with pdfkit, for every module that sends one (the vote result sheet, the volunteer
// certificate, the canteen's subsidy report, insight's monthly report). The CJK font is Debian's
// fonts-noto-cjk (installed by scripts/install-system-deps.sh), found at its packaged path, Sans first;
// pdfkit embeds the subset of glyphs the document uses. Without the font a PDF is refused (409 with a
// bilingual message), never sent with empty boxes.
import { existsSync } from "node:fs";
import PDFDocument from "pdfkit";
import { AppError } from "../errors.ts";

/** [file, PostScript name of the Simplified Chinese face inside the collection], in order of preference. */
export const CJK_FONT_FILES = [
  ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular"],
  ["/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular"],
] as const;

/** The first CJK font installed, or a 409 saying which package is missing. */
export function cjkFont(): (typeof CJK_FONT_FILES)[number] {
  const font = CJK_FONT_FILES.find(([file]) => existsSync(file));
  if (!font)
    throw new AppError("CONFLICT", {
      zh: "服务器缺少中文字体（fonts-noto-cjk）",
      en: "The server lacks the CJK font (fonts-noto-cjk)",
    });
  return font;
}

/**
 * A pdfkit document with the CJK font registered as "cjk" and selected, and its bytes once `doc.end()`
 * has been called.
 */
export function cjkDocument(options: PDFKit.PDFDocumentOptions): {
  doc: PDFKit.PDFDocument;
  bytes: Promise<Buffer>;
} {
  const font = cjkFont();
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on("data", (b: Buffer) => chunks.push(b));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("cjk", font[0], font[1]);
  doc.font("cjk");
  return { doc, bytes };
}

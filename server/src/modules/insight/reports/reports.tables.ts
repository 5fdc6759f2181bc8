// Kysely table types of insight's monthly reports (migration 48): one archived PDF per place and month.
// Keep in step with db/migrations/; db/schema.ts's DB includes them.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export interface InsightReportTable {
  id: Generated<number>;
  level: "community" | "street";
  place_id: number;
  /** YYYY-MM (China time) */
  month: string;
  place_name: string;
  generated_at: Generated<Date>;
  /** null: made by the insight-reports job */
  generated_by: number | null;
  sha256: string;
  numbers: Json;
  pdf: Buffer;
  pdf_bytes: number;
}

export interface InsightReportsTables {
  insight_report: InsightReportTable;
}

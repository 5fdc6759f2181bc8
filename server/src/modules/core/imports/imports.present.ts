// An import job as the API shows it: the stored row, overlaid with the runner's live progress while
// it runs.
import type { ImportPhase, ImportStatus, TImportJob } from "./imports.schema.ts";
import type { JobListRow, JobRow } from "./imports.service.ts";
import type { RowError } from "./resident-sheet.ts";
import type { ImportProgress } from "./residents-import.service.ts";

export function presentJob(row: JobRow, live: ImportProgress | undefined): TImportJob {
  const finished = !(row.status === "queued" || row.status === "running");
  const phase: ImportPhase = finished
    ? "done"
    : (live?.phase ?? (row.status === "queued" ? "queued" : "reading"));
  const useLive = !finished && live !== undefined;
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as ImportStatus,
    phase,
    mode: row.mode,
    filename: row.filename,
    totalRows: useLive ? Math.max(live.totalRows, row.total_rows) : row.total_rows,
    processedRows: useLive ? Math.max(live.processedRows, row.processed_rows) : row.processed_rows,
    importedRows: useLive ? live.importedRows : row.imported_rows,
    errorCount: useLive ? live.errorCount : row.error_count,
    createdAt: new Date(row.created_at),
    finishedAt: row.finished_at ? new Date(row.finished_at) : null,
    errors: (row.errors as RowError[]) ?? [],
  };
}

/** A job in the list: as presentJob shows it, without its errors. */
export function presentJobSummary(row: JobListRow, live: ImportProgress | undefined) {
  const { errors: _errors, ...summary } = presentJob({ ...row, errors: [] }, live);
  return summary;
}

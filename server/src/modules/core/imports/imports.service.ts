// Imports: the module's surface. The residents import pipeline is residents-import.service.ts, the
// in-process runner that drives upload jobs imports-runner.service.ts, the residents export
// residents-export.service.ts; the jobs' load → authorize → run steps for the routes are here.
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor, Reach } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { communityExists } from "../people/people.service.ts";
import * as q from "./imports.queries.ts";
import type { ImportKind, ImportMode } from "./imports.schema.ts";
import { type ImportRunner, interruptedJobErrors } from "./imports-runner.service.ts";
import { inspectUpload } from "./spreadsheet.ts";

export {
  createImportRunner,
  type ImportRunner,
  interruptedJobErrors,
  type QueuedImport,
  uploadPath,
} from "./imports-runner.service.ts";
export {
  type ImportOptions,
  type ImportOutcome,
  type ImportProgress,
  importResidentsFile,
  withKeyObject,
} from "./residents-import.service.ts";
// The one spreadsheet writer, for every module's export (e.g. the requests list).
// …and the one reader of an uploaded sheet (.xlsx or .csv, checked by name and content), for other
// modules' small imports (e.g. the life circle's facilities sheet).
export {
  attachmentDisposition,
  inspectUpload,
  readSheetRows,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "./spreadsheet.ts";

export type JobRow = NonNullable<Awaited<ReturnType<typeof q.findJob>>>;
export type JobListRow = Awaited<ReturnType<typeof q.listJobs>>[number];

/**
 * Jobs still marked queued/running when this process starts were cut off by a restart: they are
 * marked failed (nothing of them was committed).
 */
export const failInterruptedImports = (db: Kysely<DB>) => q.failInterruptedJobs(db, interruptedJobErrors());

/** Before an upload is read: the caller may import into the community, and it exists. */
export async function authorizeImport(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
): Promise<Reach> {
  const reach = authorize(actor, "data.import", { communityId });
  if (!(await communityExists(db, communityId))) throw new AppError("NOT_FOUND");
  return reach;
}

/**
 * Queues an uploaded file (already on disk at filePath) as an import job of the community: its row
 * is written, then the runner takes it. `done` settles when the job has run.
 */
export async function queueImport(
  db: Kysely<DB>,
  runner: ImportRunner,
  actor: Actor,
  reach: Reach,
  u: { communityId: number; filePath: string; filename: string; kind: ImportKind; mode: ImportMode },
): Promise<{ id: number; done: Promise<void> }> {
  const { estimatedRows } = await inspectUpload(u.filePath, u.filename);
  const job = await q.insertJob(db, {
    community_id: u.communityId,
    kind: u.kind,
    mode: u.mode,
    filename: u.filename,
    total_rows: estimatedRows,
    created_by: actor.userId,
  });
  const done = runner.enqueue({
    communityId: u.communityId,
    id: job.id,
    filePath: u.filePath,
    filename: u.filename,
    mode: u.mode,
    actorUserId: actor.userId,
    actorRole: primaryRole(reach),
  });
  return { id: job.id, done };
}

/** A job of the community as it is stored (after it has run: its outcome). */
export const storedImportJob = (db: Kysely<DB>, communityId: number, id: number) =>
  q.findJob(db, communityId, id);

/** Recent imports of the community, newest first. */
export async function importJobs(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  limit: number,
): Promise<JobListRow[]> {
  authorize(actor, "data.import", { communityId });
  return q.listJobs(db, communityId, limit);
}

/** One import job of the community (404 when it has none of that id). */
export async function importJob(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  importId: number,
): Promise<JobRow> {
  authorize(actor, "data.import", { communityId });
  const row = await q.findJob(db, communityId, importId);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

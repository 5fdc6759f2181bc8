// The in-process runner that drives imports: upload jobs run one at a time per process, in the
// background, through the residents import pipeline (residents-import.service.ts); their progress
// lives in memory while they run.
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyBaseLogger } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import * as q from "./imports.queries.ts";
import type { ImportMode } from "./imports.schema.ts";
import { fileError } from "./resident-sheet.ts";
import { type ImportProgress, importResidentsFile } from "./residents-import.service.ts";

export interface QueuedImport {
  communityId: number;
  id: number;
  filePath: string;
  filename: string;
  mode: ImportMode;
  actorUserId: number;
  actorRole: string | null;
}

export type ImportRunner = ReturnType<typeof createImportRunner>;

/** Runs upload jobs one after another in this process (bounded memory: one file's rows at a time). */
export function createImportRunner(db: Kysely<DB>, config: Config, log: FastifyBaseLogger) {
  const live = new Map<string, ImportProgress>();
  let tail: Promise<void> = Promise.resolve();
  const keyOf = (communityId: number, id: number) => `${communityId}:${id}`;

  async function run(job: QueuedImport) {
    const key = keyOf(job.communityId, job.id);
    try {
      await q.markJobRunning(db, job.communityId, job.id);
      live.set(key, { phase: "reading", totalRows: 0, processedRows: 0, importedRows: 0, errorCount: 0 });
      await importResidentsFile(db, config, {
        communityId: job.communityId,
        filePath: job.filePath,
        filename: job.filename,
        mode: job.mode,
        actorUserId: job.actorUserId,
        actorRole: job.actorRole,
        jobId: job.id,
        onProgress: async (p) => {
          live.set(key, p);
          // the rows are in memory now: personal data leaves the disk as early as possible
          if (p.phase === "checking") await rm(job.filePath, { force: true });
          if (p.phase === "reading") {
            await q.recordJobProgress(db, job.communityId, job.id, {
              processed_rows: p.processedRows,
              total_rows: p.totalRows,
            });
          }
        },
      });
    } catch (e) {
      const known = e instanceof AppError;
      if (!known) log.error({ err: e, importJob: job.id }, "import failed");
      await q
        .finishJob(db, job.communityId, job.id, {
          status: known ? "rejected" : "failed",
          total_rows: 0,
          processed_rows: 0,
          imported_rows: 0,
          error_count: 1,
          errors: [
            known
              ? fileError(e.zh, e.en)
              : fileError(
                  "导入失败（服务器内部错误），未导入任何数据",
                  "The import failed (internal error); nothing was imported",
                ),
          ],
        })
        .catch((err) => log.error({ err }, "could not record the failed import"));
    } finally {
      live.delete(key);
      await rm(job.filePath, { force: true });
    }
  }

  return {
    /** Queues a job; the promise settles when it has run (it never rejects). */
    enqueue(job: QueuedImport): Promise<void> {
      live.set(keyOf(job.communityId, job.id), {
        phase: "queued",
        totalRows: 0,
        processedRows: 0,
        importedRows: 0,
        errorCount: 0,
      });
      const done = tail.then(() => run(job));
      tail = done;
      return done;
    },
    progress(communityId: number, id: number): ImportProgress | undefined {
      return live.get(keyOf(communityId, id));
    },
    /** Waits for every queued job (on shutdown). */
    drain(): Promise<void> {
      return tail;
    },
  };
}

/** Where uploads wait for their job; each file is removed when its job ends or the upload is refused. */
export async function uploadPath(extension: string): Promise<string> {
  const dir = path.join(tmpdir(), "linli-imports");
  await mkdir(dir, { recursive: true });
  return path.join(dir, `${process.pid}-${randomUUID()}.${extension}`);
}

export const interruptedJobErrors = () => [
  fileError(
    "服务重启，导入中断，未导入任何数据；请重新上传",
    "The server restarted during the import; nothing was imported. Upload the file again",
  ),
];

// Which database a heavy read uses (issue 16, item 3; the rule in db/read-standby.ts). With a standby
// configured (LINLI_READ_DATABASE_URL), every successful write request leaves the cookie linli_wrote (its
// time and the primary's WAL position after it), so whichever app process serves the session's next read
// knows; `app.readDb(req)` then answers the standby or the primary. Without a standby it is the primary.
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import {
  type AsOf,
  currentWalLsn,
  formatMark,
  keptHasWrite,
  mayReadStandby,
  parseMark,
  type ReadTarget,
  replayedWalLsn,
} from "../db/read-standby.ts";
import type { DB } from "../db/schema.ts";
import type { App } from "./context.ts";
import { isSecureCookie } from "./session.ts";

export const WROTE_COOKIE = "linli_wrote";
/** How long one look at the standby's replay position serves the process's reads. */
const REPLAY_TTL_MS = 200;
const READS = new Set(["GET", "HEAD", "OPTIONS"]);
/** A mark no standby reaches: for a write whose WAL position could not be read. */
const UNKNOWN_POSITION = "FFFFFFFF/FFFFFFFF";

export type { ReadTarget } from "../db/read-standby.ts";

export function installReadRouting(app: App, config: Config, standby: Kysely<DB> | null): void {
  if (!standby) {
    const asOf: AsOf = { source: "primary", lsn: null };
    const target: ReadTarget = {
      db: app.db,
      source: "primary",
      asOf: async () => asOf,
      mayReuse: () => true,
    };
    app.decorate("readDb", async (): Promise<ReadTarget> => target);
    return;
  }
  const afterWriteMs = config.readAfterWriteSeconds * 1000;
  let replay: { at: number; lsn: Promise<string | null> } | null = null;
  // an older position than the standby's own only sends a read to the primary: looking once per moment is safe
  const replayed = () => {
    if (!replay || Date.now() - replay.at > REPLAY_TTL_MS)
      replay = { at: Date.now(), lsn: replayedWalLsn(standby).catch(() => null) };
    return replay.lsn;
  };

  app.decorate("readDb", async (req: FastifyRequest): Promise<ReadTarget> => {
    const mark = parseMark(req.cookies[WROTE_COOKIE]);
    const lsn = await replayed();
    const mayReuse = (kept: AsOf) => keptHasWrite(mark, kept);
    if (mayReadStandby(mark, lsn, Date.now(), afterWriteMs))
      return { db: standby, source: "standby", asOf: async () => ({ source: "standby", lsn }), mayReuse };
    return {
      db: app.db,
      source: "primary",
      asOf: async () => ({ source: "primary", lsn: await currentWalLsn(app.db) }),
      mayReuse,
    };
  });

  // after the handler: its transaction has committed, so the insert position read now is past its commit
  // record. The write is done whatever happens here: if the position cannot be read, the mark is the
  // highest there is (the session reads the primary while the cookie lasts), never an error answer.
  app.addHook("onSend", async (req, reply, payload) => {
    if (READS.has(req.method) || reply.statusCode >= 400 || !req.routeOptions.config.access) return payload;
    const lsn = await currentWalLsn(app.db).catch(() => UNKNOWN_POSITION);
    reply.setCookie(WROTE_COOKIE, formatMark({ at: Date.now(), lsn }), {
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: isSecureCookie(config, req),
      maxAge: 3600,
    });
    return payload;
  });
}

declare module "fastify" {
  interface FastifyInstance {
    /** The database a heavy read should use for this request: the standby when it may, else the primary. */
    readDb(req: FastifyRequest): Promise<ReadTarget>;
  }
}

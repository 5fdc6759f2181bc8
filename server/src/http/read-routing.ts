// Which database a heavy read uses (issue 16, item 3; the rule in db/read-standby.ts). With a standby
// configured (LINLI_READ_DATABASE_URL), every successful write request leaves the cookie linli_wrote (its
// time and the primary's WAL position after it), so whichever app process serves the session's next read
// knows; `app.readDb(req)` then answers the standby or the primary. Without a standby it is the primary.
import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import { currentWalLsn, formatMark, mayReadStandby, parseMark, replayedWalLsn } from "../db/read-standby.ts";
import type { DB } from "../db/schema.ts";
import type { App } from "./context.ts";
import { isSecureCookie } from "./session.ts";

export const WROTE_COOKIE = "linli_wrote";
/** How long one look at the standby's replay position serves the process's reads. */
const REPLAY_TTL_MS = 200;
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Where a heavy read goes: the standby, or the primary; `fresh` when the session wrote lately (or the
 * standby lags behind its write), so that an answer kept for everyone (the board's minute cache) is not
 * served to it either.
 */
export interface ReadTarget {
  db: Kysely<DB>;
  source: "primary" | "standby";
  fresh: boolean;
}

export function installReadRouting(app: App, config: Config, standby: Kysely<DB> | null): void {
  if (!standby) {
    app.decorate(
      "readDb",
      async (): Promise<ReadTarget> => ({ db: app.db, source: "primary", fresh: false }),
    );
    return;
  }
  const afterWriteMs = config.readAfterWriteSeconds * 1000;
  let replay: { at: number; lsn: Promise<string | null> } | null = null;
  const replayed = () => {
    if (!replay || Date.now() - replay.at > REPLAY_TTL_MS)
      replay = { at: Date.now(), lsn: replayedWalLsn(standby).catch(() => null) };
    return replay.lsn;
  };

  app.decorate("readDb", async (req: FastifyRequest): Promise<ReadTarget> => {
    const mark = parseMark(req.cookies[WROTE_COOKIE]);
    const lsn = await replayed();
    if (mayReadStandby(mark, lsn, Date.now(), afterWriteMs))
      return { db: standby, source: "standby", fresh: false };
    // the primary because this session wrote (not because the standby is away): nothing kept for everyone
    return { db: app.db, source: "primary", fresh: mark !== null && lsn !== null };
  });

  // after the handler: its transaction has committed, so the position read now is at or past its commit
  app.addHook("onSend", async (req, reply, payload) => {
    if (READS.has(req.method) || reply.statusCode >= 400 || !req.routeOptions.config.access) return payload;
    const lsn = await currentWalLsn(app.db);
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

// Two server processes on one PostgreSQL database: a change committed through another connection
// (another process's, here a second Database handle that calls nothing of this app) is announced
// by NOTIFY; this app's listener (app.ts) drops the community's cached inbox rows, so the next
// cached read loads again — within 1 s, before the cache's own lifetime would have ended it. Likewise a
// notification written through the other connection wakes this process's live streams (NOTIFY), and the
// caches of who is signed in, of a community's categories and of the working calendar are dropped by
// the other process's NOTIFY on the caches' channel (events/caches.ts). The other process is played
// by SQL and NOTIFY through its own connection, so nothing in this process drops a cache by itself.

/** Polls `read` until `done` holds, for at most 1 s; the time it took in ms, or -1. */
async function within1s<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < 1_000) {
    if (done(await read())) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 20));
  }
  return -1;
}

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createUser, createWorld, sessionCookie, type TestApp } from "../../test/test-app.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { loadCalendar } from "../modules/core/calendar/calendar.service.ts";
import { insertNotifications } from "../modules/core/notifications/notifications.queries.ts";
import { onNotification } from "../modules/core/notifications/notifications.service.ts";
import { categoriesOf, ensureCategories } from "../modules/voice/requests/categories.service.ts";
import { cachedInboxRows } from "../modules/voice/requests/inbox-cache.ts";
import { notifyCaches } from "./caches.queries.ts";
import { onCommunityChanged } from "./changes.ts";
import { insertEvents } from "./events.queries.ts";

let t: TestApp;
let other: Database | undefined;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await other?.close();
  await t?.close();
});

describe.skipIf(process.env.LINLI_TEST_DB !== "postgres")("two processes on one database", () => {
  it("a change through one is seen through the other's cached read within 1 s", async () => {
    const communityId = (await createWorld(t.db)).a.id;
    other = await openDatabase({ databaseUrl: t.config.databaseUrl, pgliteDataDir: "memory://" });
    let loads = 0;
    const read = () => cachedInboxRows(t.db, communityId, "two-processes", async () => ++loads);
    expect(await read()).toBe(1);
    expect(await read()).toBe(1); // cached
    const heard = new Promise<number>((resolve) => {
      const stop = onCommunityChanged((id) => {
        if (id !== communityId) return;
        stop();
        resolve(Date.now());
      });
    });
    const committed = Date.now();
    await other.db.transaction().execute((trx) =>
      insertEvents(trx, [
        {
          community_id: communityId,
          type: "request.signed",
          version: 1,
          aggregate_type: "request",
          aggregate_id: 1,
          payload: { gridId: null, submittedAt: new Date().toISOString() },
          actor_user_id: null,
        },
      ]),
    );
    const at = await Promise.race([heard, new Promise<number>((r) => setTimeout(() => r(-1), 1_000))]);
    expect(at, "the other process's commit was not heard within 1 s").toBeGreaterThan(0);
    expect(at - committed).toBeLessThan(1_000);
    expect(await read()).toBe(2); // read again, not the cached rows
  });

  it("a notification written through one reaches the other's live streams within 1 s", async () => {
    const w = await createWorld(t.db);
    const person = await createUser(t.db, "通知接收人");
    other ??= await openDatabase({ databaseUrl: t.config.databaseUrl, pgliteDataDir: "memory://" });
    const heard = new Promise<number>((resolve) => {
      const stop = onNotification((userId) => {
        if (userId !== person.id) return;
        stop();
        resolve(Date.now());
      });
    });
    const committed = Date.now();
    await other.db
      .transaction()
      .execute((trx) =>
        insertNotifications(
          trx,
          [person.id],
          { communityId: w.a.id, kind: "test.two_processes", titleZh: "另一进程", titleEn: "Other process" },
          null,
        ),
      );
    const at = await Promise.race([heard, new Promise<number>((r) => setTimeout(() => r(-1), 1_000))]);
    expect(at, "the other process's notification was not heard within 1 s").toBeGreaterThan(0);
    expect(at - committed).toBeLessThan(1_000);
  });

  it("who is signed in, a community's categories and the calendar: changed through one, read afresh through the other within 1 s", async () => {
    const w = await createWorld(t.db);
    const person = await createUser(t.db, "角色变更人");
    const cookie = await sessionCookie(t, person.id);
    other ??= await openDatabase({ databaseUrl: t.config.databaseUrl, pgliteDataDir: "memory://" });
    const me = async () =>
      (await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } })).json() as {
        roles: { role: string }[];
      };
    expect((await me()).roles).toEqual([]);
    expect((await me()).roles).toEqual([]); // cached for a few seconds
    await other.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("role_assignment")
        .values({
          user_id: person.id,
          role: "grid_worker",
          scope_type: "grid",
          scope_id: w.a.grids[0]!,
          scope_community_id: w.a.id,
        })
        .execute();
      await notifyCaches(trx, "actors");
    });
    const roleSeen = await within1s(me, (m) => m.roles.some((r) => r.role === "grid_worker"));
    expect(
      roleSeen,
      "the role granted through the other process was not seen within 1 s",
    ).toBeGreaterThanOrEqual(0);

    await ensureCategories(t.db, w.a.id);
    const first = (await categoriesOf(t.db, w.a.id)).find((c) => c.id > 0)!;
    await other.db.transaction().execute(async (trx) => {
      await sql`update request_category set name_zh = '另一进程改名' where community_id = ${w.a.id} and id = ${first.id}`.execute(
        trx,
      );
      await notifyCaches(trx, `categories:${w.a.id}`);
    });
    const renamed = await within1s(
      () => categoriesOf(t.db, w.a.id),
      (rows) => rows.some((c) => c.id === first.id && c.name_zh === "另一进程改名"),
    );
    expect(
      renamed,
      "the category renamed through the other process was not seen within 1 s",
    ).toBeGreaterThanOrEqual(0);

    expect((await loadCalendar(t.db)).holidays.has("2031-03-03")).toBe(false);
    await other.db.transaction().execute(async (trx) => {
      await sql`insert into working_calendar (day, kind, name) values ('2031-03-03', 'holiday', '另一进程的假日') on conflict (day) do update set kind = 'holiday'`.execute(
        trx,
      );
      await notifyCaches(trx, "calendar");
    });
    const holiday = await within1s(
      () => loadCalendar(t.db),
      (c) => c.holidays.has("2031-03-03"),
    );
    expect(
      holiday,
      "the holiday set through the other process was not seen within 1 s",
    ).toBeGreaterThanOrEqual(0);
  });
});

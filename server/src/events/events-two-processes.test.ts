// Two server processes on one PostgreSQL database: a change committed through another connection
// (another process's, here a second Database handle that calls nothing of this app) is announced
// by NOTIFY; this app's listener (app.ts) drops the community's cached inbox rows, so the next
// cached read loads again — within 1 s, before the cache's own lifetime would have ended it. Likewise a
// notification written through the other connection wakes this process's live streams (NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createUser, createWorld, type TestApp } from "../../test/test-app.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { insertNotifications } from "../modules/core/notifications/notifications.queries.ts";
import { onNotification } from "../modules/core/notifications/notifications.service.ts";
import { cachedInboxRows } from "../modules/voice/requests/inbox-cache.ts";
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
});

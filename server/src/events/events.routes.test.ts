// The system admin's dead letters: an event the figures consumer cannot handle is tried
// MAX_ATTEMPTS times, then listed (GET /api/admin/events/dead-letters) and shown in the consumer's
// state; once the cause is fixed, resend handles it and it leaves the open list. Others get 403.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  drainAllEvents,
  grant,
  sessionCookie,
  type TestApp,
} from "../../test/test-app.ts";
import { figuresConsumer } from "../modules/voice/figures/figures.events.ts";
import { MAX_ATTEMPTS, runConsumerOnce } from "./dispatcher.ts";
import { insertEvents } from "./events.queries.ts";

let t: TestApp;
let admin: string;
let worker: string;
let communityId: number;

beforeAll(async () => {
  t = await createTestApp();
  const w = await createWorld(t.db);
  communityId = w.a.id;
  const a = await createUser(t.db, "系统管理员");
  await grant(t.db, a.id, "system_admin", "global", null);
  admin = await sessionCookie(t, a.id);
  const s = await createUser(t.db, "社区书记");
  await grant(t.db, s.id, "community_secretary", "community", communityId);
  worker = await sessionCookie(t, s.id);
});
afterAll(async () => {
  await t?.close();
});

const call = (method: "GET" | "POST", url: string, cookie: string) =>
  t.app.inject({ method, url, headers: { cookie } });

describe("dead letters for the system admin", () => {
  it("lists an event given up on, and handles it again on resend", async () => {
    await drainAllEvents(t.db);
    // a stored event the consumer cannot handle (an unreadable day), as if written by an old version
    await t.db.transaction().execute((trx) =>
      insertEvents(trx, [
        {
          community_id: communityId,
          type: "request.signed",
          version: 1,
          aggregate_type: "request",
          aggregate_id: 424242,
          payload: { gridId: null, submittedAt: "not a day" },
          actor_user_id: null,
        },
      ]),
    );
    // MAX_ATTEMPTS failures set it aside; a run that reads nothing (another test file's transaction in
    // the same PostgreSQL cluster holding the readable horizon back) is not a try, so run until then
    let tries = 0;
    for (let i = 0; i < 400 && tries < MAX_ATTEMPTS; i++) {
      await sql`update event_consumer set retry_at = null where name = 'figures'`.execute(t.db);
      const r = await runConsumerOnce(t.db, figuresConsumer);
      if (r.failed) tries += 1;
      else if (r.read === 0) await new Promise((res) => setTimeout(res, 25));
    }
    expect(tries).toBe(MAX_ATTEMPTS);
    const consumers = await call("GET", "/api/admin/events/consumers", admin);
    expect(consumers.statusCode).toBe(200);
    const figures = consumers.json().find((c: { name: string }) => c.name === "figures");
    expect(figures).toMatchObject({ behind: 0, attempts: 0 });

    const listed = await call("GET", "/api/admin/events/dead-letters", admin);
    expect(listed.statusCode).toBe(200);
    const letters = listed.json();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      communityId,
      consumer: "figures",
      type: "request.signed",
      aggregateId: 424242,
      attempts: MAX_ATTEMPTS,
    });
    expect(letters[0].error).toContain("RangeError");

    const url = `/api/admin/events/dead-letters/${communityId}/figures/${letters[0].eventId}/resend`;
    expect((await call("POST", url, worker)).statusCode).toBe(403);
    // still failing: refused, still listed
    expect((await call("POST", url, admin)).statusCode).toBe(409);
    await sql`update domain_event set payload = ${JSON.stringify({ gridId: null, submittedAt: new Date().toISOString() })}::jsonb
      where id = ${letters[0].eventId}`.execute(t.db);
    expect((await call("POST", url, admin)).statusCode).toBe(200);
    expect((await call("GET", "/api/admin/events/dead-letters", admin)).json()).toEqual([]);
    expect(
      (await call("GET", "/api/admin/events/dead-letters?all=true", admin)).json()[0].resentAt,
    ).not.toBeNull();
    expect((await call("POST", url, admin)).statusCode).toBe(404);
    expect((await call("GET", "/api/admin/events/dead-letters", worker)).statusCode).toBe(403);
  });
});

// The catalogue wired to the services: a request's changes emit their events in the change's
// transaction; the figures consumer, run by the dispatcher, marks the rollup key, and the figures
// equal a recount afterwards.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, drainAllEvents, type TestApp } from "../../test/test-app.ts";
import { countDirtyStats, recountMismatches } from "../modules/voice/figures/figures.queries.ts";
import { refreshFigures } from "../modules/voice/figures/figures.service.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "../modules/voice/requests/requests.fixtures.ts";
import { CONSUMERS, EVENTS } from "./catalogue.ts";

let t: TestApp;
let v: VoiceWorld;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
});
afterAll(async () => {
  await t?.close();
});

const eventsOf = async (requestId: number) =>
  (
    await sql<{ type: string; payload: unknown }>`
      select type, payload from domain_event where aggregate_type = 'request' and aggregate_id = ${requestId}
      order by id`.execute(t.db)
  ).rows.map((r) => ({
    type: r.type,
    payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
  }));

describe("the event catalogue", () => {
  it("lists each event once and only events of the catalogue in its consumers", () => {
    expect(new Set(EVENTS.map((e) => e.type)).size).toBe(EVENTS.length);
    expect(EVENTS.map((e) => e.type)).toEqual(
      expect.arrayContaining(["request.submitted", "claim.fulfilled"]),
    );
    expect(CONSUMERS.map((c) => c.name)).toContain("figures");
  });

  it("a submission and a signature emit their events; the figures react after the dispatcher ran", async () => {
    await drainAllEvents(t.db);
    await refreshFigures(t.db);
    expect(await countDirtyStats(t.db)).toBe(0);
    const id = await submit(t, v.A, v.r0.cookie, { title: "楼道灯不亮（事件）" });
    expect((await api(t, "POST", `${v.A}/requests/${id}/sign`, v.gw1.cookie, {})).statusCode).toBe(200);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(["request.submitted", "request.signed"]);
    // ids, the grid and the day: no personal data, no title
    expect(Object.keys(events[0]!.payload as object).sort()).toEqual(["gridId", "submittedAt"]);
    // the change itself no longer marks the figures: the consumer does
    expect(await countDirtyStats(t.db)).toBe(0);
    const handled = await drainAllEvents(t.db);
    expect(handled.figures).toBeGreaterThanOrEqual(2);
    expect(await countDirtyStats(t.db)).toBeGreaterThan(0);
    await refreshFigures(t.db);
    expect(await recountMismatches(t.db)).toEqual({ count: 0, sample: [] });
    // each event once per consumer: a second drain handles nothing
    expect((await drainAllEvents(t.db)).figures).toBe(0);
  });
});

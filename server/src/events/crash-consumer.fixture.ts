// A consumer process for the crash test (events-crash.test.ts): on the database DATABASE_URL, runs
// the consumer "crash-test" once over the outbox; its effect (a row in test_effect) is written in
// the consumer's transaction, then it waits the milliseconds given as its argument before that transaction commits, so that the
// test can kill the process with the effect written but not committed.
import { sql } from "kysely";
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { defineConsumer, defineEvent } from "./define.ts";
import { drainEvents } from "./dispatcher.ts";

const lampFixed = defineEvent({
  type: "lamp.fixed",
  version: 1,
  aggregate: "lamp",
  payload: z.object({ building: z.string() }),
  description: "a test event",
});
const slowMs = Number(process.argv[2] ?? 0);
// DATABASE_URL through config.ts, the only reader of the environment
const database = await openDatabase({ databaseUrl: loadConfig().databaseUrl, pgliteDataDir: "memory://" });
const consumer = defineConsumer({
  name: "crash-test",
  description: "test",
  events: [lampFixed],
  async handle(trx, event) {
    await sql`insert into test_effect (event_id) values (${event.id})`.execute(trx);
    console.log(`handling ${event.id}`);
    await new Promise((r) => setTimeout(r, slowMs));
  },
});
const handled = await drainEvents(database.db, [consumer]);
console.log(`handled ${handled["crash-test"]}`);
await database.close();

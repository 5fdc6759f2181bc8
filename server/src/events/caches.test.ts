// The caches' bus (events/caches.ts): a drop runs here at once and reaches every listener at commit,
// nothing on rollback; payloads it does not know are ignored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/test-app.ts";
import { dropCache, onCacheDropped, parseCacheDrop } from "./caches.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("cache drops", () => {
  it("read their payloads, ignoring what is not a cache", () => {
    expect(parseCacheDrop("actors")).toEqual({ name: "actors", key: null });
    expect(parseCacheDrop("categories:12")).toEqual({ name: "categories", key: "12" });
    expect(parseCacheDrop("nonsense:1")).toBeNull();
    expect(parseCacheDrop("")).toBeNull();
  });

  it("run here at once, again when the NOTIFY comes back at commit, and not from a rolled-back change", async () => {
    const heard: (string | null)[] = [];
    const stop = onCacheDropped("calendar", (key) => heard.push(key));
    try {
      await dropCache(t.db, "calendar", 7);
      expect(heard[0]).toBe("7"); // at once, in this process (PGlite delivers its NOTIFY at once too)
      await settle();
      expect(heard).toEqual(["7", "7"]); // and through the listener (app.ts), as every process hears it
      heard.length = 0;
      await t.db
        .transaction()
        .execute(async (trx) => {
          await dropCache(trx, "calendar", 8);
          throw new Error("roll back");
        })
        .catch(() => {});
      await settle();
      expect(heard).toEqual(["8"]); // only the local drop: no NOTIFY from a rollback
    } finally {
      stop();
    }
  });
});

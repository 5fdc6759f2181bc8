// The inbox rows cache: kept for a second per database, community and key; dropped by any change
// of the community's requests; rows read while a change happened are answered but not kept.
import { describe, expect, it } from "vitest";
import { communityChanged } from "../../../events/changes.ts";
import { cachedInboxRows } from "./inbox-cache.ts";

function counter() {
  let n = 0;
  return {
    load: async () => {
      n++;
      return [n];
    },
    get loads() {
      return n;
    },
  };
}

describe("inbox cache", () => {
  it("answers a repeated read from memory, per database and key", async () => {
    const db = {};
    const c = counter();
    expect(await cachedInboxRows(db, 901, "a", c.load)).toEqual([1]);
    expect(await cachedInboxRows(db, 901, "a", c.load)).toEqual([1]);
    expect(c.loads).toBe(1);
    await cachedInboxRows(db, 901, "b", c.load); // another reach or page
    await cachedInboxRows({}, 901, "a", c.load); // another database (another test app)
    expect(c.loads).toBe(3);
  });

  it("reads again after a change of the community's requests, not of another community's", async () => {
    const db = {};
    const c = counter();
    await cachedInboxRows(db, 902, "a", c.load);
    communityChanged(903);
    await cachedInboxRows(db, 902, "a", c.load);
    expect(c.loads).toBe(1);
    communityChanged(902);
    expect(await cachedInboxRows(db, 902, "a", c.load)).toEqual([2]);
    expect(c.loads).toBe(2);
  });

  it("does not keep rows read while a change happened", async () => {
    const db = {};
    let n = 0;
    const racing = async () => {
      n++;
      communityChanged(904); // a request changes while the query runs
      return [n];
    };
    await cachedInboxRows(db, 904, "a", racing);
    await cachedInboxRows(db, 904, "a", racing);
    expect(n).toBe(2);
  });

  it("forgets rows after a second", async () => {
    const db = {};
    const c = counter();
    await cachedInboxRows(db, 905, "a", c.load);
    await new Promise((r) => setTimeout(r, 1_050));
    await cachedInboxRows(db, 905, "a", c.load);
    expect(c.loads).toBe(2);
  });
});

// Issue 16: the standby with automatic failover (docs/failover.md), and the pieces it rests on.
// The parser and the error mapping run everywhere. The failover itself (a pg_auto_failover formation on
// loopback, the primary killed under a write load, about a minute) runs when LINLI_TEST_FAILOVER=1 and
// Debian's postgresql-15-auto-failover is installed; CI leaves it to `npm run bench -- failover`, where
// its figures are printed, because it depends on the monitor's health-check timers on a loaded machine.
import { describe, expect, it } from "vitest";
import { runFailover } from "../../../bench/failover.ts";
import { DatabaseUnavailableError, parseMultiHostUrl } from "../../src/db/multi-host.ts";
import { isDatabaseUnavailable } from "../../src/http/errors.ts";
import { autoFailoverInstalled } from "./cluster.ts";

describe("multi-host URLs (node-postgres does not read them)", () => {
  it("splits the hosts, keeps user, database and other parameters, and reads target_session_attrs", () => {
    const m = parseMultiHostUrl(
      "postgres://linli:s3cret@10.0.0.1:5432,10.0.0.2:5433/linli?target_session_attrs=read-write&sslmode=require",
    );
    expect(m).toEqual({
      hosts: [
        { host: "10.0.0.1", port: 5432 },
        { host: "10.0.0.2", port: 5433 },
      ],
      singleHostUrl: "postgres://linli:s3cret@10.0.0.1:5432/linli?sslmode=require",
      readWrite: true,
    });
    expect(parseMultiHostUrl("postgresql://a,b:6000/db")).toEqual({
      hosts: [
        { host: "a", port: 5432 },
        { host: "b", port: 6000 },
      ],
      singleHostUrl: "postgresql://a:5432/db",
      readWrite: false,
    });
  });

  it("leaves an ordinary URL to node-postgres", () => {
    expect(parseMultiHostUrl("postgres://postgres@127.0.0.1:5432/linli")).toBeNull();
  });
});

describe("a database that cannot be reached is a 503, not a 500", () => {
  it("recognises connection losses, shutdowns, a standby not yet promoted and timeouts", () => {
    const unavailable = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
      Object.assign(new Error("cannot execute INSERT in a read-only transaction"), { code: "25006" }),
      Object.assign(new Error("connection failure"), { code: "08006" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("Query read timeout"),
      new DatabaseUnavailableError("no host accepts writes"),
    ];
    for (const err of unavailable) expect(isDatabaseUnavailable(err), err.message).toBe(true);
  });

  it("does not hide bugs: constraint violations, syntax errors and plain errors stay what they are", () => {
    const others = [
      Object.assign(new Error("duplicate key"), { code: "23505" }),
      Object.assign(new Error("syntax error"), { code: "42601" }),
      new TypeError("cannot read properties of undefined"),
    ];
    for (const err of others) expect(isDatabaseUnavailable(err), err.message).toBe(false);
  });
});

describe.skipIf(process.env.LINLI_TEST_FAILOVER !== "1" || !autoFailoverInstalled())(
  "failover of the primary under a write load (LINLI_TEST_FAILOVER=1)",
  () => {
    it("keeps every acknowledged write, answers only 200 or 503, and writes succeed again", async () => {
      const r = await runFailover({
        mode: "standby",
        clients: 4,
        steadySeconds: 3,
        requestTimeoutMs: 30_000,
        recoveryTimeoutMs: 120_000,
        log: () => {},
      });
      expect(r.acknowledged).toBeGreaterThan(0);
      expect(r.missing).toEqual([]);
      expect(r.present).toBe(r.acknowledged);
      expect(Object.keys(r.all).filter((s) => s !== "200" && !s.startsWith("503"))).toEqual([]);
      expect(r.duringWindow["503 DATABASE_UNAVAILABLE"]).toBeGreaterThan(0);
    }, 240_000);
  },
);

// Draining on announcements: one drain at a time, a burst coalesces into one more, stop waits.
import { describe, expect, it } from "vitest";
import { dispatchSoon } from "./dispatch-soon.ts";

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("dispatchSoon", () => {
  it("runs one drain at a time and folds a burst of pokes into one more drain", async () => {
    let drains = 0;
    let running = 0;
    let most = 0;
    const gates: Array<() => void> = [];
    const d = dispatchSoon(
      async () => {
        drains += 1;
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((r) => gates.push(r));
        running -= 1;
      },
      () => {},
    );
    d.poke();
    for (let i = 0; i < 100; i++) d.poke();
    await tick();
    expect(drains).toBe(1);
    gates.shift()!();
    await tick();
    expect(drains).toBe(2); // the burst: one more
    gates.shift()!();
    await tick();
    expect(drains).toBe(2); // nothing new: it rests
    d.poke();
    await tick();
    expect(drains).toBe(3);
    const stopped = d.stop();
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await tick();
    expect(done).toBe(false); // waits for the drain that runs
    gates.shift()!();
    await stopped;
    d.poke();
    await tick();
    expect(drains).toBe(3);
    expect(most).toBe(1);
  });

  it("reports a failing drain and stays usable", async () => {
    const errors: unknown[] = [];
    let fail = true;
    let ok = 0;
    const d = dispatchSoon(
      async () => {
        if (fail) throw new Error("connection lost");
        ok += 1;
      },
      (e) => errors.push(e),
    );
    d.poke();
    await tick();
    await tick();
    expect(errors).toHaveLength(1);
    fail = false;
    d.poke();
    await tick();
    expect(ok).toBe(1);
    await d.stop();
  });
});

// A nudge sends its job once per delay however many changes ask for it, and nothing without a queue.
import { afterEach, describe, expect, it, vi } from "vitest";
import { nudgeJob, setJobSender } from "./nudge.ts";

afterEach(() => {
  setJobSender(null);
  vi.useRealTimers();
});

describe("nudgeJob", () => {
  it("sends each job once, a few seconds after the first of many nudges", async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    setJobSender(async (name) => {
      sent.push(name);
    });
    for (let i = 0; i < 100; i++) nudgeJob("figures-refresh");
    nudgeJob("other");
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent.sort()).toEqual(["figures-refresh", "other"]);
    nudgeJob("figures-refresh");
    await vi.advanceTimersByTimeAsync(3_000);
    expect(sent.filter((n) => n === "figures-refresh")).toHaveLength(2);
  });

  it("does nothing when this process runs no queue", async () => {
    vi.useFakeTimers();
    nudgeJob("figures-refresh");
    expect(vi.getTimerCount()).toBe(0);
  });
});

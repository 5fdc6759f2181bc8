// Live countdowns to deadlines ("剩 1天3小时", "超期 5小时"): a clock that ticks, and the wording.
import { useEffect, useState } from "react";
import i18n from "../../../shared/i18n/i18n";

/** The current time, refreshed every `everyMs` while the component is shown. */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/** A span of time in words: days and hours, hours and minutes, or minutes and seconds. */
export function spanText(ms: number): string {
  const t = i18n.t.bind(i18n);
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const sep = t("time.sep");
  const both = (a: string, b: string) => `${a}${sep}${b}`;
  if (d > 0)
    return h > 0
      ? both(t("time.days", { count: d }), t("time.hours", { count: h }))
      : t("time.days", { count: d });
  if (h > 0) return both(t("time.hours", { count: h }), t("time.minutes", { count: m }));
  if (m > 0) return both(t("time.minutes", { count: m }), t("time.seconds", { count: sec }));
  return t("time.seconds", { count: sec });
}

export interface Countdown {
  overdue: boolean;
  /** under a quarter of a day left */
  soon: boolean;
  text: string;
}

/** "剩 2天3小时" before the deadline, "超期 5小时" after it. */
export function countdown(dueAtMs: number, now: number): Countdown {
  const left = dueAtMs - now;
  const overdue = left < 0;
  return {
    overdue,
    soon: !overdue && left < 6 * 3600_000,
    text: overdue
      ? i18n.t("time.overdueBy", { span: spanText(left) })
      : i18n.t("time.left", { span: spanText(left) }),
  };
}

/**
 * The deadline as a moment on this device's clock, from the server's "seconds left" at the time
 * the answer arrived — so a phone whose clock is wrong still counts down correctly.
 */
export function dueFromSecondsLeft(secondsLeft: number, receivedAt: number): number {
  return receivedAt + secondsLeft * 1000;
}

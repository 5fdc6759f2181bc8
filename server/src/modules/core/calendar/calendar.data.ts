// China's public holidays and make-up working days (调休) as published by the General Office of the
// State Council each year. Only the days that differ from the weekday/weekend rule are listed:
// holidays (rest days, whatever the weekday) and make-up workdays (weekend days that are worked).
// Holidays that fall on a weekend are listed too, so that the calendar reads like the notice.

export interface CalendarEntry {
  day: string;
  kind: "holiday" | "workday";
  name: string;
}

const range = (from: string, to: string, name: string): CalendarEntry[] => {
  const out: CalendarEntry[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push({ day: new Date(t).toISOString().slice(0, 10), kind: "holiday", name });
  }
  return out;
};
const workday = (day: string, name: string): CalendarEntry => ({
  day,
  kind: "workday",
  name: `${name}调休上班`,
});

// Source: 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号, 2024-11-12), the first
// year under the revised 全国年节及纪念日放假办法 (Spring Festival and Labour Day one day longer).
const Y2025: CalendarEntry[] = [
  ...range("2025-01-01", "2025-01-01", "元旦"),
  ...range("2025-01-28", "2025-02-04", "春节"),
  workday("2025-01-26", "春节"),
  workday("2025-02-08", "春节"),
  ...range("2025-04-04", "2025-04-06", "清明节"),
  ...range("2025-05-01", "2025-05-05", "劳动节"),
  workday("2025-04-27", "劳动节"),
  ...range("2025-05-31", "2025-06-02", "端午节"),
  ...range("2025-10-01", "2025-10-08", "国庆节、中秋节"),
  workday("2025-09-28", "国庆节"),
  workday("2025-10-11", "国庆节"),
];

// Source: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04, published by Xinhua).
const Y2026: CalendarEntry[] = [
  ...range("2026-01-01", "2026-01-03", "元旦"),
  workday("2026-01-04", "元旦"),
  ...range("2026-02-15", "2026-02-23", "春节"),
  workday("2026-02-14", "春节"),
  workday("2026-02-28", "春节"),
  ...range("2026-04-04", "2026-04-06", "清明节"),
  ...range("2026-05-01", "2026-05-05", "劳动节"),
  workday("2026-05-09", "劳动节"),
  ...range("2026-06-19", "2026-06-21", "端午节"),
  ...range("2026-09-25", "2026-09-27", "中秋节"),
  ...range("2026-10-01", "2026-10-07", "国庆节"),
  workday("2026-09-20", "国庆节"),
  workday("2026-10-10", "国庆节"),
];

/** The official arrangements shipped with Linli; staff add later years through the calendar API. */
export const OFFICIAL_CALENDAR: readonly CalendarEntry[] = [...Y2025, ...Y2026];

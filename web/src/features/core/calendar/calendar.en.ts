import type { CalendarMessages } from "./calendar.zh-CN";

export const calendarEn: CalendarMessages = {
  dayKind: { holiday: "Holiday", workday: "Make-up working day" },
  calendar: {
    title: "Working calendar",
    year: "Year",
    subtitle: "Public holidays and make-up working days used to count deadlines",
    official: "{{year}} follows the State Council's notice: {{days}} working days",
    notOfficial:
      "No official arrangement for {{year}} yet: add it when the notice is out. For now Monday to Friday count ({{days}} working days)",
    readOnly: "The working calendar is national: only a system administrator changes it",
    day: "Date",
    dayRequired: "Choose the date",
    kind: "Kind",
    name: "Name",
    namePlaceholder: "e.g. Spring Festival, or Spring Festival make-up day",
    nameRequired: "Give the name",
    set: "Save this day",
    saved: "Saved {{day}}",
    removed: "Removed",
    removeConfirm: "Remove {{day}}? It counts as a normal weekday or weekend again",
  },
};

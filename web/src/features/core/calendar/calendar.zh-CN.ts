// Chinese (the first language): the texts of the calendar feature.
// Every key must also be in calendar.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const calendarZh = {
  dayKind: { holiday: "放假", workday: "调休上班" },
  calendar: {
    title: "工作日历",
    year: "年份",
    subtitle: "法定节假日和调休上班日，用于计算签收和办结期限",
    official: "{{year}} 年已按国务院办公厅通知配置，全年 {{days}} 个工作日",
    notOfficial: "{{year}} 年尚无官方安排，请在通知发布后补充；目前按周一至周五计算，共 {{days}} 个工作日",
    readOnly: "工作日历全国统一，只有系统管理员可以修改",
    day: "日期",
    dayRequired: "请选择日期",
    kind: "类型",
    name: "名称",
    namePlaceholder: "例如：春节，或 春节调休上班",
    nameRequired: "请填写名称",
    set: "保存这一天",
    saved: "已保存 {{day}}",
    removed: "已删除",
    removeConfirm: "删除 {{day}}？这一天将按普通工作日或周末计算",
  },
} as const;

export type CalendarMessages = Widen<typeof calendarZh>;

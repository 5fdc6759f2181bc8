// Chinese (the first language): the texts of the notifications feature.
// Every key must also be in notifications.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const notificationsZh = {
  notifications: {
    title: "消息",
    unread: "{{count}} 条未读",
    readAll: "全部已读",
    empty: "暂无消息",
    channels: "通知方式",
    channelsTitle: "通知方式",
    inApp: "应用内消息",
    inAppDesc: "在“消息”中查看，打开页面时实时提醒",
    sms: "短信",
    smsDesc: "办理进度和截止提醒发送到手机",
    saved: "已保存",
    noneWarning: "两种方式都关闭后，您将收不到任何办理进度通知。",
  },
} as const;

export type NotificationsMessages = Widen<typeof notificationsZh>;

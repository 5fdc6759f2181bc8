import type { NotificationsMessages } from "./notifications.zh-CN";

export const notificationsEn: NotificationsMessages = {
  notifications: {
    title: "Messages",
    unread: "{{count}} unread",
    readAll: "Mark all read",
    empty: "No messages",
    channels: "Channels",
    channelsTitle: "How I am told",
    inApp: "In the app",
    inAppDesc: "Listed under Messages, live while the app is open",
    sms: "Text message",
    smsDesc: "Progress and deadline reminders on your phone",
    saved: "Saved",
    noneWarning: "With both off you will not be told about any progress.",
  },
};

// Chinese (the first language): the staff console's frame (app/staff-layout.tsx): its name, community picker, empty states and menu.
// Every key must also be in app.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../shared/i18n/messages";

export const appZh = {
  staff: {
    consoleName: "社区工作台",
    noAccessTitle: "该账号没有工作人员权限",
    noAccessText: "如需使用社区工作台，请联系社区书记为您分配角色。",
    goResident: "前往居民端",
    community: "当前社区",
    selectCommunity: "选择社区",
    noCommunityTitle: "尚未分配社区",
    noCommunityText: "您的账号还没有可管理的社区，请联系管理员。",
    residentSite: "居民端",
    menuLabel: "工作台菜单",
    // no group may hold a page's name (journeys find pages by name: "居民" is the people page)
    group: {
      voice: "民声民意",
      ground: "人·房·组织",
      settings: "设置与审计",
      deliberation: "决策共谋",
      projects: "发展共建",
      points: "激励回馈",
      services: "社区服务",
      insight: "效果共评",
    },
    menu: {
      places: "地点",
      households: "住户",
      people: "居民",
      verification: "待审核",
      imports: "导入导出",
      organisations: "组织",
      roles: "角色",
      audit: "审计日志",
      inbox: "工单",
      requests: "诉求列表",
      onBehalf: "代办登记",
      overdue: "超期清单",
      opinions: "意见箱",
      resources: "资源对接",
      categories: "诉求类别",
      calendar: "工作日历",
      open311: "Open311 接口",
    },
  },
  offline: { notice: "现在没有网络：显示的是上次看到的内容，联网后会自动更新。" },
} as const;

export type AppMessages = Widen<typeof appZh>;

import type { AppMessages } from "./app.zh-CN";

export const appEn: AppMessages = {
  staff: {
    consoleName: "Console",
    noAccessTitle: "This account has no staff role",
    noAccessText: "Ask your community secretary to give you a role to use the console.",
    goResident: "Go to the resident pages",
    community: "Community",
    selectCommunity: "Choose a community",
    noCommunityTitle: "No community assigned",
    noCommunityText: "Your account has no community to manage yet. Please contact an administrator.",
    residentSite: "Resident pages",
    menu: {
      places: "Places",
      households: "Households",
      people: "People",
      verification: "Verification",
      imports: "Import / export",
      organisations: "Organisations",
      roles: "Roles",
      audit: "Audit log",
      inbox: "Inbox",
      requests: "Requests",
      onBehalf: "Record for a resident",
      overdue: "Overdue",
      opinions: "Opinion box",
      resources: "Resources",
      categories: "Categories",
      calendar: "Working calendar",
      open311: "Open311 API",
    },
  },
};

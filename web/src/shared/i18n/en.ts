import { staffListEn } from "../staff/staff-list.en";
import type { SharedMessages } from "./zh-CN";

export const en: SharedMessages = {
  common: {
    appName: "Linli",
    appSlogan: "Co-creating a good environment and a happy life",
    loading: "Loading…",
    loadMore: "Load more",
    retry: "Retry",
    networkError: "Network error. Check your connection and try again.",
    unknownError: "Something went wrong. Please try again later.",
    errorStatus: "Request failed ({{status}})",
    cancel: "Cancel",
    confirm: "OK",
    back: "Back",
    close: "Close",
    signOut: "Sign out",
    total: "{{total}} in total",
    detail: "Details",
    people: "{{count}} people",
    notFoundTitle: "Page not found",
    notFoundText: "The page you are looking for does not exist or has moved.",
    goHome: "Back to home",
    maskedHint: "Phone and ID numbers are masked to protect personal information",
  },
  lang: { "zh-CN": "中文", en: "English", switchTo: "中文" },
  relation: { owner: "Owner", tenant: "Tenant", family: "Family member" },
  status: { pending: "Pending", verified: "Verified", rejected: "Rejected", moved_out: "Moved out" },
  gender: { male: "Male", female: "Female" },
  careTag: {
    living_alone: "Living alone",
    empty_nest: "Empty nest",
    elderly_80_plus: "Aged 80+",
    hardship: "Hardship",
    disability: "Disability",
    left_behind_child: "Left-behind child",
  },
  role: {
    system_admin: "System administrator",
    district_official: "District official",
    street_official: "Street official",
    community_secretary: "Community secretary",
    community_worker: "Community worker",
    grid_worker: "Grid worker",
    grid_leader: "Grid leader",
    building_head: "Building head",
    floor_head: "Floor head",
    unit_head: "Unit head",
    property_staff: "Property staff",
    owners_committee_member: "Owners' committee member",
    unit_representative: "Co-building unit representative",
  },
  orgKind: {
    party_committee: "Party committee",
    party_branch: "Party branch",
    party_group: "Party group",
    co_building_unit: "Co-building unit",
    property_company: "Property company",
    owners_committee: "Owners' committee",
    social_organisation: "Social organisation",
    volunteer_team: "Volunteer team",
    merchant: "Merchant",
    government_department: "Government department",
  },
  staff: {
    phoneInvalid: "Enter a valid 11-digit mobile number",
  },
  households: {
    filterBuilding: "Building",
    building: "Building",
  },
  verification: {
    householdPlaceholder: "Search an address, e.g. 3栋2单元501",
  },
  resident: {
    signIn: "Sign in",
  },
  auth: {
    privacyNote:
      "Your information is used only for community services; phone and ID numbers are encrypted and shown masked.",
  },
  elderly: {
    toggle: "Elderly mode",
    on: "Elderly mode on",
    off: "Elderly mode off",
    choiceTitle: "Choose the size of the text",
    choiceText: "This phone remembers it. You can change it any time with “Elderly mode” at the top right.",
    big: "Large text",
    bigDesc: "Bigger text and buttons, stronger colours",
    standard: "Standard",
    standardDesc: "Text of the usual size",
  },
  voiceCommon: { chooseCommunity: "Choose a community" },
  reqKind: { problem: "Problem", need: "Need", wish: "Micro-wish" },
  rating: { good: "Good", average: "Average", poor: "Poor" },
  claimantKind: {
    party_member: "Party member",
    volunteer: "Volunteer",
    co_building_unit: "Co-building unit",
    resident: "Resident",
  },
  report: {
    description: "Details (optional)",
  },
  request: {
    ratingLabel: "Rating",
  },
  wishes: {
    all: "All",
  },
  myClaims: {
    title: "My claims",
    homeDesc: "Wishes I took on: fulfil them on time, or withdraw",
  },
  inbox: {
    status: "Status",
    actions: "Actions",
  },
  reqList: {
    createdAt: "Submitted",
  },
  drawer: {
    claim: {
      releaseTitle: "Release the claim: {{title}}",
      releaseText:
        "Once released, the wish is back on the wish board for others to claim; the claimant and the submitter are told, and the release is written to the audit log.",
      releaseReason: "Reason",
      releaseReasonRequired: "Give a reason (2 to 500 characters)",
      releasePlaceholder: "e.g. Three days past the promise date and the claimant cannot be reached",
      releaseSubmit: "Release",
      releasedDone: "Released: the wish is open for claiming again",
    },
  },
  categories: {
    editShort: "Edit",
  },
  ratings: {
    homeTitle: "Rate services and spaces",
    homeDesc: "The neighbourhood hall, the canteen… give a thumbs-up or tell what is wrong",
  },
  surveys: {
    homeTitle: "Surveys",
    homeDesc: "The community wants to hear from you; a few minutes to answer",
  },
  lotteries: {
    homeTitle: "Lotteries",
    homeDesc: "Parking spaces and garden plots drawn in public; anyone can check the result",
  },
  votes: {
    homeTitle: "My votes",
    homeDesc: "Owners' votes: to vote, your receipts, and the results",
  },
  contests: {
    homeTitle: "Idea contests",
    homeDesc: "Give ideas, support good ones; judges score them and the best become projects",
  },
  staffList: staffListEn,
};

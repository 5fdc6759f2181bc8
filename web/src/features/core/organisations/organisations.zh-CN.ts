// Chinese (the first language): the texts of the organisations feature.
// Every key must also be in organisations.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const organisationsZh = {
  organisations: {
    title: "组织",
    orgTab: "组织",
    partyTab: "党员",
    keywordPlaceholder: "姓名、手机号后4位、支部或单位（本页）",
    name: "名称",
    kind: "类型",
    contact: "联系人",
    contactPhone: "联系电话",
    memberName: "姓名",
    phone: "手机号",
    branch: "所在支部",
    memberKind: "党员类型",
    kindResident: "在册党员",
    kindSinking: "下沉党员",
    sourceOrg: "派出单位",
    centralHousehold: "党员中心户",
    emptyOrgs: "还没有组织",
    emptyParty: "还没有党员",
  },
} as const;

export type OrganisationsMessages = Widen<typeof organisationsZh>;

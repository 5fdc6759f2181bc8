import type { OrganisationsMessages } from "./organisations.zh-CN";

export const organisationsEn: OrganisationsMessages = {
  organisations: {
    title: "Organisations",
    orgTab: "Organisations",
    partyTab: "Party members",
    keywordPlaceholder: "Name, phone digits, branch or unit (this page)",
    name: "Name",
    kind: "Kind",
    contact: "Contact",
    contactPhone: "Contact phone",
    memberName: "Name",
    phone: "Phone",
    branch: "Branch",
    memberKind: "Kind",
    kindResident: "Registered here",
    kindSinking: "Sent from a co-building unit",
    sourceOrg: "Sent by",
    centralHousehold: "Central household",
    emptyOrgs: "No organisations yet",
    emptyParty: "No party members yet",
  },
};

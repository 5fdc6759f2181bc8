// Contests (D6 金点子大赛, E3 十大社区治理创新项目). A community's staff organise its idea contests; street
// and district officials organise the contests of their street or district (E3 is held by the district's
// civil affairs bureau), so here the overseers write too — only for contests held at their own level,
// checked by the service (a district contest needs a grant covering every community of the district).
// contests.enter: a community's staff enter their community's projects into a street/district contest.
// Residents submit ideas and support them as themselves, and judges score as themselves: the service
// checks the residency and the judge lists; exporting scores needs data.export besides.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const contestsPolicy = definePolicy({
  module: "contests",
  permissions: {
    "contests.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "contests.manage": [...OVERSEERS, ...COMMUNITY_STAFF],
    "contests.enter": [...COMMUNITY_STAFF],
  },
});

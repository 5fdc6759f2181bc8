// The one place where the shared words, the staff console frame's and every feature's texts become
// i18next's resources. Each part's English is typed by its Chinese (same keys); messages.test.ts
// checks the rest (no key in two parts, a feature uses only its own texts and the shared words).

import { type AuditMessages, auditZh } from "../features/core/audit/audit.zh-CN";
import { type AuthMessages, authZh } from "../features/core/auth/auth.zh-CN";
import { type CalendarMessages, calendarZh } from "../features/core/calendar/calendar.zh-CN";
import { type ImportsMessages, importsZh } from "../features/core/imports/imports.zh-CN";
import { type MeMessages, meZh } from "../features/core/me/me.zh-CN";
import {
  type NotificationsMessages,
  notificationsZh,
} from "../features/core/notifications/notifications.zh-CN";
import {
  type OrganisationsMessages,
  organisationsZh,
} from "../features/core/organisations/organisations.zh-CN";
import { type PeopleMessages, peopleZh } from "../features/core/people/people.zh-CN";
import { type PlacesMessages, placesZh } from "../features/core/places/places.zh-CN";
import { type PrivacyMessages, privacyZh } from "../features/core/privacy/privacy.zh-CN";
import { type CommentsMessages, commentsZh } from "../features/deliberation/comments/comments.zh-CN";
import { type LotteriesMessages, lotteriesZh } from "../features/deliberation/lotteries/lotteries.zh-CN";
import { type MeetingsMessages, meetingsZh } from "../features/deliberation/meetings/meetings.zh-CN";
import { type NoticesMessages, noticesZh } from "../features/deliberation/notices/notices.zh-CN";
import { type SurveysMessages, surveysZh } from "../features/deliberation/surveys/surveys.zh-CN";
import { type TopicsMessages, topicsZh } from "../features/deliberation/topics/topics.zh-CN";
import { type VotesMessages, votesZh } from "../features/deliberation/votes/votes.zh-CN";
import { type InsightMessages, insightZh } from "../features/insight/figures/figures.zh-CN";
import { type InsightReportsMessages, insightReportsZh } from "../features/insight/reports/reports.zh-CN";
import { type ScreenMessages, screenZh } from "../features/insight/screen/screen.zh-CN";
import { type LifecircleMessages, lifecircleZh } from "../features/lifecircle/lifecircle/lifecircle.zh-CN";
import { type MallMessages, mallZh } from "../features/points/mall/mall.zh-CN";
import { type PointsMessages, pointsZh } from "../features/points/points/points.zh-CN";
import { type ContestsMessages, contestsZh } from "../features/projects/contests/contests.zh-CN";
import { type ProjectsMessages, projectsZh } from "../features/projects/projects/projects.zh-CN";
import { type CanteenMessages, canteenZh } from "../features/services/canteen/canteen.zh-CN";
import { type CareMessages, careZh } from "../features/services/care/care.zh-CN";
import { type CoursesMessages, coursesZh } from "../features/services/courses/courses.zh-CN";
import { type GardenMessages, gardenZh } from "../features/services/garden/garden.zh-CN";
import { type SpacesMessages, spacesZh } from "../features/services/spaces/spaces.zh-CN";
import { type ClaimsMessages, claimsZh } from "../features/voice/claims/claims.zh-CN";
import { type FiguresMessages, figuresZh } from "../features/voice/figures/figures.zh-CN";
import { type Open311Messages, open311Zh } from "../features/voice/open311/open311.zh-CN";
import { type OpinionsMessages, opinionsZh } from "../features/voice/opinions/opinions.zh-CN";
import { type RatingsMessages, ratingsZh } from "../features/voice/ratings/ratings.zh-CN";
import { type RequestsMessages, requestsZh } from "../features/voice/requests/requests.zh-CN";
import { type MatchingMessages, matchingZh } from "../features/volunteering/matching/matching.zh-CN";
import { type RostersMessages, rostersZh } from "../features/volunteering/rosters/rosters.zh-CN";
import {
  type VolunteeringMessages,
  volunteeringZh,
} from "../features/volunteering/volunteering/volunteering.zh-CN";
import { mergeMessages } from "../shared/i18n/messages";
import { type SharedMessages, zhCN } from "../shared/i18n/zh-CN";
import { type AppMessages, appZh } from "./app.zh-CN";

/** Each part's Chinese and English, by where it lives: shared/i18n, app, or a feature's folder. */
/** Each part's Chinese texts (its English is in messages-en.ts, loaded only when chosen). */
export const zhParts = {
  shared: zhCN,
  app: appZh,
  "core/auth": authZh,
  "core/me": meZh,
  "core/people": peopleZh,
  "core/places": placesZh,
  "core/organisations": organisationsZh,
  "core/privacy": privacyZh,
  "core/audit": auditZh,
  "core/notifications": notificationsZh,
  "core/calendar": calendarZh,
  "core/imports": importsZh,
  "voice/requests": requestsZh,
  "voice/claims": claimsZh,
  "voice/figures": figuresZh,
  "voice/ratings": ratingsZh,
  "voice/opinions": opinionsZh,
  "voice/open311": open311Zh,
  "deliberation/notices": noticesZh,
  "deliberation/comments": commentsZh,
  "deliberation/topics": topicsZh,
  "deliberation/surveys": surveysZh,
  "deliberation/meetings": meetingsZh,
  "deliberation/lotteries": lotteriesZh,
  "deliberation/votes": votesZh,
  "projects/contests": contestsZh,
  "projects/projects": projectsZh,
  "lifecircle/lifecircle": lifecircleZh,
  "points/points": pointsZh,
  "points/mall": mallZh,
  "volunteering/volunteering": volunteeringZh,
  "services/care": careZh,
  "volunteering/rosters": rostersZh,
  "volunteering/matching": matchingZh,
  "services/canteen": canteenZh,
  "services/spaces": spacesZh,
  "insight/figures": insightZh,
  "insight/screen": screenZh,
  "insight/reports": insightReportsZh,
  "services/courses": coursesZh,
  "services/garden": gardenZh,
} as const;

/** Every key t() accepts (app/i18next.d.ts). */
export type Messages = SharedMessages &
  AppMessages &
  AuthMessages &
  MeMessages &
  PeopleMessages &
  PlacesMessages &
  OrganisationsMessages &
  PrivacyMessages &
  AuditMessages &
  NotificationsMessages &
  CalendarMessages &
  ImportsMessages &
  RequestsMessages &
  ClaimsMessages &
  FiguresMessages &
  RatingsMessages &
  OpinionsMessages &
  Open311Messages &
  NoticesMessages &
  CommentsMessages &
  TopicsMessages &
  SurveysMessages &
  MeetingsMessages &
  LotteriesMessages &
  VotesMessages &
  ContestsMessages &
  ProjectsMessages &
  LifecircleMessages &
  PointsMessages &
  VolunteeringMessages &
  CareMessages &
  RostersMessages &
  MatchingMessages &
  MallMessages &
  CanteenMessages &
  SpacesMessages &
  InsightMessages &
  ScreenMessages &
  InsightReportsMessages &
  CoursesMessages &
  GardenMessages;

/** Chinese, the first language: in the entry chunk. */
export const resourcesZh = { translation: mergeMessages(Object.values(zhParts)) };

/** English, fetched when someone chooses it (a chunk of its own: half the texts stay off a Chinese phone). */
export const loadEnglish = () => import("./messages-en").then((m) => m.englishTranslation);

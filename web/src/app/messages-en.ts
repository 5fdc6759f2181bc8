// The English texts of every part (see messages.ts): a chunk of its own, loaded when someone chooses
// English, so a Chinese phone does not download them.
import { auditEn } from "../features/core/audit/audit.en";
import { authEn } from "../features/core/auth/auth.en";
import { calendarEn } from "../features/core/calendar/calendar.en";
import { importsEn } from "../features/core/imports/imports.en";
import { meEn } from "../features/core/me/me.en";
import { notificationsEn } from "../features/core/notifications/notifications.en";
import { organisationsEn } from "../features/core/organisations/organisations.en";
import { peopleEn } from "../features/core/people/people.en";
import { placesEn } from "../features/core/places/places.en";
import { privacyEn } from "../features/core/privacy/privacy.en";
import { commentsEn } from "../features/deliberation/comments/comments.en";
import { lotteriesEn } from "../features/deliberation/lotteries/lotteries.en";
import { meetingsEn } from "../features/deliberation/meetings/meetings.en";
import { noticesEn } from "../features/deliberation/notices/notices.en";
import { surveysEn } from "../features/deliberation/surveys/surveys.en";
import { topicsEn } from "../features/deliberation/topics/topics.en";
import { votesEn } from "../features/deliberation/votes/votes.en";
import { insightEn } from "../features/insight/figures/figures.en";
import { insightReportsEn } from "../features/insight/reports/reports.en";
import { screenEn } from "../features/insight/screen/screen.en";
import { lifecircleEn } from "../features/lifecircle/lifecircle/lifecircle.en";
import { mallEn } from "../features/points/mall/mall.en";
import { pointsEn } from "../features/points/points/points.en";
import { contestsEn } from "../features/projects/contests/contests.en";
import { projectsEn } from "../features/projects/projects/projects.en";
import { canteenEn } from "../features/services/canteen/canteen.en";
import { careEn } from "../features/services/care/care.en";
import { coursesEn } from "../features/services/courses/courses.en";
import { gardenEn } from "../features/services/garden/garden.en";
import { spacesEn } from "../features/services/spaces/spaces.en";
import { claimsEn } from "../features/voice/claims/claims.en";
import { figuresEn } from "../features/voice/figures/figures.en";
import { open311En } from "../features/voice/open311/open311.en";
import { opinionsEn } from "../features/voice/opinions/opinions.en";
import { ratingsEn } from "../features/voice/ratings/ratings.en";
import { requestsEn } from "../features/voice/requests/requests.en";
import { matchingEn } from "../features/volunteering/matching/matching.en";
import { rostersEn } from "../features/volunteering/rosters/rosters.en";
import { volunteeringEn } from "../features/volunteering/volunteering/volunteering.en";
import { en } from "../shared/i18n/en";
import { mergeMessages } from "../shared/i18n/messages";
import { appEn } from "./app.en";

export const enParts = {
  shared: en,
  app: appEn,
  "core/auth": authEn,
  "core/me": meEn,
  "core/people": peopleEn,
  "core/places": placesEn,
  "core/organisations": organisationsEn,
  "core/privacy": privacyEn,
  "core/audit": auditEn,
  "core/notifications": notificationsEn,
  "core/calendar": calendarEn,
  "core/imports": importsEn,
  "voice/requests": requestsEn,
  "voice/claims": claimsEn,
  "voice/figures": figuresEn,
  "voice/ratings": ratingsEn,
  "voice/opinions": opinionsEn,
  "voice/open311": open311En,
  "deliberation/notices": noticesEn,
  "deliberation/comments": commentsEn,
  "deliberation/topics": topicsEn,
  "deliberation/surveys": surveysEn,
  "deliberation/meetings": meetingsEn,
  "deliberation/lotteries": lotteriesEn,
  "deliberation/votes": votesEn,
  "projects/contests": contestsEn,
  "projects/projects": projectsEn,
  "volunteering/volunteering": volunteeringEn,
  "volunteering/rosters": rostersEn,
  "volunteering/matching": matchingEn,
  "services/canteen": canteenEn,
  "services/spaces": spacesEn,
  "services/courses": coursesEn,
  "services/garden": gardenEn,
  "lifecircle/lifecircle": lifecircleEn,
  "points/points": pointsEn,
  "services/care": careEn,
  "points/mall": mallEn,
  "insight/figures": insightEn,
  "insight/screen": screenEn,
  "insight/reports": insightReportsEn,
} as const;

export const englishTranslation = mergeMessages(Object.values(enParts));

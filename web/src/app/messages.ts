// The one place where the shared words, the staff console frame's and every feature's texts become
// i18next's resources. Each part's English is typed by its Chinese (same keys); messages.test.ts
// checks the rest (no key in two parts, a feature uses only its own texts and the shared words).

import { auditEn } from "../features/core/audit/audit.en";
import { type AuditMessages, auditZh } from "../features/core/audit/audit.zh-CN";
import { authEn } from "../features/core/auth/auth.en";
import { type AuthMessages, authZh } from "../features/core/auth/auth.zh-CN";
import { calendarEn } from "../features/core/calendar/calendar.en";
import { type CalendarMessages, calendarZh } from "../features/core/calendar/calendar.zh-CN";
import { importsEn } from "../features/core/imports/imports.en";
import { type ImportsMessages, importsZh } from "../features/core/imports/imports.zh-CN";
import { meEn } from "../features/core/me/me.en";
import { type MeMessages, meZh } from "../features/core/me/me.zh-CN";
import { notificationsEn } from "../features/core/notifications/notifications.en";
import {
  type NotificationsMessages,
  notificationsZh,
} from "../features/core/notifications/notifications.zh-CN";
import { organisationsEn } from "../features/core/organisations/organisations.en";
import {
  type OrganisationsMessages,
  organisationsZh,
} from "../features/core/organisations/organisations.zh-CN";
import { peopleEn } from "../features/core/people/people.en";
import { type PeopleMessages, peopleZh } from "../features/core/people/people.zh-CN";
import { placesEn } from "../features/core/places/places.en";
import { type PlacesMessages, placesZh } from "../features/core/places/places.zh-CN";
import { privacyEn } from "../features/core/privacy/privacy.en";
import { type PrivacyMessages, privacyZh } from "../features/core/privacy/privacy.zh-CN";
import { commentsEn } from "../features/deliberation/comments/comments.en";
import { type CommentsMessages, commentsZh } from "../features/deliberation/comments/comments.zh-CN";
import { meetingsEn } from "../features/deliberation/meetings/meetings.en";
import { type MeetingsMessages, meetingsZh } from "../features/deliberation/meetings/meetings.zh-CN";
import { noticesEn } from "../features/deliberation/notices/notices.en";
import { type NoticesMessages, noticesZh } from "../features/deliberation/notices/notices.zh-CN";
import { surveysEn } from "../features/deliberation/surveys/surveys.en";
import { type SurveysMessages, surveysZh } from "../features/deliberation/surveys/surveys.zh-CN";
import { topicsEn } from "../features/deliberation/topics/topics.en";
import { type TopicsMessages, topicsZh } from "../features/deliberation/topics/topics.zh-CN";
import { claimsEn } from "../features/voice/claims/claims.en";
import { type ClaimsMessages, claimsZh } from "../features/voice/claims/claims.zh-CN";
import { figuresEn } from "../features/voice/figures/figures.en";
import { type FiguresMessages, figuresZh } from "../features/voice/figures/figures.zh-CN";
import { open311En } from "../features/voice/open311/open311.en";
import { type Open311Messages, open311Zh } from "../features/voice/open311/open311.zh-CN";
import { opinionsEn } from "../features/voice/opinions/opinions.en";
import { type OpinionsMessages, opinionsZh } from "../features/voice/opinions/opinions.zh-CN";
import { ratingsEn } from "../features/voice/ratings/ratings.en";
import { type RatingsMessages, ratingsZh } from "../features/voice/ratings/ratings.zh-CN";
import { requestsEn } from "../features/voice/requests/requests.en";
import { type RequestsMessages, requestsZh } from "../features/voice/requests/requests.zh-CN";
import { en } from "../shared/i18n/en";
import { mergeMessages } from "../shared/i18n/messages";
import { type SharedMessages, zhCN } from "../shared/i18n/zh-CN";
import { appEn } from "./app.en";
import { type AppMessages, appZh } from "./app.zh-CN";

/** Each part's Chinese and English, by where it lives: shared/i18n, app, or a feature's folder. */
export const messageParts = {
  shared: { zh: zhCN, en },
  app: { zh: appZh, en: appEn },
  "core/auth": { zh: authZh, en: authEn },
  "core/me": { zh: meZh, en: meEn },
  "core/people": { zh: peopleZh, en: peopleEn },
  "core/places": { zh: placesZh, en: placesEn },
  "core/organisations": { zh: organisationsZh, en: organisationsEn },
  "core/privacy": { zh: privacyZh, en: privacyEn },
  "core/audit": { zh: auditZh, en: auditEn },
  "core/notifications": { zh: notificationsZh, en: notificationsEn },
  "core/calendar": { zh: calendarZh, en: calendarEn },
  "core/imports": { zh: importsZh, en: importsEn },
  "voice/requests": { zh: requestsZh, en: requestsEn },
  "voice/claims": { zh: claimsZh, en: claimsEn },
  "voice/figures": { zh: figuresZh, en: figuresEn },
  "voice/ratings": { zh: ratingsZh, en: ratingsEn },
  "voice/opinions": { zh: opinionsZh, en: opinionsEn },
  "voice/open311": { zh: open311Zh, en: open311En },
  "deliberation/notices": { zh: noticesZh, en: noticesEn },
  "deliberation/comments": { zh: commentsZh, en: commentsEn },
  "deliberation/topics": { zh: topicsZh, en: topicsEn },
  "deliberation/surveys": { zh: surveysZh, en: surveysEn },
  "deliberation/meetings": { zh: meetingsZh, en: meetingsEn },
} as const;

const parts = Object.values(messageParts);

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
  MeetingsMessages;

export const resources = {
  "zh-CN": { translation: mergeMessages(parts.map((part) => part.zh)) },
  en: { translation: mergeMessages(parts.map((part) => part.en)) },
};

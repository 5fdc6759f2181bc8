// Kysely's DB: every table of the database. Each module keeps its table types beside it in
// modules/<section>/<module>/<module>.tables.ts (the events outbox in events/events.tables.ts); this file
// composes them and holds only the infrastructure tables no module owns. Keep in step with migrations/.
// Only this file and its own module import a *.tables.ts (the boundary check enforces it): code of
// another module, demo or tests takes the row types it needs from here.

import type { Generated } from "kysely";
import type { EventTables } from "../events/events.tables.ts";
import type { AuditTables } from "../modules/core/audit/audit.tables.ts";
import type { AuthTables } from "../modules/core/auth/auth.tables.ts";
import type { CalendarTables } from "../modules/core/calendar/calendar.tables.ts";
import type { ImportsTables } from "../modules/core/imports/imports.tables.ts";
import type { LedgerTables } from "../modules/core/ledger/ledger.tables.ts";
import type { NotificationsTables } from "../modules/core/notifications/notifications.tables.ts";
import type { OrganisationsTables } from "../modules/core/organisations/organisations.tables.ts";
import type { PeopleTables } from "../modules/core/people/people.tables.ts";
import type { PlacesTables } from "../modules/core/places/places.tables.ts";
import type { CommentsTables } from "../modules/deliberation/comments/comments.tables.ts";
import type { LotteriesTables } from "../modules/deliberation/lotteries/lotteries.tables.ts";
import type { MeetingsTables } from "../modules/deliberation/meetings/meetings.tables.ts";
import type { NoticesTables } from "../modules/deliberation/notices/notices.tables.ts";
import type { SurveysTables } from "../modules/deliberation/surveys/surveys.tables.ts";
import type { TopicsTables } from "../modules/deliberation/topics/topics.tables.ts";
import type { VotesTables } from "../modules/deliberation/votes/votes.tables.ts";
import type { InsightTables } from "../modules/insight/figures/figures.tables.ts";
import type { InsightReportsTables } from "../modules/insight/reports/reports.tables.ts";
import type { LifecircleTables } from "../modules/lifecircle/network/network.tables.ts";
import type { MallTables } from "../modules/points/mall/mall.tables.ts";
import type { PointsTables } from "../modules/points/points/points.tables.ts";
import type { ContestsTables } from "../modules/projects/contests/contests.tables.ts";
import type { ProjectsTables } from "../modules/projects/projects/projects.tables.ts";
import type { CanteenTables } from "../modules/services/canteen/canteen.tables.ts";
import type { CareTables } from "../modules/services/care/care.tables.ts";
import type { CoursesTables } from "../modules/services/courses/courses.tables.ts";
import type { GardenTables } from "../modules/services/garden/garden.tables.ts";
import type { SpacesTables } from "../modules/services/spaces/spaces.tables.ts";
import type { ClaimsTables } from "../modules/voice/claims/claims.tables.ts";
import type { FiguresTables } from "../modules/voice/figures/figures.tables.ts";
import type { Open311Tables } from "../modules/voice/open311/open311.tables.ts";
import type { OpinionsTables } from "../modules/voice/opinions/opinions.tables.ts";
import type { RatingsTables } from "../modules/voice/ratings/ratings.tables.ts";
import type { RequestsTables } from "../modules/voice/requests/requests.tables.ts";
import type { MatchingTables } from "../modules/volunteering/matching/matching.tables.ts";
import type { RostersTables } from "../modules/volunteering/rosters/rosters.tables.ts";
import type { VolunteeringTables } from "../modules/volunteering/volunteering/volunteering.tables.ts";
import type { Timestamp } from "./columns.ts";

// Row and column types that code outside the owning module uses (demo, access, other modules).
export type { LedgerUnit } from "../modules/core/ledger/ledger.tables.ts";
export type { ScopeType } from "../modules/core/organisations/organisations.tables.ts";
export type { Relation } from "../modules/core/people/people.tables.ts";
export type { Rating, RatingSubjectKind } from "../modules/voice/ratings/ratings.tables.ts";
export type { RequestKind, RequestStatus, RouteTo } from "../modules/voice/requests/requests.tables.ts";

// ---- infrastructure: the cookie sessions of http/session.ts ----
export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface DB
  extends PlacesTables,
    OrganisationsTables,
    AuthTables,
    PeopleTables,
    AuditTables,
    ImportsTables,
    CalendarTables,
    NotificationsTables,
    RequestsTables,
    ClaimsTables,
    FiguresTables,
    OpinionsTables,
    Open311Tables,
    RatingsTables,
    CommentsTables,
    NoticesTables,
    EventTables,
    TopicsTables,
    SurveysTables,
    MeetingsTables,
    LotteriesTables,
    VotesTables,
    LedgerTables,
    ContestsTables,
    ProjectsTables,
    LifecircleTables,
    PointsTables,
    VolunteeringTables,
    CareTables,
    RostersTables,
    MatchingTables,
    MallTables,
    CanteenTables,
    SpacesTables,
    InsightTables,
    InsightReportsTables,
    CoursesTables,
    GardenTables {
  session: SessionTable;
}

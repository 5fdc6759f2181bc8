// Two areas in one app: resident pages at /m (antd-mobile, phone first) and the staff console at
// /staff (antd). Each area is loaded only when visited.
import { createBrowserRouter, Navigate } from "react-router-dom";
import { RouteError } from "./route-error";

const page =
  <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) =>
  async () => {
    const mod = await load();
    return { Component: mod[name] as React.ComponentType };
  };

function Boot() {
  return <div className="linli-boot" />;
}

export const router = createBrowserRouter([
  { path: "/", element: <Navigate to="/m" replace /> },
  {
    path: "/m",
    lazy: page(() => import("./resident-layout"), "ResidentLayout"),
    errorElement: <RouteError />,
    HydrateFallback: Boot,
    children: [
      { index: true, lazy: page(() => import("./deliberation-pages"), "ResidentHome") },
      {
        path: "sign-in",
        lazy: page(() => import("../features/core/auth/resident-sign-in-page"), "ResidentSignInPage"),
      },
      { path: "register", lazy: page(() => import("../features/core/auth/register-page"), "RegisterPage") },
      {
        path: "bind",
        lazy: page(() => import("../features/core/me/bind-household-page"), "BindHouseholdPage"),
      },
      {
        path: "household",
        lazy: page(() => import("../features/core/me/my-household-page"), "MyHouseholdPage"),
      },
      { path: "my-data", lazy: page(() => import("../features/core/privacy/my-data-page"), "MyDataPage") },
      { path: "settings", lazy: page(() => import("../features/core/me/settings-page"), "SettingsPage") },
      { path: "report", lazy: page(() => import("../features/voice/requests/report-page"), "ReportPage") },
      {
        path: "requests",
        lazy: page(() => import("../features/voice/requests/my-requests-page"), "MyRequestsPage"),
      },
      {
        path: "requests/:communityId/:requestId",
        lazy: page(() => import("../features/voice/requests/request-page"), "RequestPage"),
      },
      {
        path: "notifications",
        lazy: page(() => import("../features/core/notifications/notifications-page"), "NotificationsPage"),
      },
      {
        path: "notifications/settings",
        lazy: page(
          () => import("../features/core/notifications/notification-settings-page"),
          "NotificationSettingsPage",
        ),
      },
      {
        path: "wishes",
        lazy: page(() => import("../features/voice/claims/wish-board-page"), "WishBoardPage"),
      },
      {
        path: "my-claims",
        lazy: page(() => import("../features/voice/claims/my-claims-page"), "MyClaimsPage"),
      },
      {
        path: "opinions",
        lazy: page(() => import("../features/voice/opinions/opinion-box-page"), "OpinionBoxPage"),
      },
      {
        path: "board",
        lazy: page(() => import("../features/voice/figures/figures-board-page"), "FiguresBoardPage"),
      },
      { path: "ratings", lazy: page(() => import("../features/voice/ratings/rate-page"), "RatePage") },
      {
        path: "notices",
        lazy: page(() => import("../features/deliberation/notices/my-notices-page"), "MyNoticesPage"),
      },
      {
        path: "notices/public/:communityId",
        lazy: page(() => import("../features/deliberation/notices/public-notices-page"), "PublicNoticesPage"),
      },
      {
        path: "notices/:communityId/:noticeId",
        lazy: page(() => import("./deliberation-pages"), "ResidentNoticePage"),
      },
      {
        path: "topics",
        lazy: page(() => import("../features/deliberation/topics/my-topics-page"), "MyTopicsPage"),
      },
      {
        path: "topics/propose",
        lazy: page(() => import("../features/deliberation/topics/propose-page"), "ProposePage"),
      },
      {
        path: "topics/:communityId/:topicId",
        lazy: page(() => import("./deliberation-pages"), "ResidentTopicPage"),
      },
      {
        path: "projects",
        lazy: page(() => import("../features/projects/projects/my-projects-page"), "MyProjectsPage"),
      },
      {
        path: "lifecircle",
        lazy: page(() => import("../features/lifecircle/lifecircle/lifecircle-page"), "LifecirclePage"),
      },
      {
        path: "points",
        lazy: page(() => import("../features/points/points/my-points-page"), "MyPointsPage"),
      },
      {
        path: "care",
        lazy: page(() => import("../features/services/care/care-family-page"), "FamilyCarePage"),
      },
      {
        path: "mall",
        lazy: page(() => import("../features/points/mall/mall-pages"), "MallPage"),
      },
      {
        path: "mall/mine",
        lazy: page(() => import("../features/points/mall/mall-pages"), "MyExchangesPage"),
      },
      {
        path: "projects/:communityId/:projectId",
        lazy: page(() => import("./deliberation-pages"), "ResidentProjectPage"),
      },
      {
        path: "surveys",
        lazy: page(() => import("../features/deliberation/surveys/my-surveys-page"), "MySurveysPage"),
      },
      {
        path: "surveys/:communityId/:surveyId",
        lazy: page(() => import("../features/deliberation/surveys/answer-survey-page"), "AnswerSurveyPage"),
      },
      {
        path: "votes",
        lazy: page(() => import("../features/deliberation/votes/my-votes-page"), "MyVotesPage"),
      },
      {
        path: "votes/:communityId/:voteId",
        lazy: page(() => import("../features/deliberation/votes/vote-ballot-page"), "VoteBallotPage"),
      },
      {
        path: "volunteering",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-resident-pages"),
          "VolunteeringPage",
        ),
      },
      {
        path: "canteen",
        lazy: page(() => import("../features/services/canteen/canteen-resident-pages"), "CanteenPage"),
      },
      {
        path: "canteen/mine",
        lazy: page(() => import("../features/services/canteen/canteen-resident-pages"), "MyCanteenPage"),
      },
      {
        path: "spaces",
        lazy: page(() => import("../features/services/spaces/spaces-resident-pages"), "SpacesPage"),
      },
      {
        path: "spaces/mine",
        lazy: page(() => import("../features/services/spaces/spaces-resident-pages"), "MySpacesPage"),
      },
      {
        path: "courses",
        lazy: page(() => import("../features/services/courses/courses-resident-pages"), "CoursesPage"),
      },
      {
        path: "courses/mine",
        lazy: page(() => import("../features/services/courses/courses-resident-pages"), "MyCoursesPage"),
      },
      {
        path: "garden",
        lazy: page(() => import("../features/services/garden/garden-resident-page"), "GardenPage"),
      },
      {
        path: "volunteering/mine",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-resident-pages"),
          "MyVolunteeringPage",
        ),
      },
      {
        path: "volunteering/shifts",
        lazy: page(() => import("../features/volunteering/rosters/rosters-resident-page"), "MyShiftsPage"),
      },
      {
        path: "volunteering/assignments",
        lazy: page(
          () => import("../features/volunteering/matching/matching-resident-page"),
          "MyAssignmentsPage",
        ),
      },
      {
        path: "volunteering/:activityId/check",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-resident-pages"),
          "CheckPage",
        ),
      },
      {
        path: "volunteering/:communityId/:activityId",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-resident-pages"),
          "ActivityPage",
        ),
      },
      {
        path: "meetings",
        lazy: page(() => import("../features/deliberation/meetings/my-meetings-page"), "MyMeetingsPage"),
      },
      {
        path: "lotteries",
        lazy: page(() => import("../features/deliberation/lotteries/my-lotteries-page"), "MyLotteriesPage"),
      },
      {
        path: "lotteries/:communityId/:lotteryId",
        lazy: page(() => import("../features/deliberation/lotteries/lottery-page"), "LotteryPage"),
      },
      {
        path: "contests",
        lazy: page(() => import("../features/projects/contests/my-contests-page"), "MyContestsPage"),
      },
      {
        path: "contests/:contestId",
        lazy: page(() => import("../features/projects/contests/contest-page"), "ContestPage"),
      },
      {
        path: "contests/:contestId/judge/:roundNo",
        lazy: page(() => import("../features/projects/contests/judge-page"), "JudgePage"),
      },
      {
        path: "meetings/:meetingId/sign-in",
        lazy: page(
          () => import("../features/deliberation/meetings/meeting-sign-in-page"),
          "MeetingSignInPage",
        ),
      },
      {
        path: "me/code",
        lazy: page(() => import("../features/deliberation/meetings/my-code-page"), "MyCodePage"),
      },
      { path: "*", lazy: page(() => import("./resident-layout"), "ResidentNotFound") },
    ],
  },
  {
    path: "/staff/sign-in",
    lazy: page(() => import("./staff-sign-in-route"), "StaffSignInRoute"),
    errorElement: <RouteError />,
    HydrateFallback: Boot,
  },
  {
    path: "/staff",
    lazy: page(() => import("./staff-layout"), "StaffLayout"),
    errorElement: <RouteError />,
    HydrateFallback: Boot,
    children: [
      { index: true, lazy: page(() => import("./staff-layout"), "StaffHome") },
      { path: "inbox", lazy: page(() => import("../features/voice/requests/inbox-page"), "InboxPage") },
      {
        path: "requests",
        lazy: page(() => import("../features/voice/requests/requests-page"), "RequestsPage"),
      },
      {
        path: "requests/:communityId/:requestId",
        lazy: page(() => import("../features/voice/requests/requests-page"), "RequestsPage"),
      },
      {
        path: "on-behalf",
        lazy: page(() => import("../features/voice/requests/on-behalf-page"), "OnBehalfPage"),
      },
      { path: "overdue", lazy: page(() => import("../features/voice/requests/overdue-page"), "OverduePage") },
      {
        path: "categories",
        lazy: page(() => import("../features/voice/requests/categories-page"), "CategoriesPage"),
      },
      {
        path: "calendar",
        lazy: page(() => import("../features/core/calendar/calendar-page"), "CalendarPage"),
      },
      {
        path: "ratings",
        lazy: page(() => import("../features/voice/ratings/ratings-staff-page"), "RatingsStaffPage"),
      },
      {
        path: "notices",
        lazy: page(() => import("../features/deliberation/notices/notices-staff-page"), "NoticesStaffPage"),
      },
      {
        path: "comments",
        lazy: page(
          () => import("../features/deliberation/comments/comments-staff-page"),
          "CommentsStaffPage",
        ),
      },
      {
        path: "ratings/:communityId",
        lazy: page(() => import("../features/voice/ratings/ratings-staff-page"), "RatingsStaffPage"),
      },
      {
        path: "surveys",
        lazy: page(() => import("../features/deliberation/surveys/surveys-staff-page"), "SurveysStaffPage"),
      },
      {
        path: "votes",
        lazy: page(() => import("../features/deliberation/votes/votes-staff-page"), "VotesStaffPage"),
      },
      {
        path: "votes/:voteId",
        lazy: page(() => import("../features/deliberation/votes/votes-staff-page"), "VoteStaffPage"),
      },
      {
        path: "surveys/:surveyId",
        lazy: page(() => import("../features/deliberation/surveys/survey-results-page"), "SurveyResultsPage"),
      },
      {
        path: "lotteries",
        lazy: page(
          () => import("../features/deliberation/lotteries/lotteries-staff-page"),
          "LotteriesStaffPage",
        ),
      },
      {
        path: "lotteries/:lotteryId",
        lazy: page(() => import("../features/deliberation/lotteries/lottery-staff-page"), "LotteryStaffPage"),
      },
      {
        path: "lotteries/:lotteryId/draw",
        lazy: page(() => import("../features/deliberation/lotteries/lottery-draw-page"), "LotteryDrawPage"),
      },
      {
        path: "contests",
        lazy: page(() => import("../features/projects/contests/contests-staff-page"), "ContestsStaffPage"),
      },
      {
        path: "contests/:contestId",
        lazy: page(() => import("../features/projects/contests/contest-staff-page"), "ContestStaffPage"),
      },
      {
        path: "open311",
        lazy: page(() => import("../features/voice/open311/open311-keys-page"), "Open311KeysPage"),
      },
      {
        path: "meetings",
        lazy: page(
          () => import("../features/deliberation/meetings/meetings-staff-page"),
          "MeetingsStaffPage",
        ),
      },
      {
        path: "meetings/:meetingId",
        lazy: page(
          () => import("../features/deliberation/meetings/meeting-staff-detail-page"),
          "MeetingStaffDetailPage",
        ),
      },
      {
        path: "meetings/:meetingId/sign-in",
        lazy: page(
          () => import("../features/deliberation/meetings/meeting-sign-in-screen"),
          "MeetingSignInScreen",
        ),
      },
      {
        path: "opinions",
        lazy: page(() => import("../features/voice/opinions/opinions-page"), "OpinionsPage"),
      },
      {
        path: "resources",
        lazy: page(() => import("../features/voice/claims/resources-page"), "ResourcesPage"),
      },
      {
        path: "claims",
        lazy: page(() => import("../features/voice/claims/claims-staff-page"), "ClaimsStaffPage"),
      },
      {
        path: "places",
        lazy: page(() => import("../features/core/places/place-tree-page"), "PlaceTreePage"),
      },
      {
        path: "households",
        lazy: page(() => import("../features/core/places/households-page"), "HouseholdsPage"),
      },
      { path: "people", lazy: page(() => import("../features/core/people/people-page"), "PeoplePage") },
      {
        path: "verification",
        lazy: page(() => import("../features/core/people/verification-queue-page"), "VerificationQueuePage"),
      },
      {
        path: "imports",
        lazy: page(() => import("../features/core/imports/import-export-page"), "ImportExportPage"),
      },
      {
        path: "organisations",
        lazy: page(() => import("../features/core/organisations/organisations-page"), "OrganisationsPage"),
      },
      { path: "roles", lazy: page(() => import("../features/core/auth/roles-page"), "RolesPage") },
      { path: "audit", lazy: page(() => import("../features/core/audit/audit-log-page"), "AuditLogPage") },
      {
        path: "topics",
        lazy: page(() => import("../features/deliberation/topics/topics-staff-page"), "TopicsStaffPage"),
      },
      {
        path: "topics/settings",
        lazy: page(() => import("../features/deliberation/topics/topic-settings-page"), "TopicSettingsPage"),
      },
      {
        path: "topics/:communityId/:topicId",
        lazy: page(() => import("./deliberation-pages"), "StaffTopicPage"),
      },
      {
        path: "projects",
        lazy: page(() => import("../features/projects/projects/projects-staff-page"), "ProjectsStaffPage"),
      },
      {
        path: "lifecircle",
        lazy: page(
          () => import("../features/lifecircle/lifecircle/lifecircle-staff-page"),
          "LifecircleStaffPage",
        ),
      },
      {
        path: "points",
        lazy: page(() => import("../features/points/points/points-staff-page"), "PointsStaffPage"),
      },
      {
        path: "care",
        lazy: page(() => import("../features/services/care/care-staff-pages"), "CareStaffPage"),
      },
      {
        path: "care/:communityId/residents/:residentId",
        lazy: page(() => import("../features/services/care/care-staff-pages"), "CareResidentStaffPage"),
      },
      {
        path: "mall",
        lazy: page(() => import("../features/points/mall/mall-staff-page"), "MallStaffPage"),
      },
      {
        path: "volunteering",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-staff-pages"),
          "VolunteeringStaffPage",
        ),
      },
      {
        path: "volunteering/rosters",
        lazy: page(() => import("../features/volunteering/rosters/rosters-staff-page"), "RostersStaffPage"),
      },
      {
        path: "volunteering/matching",
        lazy: page(
          () => import("../features/volunteering/matching/matching-staff-page"),
          "MatchingStaffPage",
        ),
      },
      {
        path: "canteen",
        lazy: page(() => import("../features/services/canteen/canteen-staff-page"), "CanteenStaffPage"),
      },
      {
        path: "spaces",
        lazy: page(() => import("../features/services/spaces/spaces-staff-page"), "SpacesStaffPage"),
      },
      {
        path: "insight",
        lazy: page(() => import("../features/insight/figures/insight-staff-page"), "InsightStaffPage"),
      },
      {
        path: "insight-reports",
        lazy: page(() => import("../features/insight/reports/reports-staff-page"), "InsightReportsStaffPage"),
      },
      {
        path: "courses",
        lazy: page(() => import("../features/services/courses/courses-staff-page"), "CoursesStaffPage"),
      },
      {
        path: "garden",
        lazy: page(() => import("../features/services/garden/garden-staff-page"), "GardenStaffPage"),
      },
      {
        path: "volunteering/:activityId",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-staff-pages"),
          "VolunteeringActivityStaffPage",
        ),
      },
      {
        path: "projects/:communityId/:projectId",
        lazy: page(() => import("../features/projects/projects/project-staff-page"), "ProjectStaffPage"),
      },
      { path: "*", lazy: page(() => import("./staff-layout"), "StaffNotFound") },
    ],
  },
  // the public check of a volunteer record certificate (the address its QR code carries; no sign-in)
  {
    path: "/verify",
    lazy: page(() => import("./resident-layout"), "ResidentLayout"),
    errorElement: <RouteError />,
    HydrateFallback: Boot,
    children: [
      {
        path: "volunteer/:code",
        lazy: page(
          () => import("../features/volunteering/volunteering/volunteering-resident-pages"),
          "VerifyPage",
        ),
      },
    ],
  },
  // 数据大屏 (insight E2): staff only, full window, outside the console's layout
  {
    path: "/screen/:placeKey",
    lazy: page(() => import("../features/insight/screen/screen-page"), "BigScreenPage"),
    errorElement: <RouteError />,
    HydrateFallback: Boot,
  },
  // the public figures board has a short address of its own
  { path: "/board", element: <Navigate to="/m/board" replace /> },
  { path: "*", element: <Navigate to="/m" replace /> },
]);

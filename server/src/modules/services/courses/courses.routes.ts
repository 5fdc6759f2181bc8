import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZAllocateResult,
  ZAttendance,
  ZAttendanceResult,
  ZCancelResult,
  ZCourseList,
  ZCourseParams,
  ZCoursesQuery,
  ZCreateCourse,
  ZCreated,
  ZEnrolmentParams,
  ZEnrolResult,
  ZMyCourses,
  ZRoster,
  ZSessionParams,
  ZStats,
  ZStatsQuery,
} from "./courses.schema.ts";
import {
  allocate,
  cancelEnrolment,
  courseRoster,
  courseStats,
  createCourse,
  enrol,
  exportStats,
  listCourses,
  markAttendance,
  myCourses,
} from "./courses.service.ts";

export function registerCoursesRoutes(app: App): void {
  const tags = ["courses"];
  const C = "/communities/:communityId/courses";
  const K = `${C}/:courseId`;

  app.post(
    C,
    {
      config: { access: needs("courses.manage") },
      schema: {
        tags,
        summary:
          "Set up a weekly course (teacher, place, RFC 5545 rule, time, seats, term; optionally an application window allocated by a lottery); its sessions are made over the term; audited",
        params: ZCommunityParams,
        body: ZCreateCourse,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => createCourse(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    C,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The community's courses with seats taken, the waiting list's length and the caller's own enrolment (residents of the community and staff)",
        params: ZCommunityParams,
        querystring: ZCoursesQuery,
        response: { 200: ZCourseList, ...errorResponses },
      },
    },
    async (req) => listCourses(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${C}/stats`,
    {
      config: { access: needs("courses.read") },
      schema: {
        tags,
        summary: "Counts per course and term: enrolled, waiting, sessions held, attendance rate",
        params: ZCommunityParams,
        querystring: ZStatsQuery,
        response: { 200: ZStats, ...errorResponses },
      },
    },
    async (req) => courseStats(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${C}/stats/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The counts per course and term as Excel (roles holding data.export and courses.read); audited",
        params: ZCommunityParams,
        querystring: ZStatsQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportStats(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.post(
    `${K}/enrol`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Enrol oneself (a verified resident): a seat while free, else the waiting list; in an application window, an application (and the course's lottery's)",
        params: ZCourseParams,
        response: { 200: ZEnrolResult, ...errorResponses },
      },
    },
    async (req) => enrol(app.db, req.actor, req.params.communityId, req.params.courseId),
  );

  app.post(
    `${C}/enrolments/:enrolmentId/cancel`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Cancel an enrolment (its resident, or staff: audited); a freed seat goes to the first of the waiting list",
        params: ZEnrolmentParams,
        response: { 200: ZCancelResult, ...errorResponses },
      },
    },
    async (req) => cancelEnrolment(app.db, req.actor, req.params.communityId, req.params.enrolmentId),
  );

  app.post(
    `${K}/allocate`,
    {
      config: { access: needs("courses.manage") },
      schema: {
        tags,
        summary:
          "After the application window: enrol all applicants when they fit the seats, else by the drawn lottery (winners enrolled, its waiting list in order); audited",
        params: ZCourseParams,
        response: { 200: ZAllocateResult, ...errorResponses },
      },
    },
    async (req) => allocate(app.db, req.actor, req.params.communityId, req.params.courseId),
  );

  app.get(
    `${K}/roster`,
    {
      config: { access: needs("courses.read") },
      schema: {
        tags,
        summary: "A course's enrolments (phones masked), waiting list in order and sessions with attendance",
        params: ZCourseParams,
        response: { 200: ZRoster, ...errorResponses },
      },
    },
    async (req) => courseRoster(app.db, req.actor, req.params.communityId, req.params.courseId),
  );

  app.put(
    `${K}/sessions/:sessionId/attendance`,
    {
      config: { access: needs("courses.manage") },
      schema: {
        tags,
        summary: "Mark a session's attendance in one batch (the enrolled not listed are absent); audited",
        params: ZSessionParams,
        body: ZAttendance,
        response: { 200: ZAttendanceResult, ...errorResponses },
      },
    },
    async (req) =>
      markAttendance(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.courseId,
        req.params.sessionId,
        req.body,
      ),
  );

  app.get(
    "/me/courses",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My courses: enrolled, applied and waiting (with my place in the waiting list)",
        response: { 200: ZMyCourses, ...errorResponses },
      },
    },
    async (req) => myCourses(app.db, req.actor),
  );
}

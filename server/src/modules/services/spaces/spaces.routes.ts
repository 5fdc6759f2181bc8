import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZBook,
  ZBookingList,
  ZBookingParams,
  ZBookingResult,
  ZBookingsQuery,
  ZBookMeeting,
  ZCreateSpace,
  ZDayQuery,
  ZDecide,
  ZDecided,
  ZMine,
  ZRateBooking,
  ZRated,
  ZSpaceDay,
  ZSpaceList,
  ZSpaceParams,
  ZSpaceResult,
  ZUpdateSpace,
} from "./spaces.schema.ts";
import {
  book,
  bookForMeeting,
  cancelBooking,
  createSpace,
  decideBookings,
  exportBookings,
  listBookings,
  listSpaces,
  myBookings,
  rateBooking,
  spaceDay,
  updateSpace,
} from "./spaces.service.ts";
import { bookingsXlsx } from "./spaces-files.ts";

export function registerSpacesRoutes(app: App): void {
  const tags = ["spaces"];
  const S = "/communities/:communityId/spaces";
  const B = "/communities/:communityId/space-bookings";

  app.get(
    S,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The community's spaces (聚邻空间, 红色驿站, function rooms) with opening hours, capacity and convention; staff also see closed ones",
        params: ZCommunityParams,
        response: { 200: ZSpaceList, ...errorResponses },
      },
    },
    async (req) => listSpaces(app.db, req.actor, req.params.communityId),
  );

  app.post(
    S,
    {
      config: { access: needs("spaces.manage") },
      schema: {
        tags,
        summary: "Add a space: hours per weekday (China time), capacity, convention, approval; audited",
        params: ZCommunityParams,
        body: ZCreateSpace,
        response: { 200: ZSpaceResult, ...errorResponses },
      },
    },
    async (req) => createSpace(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    `${S}/:spaceId`,
    {
      config: { access: needs("spaces.manage") },
      schema: {
        tags,
        summary:
          "Change a space (a changed convention is a new version; closing stops new bookings); audited",
        params: ZSpaceParams,
        body: ZUpdateSpace,
        response: { 200: ZSpaceResult, ...errorResponses },
      },
    },
    async (req) => updateSpace(app.db, req.actor, req.params.communityId, req.params.spaceId, req.body),
  );

  app.get(
    `${S}/:spaceId/day`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A day of a space: its opening hours, live bookings (who and why only for the booker's side and staff) and the free hour slots",
        params: ZSpaceParams,
        querystring: ZDayQuery,
        response: { 200: ZSpaceDay, ...errorResponses },
      },
    },
    async (req) => spaceDay(app.db, req.actor, req.params.communityId, req.params.spaceId, req.query),
  );

  app.post(
    `${S}/:spaceId/bookings`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Book a time of one day (China time) inside the opening hours, accepting the current convention; an overlap with a live booking is refused (409 SPACE_BOOKING_OVERLAP)",
        params: ZSpaceParams,
        body: ZBook,
        response: { 200: ZBookingResult, ...errorResponses },
      },
    },
    async (req) => book(app.db, req.actor, req.params.communityId, req.params.spaceId, req.body),
  );

  app.post(
    `${S}/:spaceId/meeting-bookings`,
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "A meeting's organiser books the space for the meeting's time (one live booking per meeting)",
        params: ZSpaceParams,
        body: ZBookMeeting,
        response: { 200: ZBookingResult, ...errorResponses },
      },
    },
    async (req) => bookForMeeting(app.db, req.actor, req.params.communityId, req.params.spaceId, req.body),
  );

  app.get(
    B,
    {
      config: { access: needs("spaces.read") },
      schema: {
        tags,
        summary: "The bookings of the community's spaces (by space, status, days, keyword) with counts",
        params: ZCommunityParams,
        querystring: ZBookingsQuery,
        response: { 200: ZBookingList, ...errorResponses },
      },
    },
    async (req) => listBookings(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${B}/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary: "The bookings as Excel (roles holding data.export and spaces.read; phones masked); audited",
        params: ZCommunityParams,
        querystring: ZBookingsQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await bookingsXlsx(
        req.params.communityId,
        await exportBookings(app.db, req.actor, req.params.communityId, req.query),
      );
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.post(
    `${B}/decide`,
    {
      config: { access: needs("spaces.manage") },
      schema: {
        tags,
        summary: "Approve or refuse pending bookings (batch); the booker is told; audited",
        params: ZCommunityParams,
        body: ZDecide,
        response: { 200: ZDecided, ...errorResponses },
      },
    },
    async (req) => decideBookings(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${B}/:spaceBookingId/cancel`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Cancel a pending or approved booking (the booker's side, or staff) before it ends",
        params: ZBookingParams,
        response: { 200: ZBookingResult, ...errorResponses },
      },
    },
    async (req) => cancelBooking(app.db, req.actor, req.params.communityId, req.params.spaceBookingId),
  );

  app.post(
    `${B}/:spaceBookingId/rate`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Rate the space after an approved booking has begun (好评/一般/差评, under the space's rating subject)",
        params: ZBookingParams,
        body: ZRateBooking,
        response: { 200: ZRated, ...errorResponses },
      },
    },
    async (req) =>
      rateBooking(app.db, req.actor, req.params.communityId, req.params.spaceBookingId, req.body),
  );

  app.get(
    "/me/spaces",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My space bookings (mine, my household's, and those I made)",
        response: { 200: ZMine, ...errorResponses },
      },
    },
    async (req) => myBookings(app.db, req.actor),
  );
}

import { type App, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZAssign,
  ZAssignResult,
  ZCreateRoster,
  ZMyShifts,
  ZNoShow,
  ZNoShowResult,
  ZRosterCreated,
  ZRosterDetail,
  ZRosterList,
  ZRosterParams,
  ZShiftParams,
  ZSwapAsk,
  ZSwapAsked,
  ZSwapDecided,
  ZSwapDecision,
  ZSwapParams,
  ZUnassigned,
} from "./rosters.schema.ts";
import {
  askSwap,
  assignShift,
  createRoster,
  decideSwap,
  listRosters,
  myShifts,
  readRoster,
  recordNoShow,
  takeShift,
  unassignShift,
} from "./rosters.service.ts";

export function registerRosterRoutes(app: App): void {
  const tags = ["volunteering"];
  const R = "/communities/:communityId/volunteering/rosters";
  const S = `${R}/:rosterId/shifts/:shiftId`;

  app.post(
    R,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A duty roster (T3, 值守) of a team: RFC 5545 rule, start time (Asia/Shanghai) and length; shifts materialised for the weeks ahead; the team's leader or the community's staff; audited",
        params: ZCommunityParams,
        body: ZCreateRoster,
        response: { 200: ZRosterCreated, ...errorResponses },
      },
    },
    async (req) => createRoster(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    R,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The community's duty rosters the caller may see (staff: all; members: their teams')",
        params: ZCommunityParams,
        response: { 200: ZRosterList, ...errorResponses },
      },
    },
    async (req) => listRosters(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${R}/:rosterId`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One roster's shifts (the past week and the weeks ahead) with who is on each; the leader and staff also see members' no-shows and the swap requests waiting",
        params: ZRosterParams,
        response: { 200: ZRosterDetail, ...errorResponses },
      },
    },
    async (req) => readRoster(app.db, req.actor, req.params.communityId, req.params.rosterId),
  );

  app.post(
    `${S}/assign`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The leader or staff put a team member on a future shift with a place left; audited",
        params: ZShiftParams,
        body: ZAssign,
        response: { 200: ZAssignResult, ...errorResponses },
      },
    },
    async (req) =>
      assignShift(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.rosterId,
        req.params.shiftId,
        req.body.userId,
      ),
  );

  app.post(
    `${S}/unassign`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The leader or staff take a member off a future shift; audited",
        params: ZShiftParams,
        body: ZAssign,
        response: { 200: ZUnassigned, ...errorResponses },
      },
    },
    async (req) =>
      unassignShift(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.rosterId,
        req.params.shiftId,
        req.body.userId,
      ),
  );

  app.post(
    `${S}/take`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A team member takes a future shift with a place left",
        params: ZShiftParams,
        response: { 200: ZAssignResult, ...errorResponses },
      },
    },
    async (req) =>
      takeShift(app.db, req.actor, req.params.communityId, req.params.rosterId, req.params.shiftId),
  );

  app.post(
    `${S}/swap`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A member on a future shift asks a teammate to take it; the leader decides",
        params: ZShiftParams,
        body: ZSwapAsk,
        response: { 200: ZSwapAsked, ...errorResponses },
      },
    },
    async (req) =>
      askSwap(app.db, req.actor, req.params.communityId, req.params.rosterId, req.params.shiftId, req.body),
  );

  app.post(
    `${R}/:rosterId/swaps/:swapId/decision`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The leader or staff approve (the shift moves to the teammate) or refuse a swap; audited",
        params: ZSwapParams,
        body: ZSwapDecision,
        response: { 200: ZSwapDecided, ...errorResponses },
      },
    },
    async (req) =>
      decideSwap(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.rosterId,
        req.params.swapId,
        req.body.approve,
      ),
  );

  app.post(
    `${S}/no-show`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "After the shift, the leader or staff record (or clear) a member's no-show; audited",
        params: ZShiftParams,
        body: ZNoShow,
        response: { 200: ZNoShowResult, ...errorResponses },
      },
    },
    async (req) =>
      recordNoShow(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.rosterId,
        req.params.shiftId,
        req.body,
      ),
  );

  app.get(
    "/me/shifts",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "我的值守: my next shifts (my swap request, teammates to ask), open shifts of my teams, my no-shows",
        response: { 200: ZMyShifts, ...errorResponses },
      },
    },
    async (req) => myShifts(app.db, req.actor),
  );
}

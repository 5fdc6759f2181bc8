import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams, ZCreated } from "../places/places.schema.ts";
import { ZReveal, ZRevealed } from "../privacy/privacy.schema.ts";
import { presentPending } from "./people.present.ts";
import {
  ZCreateResident,
  ZMyHouseholds,
  ZReject,
  ZResidencyRequest,
  ZResidencyRequested,
  ZResidentList,
  ZResidentParams,
  ZResidentQuery,
  ZUpdateResident,
  ZVerificationQueue,
  ZVerify,
} from "./people.schema.ts";
import {
  createResident,
  myHouseholds,
  rejectResident,
  requestResidency,
  revealResident,
  searchResidents,
  updateResident,
  verificationQueue,
  verifyResident,
} from "./people.service.ts";

const ZOk = z.object({ ok: z.literal(true) });

export function registerPeopleRoutes(app: App): void {
  const tags = ["people"];

  app.get(
    "/communities/:communityId/residents",
    {
      config: { access: needs("residents.read") },
      schema: {
        tags,
        summary: "Search people (name or phone's last 4 digits) within the caller's places; masked",
        params: ZCommunityParams,
        querystring: ZResidentQuery,
        response: { 200: ZResidentList, ...errorResponses },
      },
    },
    async (req) => searchResidents(app.db, app.config, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/residents",
    {
      config: { access: needs("residents.write") },
      schema: {
        tags,
        summary: "Register a resident in a household (staff; verified at once)",
        params: ZCommunityParams,
        body: ZCreateResident,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => createResident(app.db, app.config, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    "/communities/:communityId/residents/:residentId",
    {
      config: { access: needs("residents.write") },
      schema: {
        tags,
        summary: "Correct a resident's record, care tags, or mark them moved out",
        params: ZResidentParams,
        body: ZUpdateResident,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId, residentId } = req.params;
      await updateResident(app.db, req.actor, communityId, residentId, req.body);
      return { id: residentId };
    },
  );

  app.get(
    "/communities/:communityId/verification-queue",
    {
      config: { access: needs("residents.verify") },
      schema: {
        tags,
        summary: "Residents waiting to be verified and bound to a household",
        params: ZCommunityParams,
        response: { 200: ZVerificationQueue, ...errorResponses },
      },
    },
    async (req) => ({
      items: (await verificationQueue(app.db, req.actor, req.params.communityId)).map(presentPending),
    }),
  );

  app.post(
    "/communities/:communityId/residents/:residentId/verify",
    {
      config: { access: needs("residents.verify") },
      schema: {
        tags,
        summary: "Verify a pending resident and bind them to a household in the caller's places",
        params: ZResidentParams,
        body: ZVerify,
        response: { 200: ZOk, ...errorResponses },
      },
    },
    async (req) => {
      await verifyResident(app.db, req.actor, req.params.communityId, req.params.residentId, req.body);
      return { ok: true as const };
    },
  );

  app.post(
    "/communities/:communityId/residents/:residentId/reject",
    {
      config: { access: needs("residents.verify") },
      schema: {
        tags,
        summary: "Reject a pending request, with the reason",
        params: ZResidentParams,
        body: ZReject,
        response: { 200: ZOk, ...errorResponses },
      },
    },
    async (req) => {
      await rejectResident(app.db, req.actor, req.params.communityId, req.params.residentId, req.body.reason);
      return { ok: true as const };
    },
  );

  app.post(
    "/me/residency",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me"],
        summary: "Ask to be bound to a household (staff verify)",
        body: ZResidencyRequest,
        response: { 200: ZResidencyRequested, ...errorResponses },
      },
    },
    async (req) => requestResidency(app.db, app.config, req.actor, req.body),
  );

  app.get(
    "/me/households",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me"],
        summary: "My households and their members (masked)",
        response: { 200: ZMyHouseholds, ...errorResponses },
      },
    },
    async (req) => myHouseholds(app.db, req.actor),
  );

  // Opening a resident's full phone and ID number: listed under privacy in the API document.
  app.post(
    "/communities/:communityId/residents/:residentId/reveal",
    {
      config: { access: needs("residents.reveal") },
      schema: {
        tags: ["privacy"],
        summary: "Open a resident's full phone and ID number; the reason is written to the audit log",
        params: ZResidentParams,
        body: ZReveal,
        response: { 200: ZRevealed, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId, residentId } = req.params;
      return revealResident(app.db, app.config, req.actor, communityId, residentId, req.body.reason);
    },
  );
}

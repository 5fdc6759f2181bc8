import { z } from "zod";
import { authorize, authorizeWithin, primaryRole } from "../../../access/authorize.ts";
import { AppError } from "../../../errors.ts";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { ZCommunityParams, ZCreated } from "../places/places.schema.ts";
import { householdPlace } from "../places/places.service.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import { ZReveal, ZRevealed } from "../privacy/privacy.schema.ts";
import * as q from "./people.queries.ts";
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
  myHouseholds,
  protectIdNumber,
  rejectResident,
  requestResidency,
  residentPlace,
  residentsChanged,
  revealResident,
  searchResidents,
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
    async (req) => {
      const { communityId } = req.params;
      const { place } = await householdPlace(app.db, communityId, req.body.householdId);
      const reach = authorize(req.actor, "residents.write", place);
      const pii = protectIdNumber(app.config, req.body.idNumber);
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertResident(trx, {
          community_id: communityId,
          household_id: req.body.householdId,
          name: req.body.name,
          relation: req.body.relation,
          status: "verified",
          gender: req.body.gender ?? null,
          birth_date: req.body.birthDate ?? pii.birth,
          id_number_enc: pii.id_number_enc,
          id_number_hash: pii.id_number_hash,
          phone: req.body.phone ?? null,
          care_tags: req.body.careTags ?? [],
          verified_at: new Date(),
          verified_by: req.actor!.userId,
        });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "resident.create",
          targetType: "resident",
          targetId: row.id,
          after: {
            ...req.body,
            idNumber: req.body.idNumber ? "(encrypted)" : null,
            phone: maskPhone(req.body.phone),
          },
        });
        return row;
      });
    },
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
      const { r, place } = await residentPlace(app.db, communityId, residentId);
      const reach = authorize(req.actor, "residents.write", place);
      if (r.status === "pending" || r.status === "rejected")
        throw new AppError("CONFLICT", {
          zh: "待审核的申请请在审核队列处理",
          en: "Handle pending requests in the verification queue",
        });
      await app.db.transaction().execute(async (trx) => {
        await q.updateResident(trx, communityId, residentId, {
          name: req.body.name,
          relation: req.body.relation,
          phone: req.body.phone,
          care_tags: req.body.careTags,
          status: req.body.status,
        });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "resident.update",
          targetType: "resident",
          targetId: residentId,
          before: {
            name: r.name,
            relation: r.relation,
            phone: maskPhone(r.phone),
            careTags: r.care_tags,
            status: r.status,
          },
          after: { ...req.body, phone: req.body.phone === undefined ? undefined : maskPhone(req.body.phone) },
        });
      });
      await residentsChanged(app.db, communityId);
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
    async (req) => {
      authorizeWithin(req.actor, "residents.verify", req.params.communityId);
      const rows = await q.pendingQueue(app.db, req.params.communityId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          phone: maskPhone(r.phone),
          claimedAddress: r.claimed_address,
          relation: r.relation,
          registeredAt: new Date(r.registered_at),
        })),
      };
    },
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

import { authorize, primaryRole, requireActor } from "../../../access/authorize.ts";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { ZResidentParams } from "../people/people.schema.ts";
import { residentPlace } from "../people/people.service.ts";
import { decryptPii } from "./pii.ts";
import { collectPersonalData } from "./privacy.queries.ts";
import { ZMyData, ZReveal, ZRevealed } from "./privacy.schema.ts";

export function registerPrivacyRoutes(app: App): void {
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
      const { r, place } = await residentPlace(app.db, communityId, residentId);
      const reach = authorize(req.actor, "residents.reveal", place);
      await recordAudit(app.db, {
        actorUserId: req.actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "resident.reveal",
        targetType: "resident",
        targetId: residentId,
        reason: req.body.reason,
      });
      return {
        phone: r.phone,
        idNumber: r.id_number_enc ? decryptPii(app.config.piiKey, r.id_number_enc) : null,
      };
    },
  );

  app.get(
    "/me/data-export",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me"],
        summary: "Everything Linli holds about me, in full, as JSON (PIPL Art. 45)",
        response: { 200: ZMyData, ...errorResponses },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const data = await collectPersonalData(app.db, actor.userId);
      await recordAudit(app.db, {
        actorUserId: actor.userId,
        actorRole: "self",
        communityId: null,
        action: "me.data_export",
        targetType: "app_user",
        targetId: actor.userId,
      });
      reply.header("content-disposition", 'attachment; filename="linli-my-data.json"');
      return {
        exportedAt: new Date().toISOString(),
        account: data.user,
        residentRecords: data.residents.map(({ id_number_enc, ...r }) => ({
          ...r,
          idNumber: id_number_enc ? decryptPii(app.config.piiKey, id_number_enc) : null,
        })),
        partyMemberships: data.partyMemberships,
        roles: data.roles,
        sessions: data.sessions,
        messages: data.messages,
        whoOpenedMyRecord: data.accessLog,
      };
    },
  );
}

// A person's own copy of everything Linli holds about them (PIPL Art. 45), in full.
import type { Kysely } from "kysely";
import { requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { decryptPii } from "./pii.service.ts";
import { collectPersonalData } from "./privacy.queries.ts";

/** Everything held about the signed-in person, ID numbers decrypted; the export is audited. */
export async function exportMyData(db: Kysely<DB>, config: Config, actor: Actor | null) {
  const me = requireActor(actor);
  const data = await collectPersonalData(db, me.userId);
  await recordAudit(db, {
    actorUserId: me.userId,
    actorRole: "self",
    communityId: null,
    action: "me.data_export",
    targetType: "app_user",
    targetId: me.userId,
  });
  return {
    exportedAt: new Date().toISOString(),
    account: data.user,
    residentRecords: data.residents.map(({ id_number_enc, ...r }) => ({
      ...r,
      idNumber: id_number_enc ? decryptPii(config.piiKey, id_number_enc) : null,
    })),
    partyMemberships: data.partyMemberships,
    roles: data.roles,
    sessions: data.sessions,
    messages: data.messages,
    whoOpenedMyRecord: data.accessLog,
  };
}

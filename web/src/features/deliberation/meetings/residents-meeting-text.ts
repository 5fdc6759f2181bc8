// The words of a residents' meeting's quorum (居民会议, Organic Law Art. 9), shared by the staff panel and
// the resident page: "应到 120 户，实到 61 户，过半数，会议有效".
import type { TFunction } from "i18next";
import type { ResidentsMeeting } from "./meetings-api";

export function quorumLine(t: TFunction, rm: ResidentsMeeting): string | null {
  if (rm.basis == null || rm.eligible == null) return null;
  const unit = t(`meetings.residents.unit.${rm.basis}`);
  const verdict = rm.quorum
    ? t("meetings.residents.quorumMet")
    : t("meetings.residents.quorumNotMet", { needed: rm.needed, unit });
  return t("meetings.residents.quorumLine", { eligible: rm.eligible, present: rm.present, unit, verdict });
}

export const tallyLine = (t: TFunction, d: ResidentsMeeting["decisions"][number]) =>
  t("meetings.residents.tallyLine", { present: d.present, yes: d.yes, no: d.no, abstain: d.abstain });

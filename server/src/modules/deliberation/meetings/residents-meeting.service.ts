// Residents' meetings (居民会议, DOMAIN D3 with the Organic Law of Urban Residents' Committees Art. 9): a
// meeting of kind 'residents' composed of the adult residents (18+, from the register's birth date) or
// of one representative per household of its place. Its eligible roll is frozen once, when sign-in
// opens; sign-in is the meeting's own attendance, of which only those on the roll count (a household
// once). Decisions (resolutions) are recorded with the tallies of those present and pass with more
// than half of those present; none is recorded without a quorum.
import type { Kysely } from "kysely";
import { authorize, authorizeWithin, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor, PlaceRef } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited } from "../../core/audit/audit.service.ts";
import * as q from "./meetings.queries.ts";
import type { TFreezeRoll, TRecordDecision } from "./meetings.schema.ts";
import * as rq from "./residents-meeting.queries.ts";
import { adultBornOnOrBefore, decisionPasses, hasQuorum, moreThanHalfOf } from "./residents-meeting-rule.ts";

type Db = Kysely<DB>;
type MeetingPlace = NonNullable<Awaited<ReturnType<typeof q.meetingPlace>>>;

const notFound = () => new AppError("NOT_FOUND", { zh: "会议不存在", en: "No such meeting" });
const placeOf = (m: MeetingPlace): PlaceRef => ({
  communityId: m.community_id,
  gridId: m.grid_id,
  estateId: m.estate_id,
  buildingId: m.building_id,
});

async function residentsMeetingToManage(db: Db, actor: Actor | null, communityId: number, meetingId: number) {
  authorizeWithin(actor, "meetings.manage", communityId);
  const m = await q.meetingPlace(db, communityId, meetingId);
  if (!m) throw notFound();
  const reach = authorize(actor, "meetings.manage", placeOf(m));
  if (m.kind !== "residents") throw new AppError("NOT_RESIDENTS_MEETING");
  if (m.cancelled) throw new AppError("CONFLICT", { zh: "会议已取消", en: "The meeting was cancelled" });
  return { m, reach };
}

/** Sign-in to a residents' meeting opens with its frozen roll (the roll says who counts). */
export async function checkRollBeforeSignIn(db: Db, m: { community_id: number; id: number; kind: string }) {
  if (m.kind !== "residents") return;
  if (!(await rq.findRoll(db, m.community_id, m.id))) throw new AppError("RESIDENTS_ROLL_NOT_FROZEN");
}

/** Whether the meeting's roll is frozen (its kind and place may then no longer change). */
export const rollFrozen = async (db: Db, communityId: number, meetingId: number) =>
  (await rq.findRoll(db, communityId, meetingId)) != null;

/** Who of those signed in counts: distinct roll members (a household once), and their residents. */
async function presence(db: Db, communityId: number, meetingId: number, basis: "adults" | "households") {
  const rows = await rq.attendanceOnRoll(db, communityId, meetingId, basis);
  const memberOf = new Map<number, number>();
  for (const r of rows)
    if (r.member_id != null && r.resident_id != null) memberOf.set(r.resident_id, r.member_id);
  const members = new Set(rows.filter((r) => r.member_id != null).map((r) => r.member_id!));
  return { signedIn: rows.length, present: members.size, memberOf };
}

/** The roll, attendance against the quorum, and the decisions of a residents' meeting (null otherwise). */
export async function residentsMeetingView(
  db: Db,
  m: { community_id: number; id: number; kind: string },
  staff: boolean,
) {
  if (m.kind !== "residents") return null;
  const roll = await rq.findRoll(db, m.community_id, m.id);
  const decisions = (await rq.decisionsOf(db, m.community_id, m.id)).map((d) => ({
    id: d.id,
    item: d.item,
    eligible: d.eligible,
    present: d.present,
    yes: d.yes,
    no: d.no,
    abstain: d.abstain,
    passed: d.passed,
    countedBy: d.counted_by,
    recordedAt: d.recorded_at,
  }));
  if (!roll) {
    const signedIn = await rq.countAttendance(db, m.community_id, m.id);
    return {
      basis: null,
      frozenAt: null,
      eligible: null,
      unknownAge: 0,
      signedIn,
      present: 0,
      notCounted: signedIn,
      needed: null,
      quorum: false,
      decisions,
      countedResidentIds: staff ? [] : null,
    };
  }
  const p = await presence(db, m.community_id, m.id, roll.basis);
  return {
    basis: roll.basis,
    frozenAt: roll.frozen_at,
    eligible: roll.eligible,
    unknownAge: roll.unknown_age,
    signedIn: p.signedIn,
    present: p.present,
    notCounted: p.signedIn - p.present,
    needed: moreThanHalfOf(roll.eligible),
    quorum: hasQuorum(p.present, roll.eligible),
    decisions,
    countedResidentIds: staff ? [...p.memberOf.keys()] : null,
  };
}

/** Opens sign-in to a residents' meeting by freezing its roll on the chosen basis; once only; audited. */
export async function freezeResidentsRoll(
  db: Db,
  actor: Actor | null,
  communityId: number,
  meetingId: number,
  input: TFreezeRoll,
  now = new Date(),
) {
  const { m, reach } = await residentsMeetingToManage(db, actor, communityId, meetingId);
  const a = requireActor(actor);
  if (await rq.findRoll(db, communityId, meetingId)) throw new AppError("RESIDENTS_ROLL_FROZEN");
  const place = { communityId, meetingId, estateId: m.estate_id, buildingId: m.building_id };
  await audited(db, async (trx) => {
    // a parallel second freeze meets the primary key here and rolls back
    if (!(await rq.insertRoll(trx, place, input.basis, a.userId)))
      throw new AppError("RESIDENTS_ROLL_FROZEN");
    const eligible = await rq.insertMembers(trx, place, input.basis, adultBornOnOrBefore(now));
    const unknownAge = input.basis === "adults" ? await rq.countUnknownAge(trx, place) : 0;
    await rq.setEligible(trx, communityId, meetingId, eligible, unknownAge);
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "residents_meeting.roll_freeze",
        targetType: "meeting",
        targetId: meetingId,
        after: { basis: input.basis, eligible, unknownAge },
      },
    };
  });
  return (await residentsMeetingView(db, m, true))!;
}

const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

/** Records one decision with its tallies; refused without a quorum or with more votes than present; audited. */
export async function recordResidentsDecision(
  db: Db,
  actor: Actor | null,
  communityId: number,
  meetingId: number,
  input: TRecordDecision,
) {
  const { m, reach } = await residentsMeetingToManage(db, actor, communityId, meetingId);
  const a = requireActor(actor);
  await audited(db, async (trx) => {
    const roll = await rq.findRoll(trx, communityId, meetingId);
    if (!roll) throw new AppError("RESIDENTS_ROLL_NOT_FROZEN");
    const p = await presence(trx, communityId, meetingId, roll.basis);
    if (!hasQuorum(p.present, roll.eligible)) throw new AppError("NO_QUORUM");
    let yes: number;
    let no: number;
    let abstain: number;
    if (input.tally.method === "counted") {
      ({ yes, no, abstain } = input.tally);
    } else {
      const seen = new Set<number>();
      const members = (ids: number[]) => {
        const own = new Set<number>();
        for (const rid of ids) {
          const member = p.memberOf.get(rid);
          if (member == null)
            throw invalid(
              "tally",
              "勾选的人中有人未签到或不在应到名单内",
              "Someone ticked has not signed in or is not on the roll",
            );
          if (seen.has(member) && !own.has(member))
            throw invalid(
              "tally",
              "同一人（或同一户）只能表一次态",
              "One person (or household) can vote only once",
            );
          seen.add(member);
          own.add(member);
        }
        return own.size;
      };
      yes = members(input.tally.yes);
      no = members(input.tally.no);
      abstain = members(input.tally.abstain);
    }
    if (yes + no + abstain > p.present) throw new AppError("VOTES_EXCEED_PRESENT");
    const passed = decisionPasses(yes, p.present);
    const decisionId = await rq.insertDecision(trx, {
      community_id: communityId,
      meeting_id: meetingId,
      item: input.item,
      eligible: roll.eligible,
      present: p.present,
      yes,
      no,
      abstain,
      passed,
      counted_by: input.tally.method,
      recorded_by: a.userId,
    });
    return {
      result: decisionId,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "residents_meeting.decision",
        targetType: "meeting",
        targetId: meetingId,
        after: { decisionId, item: input.item, present: p.present, yes, no, abstain, passed },
      },
    };
  });
  return (await residentsMeetingView(db, m, true))!;
}

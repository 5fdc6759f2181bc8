// Owners' votes (DOMAIN D5, 业主共同决定; LAW.md §4). Staff of the estate (votes.manage) set a vote
// up for an estate or some of its buildings/units, naming its matter (民法典第二百七十八条 item 1–9)
// and questions; opening it freezes the electorate from the household register (解释第八、九条:
// area per part, one head per owner, the developer's parts one head together). Owners vote online
// (one ballot per owner, changeable until the close); staff enter paper and proxy ballots, which
// count once a second staff member confirms them. The running tally is kept in each ballot's
// transaction; closing recounts it from the ballots (they must agree), decides by votes.rules.ts,
// and publishes the result as a notice. The export (pseudonyms, areas, choices, channels) lets anyone
// recompute the result with `npm run verify:vote`.

import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  requireActor,
} from "../../../access/authorize.ts";
import { type Actor, coversCommunity, type PlaceRef, partialReach } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { maskName } from "../../core/privacy/pii.present.ts";
import { hashPii } from "../../core/privacy/pii.service.ts";
import { publishNotice } from "../notices/notices.service.ts";
import { checkTopicIn } from "../topics/topics.service.ts";
import { voteClosed, voteOpened } from "./votes.events.ts";
import * as q from "./votes.queries.ts";
import {
  basisPoints,
  type Choice,
  decide,
  groupOwners,
  isMajor,
  MATTERS_ZH,
  type Measure,
  needAtLeast,
  needMoreThan,
  type RegisterPart,
} from "./votes.rules.ts";
import type { TCreateVote, TPaperBallot } from "./votes.schema.ts";

export type Db = Kysely<DB>;
type VoteRow = NonNullable<Awaited<ReturnType<typeof q.findVote>>>;
type TallyRow = { question_index: number; choice: string; area_cm2: string; heads: number };

export const EXPORT_FORMAT = "linli-vote-export/1" as const;

const notFound = () => new AppError("NOT_FOUND", { zh: "表决不存在", en: "No such vote" });
const notElector = () =>
  new AppError("OUT_OF_SCOPE", {
    zh: "您不是这次表决范围内的业主（以开启表决时冻结的名册为准）",
    en: "You are not an owner within this vote's scope (as its electorate was frozen when it opened)",
  });
const invalid = (zh: string, en: string, field: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

export function stateOf(v: Pick<VoteRow, "status" | "opens_at" | "closes_at">, now = new Date()) {
  if (v.status === "draft") return "draft" as const;
  if (v.status === "closed") return "closed" as const;
  if (now < v.opens_at) return "upcoming" as const;
  if (now >= v.closes_at) return "ended" as const;
  return "open" as const;
}

/** The place a vote is authorised by: its estate, and its building when it names exactly one. */
export function placeOf(v: { community_id: number; estate_id: number; building_ids: number[] }): PlaceRef {
  return {
    communityId: v.community_id,
    estateId: v.estate_id,
    buildingId: v.building_ids.length === 1 ? v.building_ids[0]! : null,
  };
}

const questionsOf = (v: VoteRow) => v.questions as { text: string }[];

async function requireVote(db: Db, communityId: number, id: number) {
  const v = await q.findVote(db, communityId, id);
  if (!v) throw notFound();
  return v;
}

// ---------------------------------------------------------------------------------------------
// figures

const big = (x: string | number | bigint | null | undefined) => BigInt(x ?? 0);

/** The electorate, participation and each question's counts, and what the law decides from them. */
export function figuresOf(
  v: { matter: number; electorate_area: unknown; electorate_heads: number | null; questions: unknown },
  tally: TallyRow[],
  pendingPaper: number,
) {
  const at = (qi: number, c: string): Measure => {
    const r = tally.find((t) => t.question_index === qi && t.choice === c);
    return { area: big(r?.area_cm2), heads: big(r?.heads) };
  };
  const electorate: Measure = {
    area: big(v.electorate_area as string),
    heads: big(v.electorate_heads),
  };
  const participating = at(-1, "P");
  const questions = (v.questions as { text: string }[]).map((_, i) => ({
    yes: at(i, "Y"),
    no: at(i, "N"),
    abstain: at(i, "A"),
  }));
  const d = decide(v.matter, electorate, participating, questions);
  const major = isMajor(v.matter);
  const m = (x: Measure) => ({ areaCm2: x.area.toString(), heads: Number(x.heads) });
  return {
    electorate: m(electorate),
    participating: m(participating),
    areaBasisPoints: basisPoints(participating.area, electorate.area),
    headsBasisPoints: basisPoints(participating.heads, electorate.heads),
    quorum: {
      rule: "参与表决：专有部分面积 ≥ 2/3 且人数 ≥ 2/3 (Art. 278 ¶2)",
      areaNeededCm2: needAtLeast(electorate.area, 2n, 3n).toString(),
      headsNeeded: Number(needAtLeast(electorate.heads, 2n, 3n)),
      areaMet: d.quorumArea,
      headsMet: d.quorumHeads,
    },
    questions: questions.map((qc, i) => ({
      index: i,
      text: (v.questions as { text: string }[])[i]!.text,
      yes: m(qc.yes),
      no: m(qc.no),
      abstain: m(qc.abstain),
      threshold: {
        rule: major
          ? "同意：参与表决面积 ≥ 3/4 且人数 ≥ 3/4 (Art. 278 items 6–8)"
          : "同意：参与表决面积过半数且人数过半数 (> 1/2, Art. 278)",
        areaNeededCm2: (major
          ? needAtLeast(participating.area, 3n, 4n)
          : needMoreThan(participating.area, 1n, 2n)
        ).toString(),
        headsNeeded: Number(
          major ? needAtLeast(participating.heads, 3n, 4n) : needMoreThan(participating.heads, 1n, 2n),
        ),
        areaMet: d.questions[i]!.yesArea,
        headsMet: d.questions[i]!.yesHeads,
      },
      passed: d.questions[i]!.passed,
    })),
    pendingPaper,
  };
}
export type VoteFigures = ReturnType<typeof figuresOf>;

function presentVote(v: VoteRow, figures: VoteFigures | null, now = new Date()) {
  return {
    id: v.id,
    communityId: v.community_id,
    title: v.title,
    description: v.description,
    estateId: v.estate_id,
    buildingIds: v.building_ids,
    unitIds: v.unit_ids,
    matter: v.matter,
    matterName: MATTERS_ZH[v.matter] ?? "",
    major: isMajor(v.matter),
    questions: questionsOf(v),
    opensAt: v.opens_at,
    closesAt: v.closes_at,
    proxyLimit: v.proxy_limit,
    topicId: v.topic_id == null ? null : Number(v.topic_id),
    state: stateOf(v, now),
    openedAt: v.opened_at,
    closedAt: v.closed_at,
    electorateHash: v.electorate_hash,
    ballotsHash: v.ballots_hash,
    noticeId: v.notice_id == null ? null : Number(v.notice_id),
    figures,
  };
}

async function currentFigures(db: Db, v: VoteRow) {
  if (v.status === "draft") return null;
  if (v.status === "closed" && v.result) return v.result as VoteFigures;
  const [tally, pending] = await Promise.all([
    q.tallyOf(db, v.community_id, v.id),
    q.pendingCount(db, v.community_id, v.id),
  ]);
  return figuresOf(v, tally, pending);
}

// ---------------------------------------------------------------------------------------------
// setting up

export async function createVote(db: Db, actor: Actor | null, communityId: number, input: TCreateVote) {
  const a = requireActor(actor);
  if (!(await q.communityName(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  await checkTopicIn(db, communityId, input.topicId);
  if (!(await q.findEstate(db, communityId, input.estateId)))
    throw new AppError("NOT_FOUND", { zh: "小区不在本社区", en: "The estate is not in this community" });
  const buildingIds = [...new Set(input.buildingIds)].sort((x, y) => x - y);
  const unitIds = [...new Set(input.unitIds)].sort((x, y) => x - y);
  const buildings = await q.buildingsIn(db, communityId, buildingIds);
  if (buildings.length !== buildingIds.length || buildings.some((b) => b.estate_id !== input.estateId))
    throw invalid("所选楼栋不在该小区内", "A chosen building is not in the estate", "buildingIds");
  const units = await q.unitsIn(db, communityId, unitIds);
  if (
    units.length !== unitIds.length ||
    (buildingIds.length
      ? units.some((u) => !buildingIds.includes(u.building_id))
      : !!units.length &&
        (await q.buildingsIn(db, communityId, [...new Set(units.map((u) => u.building_id))])).some(
          (b) => b.estate_id !== input.estateId,
        ))
  )
    throw invalid("所选单元不在所选楼栋内", "A chosen unit is not in the chosen buildings", "unitIds");
  if (input.closesAt <= input.opensAt)
    throw invalid("截止时间须晚于开始时间", "The closing time must be after the opening time", "closesAt");
  const place = placeOf({ community_id: communityId, estate_id: input.estateId, building_ids: buildingIds });
  const reach = authorize(a, "votes.manage", place);
  const id = await audited(db, async (trx) => {
    const id = await q.insertVote(trx, {
      community_id: communityId,
      title: input.title,
      description: input.description,
      estate_id: input.estateId,
      building_ids: buildingIds,
      unit_ids: unitIds,
      matter: input.matter,
      questions: JSON.stringify(input.questions),
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      proxy_limit: input.proxyLimit,
      topic_id: input.topicId ?? null,
      created_by: a.userId,
    });
    return {
      result: id,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "vote.create",
        targetType: "vote",
        targetId: id,
        after: { title: input.title, estateId: input.estateId, buildingIds, unitIds, matter: input.matter },
      },
    };
  });
  return presentVote(await requireVote(db, communityId, id), null);
}

/** The pseudonym of an owner or part in a vote's export (a keyed hash: not reversible without the key). */
export function votePseudonym(piiKey: Buffer, communityId: number, voteId: number, what: string) {
  return hashPii(piiKey, `vote:${communityId}:${voteId}:${what}`).slice(0, 12);
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** SHA-256 of the electorate: "owner|part|areaCm2" lines sorted, joined by "\n" (as verify:vote computes it). */
export const electorateHashOf = (parts: { owner: string; part: string; areaCm2: string }[]) =>
  sha256(
    parts
      .map((p) => `${p.owner}|${p.part}|${p.areaCm2}`)
      .sort()
      .join("\n"),
  );
/** SHA-256 of the counted ballots: "owner|channel|choices" lines sorted, joined by "\n". */
export const ballotsHashOf = (ballots: { owner: string; channel: string; choices: string }[]) =>
  sha256(
    ballots
      .map((b) => `${b.owner}|${b.channel}|${b.choices}`)
      .sort()
      .join("\n"),
  );

/** The register as Art. 8–9 count it, from the rows of the scope (one row per household and owner). */
export function registerOf(rows: Awaited<ReturnType<typeof q.registerParts>>) {
  const parts = new Map<
    number,
    RegisterPart & { names: string[]; owned: boolean; hasArea: boolean; room: string }
  >();
  for (const r of rows) {
    let p = parts.get(r.household_id);
    if (!p) {
      p = {
        householdId: r.household_id,
        areaCm2: big(r.area_cm2),
        hasArea: r.area_cm2 != null && big(r.area_cm2) > 0n,
        developerHeld: r.developer_held,
        ownerKeys: [],
        names: [],
        owned: r.developer_held,
        room: r.room,
      };
      parts.set(r.household_id, p);
    }
    if (r.resident_id != null && !r.developer_held) {
      p.owned = true;
      p.names.push(r.name ?? "");
      // one identity per person: the ID number's hash, the account, and the resident row itself
      if (r.id_number_hash) p.ownerKeys.push(`id:${r.id_number_hash}`);
      if (r.user_id != null) p.ownerKeys.push(`u:${r.user_id}`);
      p.ownerKeys.push(`r:${r.resident_id}`);
    }
  }
  const owned = [...parts.values()].filter((p) => p.owned);
  return { owned, unowned: parts.size - owned.length };
}

/** Opens a draft vote: freezes the electorate from the register (audited; vote.opened). */
export async function openVote(db: Db, config: Config, actor: Actor | null, communityId: number, id: number) {
  const before = await requireVote(db, communityId, id);
  const reach = authorize(actor, "votes.manage", placeOf(before));
  await audited(db, async (trx) => {
    const v = await q.lockVote(trx, communityId, id);
    if (v?.status !== "draft")
      throw new AppError("VOTE_STATE", {
        zh: "表决已开启，名册已冻结",
        en: "The vote is already open; its electorate is frozen",
      });
    if (v.closes_at <= new Date())
      throw invalid("截止时间已过，请先修改时间", "The closing time has passed", "closesAt");
    const { owned } = registerOf(
      await q.registerParts(trx, communityId, {
        estateId: v.estate_id,
        buildingIds: v.building_ids,
        unitIds: v.unit_ids,
      }),
    );
    const missing = owned.filter((p) => !p.hasArea);
    if (missing.length)
      throw new AppError("VOTE_REGISTER_INCOMPLETE", {
        details: missing.slice(0, 50).map((p) => ({ field: `household.${p.householdId}`, message: p.room })),
      });
    if (!owned.length)
      throw new AppError("VOTE_REGISTER_INCOMPLETE", {
        zh: "表决范围内没有登记业主的房屋",
        en: "No household in the vote's scope has a registered owner",
      });
    const voters = groupOwners(owned);
    const namesOf = new Map(owned.map((p) => [p.householdId, p.names]));
    const voterRows = voters.map((o) => ({
      community_id: communityId,
      vote_id: id,
      voter_no: o.voterNo,
      developer: o.developer,
      area_cm2: o.areaCm2.toString(),
      parts: o.householdIds.length,
      masked_names: o.developer
        ? "建设单位"
        : [...new Set(o.householdIds.flatMap((h) => namesOf.get(h) ?? []).map(maskName))].join("、"),
      pseudonym: votePseudonym(
        config.piiKey,
        communityId,
        id,
        o.developer ? "developer" : `owner:${o.voterNo}`,
      ),
    }));
    const areaOf = new Map(owned.map((p) => [p.householdId, p.areaCm2]));
    const partRows = voters.flatMap((o) =>
      o.householdIds.map((h) => ({
        community_id: communityId,
        vote_id: id,
        household_id: h,
        voter_no: o.voterNo,
        area_cm2: areaOf.get(h)!.toString(),
      })),
    );
    await q.insertElectorate(trx, voterRows, partRows);
    const pseudonymOf = new Map(voterRows.map((r) => [r.voter_no, r.pseudonym]));
    const electorateHash = electorateHashOf(
      partRows.map((p) => ({
        owner: pseudonymOf.get(p.voter_no)!,
        part: votePseudonym(config.piiKey, communityId, id, `part:${p.household_id}`),
        areaCm2: p.area_cm2,
      })),
    );
    const area = voters.reduce((s, o) => s + o.areaCm2, 0n);
    await q.updateVote(trx, communityId, id, {
      status: "open",
      opened_at: new Date(),
      electorate_area: area.toString(),
      electorate_heads: voters.length,
      electorate_hash: electorateHash,
    });
    // the owners in scope are told: the matter, the period, the frozen electorate's totals and where to vote
    await publishNotice(trx, {
      communityId,
      kind: "announcement",
      title: `业主表决：${v.title}`.slice(0, 80),
      body: [
        `表决事项：民法典第二百七十八条第${v.matter}项 ${MATTERS_ZH[v.matter] ?? ""}`,
        `名册（已冻结）：业主 ${voters.length} 人，专有部分面积 ${m2(area.toString())}；名册（姓名打码）可在投票页查看。`,
        `名册哈希 SHA-256：${electorateHash}`,
        `请在手机端“邻里”打开 /m/votes/${communityId}/${id} 逐项选择同意、反对或弃权；截止前可以修改。`,
      ].join("\n"),
      estateId: v.estate_id,
      buildingId: v.building_ids.length === 1 ? v.building_ids[0]! : null,
      audience: "owners",
      visibility: "residents",
      subject: { kind: "vote", id },
      byUserId: actor!.userId,
    });
    await emitEvent(trx, voteOpened, {
      communityId,
      aggregateId: id,
      actorUserId: actor!.userId,
      payload: {
        voteId: id,
        estateId: v.estate_id,
        matter: v.matter,
        electorateHeads: voters.length,
        electorateAreaCm2: area.toString(),
        electorateHash,
      },
    });
    return {
      result: null,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "vote.open",
        targetType: "vote",
        targetId: id,
        after: { heads: voters.length, areaCm2: area.toString(), parts: partRows.length, electorateHash },
      },
    };
  });
  return readVote(db, actor, communityId, id);
}

// ---------------------------------------------------------------------------------------------
// reading

export async function readVote(db: Db, actor: Actor | null, communityId: number, id: number) {
  const v = await requireVote(db, communityId, id);
  authorize(actor, "votes.read", placeOf(v));
  return presentVote(v, await currentFigures(db, v));
}

export async function listVotesOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: { limit: number; offset: number },
) {
  const reach = authorizeWithin(actor, "votes.read", communityId);
  const partial = coversCommunity(reach, communityId) ? null : partialReach(reach, communityId);
  const page = await q.listVotes(
    db,
    communityId,
    partial?.estateIds ?? null,
    partial ? partial.buildingIds : null,
    f,
  );
  const now = new Date();
  return {
    total: page.total,
    items: page.rows.map((v) => {
      const { figures: _f, questions: _q, ...rest } = presentVote(v, null, now);
      return rest;
    }),
  };
}

/** 我的投票: the votes whose frozen electorate includes a household the caller owns (verified), with their own ballot. */
export async function myVotes(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const rows = await q.votesOfUser(db, a.userId, new Date(Date.now() - 180 * 86_400_000), 100);
  const now = new Date();
  return {
    items: rows.map((v) => {
      const state = stateOf(v, now);
      const f = v.status === "closed" && v.result ? (v.result as VoteFigures) : null;
      return {
        id: v.id,
        communityId: v.community_id,
        communityName: v.community_name,
        title: v.title,
        matterName: MATTERS_ZH[v.matter] ?? "",
        major: isMajor(v.matter),
        state,
        opensAt: new Date(v.opens_at),
        closesAt: new Date(v.closes_at),
        canVote: state === "open" && (v.channel == null || v.channel === "online"),
        myBallot:
          v.channel == null
            ? null
            : {
                channel: v.channel,
                counted: !!v.counted,
                receipt: v.receipt ?? "",
                castAt: new Date(v.cast_at!),
              },
        result: f
          ? {
              quorumMet: f.quorum.areaMet && f.quorum.headsMet,
              questions: f.questions.map((x) => ({ text: x.text, passed: x.passed })),
            }
          : null,
        noticeId: v.notice_id == null ? null : Number(v.notice_id),
      };
    }),
  };
}

export async function voteProgress(db: Db, actor: Actor | null, communityId: number, id: number) {
  const v = await requireVote(db, communityId, id);
  authorize(actor, "votes.read", placeOf(v));
  const figures = await currentFigures(db, v);
  if (!figures)
    throw new AppError("VOTE_STATE", { zh: "表决尚未开启", en: "The vote has not been opened yet" });
  const nv = await q.notVoted(db, communityId, id, 500);
  return {
    figures,
    notVoted: nv.rows.map((r) => ({ voterNo: r.voter_no, maskedNames: r.masked_names, rooms: r.rooms })),
    notVotedTotal: nv.total,
  };
}

/** The frozen electorate as owners in scope see it: names masked (张某), areas and parts. */
export async function electorateOf(db: Db, actor: Actor | null, communityId: number, id: number) {
  const a = requireActor(actor);
  const v = await requireVote(db, communityId, id);
  const mine = v.status === "draft" ? [] : await q.voterNosOfUser(db, communityId, id, a.userId);
  if (!mine.length) authorize(a, "votes.read", placeOf(v));
  const voters = v.status === "draft" ? [] : await q.votersOf(db, communityId, id);
  return {
    voteId: id,
    electorateHash: v.electorate_hash,
    totals: { areaCm2: big(v.electorate_area as string).toString(), heads: v.electorate_heads ?? 0 },
    items: voters.map((o) => ({
      voterNo: o.voter_no,
      maskedNames: o.masked_names,
      developer: o.developer,
      parts: o.parts,
      areaCm2: big(o.area_cm2).toString(),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// ballots

function assertOpen(v: VoteRow, now = new Date()) {
  const state = stateOf(v, now);
  if (state === "open") return;
  if (state === "draft")
    throw new AppError("VOTE_CLOSED", { zh: "表决尚未开启", en: "The vote is not open yet" });
  if (state === "upcoming")
    throw new AppError("VOTE_CLOSED", { zh: "表决尚未开始", en: "Voting has not started yet" });
  throw new AppError("VOTE_CLOSED", { zh: "表决已截止", en: "The vote has closed" });
}

function checkChoices(v: VoteRow, choices: Choice[]) {
  const n = questionsOf(v).length;
  if (choices.length !== n)
    throw invalid(
      `请对全部 ${n} 项逐项表决（同意、反对或弃权）`,
      `Give one choice (yes, no or abstain) for each of the ${n} questions`,
      "choices",
    );
  return choices.join("");
}

const newReceipt = () => randomBytes(6).toString("base64url").toUpperCase().replace(/[-_]/g, "X");

/** An owner votes online (or changes their ballot until the close). */
export async function castMyBallot(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  choicesIn: Choice[],
) {
  const a = requireActor(actor);
  const v0 = await requireVote(db, communityId, id);
  const mine = v0.status === "draft" ? [] : await q.voterNosOfUser(db, communityId, id, a.userId);
  if (!mine.length) throw notElector();
  const voterNo = Math.min(...mine);
  const choices = checkChoices(v0, choicesIn);
  return db.transaction().execute(async (trx) => {
    // the vote's row lock orders ballots against the close
    const v = (await q.lockVote(trx, communityId, id))!;
    assertOpen(v);
    const voter = (await q.findVoter(trx, communityId, id, voterNo))!;
    const before = await q.ballotOf(trx, communityId, id, voterNo);
    if (before && before.channel !== "online")
      throw new AppError("CONFLICT", {
        zh: "您的纸质（或委托）表决票已经录入，不能再在线投票",
        en: "Your paper (or proxy) ballot has been entered; you cannot also vote online",
      });
    const receipt = newReceipt();
    let ballotId: number;
    if (before) {
      if (before.counted)
        await q.addToTally(trx, communityId, id, big(voter.area_cm2).toString(), before.choices, -1);
      await q.updateBallot(trx, communityId, Number(before.id), { choices, receipt, user_id: a.userId });
      ballotId = Number(before.id);
    } else {
      ballotId = await q.insertBallot(trx, {
        community_id: communityId,
        vote_id: id,
        voter_no: voterNo,
        channel: "online",
        choices,
        user_id: a.userId,
        counted: true,
        receipt,
      });
    }
    await q.addToTally(trx, communityId, id, big(voter.area_cm2).toString(), choices, 1);
    return { voteId: id, ballotId, channel: "online" as const, counted: true, receipt, changed: !!before };
  });
}

/** Staff enter a paper (or proxy) ballot: audited, counted only once a second staff member confirms it. */
export async function enterPaperBallot(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: TPaperBallot,
) {
  const v0 = await requireVote(db, communityId, id);
  const reach = authorize(actor, "votes.manage", placeOf(v0));
  const choices = checkChoices(v0, input.choices);
  const proxyKey = input.proxy
    ? hashPii(
        config.piiKey,
        `vote-proxy:${communityId}:${id}:${input.proxy.holderName}:${input.proxy.holderIdTail}`,
      )
    : null;
  try {
    return await audited(db, async (trx) => {
      const v = (await q.lockVote(trx, communityId, id))!;
      assertOpen(v);
      const voter = await q.findVoter(trx, communityId, id, input.voterNo);
      if (!voter)
        throw invalid(
          "名册中没有这个业主编号（须为本次表决范围内的业主）",
          "No owner with that number in the vote's electorate",
          "voterNo",
        );
      const before = await q.ballotOf(trx, communityId, id, input.voterNo);
      if (before?.channel === "online")
        throw new AppError("VOTE_VOTED_ONLINE", {
          details: [
            {
              field: "voterNo",
              message: `online ballot ${before.id} stands; sheet ${input.sheetNo} refused`,
            },
          ],
        });
      if (before)
        throw new AppError("CONFLICT", {
          zh: `该业主的纸质表决票已录入（票号 ${before.sheet_no}），不能重复录入`,
          en: `This owner's paper ballot is already entered (sheet ${before.sheet_no})`,
        });
      if (proxyKey && (await q.proxyCount(trx, communityId, id, proxyKey)) >= v.proxy_limit)
        throw new AppError("VOTE_PROXY_LIMIT", {
          zh: `该受托人代理的业主已达上限（${v.proxy_limit} 户）`,
          en: `This proxy already votes for the limit of ${v.proxy_limit} owner(s)`,
        });
      const ballotId = await q.insertBallot(trx, {
        community_id: communityId,
        vote_id: id,
        voter_no: input.voterNo,
        channel: input.proxy ? "proxy" : "paper",
        choices,
        sheet_no: input.sheetNo,
        proxy_file_id: input.proxy?.fileId ?? null,
        proxy_key: proxyKey,
        entered_by: actor!.userId,
        counted: false,
        receipt: newReceipt(),
      });
      return {
        result: {
          voteId: id,
          ballotId,
          channel: input.proxy ? ("proxy" as const) : ("paper" as const),
          counted: false,
          receipt: "",
          changed: false,
        },
        audit: {
          actorUserId: actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "vote.paper_ballot",
          targetType: "vote",
          targetId: id,
          after: {
            ballotId,
            voterNo: input.voterNo,
            sheetNo: input.sheetNo,
            choices,
            proxyFileId: input.proxy?.fileId ?? null,
          },
        },
      };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "23505")
      throw new AppError("CONFLICT", {
        zh: "该业主或该票号的表决票已录入",
        en: "A ballot for this owner or with this sheet number is already entered",
      });
    throw err;
  }
}

/** A second staff member confirms a paper ballot: it counts from now (audited). */
export async function confirmPaperBallot(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  ballotId: number,
) {
  const v0 = await requireVote(db, communityId, id);
  const reach = authorize(actor, "votes.manage", placeOf(v0));
  return audited(db, async (trx) => {
    const v = (await q.lockVote(trx, communityId, id))!;
    assertOpen(v);
    const b = await q.findBallot(trx, communityId, id, ballotId);
    if (!b) throw new AppError("NOT_FOUND", { zh: "表决票不存在", en: "No such ballot" });
    if (b.counted)
      throw new AppError("CONFLICT", { zh: "这张表决票已确认", en: "This ballot is already confirmed" });
    if (b.entered_by === actor!.userId)
      throw new AppError("FORBIDDEN", {
        zh: "须由另一位工作人员核对确认（录入人不能确认自己录入的票）",
        en: "Another staff member must confirm it (the one who entered it cannot)",
      });
    const voter = (await q.findVoter(trx, communityId, id, b.voter_no))!;
    await q.updateBallot(trx, communityId, ballotId, { counted: true, confirmed_by: actor!.userId });
    await q.addToTally(trx, communityId, id, big(voter.area_cm2).toString(), b.choices, 1);
    return {
      result: {
        voteId: id,
        ballotId,
        channel: b.channel,
        counted: true,
        receipt: b.receipt,
        changed: false,
      },
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "vote.confirm_ballot",
        targetType: "vote",
        targetId: id,
        after: { ballotId, voterNo: b.voter_no, sheetNo: b.sheet_no },
      },
    };
  });
}

/** The vote as an owner sees it on the phone, with their own ballot. */
export async function ballotForm(db: Db, actor: Actor | null, communityId: number, id: number) {
  const a = requireActor(actor);
  const v = await requireVote(db, communityId, id);
  const mine = v.status === "draft" ? [] : await q.voterNosOfUser(db, communityId, id, a.userId);
  if (!mine.length) throw notElector();
  const voter = (await q.findVoter(db, communityId, id, Math.min(...mine)))!;
  const b = await q.ballotOf(db, communityId, id, voter.voter_no);
  const state = stateOf(v);
  return {
    id: v.id,
    communityId,
    title: v.title,
    description: v.description,
    matterName: MATTERS_ZH[v.matter] ?? "",
    major: isMajor(v.matter),
    questions: questionsOf(v),
    closesAt: v.closes_at,
    state,
    myAreaCm2: big(voter.area_cm2).toString(),
    myParts: voter.parts,
    myBallot: b
      ? { choices: [...b.choices] as Choice[], channel: b.channel, counted: b.counted, receipt: b.receipt }
      : null,
    canVote: state === "open" && (!b || b.channel === "online"),
  };
}

// ---------------------------------------------------------------------------------------------
// closing, result, export

/** The tally recounted from the counted ballots (BigInt sums of each owner's area), independently of vote_tally. */
export async function recountOf(db: Db, communityId: number, id: number): Promise<TallyRow[]> {
  const sums = new Map<string, { area: bigint; heads: number }>();
  const add = (key: string, area: bigint, heads: number) => {
    const s = sums.get(key);
    if (s) {
      s.area += area;
      s.heads += heads;
    } else sums.set(key, { area, heads });
  };
  // the ballots grouped by their choices (at most 3^questions groups), then spread over the questions
  for (const g of await q.countedByChoices(db, communityId, id)) {
    const area = BigInt(g.area_cm2);
    const heads = Number(g.heads);
    add("-1|P", area, heads);
    for (let i = 0; i < g.choices.length; i++) add(`${i}|${g.choices[i]}`, area, heads);
  }
  return [...sums].map(([k, s]) => {
    const [qi, choice] = k.split("|");
    return { question_index: Number(qi), choice: choice!, area_cm2: s.area.toString(), heads: s.heads };
  });
}

/** The tally must equal its recount from the ballots; returns the tally. */
export async function checkedTally(db: Db, communityId: number, id: number) {
  const [tally, recount] = await Promise.all([
    q.tallyOf(db, communityId, id),
    recountOf(db, communityId, id),
  ]);
  const norm = (rows: TallyRow[]) =>
    rows
      .filter((r) => r.heads !== 0 || big(r.area_cm2) !== 0n)
      .map((r) => `${r.question_index}|${r.choice}|${big(r.area_cm2)}|${r.heads}`)
      .sort()
      .join(";");
  if (norm(tally) !== norm(recount))
    throw new AppError("CONFLICT", {
      zh: "计票核对不一致（累计票数与重新计票不符），请联系管理员",
      en: "The running tally differs from the recount; contact the administrator",
    });
  return tally;
}

const pct = (bp: number) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, "0")}%`;
const m2 = (cm2: string) => {
  const x = BigInt(cm2);
  return `${x / 100n}.${String(x % 100n).padStart(2, "0")} m²`;
};

export function resultText(v: VoteRow, f: VoteFigures) {
  const lines = [
    `表决事项：${v.title}（民法典第二百七十八条第${v.matter}项 ${MATTERS_ZH[v.matter] ?? ""}）`,
    `名册：业主 ${f.electorate.heads} 人，专有部分面积 ${m2(f.electorate.areaCm2)}`,
    `参与表决：${f.participating.heads} 人（${pct(f.headsBasisPoints)}），面积 ${m2(f.participating.areaCm2)}（${pct(f.areaBasisPoints)}）`,
    `参与表决门槛（三分之二以上）：${f.quorum.areaMet && f.quorum.headsMet ? "已达到" : "未达到"}`,
    ...f.questions.map(
      (qn) =>
        `第${qn.index + 1}项「${qn.text}」：同意 ${qn.yes.heads} 人 / ${m2(qn.yes.areaCm2)}，反对 ${qn.no.heads} 人 / ${m2(qn.no.areaCm2)}，弃权 ${qn.abstain.heads} 人 / ${m2(qn.abstain.areaCm2)} —— ${qn.passed ? "通过" : "未通过"}`,
    ),
    `名册哈希 SHA-256：${v.electorate_hash}`,
  ];
  return lines;
}

/** Closes the vote: recount = tally, decide, publish the result as a notice (audited; vote.closed). */
export async function closeVote(db: Db, actor: Actor | null, communityId: number, id: number) {
  const before = await requireVote(db, communityId, id);
  const reach = authorize(actor, "votes.manage", placeOf(before));
  await audited(db, async (trx) => {
    const v = (await q.lockVote(trx, communityId, id))!;
    if (v.status !== "open")
      throw new AppError("VOTE_STATE", {
        zh: "只有已开启的表决才能结束计票",
        en: "Only an open vote can be closed",
      });
    const tally = await checkedTally(trx, communityId, id);
    const f = figuresOf(v, tally, await q.pendingCount(trx, communityId, id));
    const counted = await q.countedBallots(trx, communityId, id);
    const ballotsHash = ballotsHashOf(
      counted.map((b) => ({ owner: b.pseudonym, channel: b.channel, choices: b.choices })),
    );
    const now = new Date();
    const notice = await publishNotice(trx, {
      communityId,
      kind: "publicity",
      title: `表决结果：${v.title}`.slice(0, 80),
      body: [
        ...resultText({ ...v, ballots_hash: ballotsHash }, f),
        `表决票哈希 SHA-256：${ballotsHash}`,
      ].join("\n"),
      estateId: v.estate_id,
      buildingId: v.building_ids.length === 1 ? v.building_ids[0]! : null,
      audience: "owners",
      visibility: "residents",
      subject: { kind: "vote", id },
      byUserId: actor!.userId,
    });
    await q.updateVote(trx, communityId, id, {
      status: "closed",
      closed_at: now,
      closes_at: v.closes_at > now ? now : v.closes_at,
      opens_at: v.opens_at > now ? new Date(now.getTime() - 1000) : v.opens_at,
      ballots_hash: ballotsHash,
      result: JSON.stringify(f),
      notice_id: notice.id,
    });
    await emitEvent(trx, voteClosed, {
      communityId,
      aggregateId: id,
      actorUserId: actor!.userId,
      payload: {
        voteId: id,
        estateId: v.estate_id,
        matter: v.matter,
        quorum: f.quorum.areaMet && f.quorum.headsMet,
        passed: f.questions.map((x) => x.passed),
        ballotsHash,
      },
    });
    return {
      result: null,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "vote.close",
        targetType: "vote",
        targetId: id,
        after: {
          participating: f.participating,
          passed: f.questions.map((x) => x.passed),
          ballotsHash,
          noticeId: notice.id,
          pendingPaperNotCounted: f.pendingPaper,
        },
      },
    };
  });
  return readVote(db, actor, communityId, id);
}

/** The caller with only the grants whose role may export (data.export). */
function exporterOf(actor: Actor | null): Actor {
  const a = requireActor(actor);
  return exportingActor(a);
}

/** A vote the caller may export (data.export and votes.read at its place), opened (an electorate to export). */
export async function exportableVote(db: Db, actor: Actor | null, communityId: number, id: number) {
  const exporter = exporterOf(actor);
  const vote = await requireVote(db, communityId, id);
  const reach = authorize(exporter, "votes.read", placeOf(vote));
  if (vote.status === "draft")
    throw new AppError("VOTE_STATE", {
      zh: "表决尚未开启，没有名册可导出",
      en: "The vote is not open: no electorate yet",
    });
  return { exporter, reach, vote };
}

/** The export `npm run verify:vote` reads: pseudonymous parts, counted ballots, hashes and figures. */
export async function exportVote(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  id: number,
) {
  const { exporter, reach, vote: v } = await exportableVote(db, actor, communityId, id);
  const data = await voteExportData(db, config, v);
  await recordAudit(db, {
    actorUserId: exporter.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "vote",
    targetId: id,
    after: { format: "json", parts: data.parts.length, ballots: data.ballots.length },
  });
  return data;
}

export async function voteExportData(db: Db, config: Config, v: VoteRow) {
  if (v.status === "draft")
    throw new AppError("VOTE_STATE", {
      zh: "表决尚未开启，没有名册可导出",
      en: "The vote is not open: no electorate yet",
    });
  const [voters, parts, counted, tally] = await Promise.all([
    q.votersOf(db, v.community_id, v.id),
    q.partsOf(db, v.community_id, v.id),
    q.countedBallots(db, v.community_id, v.id),
    checkedTally(db, v.community_id, v.id),
  ]);
  const pseudonymOf = new Map(voters.map((o) => [o.voter_no, o.pseudonym]));
  const partRows = parts.map((p) => ({
    part: votePseudonym(config.piiKey, v.community_id, v.id, `part:${p.household_id}`),
    owner: pseudonymOf.get(p.voter_no)!,
    areaCm2: big(p.area_cm2).toString(),
  }));
  const ballots = counted.map((b) => ({ owner: b.pseudonym, channel: b.channel, choices: b.choices }));
  const figures =
    v.status === "closed" && v.result
      ? (v.result as VoteFigures)
      : figuresOf(v, tally, await q.pendingCount(db, v.community_id, v.id));
  return {
    format: EXPORT_FORMAT,
    vote: {
      id: v.id,
      communityId: v.community_id,
      title: v.title,
      matter: v.matter,
      questions: questionsOf(v).map((x) => x.text),
    },
    parts: partRows,
    ballots,
    electorateHash: electorateHashOf(partRows),
    ballotsHash: ballotsHashOf(ballots),
    figures,
  };
}

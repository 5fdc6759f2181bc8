// Lotteries (DOMAIN D8) of the demo. 都市桃源's article (server/data/seed-communities.json, seed 004)
// names 停车位分配难服众 — parking spaces whose allocation people did not accept — among the problems the
// community solved with its residents; here that is a drawn lottery of its first estate's underground
// spaces (40 applicant households for 12 numbered spaces; one winner declined and the first of the
// waiting list took the space). Lvzhou's article (seed 002) names 责任田认领 with a yearly plot rent of
// 100–500 yuan; here that is an open lottery of 20 garden plots with applications coming in. The counts,
// space and plot numbers and dates are invented. Applicants are verified residents without a sign-in
// account, one per household, so the demo accounts can still apply where they live.
//
// The secrets are demo values written here on purpose (anyone may redo the demo draw with them); a real
// lottery's secret is made by the server, shown once to the organiser and never stored before the draw.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { maskName } from "../modules/core/privacy/pii.present.ts";
import { cleanLabel, commitmentOf, draw } from "../modules/deliberation/lotteries/lotteries-draw.ts";
import { publishNotice } from "../modules/deliberation/notices/notices.service.ts";
import { LVZHOU } from "./demo-accounts.ts";

const DAY = 86_400_000;
const DUSHI_TAOYUAN = "420106015007";
export const DEMO_PARKING_SECRET = "dushitaoyuan-parking-demo-2026";
export const DEMO_GARDEN_SECRET = "lvzhou-garden-demo-2026";
export const DEMO_PARKING_TITLE = "地下停车位摇号";
export const DEMO_GARDEN_TITLE = "共享菜园责任田认领摇号";

async function firstEstate(db: Kysely<DB>, code: string) {
  const community = await db
    .selectFrom("community")
    .select(["id"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!community) return null;
  const estate = await db
    .selectFrom("estate")
    .select(["id", "name"])
    .where("community_id", "=", community.id)
    .orderBy("id")
    .executeTakeFirst();
  return estate ? { communityId: community.id, estate } : null;
}

/** One verified resident without an account per household of the estate, in household order. */
const applicantsIn = (
  db: Kysely<DB>,
  communityId: number,
  estateId: number,
  limit: number,
  ownersOnly: boolean,
) =>
  db
    .selectFrom("resident as r")
    .innerJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
    )
    .innerJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select(["r.id", "r.household_id", "r.name", "b.name as building_name"])
    .distinctOn("r.household_id")
    .where("r.community_id", "=", communityId)
    .where("b.estate_id", "=", estateId)
    .where("r.status", "=", "verified")
    .where("r.user_id", "is", null)
    .where((eb) => (ownersOnly ? eb("r.relation", "=", "owner") : eb.lit(true)))
    .orderBy("r.household_id")
    .orderBy("r.id")
    .limit(limit)
    .execute();

const staffOf = async (db: Kysely<DB>, communityId: number) =>
  (
    await db
      .selectFrom("role_assignment")
      .select("user_id")
      .where("scope_community_id", "=", communityId)
      .where("role", "in", ["community_worker", "community_secretary"])
      .orderBy("id")
      .executeTakeFirst()
  )?.user_id ?? null;

export async function writeDemoLotteries(db: Kysely<DB>, log: (m: string) => void) {
  const now = Date.now();
  const parking = await firstEstate(db, DUSHI_TAOYUAN);
  if (parking) {
    const { communityId, estate } = parking;
    const places = 12;
    const items = Array.from({ length: places }, (_, k) => `B1-${String(k + 1).padStart(3, "0")}`);
    const people = await applicantsIn(db, communityId, estate.id, 40, true);
    const worker = await staffOf(db, communityId);
    await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("lottery")
        .values({
          community_id: communityId,
          title: DEMO_PARKING_TITLE,
          description: `${estate.name}地下车库新划出${places}个车位，想要的业主比车位多。按居民议事会商定的办法摇号：每户一份，只限本小区业主；中签后放弃的，按候补顺序递补。`,
          kind: "parking",
          estate_id: estate.id,
          places,
          items: JSON.stringify(items),
          audience: "owners",
          per: "household",
          opens_at: new Date(now - 40 * DAY),
          closes_at: new Date(now - 20 * DAY),
          commitment: commitmentOf(DEMO_PARKING_SECRET),
          created_by: worker,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const listed = people.map((p, i) => ({
        ticket: i + 1,
        label: cleanLabel(`${maskName(p.name)} · ${p.building_name}`).slice(0, 60),
      }));
      const publicInput = "4 2 6 1 5";
      const result = draw({ secret: DEMO_PARKING_SECRET, publicInput, applicants: listed, places, items });
      const positionOf = new Map(result.order.map((t, k) => [t, k + 1]));
      const declinedTicket = result.order[2];
      const passedTo = result.waitingList[0];
      await trx
        .insertInto("lottery_application")
        .values(
          people.map((p, i) => {
            const ticket = i + 1;
            const position = positionOf.get(ticket)!;
            const won = position <= places;
            const declined = ticket === declinedTicket;
            const promoted = ticket === passedTo;
            return {
              community_id: communityId,
              lottery_id: id,
              applicant_key: `h:${p.household_id}`,
              resident_id: p.id,
              household_id: p.household_id!,
              applied_at: new Date(now - 40 * DAY + i * 9 * 3_600_000),
              ticket,
              label: listed[i]!.label,
              draw_position: position,
              outcome: declined ? "declined" : won || promoted ? "won" : "waiting",
              item: won ? items[position - 1]! : promoted ? items[2]! : null,
              declined_at: declined ? new Date(now - 15 * DAY) : null,
              declined_by: declined ? worker : null,
              decline_reason: declined ? "家里已经买了车位" : null,
              passed_to: declined ? (passedTo ?? null) : null,
            };
          }),
        )
        .execute();
      const { id: noticeId } = await publishNotice(trx, {
        communityId,
        kind: "publicity",
        title: `${DEMO_PARKING_TITLE}：摇号结果公示`,
        body: [
          `${places}个车位，${listed.length}份申请。密钥：${DEMO_PARKING_SECRET}；现场公开输入：${publicInput}`,
          `申请名单SHA-256：${result.listHash}`,
          `中签：${result.winners.map((w) => `${w.ticket}号→${w.item}`).join("，")}`,
          `候补：${result.waitingList.map((t) => `${t}号`).join("，")}`,
        ].join("\n"),
        estateId: estate.id,
        visibility: "residents",
        subject: { kind: "lottery", id },
        byUserId: worker,
      });
      await trx
        .updateTable("lottery")
        .set({
          frozen_at: new Date(now - 19 * DAY),
          list_hash: result.listHash,
          applicants: listed.length,
          secret: DEMO_PARKING_SECRET,
          public_input: publicInput,
          drawn_at: new Date(now - 18 * DAY),
          drawn_by: worker,
          notice_id: noticeId,
        })
        .where("community_id", "=", communityId)
        .where("id", "=", id)
        .execute();
    });
    log(`  都市桃源: a parking lottery drawn (${people.length} applicants, ${places} spaces)`);
  }

  const garden = await firstEstate(db, LVZHOU);
  if (garden) {
    const { communityId, estate } = garden;
    const people = await applicantsIn(db, communityId, estate.id, 26, false);
    const worker = await staffOf(db, communityId);
    const { id } = await db
      .insertInto("lottery")
      .values({
        community_id: communityId,
        title: DEMO_GARDEN_TITLE,
        description:
          "共享菜园今年划出20块责任田，每块年租金100到500元不等，认领的家庭负责种植和打理。每户限报一份，报名截止后冻结名单、公开摇号。",
        kind: "garden",
        places: 20,
        items: JSON.stringify(Array.from({ length: 20 }, (_, k) => `菜地${k + 1}号`)),
        audience: "residents",
        per: "household",
        opens_at: new Date(now - 5 * DAY),
        closes_at: new Date(now + 10 * DAY),
        commitment: commitmentOf(DEMO_GARDEN_SECRET),
        created_by: worker,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (people.length)
      await db
        .insertInto("lottery_application")
        .values(
          people.map((p, i) => ({
            community_id: communityId,
            lottery_id: id,
            applicant_key: `h:${p.household_id}`,
            resident_id: p.id,
            household_id: p.household_id!,
            applied_at: new Date(now - 5 * DAY + i * 4 * 3_600_000),
          })),
        )
        .execute();
    log(`  Lvzhou: a garden-plot lottery open (${people.length} applications so far, 20 plots)`);
  }
}

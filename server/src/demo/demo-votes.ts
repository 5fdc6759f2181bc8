// 都市桃源's elevator vote (DOMAIN D5, 业主共同决定): the article (server/data/seed-communities.json,
// 都市桃源社区 "notes") says the community solved "小区电梯加装" by crowdfunding among the owners.
// Adding a lift to a building is a rebuilding of a building's facilities (民法典第二百七十八条第七项,
// a "major" matter: 3/4 of the participating area and owners), decided by the owners of that one
// building. The demo opens such a vote for the building with the most households of the community's
// first estate (its electorate frozen by the vote service from the register, the register's areas
// marked as coming from the 不动产登记簿), and has a little over half of its owners vote on paper
// (entered and counted as confirmed, with the tally the routes keep): quorum is not yet reached, so
// the progress page shows who still needs a door visit. The choices are invented.
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { Config } from "../config.ts";
import type { DB } from "../db/schema.ts";
import { openVote, recountOf } from "../modules/deliberation/votes/votes.service.ts";
import { DEMO_ADMIN_PHONE } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

const DAY = 86_400_000;
export const DUSHI_TAOYUAN = "420106015007";
export const DEMO_VOTE_TITLE = "加装电梯业主表决";

export async function writeDemoVotes(db: Kysely<DB>, config: Config, log: (m: string) => void) {
  const community = await db
    .selectFrom("community")
    .select("id")
    .where("code", "=", DUSHI_TAOYUAN)
    .executeTakeFirst();
  const admin = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", DEMO_ADMIN_PHONE)
    .executeTakeFirst();
  if (!community || !admin) return;
  const building = await db
    .selectFrom("building as b")
    .innerJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "b.community_id").onRef("h.building_id", "=", "b.id"),
    )
    .select(["b.id", "b.name", "b.estate_id"])
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("b.community_id", "=", community.id)
    .groupBy(["b.id", "b.name", "b.estate_id"])
    .orderBy("n", "desc")
    .orderBy("b.id")
    .executeTakeFirst();
  if (!building) return;
  await db
    .updateTable("household")
    .set({ area_source: "register" })
    .where("community_id", "=", community.id)
    .where("building_id", "=", building.id)
    .where("area_m2", "is not", null)
    .execute();
  const now = Date.now();
  const { id: voteId } = await db
    .insertInto("vote")
    .values({
      community_id: community.id,
      title: `${building.name}${DEMO_VOTE_TITLE}`,
      description: `${building.name}拟加装电梯，费用由本栋业主众筹、按楼层分摊。依民法典第二百七十八条第七项，须本栋专有部分面积和人数均三分之二以上的业主参与表决，并经参与表决面积和人数均四分之三以上的业主同意。`,
      estate_id: building.estate_id,
      building_ids: [building.id],
      matter: 7,
      questions: JSON.stringify([
        { text: `同意${building.name}加装电梯` },
        { text: "同意按楼层系数分摊加装费用" },
      ]),
      opens_at: new Date(now - 3 * DAY),
      closes_at: new Date(now + 11 * DAY),
      proxy_limit: 2,
      created_by: admin.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const actor = await loadActor(db, admin.id);
  await openVote(db, config, actor, community.id, voteId);
  const voters = await db
    .selectFrom("vote_voter")
    .select(["voter_no", "developer"])
    .where("community_id", "=", community.id)
    .where("vote_id", "=", voteId)
    .orderBy("voter_no")
    .execute();
  const rng = new Rng(`votes:${DUSHI_TAOYUAN}`);
  const voting = rng.shuffle(voters.filter((v) => !v.developer)).slice(0, Math.ceil(voters.length * 0.55));
  if (voting.length)
    await db
      .insertInto("vote_ballot")
      .values(
        voting.map((v, i) => ({
          community_id: community.id,
          vote_id: voteId,
          voter_no: v.voter_no,
          channel: "paper" as const,
          choices: `${rng.next() < 0.85 ? "Y" : rng.next() < 0.5 ? "N" : "A"}${rng.next() < 0.7 ? "Y" : "N"}`,
          sheet_no: `DT-${String(i + 1).padStart(3, "0")}`,
          entered_by: admin.id,
          counted: true,
          receipt: `DEMO${String(i + 1).padStart(4, "0")}`,
        })),
      )
      .execute();
  // the running tally as the ballot routes keep it (a recount of these ballots)
  const tally = await recountOf(db, community.id, voteId);
  if (tally.length)
    await db
      .insertInto("vote_tally")
      .values(
        tally.map((r) => ({
          community_id: community.id,
          vote_id: voteId,
          question_index: r.question_index,
          choice: r.choice as "P" | "Y" | "N" | "A",
          area_cm2: r.area_cm2,
          heads: r.heads,
        })),
      )
      .execute();
  log(`  votes: ${building.name} elevator vote, ${voters.length} owners, ${voting.length} ballots`);
}

// The deliberation demo's parts, written each by its own module's demo file, joined into the seeds'
// stories: Donglong's 架空层 topic holds its survey and its eight opinion meetings (the seed: a survey,
// then 8 opinion meetings, then a convention); Kuangshan Road's parking topic holds its 议事会; a topic
// that has passed 公示决议 has its resolution's public notice, as advancing it in the console writes.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { publishNotice } from "../modules/deliberation/notices/notices.service.ts";
import { DEMO_SURVEY_TITLE } from "./demo-surveys.ts";

export async function linkDemoDeliberation(db: Kysely<DB>, log: (m: string) => void) {
  const topicId = async (title: string) =>
    (await db
      .selectFrom("topic")
      .select(["community_id", "id"])
      .where("title", "=", title)
      .executeTakeFirst()) ?? null;
  const frame = await topicId("省法院小区架空层改造");
  if (frame) {
    await db
      .updateTable("meeting")
      .set({ topic_id: frame.id })
      .where("community_id", "=", frame.community_id)
      .where("title", "like", "架空层改造意见征集会%")
      .execute();
    await db
      .updateTable("survey")
      .set({ topic_id: frame.id, stage_key: "collect" })
      .where("community_id", "=", frame.community_id)
      .where("title", "=", DEMO_SURVEY_TITLE)
      .execute();
  }
  const parking = await topicId("九龙洞公园建设立体免费停车场");
  if (parking)
    await db
      .updateTable("meeting")
      .set({ topic_id: parking.id })
      .where("community_id", "=", parking.community_id)
      .where("title", "=", "居民协商议事会：九龙洞公园停车难")
      .execute();
  // resolutions published in the demo's history: their 公示 notice, dated when the stage was entered
  const { rows } = await sql<{
    community_id: number;
    topic_id: number;
    title: string;
    tier: string;
    estate_id: number | null;
    building_id: number | null;
    text: string;
    actor_user_id: number | null;
    created_at: Date;
  }>`select t.community_id, t.id as topic_id, t.title, t.tier, t.estate_id, t.building_id, r.text,
            r.actor_user_id, r.created_at
       from topic_stage_record r
       join topic_template_stage s on s.community_id = r.community_id and s.id = r.stage_id
       join topic t on t.community_id = r.community_id and t.id = r.topic_id
      where s.key = 'publish_resolution' and r.action = 'entered'`.execute(db);
  for (const r of rows) {
    const { id } = await publishNotice(db, {
      communityId: r.community_id,
      kind: "publicity",
      title: `决议公示：${r.title}`,
      body: r.text,
      estateId: r.tier === "community" ? null : r.estate_id,
      buildingId: r.tier === "building" ? r.building_id : null,
      visibility: r.tier === "community" ? "public" : "residents",
      subject: { kind: "topic", id: r.topic_id },
      byUserId: r.actor_user_id,
    });
    await db
      .updateTable("notice")
      .set({ published_at: r.created_at, created_at: r.created_at })
      .where("community_id", "=", r.community_id)
      .where("id", "=", id)
      .execute();
  }
  log(
    `deliberation: topics linked to their meetings and survey; ${rows.length} resolutions published as notices`,
  );
}

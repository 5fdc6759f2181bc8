import { type Kysely, sql } from "kysely";

// Meetings and surveys may belong to a topic (a 协商 stage's opinion meetings, a 收集 stage's survey):
// the three modules were built side by side, so the references come here, once all three tables
// exist. Composite, like every reference between community tables.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table meeting add constraint meeting_topic_fk
    foreign key (community_id, topic_id) references topic(community_id, id)`.execute(db);
  await sql`create index meeting_topic on meeting(community_id, topic_id) where topic_id is not null`.execute(
    db,
  );
  await sql`alter table survey add constraint survey_topic_fk
    foreign key (community_id, topic_id) references topic(community_id, id)`.execute(db);
  await sql`create index survey_topic on survey(community_id, topic_id) where topic_id is not null`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error("the deliberation links migration cannot be reverted");
}

// Spaces the seed articles name (C2), open for booking: 东龙's 聚邻空间 (the 省法院小区 ground floor; the
// residents' meeting set its hours, 8:00–21:00 every day, and its convention) and 多元共建客厅, 绿洲's
// “邻聚里”活动室, 矿山路's 红色驿站 (享聊议事会客厅). Each is rated under the rating subject of the same
// name (demo-ratings.ts). A few bookings by residents without a sign-in account, one still waiting for
// approval, so that the calendar and the staff list are not empty and the demo accounts start with none.
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { createSpace } from "../modules/services/spaces/spaces.service.ts";
import { DONGLONG, KUANGSHANLU, LVZHOU } from "./demo-accounts.ts";

type Db = Kysely<DB>;

const EVERY_DAY = (w: string) => Array(7).fill(w) as string[];
const WEEKDAYS = (w: string, weekend: string) => [w, w, w, w, w, weekend, weekend];

const SPACES: Record<
  string,
  {
    name: string;
    place: string;
    description: string;
    capacity: number;
    hours: string[];
    convention: string;
    needsApproval: boolean;
  }[]
> = {
  [DONGLONG]: [
    {
      name: "聚邻空间",
      place: "公正路省法院小区架空层",
      description: "480平方米：党员教育、普法宣传、运动健身、老幼服务、模拟法庭",
      capacity: 60,
      hours: EVERY_DAY("08:00-21:00"),
      convention:
        "《聚邻空间使用公约》（经居民意见征集会商定）\n一、开放时间为每天8:00至21:00，请按预约时段使用。\n二、爱护公共设施，用后归位、关灯关窗。\n三、保持安静整洁，禁止吸烟，垃圾带走。\n四、活动不得影响楼上居民休息。",
      needsApproval: true,
    },
    {
      name: "多元共建客厅",
      place: "东龙社区党群服务中心二楼",
      description: "厚朴东龙直播间、有声图书馆、多元共建议事区、东龙社工室",
      capacity: 30,
      hours: WEEKDAYS("09:00-17:30", "09:00-12:00"),
      convention: "共建单位与居民均可预约；用后恢复桌椅，设备使用请联系社工。",
      needsApproval: true,
    },
  ],
  [LVZHOU]: [
    {
      name: "“邻聚里”活动室",
      place: "绿洲社区党群服务中心",
      description: "文化休闲、体育健身、每周10余门免费课程的教室",
      capacity: 40,
      hours: EVERY_DAY("08:30-20:30"),
      convention: "爱护器材，活动结束后整理场地；未成年人须有家长陪同。",
      needsApproval: false,
    },
  ],
  [KUANGSHANLU]: [
    {
      name: "红色驿站",
      place: "紫薇花园",
      description: "政务服务岗前哨、便民服务百宝箱、享聊议事会客厅",
      capacity: 20,
      hours: WEEKDAYS("08:30-18:00", ""),
      convention: "议事会客厅优先用于居民议事；预约后请按时到场，不能来请提前取消。",
      needsApproval: true,
    },
  ],
};

export async function writeDemoSpaces(db: Db, log: (m: string) => void): Promise<void> {
  const admin = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", "13900000001")
    .executeTakeFirst();
  const actor = admin ? await loadActor(db, admin.id) : null;
  if (!actor) return;
  let n = 0;
  for (const [code, spaces] of Object.entries(SPACES)) {
    const c = await db.selectFrom("community").select("id").where("code", "=", code).executeTakeFirst();
    if (!c) continue;
    for (const s of spaces) {
      const { space } = await createSpace(db, actor, c.id, { ...s, status: "open" });
      n++;
      // two bookings by residents without an account: tomorrow morning (approved) and afternoon (waiting)
      const residents = await db
        .selectFrom("resident")
        .leftJoin("app_user", "app_user.phone", "resident.phone")
        .select(["resident.id", "resident.name"])
        .where("resident.community_id", "=", c.id)
        .where("resident.status", "=", "verified")
        .where("app_user.id", "is", null)
        .orderBy("resident.id")
        .limit(2)
        .execute();
      const day = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
      const open = space.hours[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7];
      if (!open || open.slice(0, 5) > "09:00" || open.slice(6) < "16:00") continue;
      for (const [i, r] of residents.entries())
        await db
          .insertInto("space_booking")
          .values({
            community_id: c.id,
            space_id: space.id,
            resident_id: r.id,
            organisation_id: null,
            meeting_id: null,
            booked_by: actor.userId,
            purpose: i === 0 ? "楼栋议事会" : "亲子阅读活动",
            attendees: i === 0 ? 15 : 8,
            starts_at: new Date(`${day}T${i === 0 ? "09:00" : "14:00"}:00+08:00`),
            ends_at: new Date(`${day}T${i === 0 ? "11:00" : "16:00"}:00+08:00`),
            convention_version: space.conventionVersion,
            status: i === 0 || !space.needsApproval ? "approved" : "pending",
          })
          .execute();
    }
  }
  log(`  spaces: ${n} spaces open for booking`);
}

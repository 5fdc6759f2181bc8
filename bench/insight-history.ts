// Issue 17's synthetic histories for the insight sources (bench/insight.ts runs it after the synthetic
// district and its requests, before the server starts). A year — the `days` China days up to yesterday —
// of what the insight rollup counts, per community, written with set-based SQL (insert … select from
// generate_series and the community's residents; draws are hashes of row numbers, so a district gets the
// same history every time):
//  - volunteering: a pool of 3 % of residents aged 16–75 with an account (app_user, resident.user_id);
//    about 4 activities a week, each 8–25 attendances of the pool, 95 % of them certified (60–240 min);
//  - meetings: about 6 a month, each 15–44 sign-ins of residents (ticked by the organiser);
//  - topics: about 3 a month on the community's default template (topics.service ensureTemplates), at
//    their first stage with its record;
//  - votes: about 1 a month on the community's first estate, closed, 70 % with every question passed;
//  - points: 3 items of a standard; about 3 % of residents awarded a month from a pool of 5 %, each award
//    booked on the community's ledger chain as the points service books it — accounts, transaction with
//    its SHA-256 chain hash, two entries, balances, the chain head (the hashes are computed here in
//    TypeScript, the one step that is not set-based: each hash needs the one before);
//  - mall: 2 items; about 1 % of residents exchange a month (90 % collected, 10 % expired, the last week
//    open). The exchanges' ledger bookings are NOT written (mall_exchange.ledger_transaction_id may be
//    null since migration 41): the figures read the exchange rows, not the ledger;
//  - canteen: a canteen, its lunch and a menu every day; about 0.3 % of residents order each day from a
//    pool of diners aged 60+ (15 % delivered, 4 % cancelled), priced by one rule (resident 8 yuan);
//    menu.ordered is the count of placed orders;
//  - care: 30 % of the residents living alone or over 80 enrolled in the daily check-in, each visited
//    once a month; a missed check-in on 0.3 % of enrolled days, 85 % acknowledged within the hour, 10 %
//    later, 5 % closed by a late check-in. Daily check-ins themselves are not written (no figure counts them).
// Foreign keys are not checked row by row (session_replication_role = replica, as the requests
// generator does on the throwaway cluster): every reference is drawn from existing rows.
import { type Kysely, sql } from "kysely";
import type { DB } from "../server/src/db/schema.ts";
import { chainHash, GENESIS_HASH } from "../server/src/modules/core/ledger/ledger.chain.ts";
import { ensureTemplates } from "../server/src/modules/deliberation/topics/topics.service.ts";

type Db = Kysely<DB>;

export interface InsightHistory {
  from: string;
  to: string;
  seconds: number;
  phases: Record<string, number>;
  rows: Record<string, number>;
}

/** The China day `n` days before today (n = 1: yesterday). */
export function chinaDayBefore(n: number, now = new Date()): string {
  const d = new Date(now.getTime() + 8 * 3_600_000);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

const SEED = 1717;
/** A draw in [0, n) from a hash of x (as the district generator draws). */
const rnd = (x: string, k: number, n: number | string) =>
  `(((hashint8extended((${x})::bigint, ${SEED * 64 + k}) % (${n})) + (${n})) % (${n}))`;
/** A China day (date) and a time of that day as timestamptz. */
const at = (day: string, time: string) => `(((${day})::date + (${time})) at time zone 'Asia/Shanghai')`;

export async function writeInsightHistory(
  db: Db,
  o: { days?: number; log: (m: string) => void },
): Promise<InsightHistory> {
  const days = o.days ?? 365;
  const first = chinaDayBefore(days);
  const last = chinaDayBefore(1);
  const started = performance.now();
  const phases: Record<string, number> = {};
  let t = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    phases[what] = Math.round(now - t) / 1000;
    o.log(`insight history: ${what} (${phases[what]} s)`);
    t = now;
  };

  // Templates first, each in its own transaction as the topics settings page makes them.
  const communities = await db.selectFrom("community").select("id").orderBy("id").execute();
  for (const c of communities) await db.transaction().execute((trx) => ensureTemplates(trx, c.id));
  step(`topic templates of ${communities.length} communities`);

  await db.transaction().execute(async (trx) => {
    const run = (statement: string) => sql.raw(statement).execute(trx);
    await run("set local session_replication_role = replica");
    await run("set local work_mem = '128MB'");

    // The days of the history, the communities' residents numbered, and who acts for the community (its
    // community worker; else any staff account).
    await run(`create temp table ih_day on commit drop as
      select d::int as d, ('${first}'::date + d) as day from generate_series(0, ${days - 1}) d`);
    await run(`create temp table ih_res on commit drop as
      select community_id, id, (row_number() over (partition by community_id order by id) - 1)::int as k,
        date_part('year', age(birth_date))::int as age, care_tags
      from resident where status = 'verified'`);
    await run("create index on ih_res (community_id, k)");
    await run(`create temp table ih_comm on commit drop as
      select c.id as community_id, count(r.id)::int as n,
        coalesce((select min(ra.user_id) from role_assignment ra
          where ra.scope_type = 'community' and ra.scope_id = c.id),
          (select min(user_id) from role_assignment)) as staff
      from community c join ih_res r on r.community_id = c.id group by c.id`);
    await run("analyze ih_res, ih_comm, ih_day");

    // Pools: volunteers (3 % aged 16–75, with an account), points (5 %), diners (8 % of those 60+).
    const pool = async (name: string, filter: string) => {
      await run(`create temp table ${name} on commit drop as
        select community_id, id as resident_id,
          (row_number() over (partition by community_id order by id) - 1)::int as j,
          count(*) over (partition by community_id)::int as n
        from ih_res where ${filter}`);
      await run(`create index on ${name} (community_id, j)`);
      await run(`create temp table ${name}_n on commit drop as
        select community_id, count(*)::int as n from ${name} group by 1`);
      await run(`analyze ${name}, ${name}_n`);
    };
    await pool("ih_vol", `age between 16 and 75 and ${rnd("id", 21, 100)} < 3`);
    await run(`insert into app_user (phone, name)
      select '100' || lpad(r.id::text, 8, '0'), r.name from ih_vol v
      join resident r on r.community_id = v.community_id and r.id = v.resident_id
      on conflict (phone) do nothing`);
    await run(`update resident r set user_id = u.id from ih_vol v, app_user u
      where r.community_id = v.community_id and r.id = v.resident_id
        and u.phone = '100' || lpad(r.id::text, 8, '0') and r.user_id is null`);
    await run("alter table ih_vol add column user_id int");
    await run(`update ih_vol v set user_id = r.user_id from resident r
      where r.community_id = v.community_id and r.id = v.resident_id`);
    await pool("ih_pts", `${rnd("id", 22, 100)} < 5`);
    await pool("ih_din", `age >= 60 and ${rnd("id", 23, 100)} < 8`);
    step("pools and volunteers' accounts");

    // Volunteering.
    await run(`insert into vol_activity (community_id, organiser_id, title, place, starts_at, ends_at, capacity,
        created_at)
      select c.community_id, c.staff,
        (array['社区环境整治','关爱老人上门探访','垃圾分类督导','义诊进社区','儿童课后托管'])[1 + ${rnd("c.community_id * 1000 + d.d", 24, 5)}],
        '社区党群服务中心', ${at("d.day", `time '09:00' + ${rnd("c.community_id * 1000 + d.d", 25, 8)} * interval '1 hour'`)},
        ${at("d.day", `time '12:00' + ${rnd("c.community_id * 1000 + d.d", 25, 8)} * interval '1 hour'`)},
        40, ${at("d.day", "time '08:00'")} - interval '7 days'
      from ih_comm c cross join ih_day d
      where ${rnd("c.community_id * 1000 + d.d", 26, 100)} < 57`);
    await run(`insert into vol_attendance (community_id, activity_id, user_id, check_in_at, check_in_method,
        check_out_at, check_out_method, recorded_by, minutes, certified_by, certified_at)
      select x.community_id, x.activity_id, v.user_id, x.check_in,
        'qr', case when x.certified then x.check_in + x.minutes * interval '1 minute' end,
        case when x.certified then 'qr' end, x.organiser_id,
        case when x.certified then x.minutes end, case when x.certified then x.organiser_id end,
        case when x.certified then x.ends_at + interval '1 day' end
      from (
        select a.community_id, a.id as activity_id, a.organiser_id, a.ends_at, i,
          a.starts_at + ${rnd("a.id * 100 + i", 27, 20)} * interval '1 minute' as check_in,
          60 + ${rnd("a.id * 100 + i", 28, 181)} as minutes,
          ${rnd("a.id * 100 + i", 29, 100)} < 95 as certified,
          ${rnd("a.id", 30, 100000)} as start
        from vol_activity a cross join lateral generate_series(0, 7 + ${rnd("a.id", 31, 18)}) i
        where a.starts_at >= ${at(`'${first}'::date`, "time '00:00'")}
      ) x
      join ih_vol_n pn on pn.community_id = x.community_id
      join ih_vol v on v.community_id = x.community_id and v.j = (x.start + x.i) % pn.n
      where x.i < pn.n and v.user_id is not null
      on conflict do nothing`);
    step("volunteering");

    // Meetings and their sign-ins.
    await run(`insert into meeting (community_id, kind, title, starts_at, ends_at, venue, created_by, created_at)
      select c.community_id,
        (array['council','joint','opinion','courtyard','ideas_salon','party_members'])[1 + ${rnd("c.community_id * 1000 + d.d", 32, 6)}],
        '居民议事会（' || d.day || '）', ${at("d.day", "time '19:00'")}, ${at("d.day", "time '21:00'")},
        '社区会议室', c.staff, ${at("d.day", "time '09:00'")} - interval '5 days'
      from ih_comm c cross join ih_day d
      where ${rnd("c.community_id * 1000 + d.d", 33, 100)} < 20`);
    await run(`insert into meeting_attendance (community_id, meeting_id, person_key, resident_id, method,
        recorded_by, signed_in_at)
      select m.community_id, m.id, 'r:' || r.id, r.id, 'ticked', m.created_by,
        m.starts_at - interval '10 minutes' + i * interval '20 seconds'
      from meeting m
      join ih_comm c on c.community_id = m.community_id
      cross join lateral generate_series(0, least(c.n, 15 + ${rnd("m.id", 34, 30)}) - 1) i
      join ih_res r on r.community_id = m.community_id and r.k = (${rnd("m.id", 35, "c.n")} + i) % c.n
      where m.starts_at >= ${at(`'${first}'::date`, "time '00:00'")}`);
    step("meetings");

    // Topics at the first stage of the default template, and votes.
    await run(`insert into topic (community_id, title, description, tier, template_id, stage_id, stage_entered_at,
        status, origin_kind, raised_by, created_at, opened_at)
      select c.community_id, '议题（' || d.day || '）', '基准议题', 'community', tpl.id, st.id,
        ${at("d.day", "time '10:00'")}, 'open', 'staff', c.staff, ${at("d.day", "time '10:00'")},
        ${at("d.day", "time '10:00'")}
      from ih_comm c cross join ih_day d
      join topic_template tpl on tpl.community_id = c.community_id and tpl.is_default
      join topic_template_stage st on st.community_id = c.community_id and st.template_id = tpl.id
        and st.position = 1
      where ${rnd("c.community_id * 1000 + d.d", 36, 100)} < 10`);
    await run(`insert into topic_stage_record (community_id, topic_id, stage_id, action, text, is_public, created_at)
      select community_id, id, stage_id, 'entered', '', true, stage_entered_at from topic
      where description = '基准议题' and created_at >= ${at(`'${first}'::date`, "time '00:00'")}`);
    await run(`insert into vote (community_id, title, estate_id, matter, questions, opens_at, closes_at, status,
        opened_at, closed_at, result, created_by, created_at)
      select c.community_id, '业主表决（' || d.day || '）', e.id, 5,
        '[{"text":"同意使用维修资金"}]'::jsonb,
        ${at("d.day", "time '09:00'")} - interval '14 days', ${at("d.day", "time '18:00'")}, 'closed',
        ${at("d.day", "time '09:00'")} - interval '14 days', ${at("d.day", "time '18:00'")},
        jsonb_build_object('questions', jsonb_build_array(jsonb_build_object('text', '同意使用维修资金',
          'passed', ${rnd("c.community_id * 1000 + d.d", 37, 100)} < 70))),
        c.staff, ${at("d.day", "time '09:00'")} - interval '15 days'
      from ih_comm c cross join ih_day d
      join lateral (select min(id) as id from estate where community_id = c.community_id) e on e.id is not null
      where ${rnd("c.community_id * 1000 + d.d", 38, 1000)} < 33`);
    step("topics and votes");

    // Mall: two items and the exchanges.
    await run(`insert into mall_item (community_id, kind, name, price_points, unit_value_fen, stock, pickup_place,
        expiry_days, created_by)
      select c.community_id, 'goods', x.name, x.price, x.value, 100000, '社区服务站', 7, c.staff
      from ih_comm c cross join (values ('洗衣液', 100, 1500), ('大米五公斤', 200, 3000)) x(name, price, value)`);
    await run(`create temp table ih_mall on commit drop as
      select community_id, id, price_points, unit_value_fen,
        (row_number() over (partition by community_id order by id) - 1)::int as j
      from mall_item where community_id in (select community_id from ih_comm)
        and name in ('洗衣液', '大米五公斤') and pickup_place = '社区服务站'`);
    await run(`insert into mall_exchange (community_id, item_id, resident_id, points, value_fen, code, status,
        idempotency_key, created_at, expires_at, collected_at, collected_by, expired_at)
      select x.community_id, it.id, p.resident_id, it.price_points, it.unit_value_fen,
        lpad((x.g % 1000000)::text, 6, '0'),
        case when x.day > current_date - 7 then 'open' when x.u < 90 then 'collected' else 'expired' end,
        'bench-insight-' || x.g, x.t, x.t + interval '7 days',
        case when x.day <= current_date - 7 and x.u < 90 then x.t + interval '2 days' end,
        case when x.day <= current_date - 7 and x.u < 90 then x.staff end,
        case when x.day <= current_date - 7 and x.u >= 90 then x.t + interval '7 days' end
      from (
        select c.community_id, c.staff, d.day, i,
          (c.community_id::bigint * 1000 + d.d) * 1000 + i as g,
          ${rnd("(c.community_id::bigint * 1000 + d.d) * 1000 + i", 40, 100)} as u,
          ${at("d.day", "time '09:00' + i * interval '7 minutes'")} as t
        from ih_comm c cross join ih_day d
        cross join lateral generate_series(0, (c.n * 3 / 10000) + ${rnd("c.community_id * 1000 + d.d", 41, 2)} - 1) i
      ) x
      join ih_pts_n pn on pn.community_id = x.community_id
      join ih_pts p on p.community_id = x.community_id and p.j = ${rnd("x.g", 42, "pn.n")}
      join ih_mall it on it.community_id = x.community_id and it.j = ${rnd("x.g", 43, 2)}`);
    step("mall exchanges");

    // Canteen: the canteen, its lunch, a menu a day, the rule, the orders.
    await run(`insert into canteen (community_id, name, place)
      select community_id, '长者食堂', '社区服务中心一楼' from ih_comm
      where community_id not in (select community_id from canteen)`);
    await run(`insert into canteen_meal (community_id, canteen_id, kind, cutoff, capacity)
      select k.community_id, k.id, 'lunch', '10:00', 400 from canteen k join ih_comm c using (community_id)
      on conflict do nothing`);
    await run(`insert into canteen_rule (community_id, canteen_id, position, name, min_age, resident_fen,
        community_pct, discount_pct, subsidy_pct, source)
      select k.community_id, k.id, 1, '60岁以上老人', 60, 800, 0, 20, 80, '区民政局老年助餐补贴'
      from canteen k join ih_comm c using (community_id)`);
    await run(`insert into canteen_menu (community_id, meal_id, day, dishes, cost_fen, capacity)
      select m.community_id, m.id, d.day, '["红烧肉","清炒时蔬","番茄蛋汤"]'::jsonb, 1500, 400
      from canteen_meal m join ih_comm c using (community_id) cross join ih_day d
      where m.kind = 'lunch' on conflict do nothing`);
    await run(`insert into canteen_order (community_id, menu_id, resident_id, placed_by, channel, mode, address,
        rule_id, rule_name, cost_fen, resident_fen, community_fen, discount_fen, subsidy_fen, status,
        paid_how, paid_at, paid_by, delivered_at, created_at, cancelled_at)
      select x.community_id, x.menu_id, p.resident_id, x.staff, 'staff_counter', x.mode,
        case when x.mode = 'delivery' then '本社区' else '' end,
        x.rule_id, '60岁以上老人', 1500, 800, 0, 140, 560,
        case when x.u < 4 then 'cancelled' else 'placed' end,
        case when x.u >= 4 then 'counter' end, case when x.u >= 4 then x.t + interval '3 hours' end,
        case when x.u >= 4 then x.staff end,
        case when x.mode = 'delivery' and x.u >= 4 then x.t + interval '3 hours' end,
        x.t, case when x.u < 4 then x.t + interval '30 minutes' end
      from (
        select mn.community_id, mn.id as menu_id, c.staff, c.n, i, r.id as rule_id,
          ${rnd("mn.id * 1000 + i", 44, 100)} as u,
          case when ${rnd("mn.id * 1000 + i", 45, 100)} < 15 then 'delivery'
            when ${rnd("mn.id * 1000 + i", 45, 100)} < 40 then 'pickup' else 'dine_in' end as mode,
          ${at("mn.day", "time '07:00' + i * interval '1 minute'")} as t,
          ${rnd("mn.id", 46, 100000)} as start
        from canteen_menu mn join ih_comm c using (community_id)
        join canteen_rule r on r.community_id = mn.community_id and r.position = 1
        cross join lateral generate_series(0, (c.n * 3 / 1000) + ${rnd("mn.id", 47, 3)} - 1) i
        where mn.day between '${first}'::date and '${last}'::date
      ) x
      join ih_din_n pn on pn.community_id = x.community_id
      join ih_din p on p.community_id = x.community_id and p.j = (x.start + x.i) % pn.n
      where x.i < pn.n`);
    await run(`update canteen_menu mn set ordered = o.n from (
        select community_id, menu_id, count(*)::int as n from canteen_order where status = 'placed'
        group by 1, 2) o
      where mn.community_id = o.community_id and mn.id = o.menu_id`);
    step("canteen");

    // Care: enrolments, monthly visits, missed check-ins.
    await run(`insert into care_enrolment (community_id, resident_id, consent_by, consent_at, enrolled_by, enrolled_at)
      select r.community_id, r.id, 'resident', ${at(`'${first}'::date`, "time '09:00'")} - interval '30 days', c.staff,
        ${at(`'${first}'::date`, "time '09:00'")} - interval '30 days'
      from ih_res r join ih_comm c using (community_id)
      where (r.care_tags && array['living_alone','elderly_80_plus']) and ${rnd("r.id", 48, 100)} < 30
      on conflict do nothing`);
    await run(`insert into care_visit (community_id, resident_id, visited_on, visitor_user_id, visitor_role, health,
        gas_safe, electricity_safe, notes, created_at)
      select e.community_id, e.resident_id, x.day, c.staff, 'community_worker',
        (array['good','good','good','fair','poor'])[1 + ${rnd("e.resident_id * 100 + m", 49, 5)}], true, true, '定期走访',
        ${at("x.day", "time '15:00'")}
      from care_enrolment e join ih_comm c using (community_id)
      cross join lateral generate_series(0, ${Math.floor(days / 30) - 1}) m
      cross join lateral (select '${first}'::date + (m * 30 + ${rnd("e.resident_id * 100 + m", 50, 28)})::int as day) x
      where x.day <= '${last}'::date`);
    await run(`insert into care_alert (community_id, resident_id, day, raised_at, acknowledged_at, acknowledged_by,
        ack_kind, closed_at, closed_by, close_reason)
      select x.community_id, x.resident_id, x.day, x.raised,
        case when x.u < 95 then x.raised + case when x.u < 85 then ${rnd("x.g", 52, 55)} * interval '1 minute'
          else (2 + ${rnd("x.g", 53, 4)}) * interval '1 hour' end end,
        case when x.u < 95 then x.staff end, case when x.u < 95 then 'contacted' end,
        case when x.u >= 95 then x.raised + interval '20 minutes' end, null,
        case when x.u >= 95 then 'checked_in' end
      from (
        select e.community_id, e.resident_id, d.day, c.staff, e.resident_id::bigint * 1000 + d.d as g,
          ${at("d.day", "time '10:10'")} as raised,
          ${rnd("e.resident_id::bigint * 1000 + d.d", 54, 100)} as u
        from care_enrolment e join ih_comm c using (community_id) cross join ih_day d
        where ${rnd("e.resident_id::bigint * 1000 + d.d", 51, 1000)} < 3
      ) x
      on conflict do nothing`);
    step("care");

    // Points: a standard, three items, the awards planned set-based, then booked on the ledger chain.
    await run(`insert into points_standard (community_id, version, adopted_via_kind, adopted_via_id, adopted_on,
        year_end_rule)
      select community_id, 1, 'survey', 1, '${first}'::date - 30, 'carry_over' from ih_comm
      where community_id not in (select community_id from points_standard)`);
    await run(`insert into points_item (community_id, standard_id, code, name_zh, name_en, category, points,
        evidence_required)
      select s.community_id, s.id, x.code, x.zh, x.en, x.cat, x.pts, false
      from points_standard s join ih_comm c using (community_id)
      cross join (values ('bench_volunteer', '参加志愿服务', 'Volunteering', 'volunteering', 20),
        ('bench_meeting', '参加居民议事', 'Residents'' meeting', 'meetings', 10),
        ('bench_sorting', '垃圾分类积极分子', 'Waste sorting', 'environment', 5)) x(code, zh, en, cat, pts)
      on conflict do nothing`);
    await run(`create temp table ih_item on commit drop as
      select community_id, id, points, name_zh,
        (row_number() over (partition by community_id order by id) - 1)::int as j
      from points_item where community_id in (select community_id from ih_comm) and code like 'bench_%'`);
    await run(`create temp table ih_award on commit drop as
      select x.community_id, p.resident_id, it.id as item_id, it.points, it.name_zh, x.t, x.g
      from (
        select c.community_id, d.day, i, (c.community_id::bigint * 1000 + d.d) * 1000 + i as g,
          ${at("d.day", "time '08:00' + i * interval '3 minutes'")} as t
        from ih_comm c cross join ih_day d
        cross join lateral generate_series(0, (c.n / 1000) + ${rnd("c.community_id * 1000 + d.d", 55, 2)} - 1) i
      ) x
      join ih_pts_n pn on pn.community_id = x.community_id
      join ih_pts p on p.community_id = x.community_id and p.j = ${rnd("x.g", 56, "pn.n")}
      join ih_item it on it.community_id = x.community_id and it.j = ${rnd("x.g", 57, 3)}`);
    await run("create index on ih_award (community_id, t, g)");
    step("points planned");

    const awarded = await bookAwards(trx);
    o.log(`insight history: ${awarded} points awards booked on the ledger`);
    step("points booked");
  });

  await sql`analyze vol_activity, vol_attendance, meeting, meeting_attendance, topic, topic_stage_record, vote,
    points_award, ledger_transaction, ledger_entry, ledger_account, mall_item, mall_exchange, canteen_menu,
    canteen_order, care_enrolment, care_visit, care_alert, app_user, resident`.execute(db);
  step("analyze");

  const { rows } = await sql<{ t: string; n: number }>`
    select 'vol_attendance' as t, count(*)::int as n from vol_attendance
    union all select 'meeting_attendance', count(*)::int from meeting_attendance
    union all select 'topic', count(*)::int from topic
    union all select 'vote (closed)', count(*)::int from vote where status = 'closed'
    union all select 'points_award', count(*)::int from points_award
    union all select 'mall_exchange', count(*)::int from mall_exchange
    union all select 'canteen_order', count(*)::int from canteen_order
    union all select 'care_visit', count(*)::int from care_visit
    union all select 'care_alert', count(*)::int from care_alert`.execute(db);
  return {
    from: first,
    to: last,
    seconds: Math.round(performance.now() - started) / 1000,
    phases,
    rows: Object.fromEntries(rows.map((r) => [r.t, r.n])),
  };
}

/**
 * The rollup's statistics after the rebuild, as autovacuum would gather them within a minute or two of a
 * bulk load (rebuildInsight itself does not analyze): without them the planner expects a handful of rows
 * in insight_daily and sorts the dashboard's sums on disk.
 */
export async function analyzeRollup(db: Db): Promise<number> {
  const t0 = performance.now();
  await sql`analyze insight_daily`.execute(db);
  return (performance.now() - t0) / 1000;
}

/**
 * Books the planned awards (ih_award) as the points service does, per community in time order: the
 * resident's and the source's accounts, one ledger transaction per award on the community's chain with
 * its hash, its two entries with running balances, the award row; then the accounts' balances and the
 * chain's head.
 */
async function bookAwards(trx: Db): Promise<number> {
  const communities = (
    await sql<{ community_id: number }>`select distinct community_id from ih_award order by 1`.execute(trx)
  ).rows.map((r) => r.community_id);
  let total = 0;
  const BATCH = 2000;
  for (const communityId of communities) {
    const head = await trx
      .selectFrom("ledger_chain")
      .select(["last_seq", "last_hash"])
      .where("community_id", "=", communityId)
      .executeTakeFirst();
    let seq = Number(head?.last_seq ?? 0);
    let prevHash = head?.last_hash ?? GENESIS_HASH;
    await sql`
      insert into ledger_account (community_id, code, name_zh, name_en, unit, allow_negative, owner_kind, owner_id)
      values (${communityId}, 'points:source', '社区积分发放', 'Community points issued', 'point', true,
        'community', ${communityId})
      on conflict (community_id, code) do nothing`.execute(trx);
    await sql`
      insert into ledger_account (community_id, code, name_zh, name_en, unit, allow_negative, owner_kind, owner_id)
      select distinct ${communityId}::int, 'points:resident:' || resident_id, '居民积分 #' || resident_id,
        'Resident #' || resident_id || ': points', 'point', false, 'resident', resident_id
      from ih_award where community_id = ${communityId}
      on conflict (community_id, code) do nothing`.execute(trx);
    const accounts = await sql<{ id: number; code: string; balance: string }>`
      select id, code, balance::text from ledger_account
      where community_id = ${communityId} and (code = 'points:source' or code like 'points:resident:%')`.execute(
      trx,
    );
    const accountOf = new Map(accounts.rows.map((a) => [a.code, a.id]));
    const balance = new Map(accounts.rows.map((a) => [a.id, Number(a.balance)]));
    const source = accountOf.get("points:source")!;
    const plan = await sql<{
      resident_id: number;
      item_id: number;
      points: number;
      name_zh: string;
      t: Date;
      g: string;
    }>`select resident_id, item_id, points, name_zh, t, g::text from ih_award
      where community_id = ${communityId} order by t, g`.execute(trx);
    for (let i = 0; i < plan.rows.length; i += BATCH) {
      const slice = plan.rows.slice(i, i + BATCH);
      const txs = [];
      const meta: { seq: number; account: number; a: (typeof slice)[number]; after: number; src: number }[] =
        [];
      for (const a of slice) {
        seq++;
        const account = accountOf.get(`points:resident:${a.resident_id}`)!;
        const key = `points:award:bench-${a.g}:${a.resident_id}`;
        const postings = [
          { accountId: account, amount: a.points },
          { accountId: source, amount: -a.points },
        ];
        const hash = chainHash({
          communityId,
          seq,
          idempotencyKey: key,
          kind: "points.award",
          memo: a.name_zh,
          refKind: "points_item",
          refId: a.item_id,
          voucherFileId: null,
          correctsId: null,
          actorUserId: null,
          createdAt: a.t,
          entries: postings,
          prevHash,
        });
        txs.push({
          community_id: communityId,
          seq,
          idempotency_key: key,
          kind: "points.award",
          memo: a.name_zh,
          ref_kind: "points_item",
          ref_id: a.item_id,
          voucher_file_id: null,
          corrects_id: null,
          actor_user_id: null,
          created_at: a.t,
          prev_hash: prevHash,
          hash,
        });
        const after = (balance.get(account) ?? 0) + a.points;
        balance.set(account, after);
        const src = (balance.get(source) ?? 0) - a.points;
        balance.set(source, src);
        meta.push({ seq, account, a, after, src });
        prevHash = hash;
      }
      const ids = await trx.insertInto("ledger_transaction").values(txs).returning(["id", "seq"]).execute();
      const idOf = new Map(ids.map((x) => [Number(x.seq), Number(x.id)]));
      await trx
        .insertInto("ledger_entry")
        .values(
          meta.flatMap((m) => [
            {
              community_id: communityId,
              transaction_id: idOf.get(m.seq)!,
              account_id: m.account,
              amount: m.a.points,
              balance_after: m.after,
            },
            {
              community_id: communityId,
              transaction_id: idOf.get(m.seq)!,
              account_id: source,
              amount: -m.a.points,
              balance_after: m.src,
            },
          ]),
        )
        .execute();
      await trx
        .insertInto("points_award")
        .values(
          meta.map((m) => ({
            community_id: communityId,
            item_id: m.a.item_id,
            resident_id: m.a.resident_id,
            points: m.a.points,
            evidence: "",
            awarded_by: null,
            awarded_at: m.a.t,
            ledger_transaction_id: idOf.get(m.seq)!,
            idempotency_key: `bench-${m.a.g}:${m.a.resident_id}`,
          })),
        )
        .execute();
      total += slice.length;
    }
    await sql`
      update ledger_account a set balance = b.balance
      from unnest(${[...balance.keys()]}::int[], ${[...balance.values()]}::bigint[]) as b(id, balance)
      where a.community_id = ${communityId} and a.id = b.id`.execute(trx);
    await sql`
      insert into ledger_chain (community_id, last_seq, last_hash) values (${communityId}, ${seq}, ${prevHash})
      on conflict (community_id) do update set last_seq = excluded.last_seq, last_hash = excluded.last_hash`.execute(
      trx,
    );
  }
  return total;
}

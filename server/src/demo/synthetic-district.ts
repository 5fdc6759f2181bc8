// A synthetic district (合成区) large enough for load tests: streets, communities, grids of ~300
// households, estates, buildings, units, households of ~2.6 people and the people themselves, plus
// a few staff accounts. ENGINEERING.md "Data": a generator with a size knob (14 streets, 140
// communities, 1,000,000 residents by default).
//
// Why set-based SQL: the rows are made inside the database by INSERT … SELECT over generate_series,
// with names, dates and phones drawn from hashes of the row number (hashint8extended, seeded), so a
// million residents never cross the wire and the same seed gives the same district. Ids are
// reserved from each table's identity sequence up front, so parents and children can be computed
// arithmetically instead of joined back by name. Works on PostgreSQL and on PGlite (same SQL).
//
// Not generated: ID numbers (they are AES-GCM-encrypted in the application, which SQL cannot do),
// party members, organisations other than one property company per community.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { hashPassword } from "../modules/core/auth/auth.service.ts";

export const SYNTHETIC_DISTRICT_NAME = "合成区";
/** Password of every generated staff account (one argon2 hash, reused). */
export const SYNTHETIC_PASSWORD = "linli-synthetic-2026";

// Common surnames, most frequent first, with rough shares (per mille) for the top twenty.
export const SURNAMES = [
  ..."王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤",
];
const TOP_SURNAME_WEIGHTS = [71, 70, 67, 54, 45, 31, 22, 20, 20, 19, 17, 15, 15, 13, 13, 12, 12, 11, 11, 11];
/** Surnames repeated by weight, so a uniform draw follows their frequency. */
const WEIGHTED_SURNAMES = SURNAMES.flatMap((s, i) =>
  Array(TOP_SURNAME_WEIGHTS[i] ?? Math.max(2, 8 - Math.floor((i - 20) / 12))).fill(s),
);
export const GIVEN_MALE = [
  ..."伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志文海东亮成峰",
];
export const GIVEN_FEMALE = [
  ..."芳娜敏静丽艳娟霞燕玲桂秀英华慧巧美婷雪琳晶红梅兰凤洁琴云莉倩颖欣怡佳悦诗雨萍",
];
const STREET_NAMES = [
  ..."长青 和平 建设 光明 友谊 东湖 新华 民主 团结 胜利 青山 解放 红旗 朝阳 滨江 汉水".split(" "),
];
const COMMUNITY_WORDS = [
  ..."幸福 和谐 安居 康乐 紫荆 丹桂 百花 惠民 翠园 金桥 银杏 梧桐 桃源 玉泉 清风 明月 春晖 锦绣 同心 阳光 育才 文昌 石榴 枫林 荷塘 松涛 柳岸 杏林 茶园 花港".split(
    " ",
  ),
];
const ESTATE_WORDS = [
  ..."锦绣 翠苑 华庭 丽景 金色 碧水 春江 蓝湾 绿洲 瑞祥 万家 盛世 东方 名都 怡和 嘉园 紫薇 星光 天成 龙湾".split(
    " ",
  ),
];
const ESTATE_SUFFIXES = ["花园", "小区", "家园", "苑", "新村", "公寓"];
const NUMERALS = ["", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** Building types: floors × units × rooms per floor, with their share (percent) of buildings. */
const BUILDING_TYPES = [
  { share: 35, floors: 6, units: 2, rooms: 2 }, // walk-up, 24 homes
  { share: 20, floors: 6, units: 3, rooms: 2 }, // walk-up, 36
  { share: 15, floors: 11, units: 2, rooms: 2 }, // mid-rise, 44
  { share: 15, floors: 18, units: 2, rooms: 3 }, // high-rise, 108
  { share: 10, floors: 26, units: 2, rooms: 4 }, // tower, 208
  { share: 5, floors: 33, units: 1, rooms: 4 }, // tower, 132
];
const MIN_BUILDING_HOMES = Math.min(...BUILDING_TYPES.map((t) => t.floors * t.units * t.rooms));

export interface GenerateDistrictOptions {
  streets?: number;
  communities?: number;
  residents?: number;
  /** Same seed → same district. Also distinguishes the codes of several synthetic districts. */
  seed?: number;
  /** Households per grid (approximate: buildings are never split between grids). */
  householdsPerGrid?: number;
  /** Grid workers to create, spread evenly over the grids. */
  gridWorkers?: number;
  password?: string;
  log?: (message: string) => void;
}

export interface SyntheticStaff {
  userId: number;
  phone: string;
  name: string;
  role: "district_official" | "street_official" | "community_worker" | "grid_worker";
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
}

export interface GeneratedDistrict {
  districtId: number;
  code: string;
  streets: number;
  communities: number;
  grids: number;
  estates: number;
  buildings: number;
  units: number;
  households: number;
  residents: number;
  password: string;
  staff: SyntheticStaff[];
  seconds: number;
}

const text = (s: string) => {
  if (/['\\]/.test(s)) throw new Error(`unexpected quote in ${s}`);
  return `'${s}'`;
};
const textArray = (items: readonly string[]) => `array[${items.map(text).join(",")}]::text[]`;

export async function generateDistrict(
  db: Kysely<DB>,
  opts: GenerateDistrictOptions = {},
): Promise<GeneratedDistrict> {
  const started = performance.now();
  const S = whole(opts.streets ?? 14, "streets");
  const C = whole(opts.communities ?? 140, "communities");
  const R = whole(opts.residents ?? 1_000_000, "residents");
  const seed = Math.trunc(opts.seed ?? 1) >>> 0;
  const perGrid = whole(opts.householdsPerGrid ?? 300, "householdsPerGrid");
  const gridWorkerCount = Math.max(0, Math.trunc(opts.gridWorkers ?? 50));
  const password = opts.password ?? SYNTHETIC_PASSWORD;
  const log = opts.log ?? (() => {});
  if (C < S) throw new Error("need at least one community per street");
  if (R >= 1_000_000_000) throw new Error("at most 999,999,999 residents (phone numbers would repeat)");
  const code = `SYN${seed}`;

  let t = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    log(`${what} (${((now - t) / 1000).toFixed(1)} s)`);
    t = now;
  };

  // Independent pseudo-random draws: hash of a row number, seeded per attribute.
  const rnd = (x: string, k: number, n: number | string) =>
    `(((hashint8extended((${x})::bigint, ${seed * 64 + k}) % (${n})) + (${n})) % (${n}))`;

  const passwordHash = await hashPassword(password);

  const result = await db.transaction().execute(async (trx) => {
    const run = (statement: string) => sql.raw(statement).execute(trx);
    const one = async <T>(statement: string) => (await sql.raw<T>(statement).execute(trx)).rows[0]!;
    const count = async (table: string) =>
      Number((await one<{ n: number }>(`select count(*) as n from ${table}`)).n);
    /** Reserves n ids from the table's identity sequence; returns the first. */
    const reserve = async (table: string, n: number) => {
      if (n <= 0) return 0;
      const seqName = `pg_get_serial_sequence('${table}', 'id')`;
      const row = await one<{ first: number }>(
        `select setval(${seqName}, nextval(${seqName}) + ${n} - 1) - ${n} + 1 as first`,
      );
      return Number(row.first);
    };

    await run("set local work_mem = '64MB'");
    const exists = await trx.selectFrom("district").select("id").where("code", "=", code).executeTakeFirst();
    if (exists)
      throw new Error(
        `a synthetic district with code ${code} exists already; use another seed or a fresh database`,
      );
    const district = await trx
      .insertInto("district")
      .values({ code, name: SYNTHETIC_DISTRICT_NAME, city_name: "合成市", province_name: "合成省" })
      .returning("id")
      .executeTakeFirstOrThrow();

    // 1. Household sizes (1–5 people, mean ≈ 2.6) and where each household's people start, until
    // exactly R people are placed. The number of households H follows from the draw.
    const hMax = Math.ceil((R / 2.6) * 1.5) + 100;
    await run(`create temp table syn_hh on commit drop as
      with s as (
        select g, case when u < 21 then 1 when u < 51 then 2 when u < 78 then 3 when u < 90 then 4 else 5 end as size
        from (select g, ${rnd("g", 1, 100)} as u from generate_series(0, ${hMax - 1}) g) x
      ), c as (select g, size, sum(size) over (order by g) - size as rstart from s)
      select g::int, least(size, ${R} - rstart)::int as size, rstart::int as rstart from c where rstart < ${R}`);
    const H = await count("syn_hh");
    if (H < C) throw new Error(`${R} residents make only ${H} households, fewer than ${C} communities`);
    step(`household sizes: ${H} households`);

    // 2. Streets and communities; community k holds households [hstart, hstart + hc).
    const streetBase = await reserve("street", S);
    await run(`insert into street (id, district_id, code, name)
      select ${streetBase} + s, ${district.id}, '${code}-S' || s,
        (${textArray(STREET_NAMES)})[1 + s % ${STREET_NAMES.length}]
          || coalesce((${textArray(NUMERALS)})[1 + s / ${STREET_NAMES.length}], (s / ${STREET_NAMES.length} + 1)::text) || '街道'
      from generate_series(0, ${S - 1}) s`);
    const communityBase = await reserve("community", C);
    await run(`create temp table syn_comm on commit drop as
      select k, ${communityBase} + k as id, ${streetBase} + (k * ${S}) / ${C} as street_id,
        (${H}::bigint * k / ${C})::int as hstart,
        ((${H}::bigint * (k + 1) / ${C}) - (${H}::bigint * k / ${C}))::int as hc,
        (${textArray(COMMUNITY_WORDS)})[1 + k % ${COMMUNITY_WORDS.length}]
          || coalesce((${textArray(NUMERALS)})[1 + k / ${COMMUNITY_WORDS.length}], (k / ${COMMUNITY_WORDS.length} + 1)::text) || '社区' as name
      from generate_series(0, ${C - 1}) k`);
    await run(`insert into community (id, street_id, code, name, reported)
      select id, street_id, '${code}-C' || k, name, '{"synthetic": true}'::jsonb from syn_comm order by k`);
    await run(`insert into organisation (kind, name, home_community_id)
      select 'property_company', name || '物业服务中心', id from syn_comm order by k`);
    await run(`create temp table syn_org on commit drop as
      select o.home_community_id as community_id, min(o.id) as org_id
      from organisation o join syn_comm c on c.id = o.home_community_id
      where o.kind = 'property_company' group by o.home_community_id`);
    step(`${S} streets, ${C} communities`);

    // 3. Buildings: per community, draw building types until its households are housed; grids
    // split the community's households into round(hc / perGrid) runs of consecutive buildings (by each
    // building's midpoint); estates take 10 buildings each.
    const typeCase = (field: "floors" | "units" | "rooms") => {
      let acc = 0;
      const arms = BUILDING_TYPES.map((bt) => {
        acc += bt.share;
        return `when u < ${acc} then ${bt[field]}`;
      });
      return `case ${arms.join(" ")} else ${BUILDING_TYPES.at(-1)![field]} end`;
    };
    await run(`create temp table syn_plan on commit drop as
      with cand as (
        select c.k, c.id as community_id, c.hc, b, ${rnd("c.k::bigint * 1000003 + b", 2, 100)} as u
        from syn_comm c cross join lateral generate_series(0, c.hc / ${MIN_BUILDING_HOMES} + 1) b
      ), typed as (
        select k, community_id, hc, b, ${typeCase("floors")} as floors, ${typeCase("units")} as units,
          ${typeCase("rooms")} as rooms from cand
      ), cum as (
        select *, floors * units * rooms as cap,
          sum(floors * units * rooms) over (partition by k order by b) - floors * units * rooms as bstart
        from typed
      )
      select k, community_id, b, floors, units, rooms, bstart::int as bstart,
        least(floors * units * rooms, hc - bstart)::int as n,
        (dense_rank() over (partition by k order by
          floor((bstart + least(floors * units * rooms, hc - bstart) / 2.0) * greatest(1, round(hc / ${perGrid}.0)) / hc))
          - 1)::int as grid_no,
        b / 10 as estate_no
      from cum where bstart < hc`);
    const G = await count("(select distinct k, grid_no from syn_plan) x");
    const E = await count("(select distinct k, estate_no from syn_plan) x");
    const B = await count("syn_plan");
    const U = Number((await one<{ n: number }>("select coalesce(sum(units), 0) as n from syn_plan")).n);

    const gridBase = await reserve("grid", G);
    await run(`create temp table syn_grid on commit drop as
      select k, community_id, grid_no, ${gridBase} + row_number() over (order by k, grid_no) - 1 as id
      from (select distinct k, community_id, grid_no from syn_plan) x`);
    await run(`insert into grid (community_id, id, name)
      select community_id, id, '第' || (grid_no + 1) || '网格' from syn_grid order by id`);
    const estateBase = await reserve("estate", E);
    await run(`create temp table syn_estate on commit drop as
      select k, community_id, estate_no, ${estateBase} + row_number() over (order by k, estate_no) - 1 as id
      from (select distinct k, community_id, estate_no from syn_plan) x`);
    const EW = ESTATE_WORDS.length;
    const ES = ESTATE_SUFFIXES.length;
    await run(`insert into estate (community_id, id, name, property_org_id)
      select e.community_id, e.id,
        (${textArray(ESTATE_WORDS)})[1 + (e.estate_no + e.k) % ${EW}] || (${textArray(ESTATE_SUFFIXES)})[1 + (e.estate_no / ${EW}) % ${ES}]
          || case when e.estate_no >= ${EW * ES} then (e.estate_no / ${EW * ES} + 1)::text || '期' else '' end,
        o.org_id
      from syn_estate e left join syn_org o on o.community_id = e.community_id order by e.id`);
    const buildingBase = await reserve("building", B);
    const unitBase = await reserve("unit", U);
    await run(`create temp table syn_bld on commit drop as
      select p.*, ${buildingBase} + row_number() over (order by p.k, p.b) - 1 as id,
        ${unitBase} + sum(p.units) over (order by p.k, p.b) - p.units as ustart,
        g.id as grid_id, e.id as estate_id, c.hstart
      from syn_plan p
      join syn_comm c on c.k = p.k
      join syn_grid g on g.k = p.k and g.grid_no = p.grid_no
      join syn_estate e on e.k = p.k and e.estate_no = p.estate_no`);
    await run(`insert into building (community_id, id, estate_id, grid_id, name, floors)
      select community_id, id, estate_id, grid_id, (b % 10 + 1) || '栋', floors from syn_bld order by id`);
    await run(`insert into unit (community_id, id, building_id, name)
      select b.community_id, b.ustart + u, b.id, (u + 1) || '单元'
      from syn_bld b cross join lateral generate_series(0, b.units - 1) u order by 2`);
    step(`${G} grids, ${E} estates, ${B} buildings, ${U} units`);

    // 4. Households: slot s of a building is in unit s / (floors × rooms), filled floor by floor.
    const householdBase = await reserve("household", H);
    await run(`create temp table syn_house on commit drop as
      select b.hstart + b.bstart + s as g, b.community_id, b.id as building_id,
        b.ustart + s / (b.floors * b.rooms) as unit_id, b.grid_id,
        (s % (b.floors * b.rooms)) / b.rooms + 1 as floor, s % b.rooms + 1 as room_no
      from syn_bld b cross join lateral generate_series(0, b.n - 1) s`);
    await run(`insert into household (community_id, id, building_id, unit_id, grid_id, floor, room, area_m2)
      select community_id, ${householdBase} + g, building_id, unit_id, grid_id, floor,
        (floor * 100 + room_no)::text,
        round((45 + ${rnd("g", 3, 9000)} / 100.0)::numeric, 2)
      from syn_house order by g`);
    step(`${H} households`);

    // 5. Residents. The first person of a household is its owner (or tenant when rented), then a
    // spouse of similar age, then children or an elderly parent. Children take the head's surname.
    const residentBase = await reserve("resident", R);
    const surname = (x: string) =>
      `(${textArray(WEIGHTED_SURNAMES)})[1 + ${rnd(x, 9, WEIGHTED_SURNAMES.length)}]`;
    const given = (x: string, gender: string) => {
      const pick = (k: number) =>
        `case when ${gender} = 'male' then (${textArray(GIVEN_MALE)})[1 + ${rnd(x, k, GIVEN_MALE.length)}]
          else (${textArray(GIVEN_FEMALE)})[1 + ${rnd(x, k, GIVEN_FEMALE.length)}] end`;
      return `${pick(10)} || case when ${rnd(x, 11, 100)} < 30 then '' else ${pick(12)} end`;
    };
    // ages: heads 24–84 (peak ~54), a spouse within 4 years, children under 40, parents 60–90
    const headAge = `(24 + ${rnd("p.rstart", 4, 31)} + ${rnd("p.rstart", 17, 31)})`;
    await run(`insert into resident (community_id, id, household_id, name, gender, birth_date, phone, phone_tail,
        relation, status, care_tags, verified_at)
      select community_id, ${residentBase} + i, ${householdBase} + g, name, gender,
        current_date - (age * 365 + ${rnd("i", 8, 365)})::int,
        phone, right(phone, 4), relation, 'verified',
        array_remove(array[
          case when age >= 80 then 'elderly_80_plus' end,
          case when size = 1 and age >= 60 then 'living_alone' end,
          case when size = 2 and age >= 65 then 'empty_nest' end,
          case when ${rnd("i", 13, 1000)} < 12 then 'hardship' end,
          case when ${rnd("i", 14, 1000)} < 15 then 'disability' end,
          case when age < 16 and ${rnd("i", 15, 100)} < 4 then 'left_behind_child' end
        ], null)::text[],
        now()
      from (
        select *, case when m = 1 then ${surname("i")} else ${surname("rstart")} end || ${given("i", "gender")} as name,
          case when age < 12 then null
            else '1' || substr('3578935789', 1 + ${rnd("i", 16, 10)}::int, 1)
              || lpad(((i::bigint * 387420489 + ${(seed * 7919) % 1_000_000_000}) % 1000000000)::text, 9, '0') end as phone
        from (
          select p.*, case when m = 0 then ${headAge}
              when m = 1 then greatest(20, ${headAge} + ${rnd("i", 5, 9)} - 4)
              when ${rnd("i", 7, 100)} < 15 then 60 + ${rnd("i", 6, 16)} + ${rnd("i", 18, 16)}
              else ${rnd("i", 6, `greatest(1, least(${headAge} - 20, 40))`)} end as age
          from (
            select h.community_id, h.g, s.size, s.rstart, m, s.rstart + m as i,
              case when m = 1 then (case when ${rnd("s.rstart", 3, 2)} = 0 then 'female' else 'male' end)
                else (case when ${rnd("s.rstart + m", 3, 2)} = 0 then 'male' else 'female' end) end as gender,
              case when ${rnd("h.g", 12, 100)} < 12 then 'tenant' when m = 0 then 'owner' else 'family' end as relation
            from syn_house h join syn_hh s on s.g = h.g cross join lateral generate_series(0, s.size - 1) m
          ) p
        ) a
      ) r
      order by i`);
    step(`${R} residents`);

    // 6. Staff: a district official, a street official per street, a community worker per
    // community, and grid workers spread evenly over the grids. One password hash for all.
    const grids = await trx
      .selectFrom("grid")
      .innerJoin("community", "community.id", "grid.community_id")
      .select(["grid.id", "grid.community_id", "community.street_id"])
      .where("grid.id", ">=", gridBase)
      .where("grid.id", "<", gridBase + G)
      .orderBy("grid.id")
      .execute();
    const communities = await trx
      .selectFrom("community")
      .select(["id", "street_id"])
      .where("id", ">=", communityBase)
      .where("id", "<", communityBase + C)
      .orderBy("id")
      .execute();
    const pickedGrids: typeof grids = [];
    const workers = Math.min(gridWorkerCount, grids.length);
    for (let j = 0; j < workers; j++) pickedGrids.push(grids[Math.floor((j * grids.length) / workers)]!);
    const plan: Omit<SyntheticStaff, "userId" | "phone" | "name">[] = [
      { role: "district_official", streetId: null, communityId: null, gridId: null },
      ...Array.from({ length: S }, (_, s) => ({
        role: "street_official" as const,
        streetId: streetBase + s,
        communityId: null,
        gridId: null,
      })),
      ...communities.map((c) => ({
        role: "community_worker" as const,
        streetId: c.street_id,
        communityId: c.id,
        gridId: null,
      })),
      ...pickedGrids.map((g) => ({
        role: "grid_worker" as const,
        streetId: g.street_id,
        communityId: g.community_id,
        gridId: g.id,
      })),
    ];
    // 196 + two seed digits + six digits: valid mobile numbers, apart from the residents' ones.
    const phonePrefix = `196${String(seed % 100).padStart(2, "0")}`;
    const taken = new Set(
      (
        await trx.selectFrom("app_user").select("phone").where("phone", "like", `${phonePrefix}%`).execute()
      ).map((r) => r.phone),
    );
    let n = 0;
    const nextStaffPhone = () => {
      let phone: string;
      do phone = `${phonePrefix}${String(n++).padStart(6, "0")}`;
      while (taken.has(phone));
      return phone;
    };
    const staff: SyntheticStaff[] = [];
    for (let i = 0; i < plan.length; i += 500) {
      const batch = plan
        .slice(i, i + 500)
        .map((p, j) => ({ ...p, phone: nextStaffPhone(), name: staffName(i + j) }));
      const users = await trx
        .insertInto("app_user")
        .values(batch.map((b) => ({ phone: b.phone, name: b.name, password_hash: passwordHash })))
        .returning(["id", "phone"])
        .execute();
      const idOf = new Map(users.map((u) => [u.phone, u.id]));
      for (const b of batch) staff.push({ ...b, userId: idOf.get(b.phone)! });
    }
    for (let i = 0; i < staff.length; i += 500) {
      await trx
        .insertInto("role_assignment")
        .values(
          staff.slice(i, i + 500).map((s) => ({
            user_id: s.userId,
            role: s.role,
            ...(s.role === "district_official"
              ? { scope_type: "district" as const, scope_id: district.id, scope_community_id: null }
              : s.role === "street_official"
                ? { scope_type: "street" as const, scope_id: s.streetId, scope_community_id: null }
                : s.role === "community_worker"
                  ? { scope_type: "community" as const, scope_id: s.communityId, scope_community_id: null }
                  : { scope_type: "grid" as const, scope_id: s.gridId, scope_community_id: s.communityId }),
          })),
        )
        .execute();
    }
    step(`${staff.length} staff accounts`);
    return { districtId: district.id, grids: G, estates: E, buildings: B, units: U, households: H, staff };
  });

  // Fresh statistics, or the planner guesses on a million rows it has never seen.
  await sql
    .raw(
      "analyze district, street, community, organisation, grid, estate, building, unit, household, resident, app_user, role_assignment",
    )
    .execute(db);
  step("analyze");

  const seconds = (performance.now() - started) / 1000;
  log(`synthetic district ${code}: ${R} residents in ${seconds.toFixed(1)} s`);
  return { ...result, code, streets: S, communities: C, residents: R, password, seconds };
}

function staffName(i: number): string {
  const s = SURNAMES[(i * 7) % SURNAMES.length]!;
  const pool = i % 2 ? GIVEN_FEMALE : GIVEN_MALE;
  return `${s}${pool[(i * 13) % pool.length]}${pool[(i * 5 + 3) % pool.length]}`;
}

function whole(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive whole number, got ${n}`);
  return n;
}

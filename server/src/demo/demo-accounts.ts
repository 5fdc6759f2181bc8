// The demo's sign-in accounts: one per role, in a readable order of phone numbers. The list is
// fixed (it does not depend on generated names), so a second start can print it without reading
// the generated world again.
import type { Role } from "../access/roles.ts";

/** The password of every demo account (printed by `npm run demo`; refused for real accounts). */
export const DEMO_PASSWORD = "linli-demo-2026";

export const DONGLONG = "420106005013";
export const LVZHOU = "420506402003";
export const KUANGSHANLU = "420205003004";
export const WUCHANG = "420106";
export const LIANGDAO = "420106005";

export type DemoTarget =
  | { kind: "global" }
  | { kind: "district"; code: string }
  | { kind: "street"; code: string }
  | { kind: "community"; code: string }
  /** The first grid of the community. */
  | { kind: "grid"; code: string }
  /** The first estate of the community, its first building, its first unit. */
  | { kind: "estate"; code: string }
  | { kind: "building"; code: string }
  | { kind: "unit"; code: string }
  | { kind: "property_company"; code: string }
  | { kind: "organisation"; code: string; name: string };

export interface DemoAccountSpec {
  phone: string;
  name: string;
  /** A role of access.ts, or a resident with an app account. */
  role:
    | Role
    | "resident (owner)"
    | "resident (family)"
    | "resident (pending)"
    /** A verified resident who is also registered as a party member (下沉党员) of the community. */
    | "resident (party member)";
  scope: string;
  target: DemoTarget;
}

const dl = "武昌区 粮道街道 东龙社区";
const lz = "夷陵区 东城城乡统筹发展试验区 绿洲社区";

export const DEMO_ACCOUNTS: DemoAccountSpec[] = [
  {
    phone: "13900000001",
    name: "系统管理员",
    role: "system_admin",
    scope: "全部",
    target: { kind: "global" },
  },
  {
    phone: "13900000002",
    name: "郑卫东",
    role: "district_official",
    scope: "武汉市 武昌区",
    target: { kind: "district", code: WUCHANG },
  },
  {
    phone: "13900000003",
    name: "刘晓燕",
    role: "street_official",
    scope: "武昌区 粮道街道",
    target: { kind: "street", code: LIANGDAO },
  },
  {
    phone: "13900000004",
    name: "陈静",
    role: "community_secretary",
    scope: dl,
    target: { kind: "community", code: DONGLONG },
  },
  {
    phone: "13900000005",
    name: "王芳",
    role: "community_worker",
    scope: dl,
    target: { kind: "community", code: DONGLONG },
  },
  {
    phone: "13900000006",
    name: "李红梅",
    role: "community_secretary",
    scope: lz,
    target: { kind: "community", code: LVZHOU },
  },
  {
    phone: "13900000007",
    name: "张伟",
    role: "community_worker",
    scope: lz,
    target: { kind: "community", code: LVZHOU },
  },
  {
    phone: "13900000008",
    name: "赵磊",
    role: "grid_worker",
    scope: `${dl} 第一网格`,
    target: { kind: "grid", code: DONGLONG },
  },
  {
    phone: "13900000009",
    name: "黄丽",
    role: "grid_worker",
    scope: "铁山区 铁山街道 矿山路社区 第一网格",
    target: { kind: "grid", code: KUANGSHANLU },
  },
  {
    phone: "13900000010",
    name: "孙建华",
    role: "grid_leader",
    scope: `${dl} 第一网格（网格长）`,
    target: { kind: "grid", code: DONGLONG },
  },
  {
    phone: "13900000011",
    name: "胡国平",
    role: "building_head",
    scope: `${dl} 省法院小区 1栋（楼栋长）`,
    target: { kind: "building", code: DONGLONG },
  },
  {
    phone: "13900000012",
    name: "吴秀兰",
    role: "floor_head",
    scope: `${dl} 省法院小区 1栋（楼层长）`,
    target: { kind: "building", code: DONGLONG },
  },
  {
    phone: "13900000013",
    name: "徐明",
    role: "unit_head",
    scope: `${dl} 省法院小区 1栋 1单元（单元长）`,
    target: { kind: "unit", code: DONGLONG },
  },
  {
    phone: "13900000014",
    name: "马超",
    role: "property_staff",
    scope: `${dl} 省法院小区的物业公司`,
    target: { kind: "property_company", code: DONGLONG },
  },
  {
    phone: "13900000015",
    name: "杨春兰",
    role: "owners_committee_member",
    scope: `${dl} 省法院小区业主委员会`,
    target: { kind: "estate", code: DONGLONG },
  },
  {
    phone: "13900000016",
    name: "何志刚",
    role: "unit_representative",
    scope: `共建单位 湖北省高级人民法院（${dl}）`,
    target: { kind: "organisation", code: DONGLONG, name: "湖北省高级人民法院" },
  },
  {
    phone: "13900000017",
    name: "",
    role: "resident (owner)",
    scope: `${dl} 省法院小区 业主，已认证`,
    target: { kind: "community", code: DONGLONG },
  },
  {
    phone: "13900000018",
    name: "",
    role: "resident (family)",
    scope: `${dl} 省法院小区 家庭成员，已认证`,
    target: { kind: "community", code: DONGLONG },
  },
  {
    phone: "13900000019",
    name: "",
    role: "resident (pending)",
    scope: `${dl} 入住申请待审核`,
    target: { kind: "community", code: DONGLONG },
  },
  {
    phone: "13900000020",
    name: "",
    role: "resident (party member)",
    scope: `${dl} 省法院小区 居民，已认证；湖北省高级人民法院的下沉党员`,
    target: { kind: "organisation", code: DONGLONG, name: "湖北省高级人民法院" },
  },
  {
    phone: "13900000040",
    name: "刘桂芳",
    role: "building_head",
    scope: "铁山区 铁山街道 矿山路社区 第一栋（楼栋长；幸福敲门）",
    target: { kind: "building", code: KUANGSHANLU },
  },
];

export const DEMO_ADMIN_PHONE = DEMO_ACCOUNTS[0]!.phone;

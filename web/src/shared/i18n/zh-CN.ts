// Chinese (the first language): the words more than one feature uses — actions, the enumerations
// the server sends, the language names, the texts of shared components, and the few words of one
// feature's group that another feature shows too (e.g. inbox.actions), under their usual keys.
// Every key must also be in en.ts (its type checks it); merged with the features' texts in
// app/messages.ts.

import { staffListZh } from "../staff/staff-list.zh-CN";
import type { Widen } from "./messages";

export const zhCN = {
  common: {
    appName: "邻里",
    appSlogan: "美好环境与幸福生活共同缔造",
    loading: "加载中…",
    loadMore: "加载更多",
    retry: "重试",
    networkError: "网络连接失败，请检查网络后重试",
    unknownError: "出错了，请稍后再试",
    errorStatus: "请求失败（{{status}}）",
    cancel: "取消",
    confirm: "确定",
    back: "返回",
    close: "关闭",
    signOut: "退出登录",
    total: "共 {{total}} 条",
    detail: "详情",
    people: "{{count}} 人",
    notFoundTitle: "页面不存在",
    notFoundText: "您访问的页面不存在或已被移动。",
    goHome: "回到首页",
    maskedHint: "为保护个人信息，手机号和身份证号已脱敏显示",
  },
  lang: { "zh-CN": "中文", en: "English", switchTo: "English" },
  relation: { owner: "业主", tenant: "租户", family: "家庭成员" },
  status: { pending: "待审核", verified: "已认证", rejected: "未通过", moved_out: "已迁出" },
  gender: { male: "男", female: "女" },
  careTag: {
    living_alone: "独居",
    empty_nest: "空巢",
    elderly_80_plus: "高龄",
    hardship: "困难",
    disability: "残疾",
    left_behind_child: "留守儿童",
  },
  role: {
    system_admin: "系统管理员",
    district_official: "区级工作人员",
    street_official: "街道工作人员",
    community_secretary: "社区书记",
    community_worker: "社区工作者",
    grid_worker: "网格员",
    grid_leader: "网格长",
    building_head: "楼栋长",
    floor_head: "楼层长",
    unit_head: "单元长",
    property_staff: "物业人员",
    owners_committee_member: "业委会成员",
    unit_representative: "共建单位代表",
  },
  orgKind: {
    party_committee: "社区党委",
    party_branch: "党支部",
    party_group: "党小组",
    co_building_unit: "共建单位",
    property_company: "物业公司",
    owners_committee: "业委会",
    social_organisation: "社会组织",
    volunteer_team: "志愿服务队",
    merchant: "商户",
    government_department: "政府部门",
  },
  staff: {
    phoneInvalid: "请输入正确的11位手机号",
  },
  households: {
    filterBuilding: "楼栋",
    building: "楼栋",
  },
  verification: {
    householdPlaceholder: "搜索地址，如 3栋2单元501",
  },
  resident: {
    signIn: "登录",
  },
  auth: {
    privacyNote: "我们只把您的信息用于社区服务，手机号和身份证号加密保存、脱敏显示。",
  },
  elderly: {
    toggle: "长辈模式",
    on: "已开启长辈模式",
    off: "已关闭长辈模式",
    choiceTitle: "请选择字的大小",
    choiceText: "选好后会记在这部手机上。以后点右上角的“长辈模式”随时可以换。",
    big: "大字模式",
    bigDesc: "字大、按钮大、颜色更清楚",
    standard: "标准模式",
    standardDesc: "普通大小的字",
  },
  voiceCommon: { chooseCommunity: "选择社区" },
  reqKind: { problem: "问题", need: "需求", wish: "微心愿" },
  rating: { good: "好评", average: "一般", poor: "差评" },
  claimantKind: { party_member: "党员", volunteer: "志愿者", co_building_unit: "共建单位", resident: "居民" },
  report: {
    description: "详细情况（选填）",
  },
  request: {
    ratingLabel: "评价",
  },
  wishes: {
    all: "全部",
  },
  myClaims: {
    title: "我的认领",
    homeDesc: "我认领的心愿：按时完成，或撤回",
  },
  inbox: {
    status: "状态",
    actions: "操作",
  },
  reqList: {
    createdAt: "提交时间",
  },
  drawer: {
    claim: {
      releaseTitle: "释放认领：{{title}}",
      releaseText:
        "释放后，这个心愿会重新放回心愿墙，其他人可以认领；认领人和提交人会收到通知，操作记入审计日志。",
      releaseReason: "释放原因",
      releaseReasonRequired: "请填写释放原因（2 到 500 字）",
      releasePlaceholder: "例如：已过承诺日期三天，电话联系不上认领人",
      releaseSubmit: "确认释放",
      releasedDone: "已释放，心愿重新开放认领",
    },
  },
  categories: {
    editShort: "修改",
  },
  ratings: {
    homeTitle: "评价服务与场地",
    homeDesc: "聚邻空间、幸福食堂……点个赞，或者吐个槽",
  },
  surveys: {
    homeTitle: "调研问卷",
    homeDesc: "社区想听听您的想法，几分钟就能答完",
  },
  lotteries: {
    homeTitle: "摇号",
    homeDesc: "车位、菜地不够分时公开摇号，结果人人可核对",
  },
  votes: {
    homeTitle: "我的投票",
    homeDesc: "业主表决：待投票、已投票的回执和表决结果",
  },
  contests: {
    homeTitle: "金点子大赛",
    homeDesc: "出点子、为好点子点支持，评委打分，好点子签约立项",
  },
  staffList: staffListZh,
} as const;

export type SharedMessages = Widen<typeof zhCN>;

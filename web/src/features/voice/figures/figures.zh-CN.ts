// Chinese (the first language): the texts of the figures feature.
// Every key must also be in figures.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const figuresZh = {
  board: {
    title: "公开看板",
    allTime: "累计",
    levelGrid: "网格",
    levelCommunity: "社区",
    levelStreet: "街道",
    received: "受理",
    signedOnTime: "按时签收率",
    ofSigned: "{{n}} / {{total}} 件",
    solved: "办结",
    solvedOnTime: "按时办结率",
    ofSolved: "{{n}} / {{total}} 件",
    median: "办结用时（中位数）",
    p90: "办结用时（90%）",
    hoursAtMost: "≤ {{hours}} 小时",
    hoursOver: "> {{hours}} 小时",
    satisfaction: "满意率",
    ratings: "好评 {{good}} · 一般 {{average}} · 差评 {{poor}}",
    wishesFulfilled: "微心愿实现",
    ofWishes: "共收到 {{total}} 个",
    note: "数据在变化后几秒内更新，只统计数量，不公开任何个人信息。",
    byGrid: "各网格对比",
    byCommunity: "各社区对比",
    daily: "每日受理与办结（近 30 天）",
    noData: "暂无数据",
    solveTime: "办结用时分布（小时）",
  },
  boardSubjects: {
    title: "场地与服务满意度",
    name: "名称",
    kind: "类型",
    space: "场地",
    service: "服务",
    satisfaction: "满意率",
    rated: "评价人数",
    none: "社区还没有登记可评价的场地和服务",
    rateLink: "我也去评价",
  },
} as const;

export type FiguresMessages = Widen<typeof figuresZh>;

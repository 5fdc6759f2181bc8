// Chinese (the first language): the texts of the places feature.
// Every key must also be in places.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const placesZh = {
  places: {
    title: "地点",
    subtitle: "社区 → 网格；小区 → 楼栋 → 单元",
    grids: "网格",
    estates: "小区",
    gridSummary: "{{buildings}} 栋楼 · {{households}} 户",
    buildingSummary: "{{floors}} 层 · {{units}} 个单元 · {{households}} 户",
    property: "物业：{{name}}",
    noProperty: "无物业",
    noGrid: "未划入网格",
    noGrids: "还没有网格",
    noEstates: "还没有小区",
    emptyCommunity: "这个社区还没有地点数据。可以在上方切换社区，或在“导入导出”中导入居民名册。",
    statGrids: "网格",
    statEstates: "小区",
    statBuildings: "楼栋",
    statHouseholds: "住户",
    viewHouseholds: "查看住户",
  },
  households: {
    title: "住户",
    filterGrid: "网格",
    searchPlaceholder: "搜索地址，如 绿洲一小区 1栋 301",
    address: "地址",
    grid: "网格",
    floor: "楼层",
    room: "房号",
    area: "面积（m²）",
    members: "成员",
    detailTitle: "住户详情",
    estate: "小区",
    unit: "单元",
    memberList: "家庭成员",
    noMembers: "还没有登记的成员",
    name: "姓名",
    relation: "关系",
    gender: "性别",
    age: "年龄",
    phone: "手机号",
    careTags: "关爱标签",
    empty: "没有符合条件的住户",
  },
} as const;

export type PlacesMessages = Widen<typeof placesZh>;

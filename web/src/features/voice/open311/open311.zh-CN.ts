// Chinese (the first language): the texts of the open311 feature.
// Every key must also be in open311.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const open311Zh = {
  open311: {
    title: "Open311 接口密钥",
    subtitle: "供区、市级平台按 GeoReport v2 标准提交和查询诉求",
    name: "使用方",
    nameHint: "谁使用这个密钥，例如：区12345平台",
    namePlaceholder: "区12345平台",
    nameRequired: "请填写使用方（2 到 60 字）",
    prefix: "密钥前缀",
    createdAt: "创建",
    state: "状态",
    active: "有效",
    revokedAt: "已停用 {{at}}",
    create: "新建密钥",
    createSubmit: "创建",
    createdTitle: "密钥已创建",
    onceOnly: "密钥只显示这一次，请立即复制并妥善保存。平台只保存它的摘要，无法找回。",
    savedIt: "我已保存",
    revoke: "停用",
    revokeConfirm: "停用“{{name}}”的密钥？停用后它不能再提交诉求。",
    revoked: "已停用",
    endpoints: "接口地址：",
    areaTitle: "社区范围（核对提交的坐标）",
    areaUnset: "还没有设置社区范围：目前只拒绝中国境外的坐标。",
    areaSet:
      "社区中心：纬度 {{latitude}}，经度 {{longitude}}，半径 {{radius}} 米。离中心超过 {{radius}} 米再加 {{margin}} 米余量的坐标会被拒绝。（{{at}} {{by}} 设置）",
    areaHint:
      "城市平台按 Open311 提交诉求时可以带上坐标（lat、long）。为防止把别处的问题提交到本社区，请填写社区中心的坐标（WGS-84，和手机定位、GeoReport 一致）和能覆盖全社区的半径。",
    lat: "纬度",
    lng: "经度",
    radius: "半径",
    metres: "米",
    latRequired: "请填写 -90 到 90 之间的纬度",
    lngRequired: "请填写 -180 到 180 之间的经度",
    radiusRequired: "请填写 100 到 50000 米之间的半径",
    areaSave: "保存范围",
    areaSaved: "社区范围已保存",
  },
} as const;

export type Open311Messages = Widen<typeof open311Zh>;

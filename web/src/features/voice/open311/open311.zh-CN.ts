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
  },
} as const;

export type Open311Messages = Widen<typeof open311Zh>;

// Chinese (the first language): the texts of the privacy feature.
// Every key must also be in privacy.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const privacyZh = {
  myData: {
    title: "我的数据",
    intro: "根据《个人信息保护法》，您可以查看并下载平台保存的关于您的全部信息。",
    download: "下载全部数据（JSON）",
    downloaded: "已开始下载",
    empty: "暂无数据",
    sections: {
      exportedAt: "导出时间",
      account: "账号信息",
      residentRecords: "居民档案",
      partyMemberships: "党员信息",
      roles: "角色",
      sessions: "登录记录",
      messages: "短信与通知",
      whoOpenedMyRecord: "谁查看过我的信息",
    },
    items: "{{count}} 条",
    fields: {
      id: "编号",
      name: "姓名",
      phone: "手机号",
      locale: "语言",
      elderlyMode: "长辈模式",
      createdAt: "创建时间",
      userId: "账号编号",
      gender: "性别",
      birthDate: "出生日期",
      age: "年龄",
      idNumber: "身份证号",
      relation: "关系",
      status: "状态",
      careTags: "关爱标签",
      householdId: "住户编号",
      communityId: "社区编号",
      claimedAddress: "填写的地址",
      registeredAt: "提交时间",
      verifiedAt: "核实时间",
      verifiedBy: "核实人",
      role: "角色",
      scopeType: "范围类型",
      scopeId: "范围编号",
      scopeCommunityId: "所在社区编号",
      body: "内容",
      expiresAt: "到期时间",
      action: "操作",
      at: "时间",
      reason: "原因",
      actorName: "操作人",
      actorRole: "操作人角色",
      kind: "类型",
      note: "备注",
    },
  },
} as const;

export type PrivacyMessages = Widen<typeof privacyZh>;

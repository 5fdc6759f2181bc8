// Chinese (the first language): the texts of the auth feature.
// Every key must also be in auth.en.ts (its type checks it); merged into i18next's resources in
// app/messages.ts.
import type { Widen } from "../../../shared/i18n/messages";

export const authZh = {
  scope: {
    global: "全平台",
    district: "区",
    street: "街道",
    community: "社区",
    grid: "网格",
    estate: "小区",
    building: "楼栋",
    unit: "单元",
    organisation: "组织",
  },
  staff: {
    signInTitle: "工作人员登录",
    signInSubtitle: "社区、网格与街道工作人员使用",
    phone: "手机号",
    phonePlaceholder: "请输入11位手机号",
    password: "密码",
    passwordPlaceholder: "请输入密码",
    signIn: "登录",
    residentEntry: "我是居民，前往居民端",
  },
  roles: {
    title: "角色",
    subtitle: "每个角色只在其范围内生效",
    keywordPlaceholder: "姓名、手机号、角色或范围",
    person: "人员",
    phone: "手机号",
    role: "角色",
    scope: "范围",
    scopeType: "范围类型",
    empty: "还没有分配角色",
  },
  auth: {
    signInTitle: "登录邻里",
    passwordTab: "密码登录",
    codeTab: "验证码登录",
    phone: "手机号",
    phonePlaceholder: "请输入11位手机号",
    phoneInvalid: "请输入正确的11位手机号",
    password: "密码",
    passwordPlaceholder: "请输入密码",
    passwordNew: "设置密码",
    passwordNewPlaceholder: "至少8位",
    passwordTooShort: "密码至少8位",
    passwordRule:
      "至少8位，且不易被猜到：可以用两三个词加数字或符号。不能用手机号、生日、姓名，也不能是12345678、aaaaaaaa这类连续或重复的字符。",
    code: "验证码",
    codePlaceholder: "6位数字验证码",
    codeInvalid: "请输入6位数字验证码",
    getCode: "获取验证码",
    resend: "{{seconds}}秒后重新获取",
    codeSent: "验证码已发送",
    name: "姓名",
    namePlaceholder: "请输入真实姓名",
    signInSubmit: "登录",
    registerTitle: "注册邻里账号",
    registerSubmit: "注册",
    noAccount: "还没有账号？去注册",
    haveAccount: "已有账号？去登录",
    registered: "注册成功",
  },
} as const;

export type AuthMessages = Widen<typeof authZh>;

// The errors a caller can see: a stable code, an HTTP status and a message in Chinese and English.
// Services throw AppError; http/errors.ts turns it (and validation and database errors) into the answer.

/** Every error a caller sees carries a stable code and a message in Chinese and English. */
export const ERRORS = {
  BAD_REQUEST: { status: 400, zh: "请求格式不正确", en: "The request is malformed" },
  VALIDATION: { status: 400, zh: "提交的内容有误", en: "Some fields are invalid" },
  UNAUTHENTICATED: { status: 401, zh: "请先登录", en: "Please sign in first" },
  BAD_CREDENTIALS: { status: 401, zh: "手机号或密码不正确", en: "Wrong phone number or password" },
  BAD_CODE: { status: 401, zh: "验证码不正确或已过期", en: "The code is wrong or has expired" },
  FORBIDDEN: { status: 403, zh: "您无权进行此操作", en: "You are not allowed to do this" },
  CROSS_SITE: {
    status: 403,
    zh: "不接受从其他网站发起的操作，请在邻里的页面上操作",
    en: "Requests started from another website are refused; use Linli's own pages",
  },
  OUT_OF_SCOPE: {
    status: 403,
    zh: "该对象不在您负责的范围内",
    en: "This is outside the places you are responsible for",
  },
  NOT_FOUND: { status: 404, zh: "找不到该对象", en: "Not found" },
  CONFLICT: { status: 409, zh: "与已有数据冲突", en: "This conflicts with existing data" },
  PHONE_TAKEN: { status: 409, zh: "该手机号已注册", en: "This phone number is already registered" },
  ALREADY_DECIDED: { status: 409, zh: "该申请已处理", en: "This request has already been handled" },
  EXPORT_BUSY: {
    status: 409,
    zh: "本社区正在进行另一项导出，请等它完成后再试",
    en: "Another export of this community is running; try again when it has finished",
  },
  EDIT_WINDOW_CLOSED: {
    status: 409,
    zh: "已超过可修改时间（发布后15分钟内可修改）",
    en: "The time to edit has passed (comments can be edited for 15 minutes)",
  },
  STAGE_NOT_SKIPPABLE: {
    status: 409,
    zh: "议事模板规定该阶段不能跳过",
    en: "The deliberation template does not allow skipping this stage",
  },
  NOTICE_PERIOD: {
    status: 409,
    zh: "决议公示期未满，还不能实施",
    en: "The resolution's notice period has not ended; it cannot be carried out yet",
  },
  ALREADY_SUPPORTED: {
    status: 409,
    zh: "您家已经支持过这条提议",
    en: "Your household has already supported this",
  },
  SURVEY_ANSWERED: {
    status: 409,
    zh: "您（或您家）已经回答过这份问卷，每人（每户）只能回答一次",
    en: "You (or your household) have already answered this survey; one answer per person (household)",
  },
  SURVEY_CLOSED: {
    status: 409,
    zh: "问卷不在答题时间内",
    en: "The survey is not open for answers",
  },
  VOTE_CLOSED: {
    status: 409,
    zh: "表决不在投票时间内",
    en: "The vote is not open for ballots",
  },
  VOTE_STATE: {
    status: 409,
    zh: "表决当前的状态不允许这项操作",
    en: "The vote's state does not allow this",
  },
  VOTE_VOTED_ONLINE: {
    status: 409,
    zh: "该业主已在线投票，纸质表决票不予录入（以线上投票为准）",
    en: "This owner has voted online; the paper ballot is refused (the online ballot stands)",
  },
  VOTE_PROXY_LIMIT: {
    status: 409,
    zh: "该受托人代理的业主人数已达到本次表决规定的上限",
    en: "This proxy already votes for as many owners as the vote allows",
  },
  VOTE_REGISTER_INCOMPLETE: {
    status: 409,
    zh: "房屋登记不完整：有业主的房屋缺少专有部分面积，请先补登记",
    en: "The register is incomplete: some owned households have no exclusive area; fill it in first",
  },
  SIGN_IN_CODE_EXPIRED: {
    status: 400,
    zh: "签到码已过期，请扫描屏幕上最新的二维码或输入最新的6位签到码",
    en: "The sign-in code has expired; scan the newest QR code on the screen or type the newest 6-digit code",
  },
  SIGN_IN_CODE_WRONG: {
    status: 400,
    zh: "签到码不正确，请核对屏幕上的6位数字",
    en: "The sign-in code is wrong; check the 6 digits on the screen",
  },
  TOO_LARGE: { status: 413, zh: "提交的内容太大", en: "The request is too large" },
  UNSUPPORTED_FILE: { status: 415, zh: "不支持的文件类型", en: "Unsupported file type" },
  TOO_MANY: { status: 429, zh: "尝试次数过多，请稍后再试", en: "Too many attempts, try again later" },
  INTERNAL: { status: 500, zh: "服务器内部错误", en: "Internal server error" },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly zh: string;
  readonly en: string;
  readonly details?: unknown;
  constructor(code: ErrorCode, opts: { zh?: string; en?: string; details?: unknown } = {}) {
    const def = ERRORS[code];
    super(opts.en ?? def.en);
    this.code = code;
    this.status = def.status;
    this.zh = opts.zh ?? def.zh;
    this.en = opts.en ?? def.en;
    this.details = opts.details;
  }
}

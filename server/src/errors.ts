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
  NOT_RESIDENTS_MEETING: {
    status: 409,
    zh: "这不是居民会议：应到名单和表决只属于居民会议",
    en: "This is not a residents' meeting: the roll and the votes belong to residents' meetings only",
  },
  RESIDENTS_ROLL_FROZEN: {
    status: 409,
    zh: "应到名单已在开放签到时冻结，不能再次冻结，会议类型和地点也不能再改",
    en: "The roll was frozen when sign-in opened; it cannot be frozen again, nor the meeting's kind or place changed",
  },
  RESIDENTS_ROLL_NOT_FROZEN: {
    status: 409,
    zh: "请先选择会议组成方式并冻结应到名单（开放签到）",
    en: "Choose who composes the meeting and freeze the roll first (this opens sign-in)",
  },
  NO_QUORUM: {
    status: 409,
    zh: "实到未过应到的半数，会议不能举行，不能作出决定",
    en: "No more than half of the eligible are present: the meeting cannot be held or decide anything",
  },
  VOTES_EXCEED_PRESENT: {
    status: 400,
    zh: "同意、反对、弃权合计超过了实到人数（户数）",
    en: "The votes for, against and abstaining add up to more than those present",
  },
  LOTTERY_CLOSED: {
    status: 409,
    zh: "不在申请时间内，不能再申请",
    en: "Applications are not open: the application window has closed or not yet opened",
  },
  LOTTERY_APPLIED: {
    status: 409,
    zh: "您（或您家）已经申请过这次摇号，每人（每户）只能申请一次",
    en: "You (or your household) have already applied to this lottery; one application per person (household)",
  },
  LOTTERY_NOT_CLOSED: {
    status: 409,
    zh: "申请还没有截止，截止后才能冻结名单和摇号",
    en: "Applications have not closed yet; the list is frozen and drawn only after the close",
  },
  LOTTERY_NOT_FROZEN: {
    status: 409,
    zh: "申请名单还没有冻结公布，须先冻结名单再摇号",
    en: "The applicant list has not been frozen and published; freeze it before the draw",
  },
  LOTTERY_FROZEN: {
    status: 409,
    zh: "申请名单已经冻结",
    en: "The applicant list is already frozen",
  },
  LOTTERY_SECRET_MISMATCH: {
    status: 409,
    zh: "公布的密钥与开放申请时公布的承诺值不符，摇号未进行，什么都没有改变",
    en: "The revealed secret does not match the commitment published when applications opened; nothing was drawn or changed",
  },
  LOTTERY_DRAWN: {
    status: 409,
    zh: "这次摇号已经摇过了，不能重摇",
    en: "This lottery has already been drawn; it cannot be drawn again",
  },
  LOTTERY_NOT_DRAWN: {
    status: 409,
    zh: "还没有摇号",
    en: "The lottery has not been drawn yet",
  },
  LOTTERY_NOT_WINNER: {
    status: 409,
    zh: "只有中签（且未放弃）的申请才能登记放弃",
    en: "Only a winning application that has not declined can be recorded as declined",
  },
  LEDGER_INSUFFICIENT: {
    status: 409,
    zh: "账户余额不足，这笔支出会使余额小于零",
    en: "The account's balance is too low: this would take it below zero",
  },
  LEDGER_UNBALANCED: {
    status: 400,
    zh: "记账分录借贷不平：同一计量单位的金额合计必须为零",
    en: "The entries do not balance: per unit they must sum to zero",
  },
  LEDGER_BAD_AMOUNT: {
    status: 400,
    zh: "金额必须是不为零的整数（以分或积分计）",
    en: "Amounts must be whole non-zero numbers (in fen or points)",
  },
  LEDGER_KEY_REUSED: {
    status: 409,
    zh: "该幂等键已用于另一笔不同的记账",
    en: "This idempotency key was already used for a different booking",
  },
  LEDGER_ALREADY_CORRECTED: {
    status: 409,
    zh: "该笔记账已被冲正过",
    en: "This transaction has already been corrected",
  },
  CONTEST_NOT_OPEN: {
    status: 409,
    zh: "不在征集时间内，不能提交作品",
    en: "The contest is not taking entries now",
  },
  CONTEST_SUPPORTED: {
    status: 409,
    zh: "您已经支持过这个作品，每人只能支持一次",
    en: "You have already supported this entry; one support per person",
  },
  CONTEST_SCORED: {
    status: 409,
    zh: "您已为该作品评过分；如需更正，请修改评分",
    en: "You have already scored this entry; correct your score instead",
  },
  CONTEST_ROUND_CLOSED: {
    status: 409,
    zh: "本轮评审已结束，评分不能再提交或修改",
    en: "This round is closed; scores can no longer be given or changed",
  },
  CONTEST_ROUND_OPEN: {
    status: 409,
    zh: "本轮评审尚未结束，评分和排名暂不公开",
    en: "This round is still open; scores and the ranking are not shown yet",
  },
  CONTEST_PUBLISHED: {
    status: 409,
    zh: "评选结果已经公布",
    en: "The results have already been published",
  },
  CONTEST_ADOPTED: {
    status: 409,
    zh: "该作品已经签约立项",
    en: "This entry has already been adopted as a project",
  },
  LIFECIRCLE_OSM_UNREADABLE: {
    status: 400,
    zh: "无法读取该地图文件：它不是完整的 OpenStreetMap .osm.pbf 文件（可能被截断）。原有路网和结果未改动",
    en: "This map file cannot be read: it is not a complete OpenStreetMap .osm.pbf file (it may be cut short). The previous network and results are unchanged",
  },
  LIFECIRCLE_NO_WALKABLE_WAYS: {
    status: 400,
    zh: "该地图文件中没有可步行的道路，无法计算步行时间。原有路网和结果未改动",
    en: "This map file has no walkable ways, so no walking times can be computed. The previous network and results are unchanged",
  },
  LIFECIRCLE_FACILITY_OUTSIDE: {
    status: 400,
    zh: "该设施位置不在已导入路网的范围内（离最近的可步行道路太远）",
    en: "This facility is outside the imported walking network (too far from any walkable way)",
  },
  LIFECIRCLE_SHEET_INVALID: {
    status: 400,
    zh: "设施表有错误，没有导入任何设施：请按各行的提示改正后重新上传",
    en: "The facilities sheet has errors and nothing was imported: correct the rows listed and upload it again",
  },
  POINTS_CAP: {
    status: 409,
    zh: "超过了积分标准规定的本期上限",
    en: "This would exceed the standard's cap for the period",
  },
  VOL_ALREADY_CERTIFIED: {
    status: 409,
    zh: "该志愿服务时长已认定，不能重复认定；如有错误请由志愿者申请更正",
    en: "These hours are already certified and cannot be certified again; the volunteer may ask for a correction",
  },
  CARE_NOT_ENROLLED: {
    status: 409,
    zh: "该居民没有登记每日报平安，不能为其报平安",
    en: "This resident is not enrolled in the daily check-in, so no check-in can be recorded",
  },
  CARE_ALERT_CLOSED: {
    status: 409,
    zh: "该未报平安提醒已处理",
    en: "This missed check-in alert has already been answered",
  },
  VOL_SHIFT_FULL: {
    status: 409,
    zh: "这个班次人已满",
    en: "This shift is already full",
  },
  MALL_SOLD_OUT: { status: 409, zh: "已兑完", en: "Sold out: none left to exchange" },
  MALL_POINTS_SHORT: {
    status: 409,
    zh: "积分不足，不能兑换这一件",
    en: "Not enough points to exchange this item",
  },
  MALL_LIMIT: {
    status: 409,
    zh: "已达到这一件的每人兑换上限",
    en: "You have reached the per-person limit for this item",
  },
  MALL_CLOSED: {
    status: 409,
    zh: "现在不是兑换日，积分商城暂未开放兑换",
    en: "Exchange is not open now: wait for the next exchange day",
  },
  MALL_CODE_USED: { status: 409, zh: "这个取货码已经领取过了", en: "This pickup code was already collected" },
  CANTEEN_CLOSED: {
    status: 409,
    zh: "这一餐已过订餐截止时间，不能再订或取消",
    en: "Orders for this meal have closed (the cut-off time has passed)",
  },
  CANTEEN_FULL: {
    status: 409,
    zh: "这一餐已订满，请选择其他餐次",
    en: "This meal is fully booked; choose another meal",
  },
  SPACE_BOOKING_OVERLAP: {
    status: 409,
    zh: "这个时段已被预约，请选择其他时间",
    en: "This time is already booked for the space; choose another time",
  },
  SPACE_OUTSIDE_HOURS: {
    status: 409,
    zh: "预约时间不在场地开放时间内",
    en: "The booking is outside the space's opening hours",
  },
  SPACE_CONVENTION_CHANGED: {
    status: 409,
    zh: "场地使用公约已更新，请重新阅读并同意",
    en: "The space's convention has changed; read and accept the current one",
  },
  SPACE_CLOSED: { status: 409, zh: "该场地暂停开放预约", en: "This space is not open for booking" },
  COURSE_ENROLLED: {
    status: 409,
    zh: "您已经报名了这门课程",
    en: "You are already enrolled in (or waiting for) this course",
  },
  COURSE_CLOSED: {
    status: 409,
    zh: "这门课程已不能报名（学期已结束或报名期已过）",
    en: "Enrolment in this course has closed (the term has ended or the application window is over)",
  },
  COURSE_NOT_ALLOCATED: {
    status: 409,
    zh: "报名期尚未结束，或报名人数超过名额而摇号还没有完成",
    en: "The application window is still open, or it is oversubscribed and the lottery has not been drawn yet",
  },
  COURSE_ALLOCATED: {
    status: 409,
    zh: "这门课程的名额已经分配过了",
    en: "This course's seats were already allocated",
  },
  // garden plots and trees (issue 15, C4)
  GARDEN_RENT_FRACTION: {
    status: 400,
    zh: "租金须是整分（元以下最多两位小数），例如 120 或 120.50",
    en: "The rent must be a whole number of fen (at most two decimals of a yuan), e.g. 120 or 120.50",
  },
  GARDEN_APPLIED: {
    status: 409,
    zh: "您家已经申请了这块地",
    en: "Your household has already applied for this plot",
  },
  GARDEN_PLOT_TAKEN: {
    status: 409,
    zh: "这块地已经租出，租期内不能再申请或批准",
    en: "This plot is leased: it cannot be applied for or approved until the lease ends",
  },
  GARDEN_NOT_ALLOCATED: {
    status: 409,
    zh: "申请期尚未结束，或申请人数超过一户而摇号还没有完成（或这户没有中签）",
    en: "The application window is still open, or it is oversubscribed and the lottery has not been drawn (or this household did not win)",
  },
  GARDEN_RENEW_NOT_YET: {
    status: 409,
    zh: "只能在租期的最后一个月内续租",
    en: "A lease can be renewed only in its last month",
  },
  GARDEN_TREE_ADOPTED: {
    status: 409,
    zh: "这棵树已经有一户认养了",
    en: "This tree is already adopted by a household",
  },
  // garden: rejecting applications, ending adoptions (issue 15's loose ends)
  GARDEN_DECIDED: {
    status: 409,
    zh: "申请已经处理过了（已批准、未获批或未通过），不能再拒绝；这一批都没有改动",
    en: "An application was already decided (approved, declined or rejected) and cannot be rejected; nothing in the batch was changed",
  },
  GARDEN_IN_WINDOW: {
    status: 409,
    zh: "这块地在申请期中或等待分配，申请由摇号决定，不能单独拒绝；这一批都没有改动",
    en: "The plot is in its application window or waiting for allocation: the lottery decides its applications, they cannot be rejected; nothing in the batch was changed",
  },
  GARDEN_NOT_ADOPTED: {
    status: 409,
    zh: "这棵树现在没有人认养",
    en: "No household adopts this tree now",
  },
  TOO_LARGE: { status: 413, zh: "提交的内容太大", en: "The request is too large" },
  UNSUPPORTED_FILE: { status: 415, zh: "不支持的文件类型", en: "Unsupported file type" },
  TOO_MANY: { status: 429, zh: "尝试次数过多，请稍后再试", en: "Too many attempts, try again later" },
  INTERNAL: { status: 500, zh: "服务器内部错误", en: "Internal server error" },
  // issue 16: the database is unreachable for a moment (a failover to the standby, a restart)
  DATABASE_UNAVAILABLE: {
    status: 503,
    zh: "数据库暂时不可用（可能正在切换到备用服务器），请稍后重试",
    en: "The database is briefly unavailable (it may be switching to its standby); try again shortly",
  },
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

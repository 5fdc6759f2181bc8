// Kysely table types of the auth module: user accounts, one-time codes, the SMS outbox and the login
// throttle. Keep in step with db/migrations/; db/schema.ts's DB includes them. Only db/schema.ts and this
// module import this file; other modules take the row types they need from db/schema.ts.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export interface AppUserTable {
  id: Generated<number>;
  phone: string;
  name: string;
  password_hash: string | null;
  locale: Generated<"zh-CN" | "en">;
  elderly_mode: Generated<boolean>;
  /** elderly_mode is the person's own choice (migration 11); else it is on by default from 60 */
  elderly_mode_chosen: Generated<boolean>;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface OtpCodeTable {
  id: Generated<number>;
  phone: string;
  purpose: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}
export interface SmsOutboxTable {
  id: Generated<number>;
  phone: string;
  body: string;
  created_at: Generated<Date>;
}
export interface AuthThrottleTable {
  key: string;
  failures: Generated<number>;
  window_start: Timestamp;
  locked_until: Timestamp | null;
}

export interface AuthTables {
  app_user: AppUserTable;
  otp_code: OtpCodeTable;
  sms_outbox: SmsOutboxTable;
  auth_throttle: AuthThrottleTable;
}

import type { ZRegister, ZRequestCode, ZSignIn } from "@contract/core/auth/auth.schema";
import type { ZRoleAssignment } from "@contract/core/organisations/organisations.schema";
import type { ZOk } from "@contract/voice/requests/requests.schema";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";
import type { Me } from "../../../shared/api/types";

export type CodePurpose = Body<typeof ZRequestCode>["purpose"];
export type RoleAssignment = Reply<typeof ZRoleAssignment>;

export const requestCode = (phone: string, purpose: CodePurpose) =>
  api.post<Reply<typeof ZOk>>("/auth/code", { phone, purpose } satisfies Body<typeof ZRequestCode>);

export const signInWithPassword = (phone: string, password: string) =>
  api.post<Me>("/auth/sign-in", { phone, password } satisfies Body<typeof ZSignIn>);

export const signInWithCode = (phone: string, code: string) =>
  api.post<Me>("/auth/sign-in", { phone, code } satisfies Body<typeof ZSignIn>);

export const register = (body: Body<typeof ZRegister>) => api.post<Me>("/auth/register", body);

export const PHONE_RE = /^1[3-9]\d{9}$/;
export const CODE_RE = /^\d{6}$/;

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null, fallback: string): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

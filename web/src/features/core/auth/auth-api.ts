import { api } from "../../../shared/api/client";
import type { Me } from "../../../shared/api/types";

export type CodePurpose = "sign_in" | "register";

export const requestCode = (phone: string, purpose: CodePurpose) =>
  api.post<{ ok: true }>("/auth/code", { phone, purpose });

export const signInWithPassword = (phone: string, password: string) =>
  api.post<Me>("/auth/sign-in", { phone, password });

export const signInWithCode = (phone: string, code: string) => api.post<Me>("/auth/sign-in", { phone, code });

export const register = (body: { phone: string; password: string; name: string; code: string }) =>
  api.post<Me>("/auth/register", body);

export const PHONE_RE = /^1[3-9]\d{9}$/;
export const CODE_RE = /^\d{6}$/;

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null, fallback: string): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : fallback;
}

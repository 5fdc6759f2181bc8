// PIPL: ID numbers are encrypted at rest (AES-256-GCM) and found by exact match through a keyed
// hash (HMAC-SHA256); the facts an ID number carries (validity, birth date) are read here. Masks for
// what leaves the server are in pii.present.ts.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from "node:crypto";

export function encryptPii(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const enc = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1:${iv.toString("base64")}:${cipher.getAuthTag().toString("base64")}:${enc.toString("base64")}`;
}

export function decryptPii(key: Buffer, stored: string): string {
  const [v, iv, tag, data] = stored.split(":");
  if (v !== "v1" || !iv || !tag || !data) throw new Error("unknown PII envelope");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
}

export function hashPii(key: Buffer, plain: string): string {
  return createHmac("sha256", key).update(normaliseIdNumber(plain)).digest("base64url");
}

export function normaliseIdNumber(id: string): string {
  return id.trim().toUpperCase();
}

/** Residents' ID card numbers (GB 11643-1999): 17 digits and a check character. */
export function isValidIdNumber(id: string): boolean {
  const s = normaliseIdNumber(id);
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checks = "10X98765432";
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * weights[i]!;
  return checks[sum % 11] === s[17];
}

/** Birth date (YYYY-MM-DD) written in an ID number, or null. */
export function birthDateOfIdNumber(id: string): string | null {
  const s = normaliseIdNumber(id);
  if (s.length !== 18) return null;
  return `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
}

/** Age in whole years on `today`. */
export function ageOn(birthDate: string | null, today = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split("-").map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--;
  return age;
}

/** PIPL Art. 28/31: data of children under 14 is sensitive and never shown in public views. */
export function isChildUnder14(birthDate: string | null, today = new Date()): boolean {
  const age = ageOn(birthDate, today);
  return age !== null && age < 14;
}

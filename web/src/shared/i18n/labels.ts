// Labels for the enumerations the server sends (relation, status, care tags, roles...). Unknown
// values are shown as they came, so new server values never render as blank.
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { SharedMessages } from "./zh-CN";

type Group =
  | "relation"
  | "status"
  | "gender"
  | "careTag"
  | "role"
  | "scope"
  | "orgKind"
  | "auditAction"
  | "targetType"
  | "reqKind"
  | "reqStatus"
  | "routeTo"
  | "rating"
  | "channel"
  | "reqEvent"
  | "claimantKind"
  | "resourceKind"
  | "boardStatus"
  | "opinionStatus"
  | "dayKind"
  | "closeReason";

/** Care tags may come as codes (living_alone) or as the Chinese words the articles use (独居). */
const CARE_TAG_WORDS: Record<string, keyof SharedMessages["careTag"]> = {
  独居: "living_alone",
  空巢: "empty_nest",
  高龄: "elderly_80_plus",
  困难: "hardship",
  残疾: "disability",
  留守儿童: "left_behind_child",
};

export function careTagCode(tag: string): string {
  return CARE_TAG_WORDS[tag] ?? tag;
}

export function useLabel() {
  const { t, i18n } = useTranslation();
  return useCallback(
    (group: Group, value: string | null | undefined): string => {
      if (value === null || value === undefined || value === "") return "—";
      // i18next reads "." as nesting, so "resident.verify" is kept as resident_verify
      const v = group === "careTag" ? careTagCode(value) : value.replace(/\./g, "_");
      const key = `${group}.${v}`;
      return i18n.exists(key) ? (t as (k: string) => string)(key) : value;
    },
    [t, i18n],
  );
}

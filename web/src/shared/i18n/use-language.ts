import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { ME_KEY } from "../api/session";
import type { Me, Preferences } from "../api/types";
import { type Language, setLanguage } from "./i18n";

/** The current language and a switch that the device and (when signed in) the account remember. */
export function useLanguage(): [Language, (lng: Language) => void] {
  const { i18n } = useTranslation();
  const qc = useQueryClient();
  const current: Language = i18n.language === "en" ? "en" : "zh-CN";
  const change = useCallback(
    (lng: Language) => {
      setLanguage(lng);
      const me = qc.getQueryData<Me | null>(ME_KEY);
      if (me && me.locale !== lng) {
        qc.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, locale: lng } : old));
        api.patch<Me>("/me/preferences", { locale: lng } satisfies Preferences).catch(() => {});
      }
    },
    [qc],
  );
  return [current, change];
}

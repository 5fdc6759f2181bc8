// i18next set up once: Chinese first, English second; the choice is remembered in localStorage.
// The texts themselves come from app/messages.ts (shared words, the app frame's, each feature's).
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { MessageTree } from "./messages";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "linli.lang";

function storedLanguage(): Language | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === "zh-CN" || v === "en" ? v : null;
  } catch {
    return null;
  }
}

/** Whether the person picked a language on this device (then it wins over the account's). */
export function hasChosenLanguage(): boolean {
  return storedLanguage() !== null;
}

/** Start i18next with every part's texts, merged by app/messages.ts (main.tsx calls this first). */
export function initI18n(resources: Record<Language, { translation: MessageTree }>): void {
  void i18n.use(initReactI18next).init({
    resources,
    lng: storedLanguage() ?? "zh-CN",
    fallbackLng: "zh-CN",
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyHtmlLang(i18n.language);
  i18n.on("languageChanged", applyHtmlLang);
}

function applyHtmlLang(lng: string) {
  if (typeof document !== "undefined") document.documentElement.lang = lng;
}

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "zh-CN";
}

/** Change the language and remember it on this device. */
export function setLanguage(lng: Language, remember = true): void {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      // private mode: the choice lasts for this visit only
    }
  }
  void i18n.changeLanguage(lng);
}

export default i18n;

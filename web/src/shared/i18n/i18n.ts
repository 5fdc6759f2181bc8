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

let loadEnglish: (() => Promise<MessageTree>) | null = null;

/** English's texts, fetched once the first time they are needed (a chunk of their own). */
async function ensureLanguage(lng: Language): Promise<void> {
  if (lng !== "en" || i18n.hasResourceBundle("en", "translation") || !loadEnglish) return;
  i18n.addResourceBundle("en", "translation", await loadEnglish());
}

/**
 * Start i18next with the Chinese texts merged by app/messages.ts and a loader of the English ones
 * (main.tsx calls this first and renders when it resolves: English chosen on this device is loaded
 * before the first paint, so no Chinese flashes up).
 */
export async function initI18n(
  zh: { translation: MessageTree },
  english: () => Promise<MessageTree>,
): Promise<void> {
  loadEnglish = english;
  const lng = storedLanguage() ?? "zh-CN";
  await i18n.use(initReactI18next).init({
    resources: { "zh-CN": zh },
    partialBundledLanguages: true,
    lng: "zh-CN",
    fallbackLng: "zh-CN",
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  i18n.on("languageChanged", applyHtmlLang);
  if (lng === "en") {
    try {
      await ensureLanguage("en");
      await i18n.changeLanguage("en");
    } catch {
      // offline before English was ever loaded: Chinese until it can be fetched
    }
  }
  applyHtmlLang(i18n.language);
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
  ensureLanguage(lng).then(
    () => i18n.changeLanguage(lng),
    () => undefined, // offline: the language stays as it was
  );
}

export default i18n;

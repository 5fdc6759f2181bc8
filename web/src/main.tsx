/// <reference types="vite-plugin-pwa/client" />

import { registerSW } from "virtual:pwa-register";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import "./shared/ui/global.css";
import "./shared/ui/voice.css";
import "./shared/elderly/elderly.css";
import { initI18n } from "./shared/i18n/i18n";
import "./shared/elderly/elderly-mode";
import { App } from "./app/app";
import { loadEnglish, resourcesZh } from "./app/messages";
import { OfflineNotice } from "./shared/ui/offline-notice";

const i18nReady = initI18n(resourcesZh, loadEnglish);

function Offline() {
  const { t } = useTranslation();
  return <OfflineNotice text={t("offline.notice")} />;
}

void i18nReady.then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <Offline />
      <App />
    </StrictMode>,
  ),
);

// The service worker (vite.config.ts: Workbox): the app and what the resident pages last read open
// without a connection. Registered after the load event, so it never competes with the first page.
if ("serviceWorker" in navigator) {
  const firstVisit = !navigator.serviceWorker.controller;
  registerSW({ immediate: false });
  // On the first visit this page loaded before the worker took over: once it does, hand it the
  // addresses of the files and API answers already loaded, to keep (web/public/sw-linli.js).
  if (firstVisit)
    navigator.serviceWorker.addEventListener(
      "controllerchange",
      () => {
        const urls = performance
          .getEntriesByType("resource")
          .map((e) => e.name)
          .filter(
            (u) => u.startsWith(`${location.origin}/assets/`) || u.startsWith(`${location.origin}/api/`),
          );
        navigator.serviceWorker.controller?.postMessage({ type: "LINLI_KEEP_SEEN", urls });
      },
      { once: true },
    );
}

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./shared/ui/global.css";
import "./shared/ui/voice.css";
import "./shared/elderly/elderly.css";
import { initI18n } from "./shared/i18n/i18n";
import "./shared/elderly/elderly-mode";
import { App } from "./app/app";
import { resources } from "./app/messages";

initI18n(resources);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

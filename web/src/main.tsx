import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./shared/ui/global.css";
import "./shared/ui/voice.css";
import "./shared/elderly/elderly.css";
import "./shared/i18n/i18n";
import "./shared/elderly/elderly-mode";
import { App } from "./app/app";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

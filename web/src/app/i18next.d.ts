import "i18next";
import type { Messages } from "./messages";

// Keys passed to t() are checked against the Chinese messages of every part (app/messages.ts).
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Messages };
  }
}

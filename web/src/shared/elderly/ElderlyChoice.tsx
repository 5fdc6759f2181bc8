// The first visit offers the elderly mode (issue 9): one big choice, 大字模式 or 标准模式, at the top of
// the page, remembered on the device. Not a dialog: nothing is blocked while it waits, and it goes
// away once a mode is chosen here or with the header's button. It is not offered to a signed-in
// person whose account already holds a choice or is in elderly mode by default (aged 60 or more).
import { useTranslation } from "react-i18next";
import { useMe } from "../api/session";
import { useElderlyModeChosen, useToggleElderlyMode } from "./elderly-mode";

export function ElderlyChoice() {
  const { t } = useTranslation();
  const me = useMe();
  const chosen = useElderlyModeChosen();
  const choose = useToggleElderlyMode();
  if (chosen || me.isPending) return null;
  if (me.data && (me.data.elderlyModeChosen || me.data.elderlyMode)) return null;
  return (
    <section className="m-mode-choice" aria-labelledby="m-mode-choice-title" data-testid="mode-choice">
      <h2 id="m-mode-choice-title" className="m-mode-choice-title">
        {t("elderly.choiceTitle")}
      </h2>
      <div className="m-mode-choice-buttons">
        <button
          type="button"
          className="m-mode-choice-big"
          onClick={() => choose(true)}
          data-testid="mode-choice-big"
        >
          <span className="m-mode-choice-name">{t("elderly.big")}</span>
          <span className="m-mode-choice-desc">{t("elderly.bigDesc")}</span>
        </button>
        <button
          type="button"
          className="m-mode-choice-standard"
          onClick={() => choose(false)}
          data-testid="mode-choice-standard"
        >
          <span className="m-mode-choice-name">{t("elderly.standard")}</span>
          <span className="m-mode-choice-desc">{t("elderly.standardDesc")}</span>
        </button>
      </div>
      <p className="m-mode-choice-text">{t("elderly.choiceText")}</p>
    </section>
  );
}

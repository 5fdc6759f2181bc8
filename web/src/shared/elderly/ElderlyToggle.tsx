import { useTranslation } from "react-i18next";
import { useElderlyMode, useToggleElderlyMode } from "./elderly-mode";

/** The big one-tap "长辈模式" button in the header of every resident page. */
export function ElderlyToggle() {
  const { t } = useTranslation();
  const on = useElderlyMode();
  const toggle = useToggleElderlyMode();
  return (
    <button
      type="button"
      className={on ? "linli-elderly-toggle is-on" : "linli-elderly-toggle"}
      aria-pressed={on}
      data-testid="elderly-toggle"
      onClick={() => toggle()}
    >
      <span aria-hidden="true" className="linli-elderly-toggle-icon">
        {on ? "✓" : "大"}
      </span>
      {t("elderly.toggle")}
    </button>
  );
}

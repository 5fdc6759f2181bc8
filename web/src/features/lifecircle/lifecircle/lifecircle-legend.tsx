import { useTranslation } from "react-i18next";
import { BANDS } from "./lifecircle-map";

/** The map's colours in words (colour alone never carries the meaning). */
export function LifecircleLegend() {
  const { t } = useTranslation();
  const labels = [
    t("lifecircle.band5"),
    t("lifecircle.band10"),
    t("lifecircle.band15"),
    t("lifecircle.bandFar"),
  ];
  return (
    <ul className="lc-legend" aria-label={t("lifecircle.legend")}>
      {BANDS.map((b, i) => (
        <li key={b.max}>
          <span className="lc-swatch" style={{ background: b.color }} />
          {labels[i]}
        </li>
      ))}
      <li>
        <span className="lc-swatch" style={{ background: "#8c8c8c" }} />
        {t("lifecircle.bandNone")}
      </li>
      <li>
        <span className="lc-swatch" style={{ background: "#1d39c4" }} />
        {t("lifecircle.facilityMark")}
      </li>
    </ul>
  );
}

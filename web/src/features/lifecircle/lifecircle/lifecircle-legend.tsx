import { useTranslation } from "react-i18next";
import { BAND_ALPHA, BANDS } from "./lifecircle-map";

/** The map's colours in words (colour alone never carries the meaning). */
export function LifecircleLegend(props: { bands?: boolean }) {
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
      {props.bands && (
        <li data-testid="lifecircle-bands-legend">
          {BANDS.slice(0, 3).map((b) => (
            <span
              key={b.max}
              className="lc-swatch lc-band"
              style={{ background: b.color, opacity: BAND_ALPHA * 2.5 }}
            />
          ))}
          {t("lifecircle.bandsLegend")}
        </li>
      )}
    </ul>
  );
}

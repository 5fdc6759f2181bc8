import { useRouteError } from "react-router-dom";
import i18n from "../shared/i18n/i18n";

/** Last resort when a page fails to load or render (e.g. a stale chunk after a new release). */
export function RouteError() {
  const err = useRouteError();
  console.error(err);
  return (
    <div
      className="linli-boot"
      role="alert"
      style={{ flexDirection: "column", gap: 12, padding: 24, textAlign: "center" }}
    >
      <div>{i18n.t("common.unknownError")}</div>
      <button type="button" className="linli-elderly-toggle" onClick={() => window.location.reload()}>
        {i18n.t("common.retry")}
      </button>
    </div>
  );
}

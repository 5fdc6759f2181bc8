// Small antd-mobile building blocks shared by the resident pages.
import { Button, DotLoading, ErrorBlock } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { describeError } from "../api/client";

export function MobileLoading() {
  const { t } = useTranslation();
  return (
    <div className="m-center" role="status">
      <span className="m-muted">
        {t("common.loading")}
        <DotLoading />
      </span>
    </div>
  );
}

export function MobileError(props: { error: unknown; onRetry?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <ErrorBlock
      status="default"
      title={describeError(props.error, i18n.language)}
      description={null}
      data-testid="error-block"
    >
      {props.onRetry && (
        <Button color="primary" fill="outline" onClick={props.onRetry}>
          {t("common.retry")}
        </Button>
      )}
    </ErrorBlock>
  );
}

/** An inline error line under a form, in the current language. */
export function FormError(props: { error: unknown }) {
  const { i18n } = useTranslation();
  if (!props.error) return null;
  return (
    <div
      role="alert"
      data-testid="form-error"
      style={{ color: "var(--adm-color-danger)", padding: "8px 16px", fontSize: "0.95em" }}
    >
      {describeError(props.error, i18n.language)}
    </div>
  );
}

// Small antd building blocks shared by the staff console pages.
import { Alert, Button, Flex, Result, Spin, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../api/client";
import "./staff.css";

export function StaffPage(props: {
  title: string;
  subtitle?: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div data-testid={props.testId}>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {props.title}
          </Typography.Title>
          {props.subtitle && (
            <Typography.Text type="secondary" style={{ display: "block", marginTop: 4 }}>
              {props.subtitle}
            </Typography.Text>
          )}
        </div>
        {props.extra && <div>{props.extra}</div>}
      </Flex>
      {props.children}
    </div>
  );
}

/** The error of a failed query, in the current language, with a retry button. */
export function ErrorAlert(props: { error: unknown; onRetry?: () => void; style?: React.CSSProperties }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      style={{ marginBottom: 16, ...props.style }}
      title={describeError(props.error, i18n.language)}
      action={
        props.onRetry && (
          <Button size="small" onClick={props.onRetry}>
            {t("common.retry")}
          </Button>
        )
      }
    />
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Flex justify="center" align="center" style={{ padding: 48 }}>
      <Spin description={t("common.loading")} />
    </Flex>
  );
}

export function NotFound(props: { homeHref: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t("common.notFoundTitle")}
      subTitle={t("common.notFoundText")}
      extra={
        <Button type="primary" href={props.homeHref}>
          {t("common.goHome")}
        </Button>
      }
    />
  );
}

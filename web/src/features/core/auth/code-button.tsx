import { useMutation } from "@tanstack/react-query";
import { Button, Toast } from "antd-mobile";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { type CodePurpose, PHONE_RE, requestCode } from "./auth-api";

const WAIT_SECONDS = 60;

/** "获取验证码": sends the SMS code, then counts down before it may be asked again. */
export function CodeButton(props: { phone: () => string; purpose: CodePurpose; onInvalidPhone: () => void }) {
  const { t, i18n } = useTranslation();
  const [left, setLeft] = useState(0);
  useEffect(() => {
    if (left <= 0) return;
    const id = window.setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => window.clearTimeout(id);
  }, [left]);
  const send = useMutation({
    mutationFn: (phone: string) => requestCode(phone, props.purpose),
    onSuccess: () => {
      setLeft(WAIT_SECONDS);
      Toast.show({ icon: "success", content: t("auth.codeSent") });
    },
    onError: (err) =>
      Toast.show({ icon: "fail", content: describeError(err, i18n.language), duration: 3000 }),
  });
  return (
    <Button
      size="small"
      color="primary"
      fill="outline"
      disabled={left > 0}
      loading={send.isPending}
      data-testid="get-code"
      onClick={() => {
        const phone = props.phone().trim();
        if (!PHONE_RE.test(phone)) return props.onInvalidPhone();
        send.mutate(phone);
      }}
    >
      {left > 0 ? t("auth.resend", { seconds: left }) : t("auth.getCode")}
    </Button>
  );
}

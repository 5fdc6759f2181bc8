import { useMutation } from "@tanstack/react-query";
import { Button, Form, Input, Tabs } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { showFieldErrors } from "../../shared/api/form-errors";
import { useSetMe } from "../../shared/api/session";
import { FormError } from "../../shared/ui/mobile";
import { CODE_RE, PHONE_RE, safeNext, signInWithCode, signInWithPassword } from "./auth-api";
import { CodeButton } from "./code-button";

type Mode = "password" | "code";
interface Values {
  phone: string;
  password?: string;
  code?: string;
}

export function ResidentSignInPage() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>("password");
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setMe = useSetMe();
  const signIn = useMutation({
    mutationFn: (v: Values) =>
      mode === "password"
        ? signInWithPassword(v.phone.trim(), v.password ?? "")
        : signInWithCode(v.phone.trim(), (v.code ?? "").trim()),
    onSuccess: (me) => {
      setMe(me);
      navigate(safeNext(params.get("next"), "/m"), { replace: true });
    },
    onError: (err) => showFieldErrors(form, err, ["phone", "password", "code"]),
  });

  return (
    <div data-testid="resident-sign-in">
      <div className="m-card" style={{ padding: 0, overflow: "hidden" }}>
        <Tabs
          activeKey={mode}
          onChange={(k) => {
            setMode(k as Mode);
            signIn.reset();
          }}
        >
          <Tabs.Tab title={t("auth.passwordTab")} key="password" />
          <Tabs.Tab title={t("auth.codeTab")} key="code" />
        </Tabs>
        <Form
          form={form}
          layout="horizontal"
          requiredMarkStyle="none"
          onFinish={(v: Values) => signIn.mutate(v)}
          footer={
            <>
              <FormError error={signIn.error} />
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={signIn.isPending}
                data-testid="sign-in-submit"
              >
                {t("auth.signInSubmit")}
              </Button>
            </>
          }
        >
          <Form.Item
            name="phone"
            label={t("auth.phone")}
            rules={[
              { required: true, message: t("auth.phoneInvalid") },
              { pattern: PHONE_RE, message: t("auth.phoneInvalid") },
            ]}
          >
            <Input
              placeholder={t("auth.phonePlaceholder")}
              type="tel"
              inputMode="numeric"
              maxLength={11}
              autoComplete="username"
              clearable
              data-testid="phone"
            />
          </Form.Item>
          {mode === "password" ? (
            <Form.Item
              key="password"
              name="password"
              label={t("auth.password")}
              rules={[{ required: true, message: t("auth.passwordPlaceholder") }]}
            >
              <Input
                type="password"
                placeholder={t("auth.passwordPlaceholder")}
                autoComplete="current-password"
                data-testid="password"
              />
            </Form.Item>
          ) : (
            <Form.Item
              key="code"
              name="code"
              label={t("auth.code")}
              rules={[
                { required: true, message: t("auth.codeInvalid") },
                { pattern: CODE_RE, message: t("auth.codeInvalid") },
              ]}
              extra={
                <CodeButton
                  purpose="sign_in"
                  phone={() => form.getFieldValue("phone") ?? ""}
                  onInvalidPhone={() => form.setFields([{ name: "phone", errors: [t("auth.phoneInvalid")] }])}
                />
              }
            >
              <Input
                placeholder={t("auth.codePlaceholder")}
                inputMode="numeric"
                maxLength={6}
                autoComplete="one-time-code"
                data-testid="code"
              />
            </Form.Item>
          )}
        </Form>
      </div>
      <div className="m-link-row">
        <Link
          to={`/m/register${params.get("next") ? `?next=${encodeURIComponent(params.get("next")!)}` : ""}`}
          data-testid="go-register"
        >
          {t("auth.noAccount")}
        </Link>
      </div>
      <p className="m-muted" style={{ padding: "0 12px" }}>
        {t("auth.privacyNote")}
      </p>
    </div>
  );
}

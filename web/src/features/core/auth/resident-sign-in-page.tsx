import { useMutation } from "@tanstack/react-query";
import { Button, Form, Input, Tabs } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useSetMe } from "../../../shared/api/session";
import { FormError } from "../../../shared/ui/mobile";
import { safeNext, signInWithCode, signInWithPassword } from "./auth-api";
import { CodeField, PhoneField } from "./phone-code-fields";

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
          <PhoneField autoComplete="username" />
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
            <CodeField key="code" purpose="sign_in" form={form} />
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

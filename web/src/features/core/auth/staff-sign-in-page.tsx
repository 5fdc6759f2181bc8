import { LockOutlined, MobileOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Flex, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useSetMe } from "../../../shared/api/session";
import { useLanguage } from "../../../shared/i18n/use-language";
import { PHONE_RE, safeNext, signInWithPassword } from "./auth-api";

interface Values {
  phone: string;
  password: string;
}

export function StaffSignInPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setMe = useSetMe();
  const [lang, setLang] = useLanguage();
  const signIn = useMutation({
    mutationFn: (v: Values) => signInWithPassword(v.phone.trim(), v.password),
    onSuccess: (me) => {
      setMe(me);
      navigate(safeNext(params.get("next"), "/staff"), { replace: true });
    },
    onError: (err) => showFieldErrors(form, err, ["phone", "password"]),
  });

  return (
    <div className="s-signin">
      <Card style={{ width: "100%", maxWidth: 400 }} styles={{ body: { padding: 32 } }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <Typography.Title level={3} style={{ margin: "12px 0 0" }}>
            {t("common.appName")} · {t("staff.signInTitle")}
          </Typography.Title>
          <Typography.Text type="secondary">{t("staff.signInSubtitle")}</Typography.Text>
        </Flex>
        {signIn.isError && (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="sign-in-error"
            title={describeError(signIn.error, i18n.language)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => signIn.mutate(v)}>
          <Form.Item
            name="phone"
            label={t("staff.phone")}
            rules={[
              { required: true, message: t("staff.phoneInvalid") },
              { pattern: PHONE_RE, message: t("staff.phoneInvalid") },
            ]}
          >
            <Input
              size="large"
              prefix={<MobileOutlined />}
              placeholder={t("staff.phonePlaceholder")}
              inputMode="numeric"
              autoComplete="username"
              maxLength={11}
              data-testid="staff-phone"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("staff.password")}
            rules={[{ required: true, message: t("staff.passwordPlaceholder") }]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              placeholder={t("staff.passwordPlaceholder")}
              autoComplete="current-password"
              data-testid="staff-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={signIn.isPending}
            data-testid="staff-sign-in"
          >
            {t("staff.signIn")}
          </Button>
        </Form>
        <Flex justify="space-between" style={{ marginTop: 16 }}>
          <Link to="/m">{t("staff.residentEntry")}</Link>
          <Button type="link" size="small" onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}>
            {t("lang.switchTo")}
          </Button>
        </Flex>
      </Card>
    </div>
  );
}

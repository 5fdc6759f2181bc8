import { useMutation } from "@tanstack/react-query";
import { Button, Form, Input, Toast } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useSetMe } from "../../../shared/api/session";
import { FormError } from "../../../shared/ui/mobile";
import { register, safeNext } from "./auth-api";
import { CodeField, PhoneField } from "./phone-code-fields";

interface Values {
  phone: string;
  code: string;
  name: string;
  password: string;
}

export function RegisterPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const setMe = useSetMe();
  const submit = useMutation({
    mutationFn: (v: Values) =>
      register({ phone: v.phone.trim(), code: v.code.trim(), name: v.name.trim(), password: v.password }),
    onSuccess: (me) => {
      setMe(me);
      Toast.show({ icon: "success", content: t("auth.registered") });
      // A new resident's next step is to ask to be bound to their household.
      navigate(safeNext(params.get("next"), "/m/bind"), { replace: true });
    },
    onError: (err) => showFieldErrors(form, err, ["phone", "code", "name", "password"]),
  });

  return (
    <div data-testid="register-page">
      <div className="m-card" style={{ padding: 0, overflow: "hidden" }}>
        <Form
          form={form}
          layout="horizontal"
          requiredMarkStyle="none"
          onFinish={(v: Values) => submit.mutate(v)}
          footer={
            <>
              <FormError error={submit.error} />
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={submit.isPending}
                data-testid="register-submit"
              >
                {t("auth.registerSubmit")}
              </Button>
            </>
          }
        >
          <PhoneField autoComplete="tel" />
          <CodeField purpose="register" form={form} />
          <Form.Item
            name="name"
            label={t("auth.name")}
            rules={[{ required: true, whitespace: true, message: t("auth.namePlaceholder") }]}
          >
            <Input
              placeholder={t("auth.namePlaceholder")}
              maxLength={40}
              autoComplete="name"
              data-testid="name"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("auth.passwordNew")}
            description={t("auth.passwordRule")}
            rules={[
              { required: true, message: t("auth.passwordTooShort") },
              { min: 8, message: t("auth.passwordTooShort") },
            ]}
          >
            <Input
              type="password"
              placeholder={t("auth.passwordNewPlaceholder")}
              autoComplete="new-password"
              maxLength={128}
              data-testid="password"
            />
          </Form.Item>
        </Form>
      </div>
      <div className="m-link-row">
        <Link to="/m/sign-in" data-testid="go-sign-in">
          {t("auth.haveAccount")}
        </Link>
      </div>
      <p className="m-muted" style={{ padding: "0 12px" }}>
        {t("auth.privacyNote")}
      </p>
    </div>
  );
}

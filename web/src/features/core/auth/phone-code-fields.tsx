// The phone and SMS-code fields shared by the resident sign-in and registration forms.
import { Form, Input } from "antd-mobile";
import type { FormInstance } from "antd-mobile/es/components/form";
import { useTranslation } from "react-i18next";
import { CODE_RE, PHONE_RE } from "./auth-api";
import { CodeButton } from "./code-button";

export function PhoneField({ autoComplete }: { autoComplete: "tel" | "username" }) {
  const { t } = useTranslation();
  return (
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
        autoComplete={autoComplete}
        clearable
        data-testid="phone"
      />
    </Form.Item>
  );
}

export function CodeField({
  purpose,
  form,
}: {
  purpose: "sign_in" | "register";
  form: Pick<FormInstance, "getFieldValue" | "setFields">;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="code"
      label={t("auth.code")}
      rules={[
        { required: true, message: t("auth.codeInvalid") },
        { pattern: CODE_RE, message: t("auth.codeInvalid") },
      ]}
      extra={
        <CodeButton
          purpose={purpose}
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
  );
}

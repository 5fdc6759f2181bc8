// 释放认领 (V3): staff end an abandoned claim with a required reason (POST …/claims/:id/release,
// server: claims module). Shared by the request drawer and the staff claims list (认领管理).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Button as AntButton, App, Form, Input, Modal, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { showFieldErrors } from "../api/form-errors";
import { ErrorAlert } from "./staff";

export function ReleaseClaimModal(props: {
  communityId: number;
  claimId: number;
  /** The request's title, named in the dialog's title. */
  title: string;
  onClose: () => void;
  /** After a release: e.g. refresh the caller's own list (requests' queries are refreshed here). */
  onReleased?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const release = useMutation({
    mutationFn: (v: { reason: string }) =>
      api.post(`/communities/${props.communityId}/claims/${props.claimId}/release`, {
        reason: v.reason.trim(),
      }),
    onSuccess: () => {
      message.success(t("drawer.claim.releasedDone"));
      void qc.invalidateQueries({ queryKey: ["requests"] });
      props.onReleased?.();
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["reason"]),
  });
  return (
    <Modal
      open
      title={t("drawer.claim.releaseTitle", { title: props.title })}
      okText={t("drawer.claim.releaseSubmit")}
      cancelText={t("common.cancel")}
      okButtonProps={
        { danger: true, "data-testid": "release-submit" } as React.ComponentProps<typeof AntButton>
      }
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={release.isPending}
      destroyOnHidden
    >
      {release.isError && <ErrorAlert error={release.error} />}
      <Typography.Paragraph type="secondary">{t("drawer.claim.releaseText")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => release.mutate(v)}>
        <Form.Item
          name="reason"
          label={t("drawer.claim.releaseReason")}
          rules={[
            { required: true, whitespace: true, message: t("drawer.claim.releaseReasonRequired") },
            { min: 2, max: 500, message: t("drawer.claim.releaseReasonRequired") },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t("drawer.claim.releasePlaceholder")}
            data-testid="release-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

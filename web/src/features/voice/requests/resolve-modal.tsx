// 办结: the answer in words and photos of the work done (sent as multipart with the photos).

import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, type Button, Form, Input, Modal, Upload, type UploadFile } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { ErrorAlert } from "../../../shared/ui/staff";
import { MAX_PHOTO_BYTES, MAX_PHOTOS, photoProblem, resolveRequest } from "./requests-api";

export function ResolveModal(props: {
  communityId: number;
  requestId: number;
  title: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ text: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const resolve = useMutation({
    mutationFn: (v: { text: string }) =>
      resolveRequest(
        props.communityId,
        props.requestId,
        v.text.trim(),
        files.map((f) => f.originFileObj as File).filter(Boolean),
      ),
    onSuccess: () => {
      message.success(t("drawer.resolved"));
      void qc.invalidateQueries({ queryKey: ["requests"] });
      void qc.invalidateQueries({ queryKey: ["inbox"] });
      void qc.invalidateQueries({ queryKey: ["assigned"] });
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["text"]),
  });
  return (
    <Modal
      open
      title={t("drawer.resolveTitle", { title: props.title })}
      okText={t("drawer.resolveSubmit")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={resolve.isPending}
      okButtonProps={{ "data-testid": "resolve-submit" } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      {resolve.isError && <ErrorAlert error={resolve.error} />}
      <Form form={form} layout="vertical" onFinish={(v) => resolve.mutate(v)}>
        <Form.Item
          name="text"
          label={t("drawer.resolveText")}
          rules={[
            { required: true, message: t("drawer.resolveTextRequired") },
            { min: 2, max: 2000, message: t("drawer.resolveTextRequired") },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={t("drawer.resolvePlaceholder")}
            data-testid="resolve-text"
          />
        </Form.Item>
        <Form.Item label={t("drawer.resolvePhotos")} extra={t("drawer.photoHint", { max: MAX_PHOTOS })}>
          <Upload
            listType="picture-card"
            accept="image/jpeg,image/png,image/webp"
            multiple
            maxCount={MAX_PHOTOS}
            fileList={files}
            beforeUpload={(file) => {
              const why = photoProblem(file);
              if (why) {
                message.error(
                  why === "size"
                    ? t("report.photoTooLarge", {
                        name: file.name,
                        mb: (file.size / 1024 / 1024).toFixed(1),
                        max: MAX_PHOTO_BYTES / 1024 / 1024,
                      })
                    : t("report.photoWrongType", { name: file.name }),
                );
                return Upload.LIST_IGNORE;
              }
              return false;
            }}
            onChange={(info) => setFiles(info.fileList)}
            data-testid="resolve-photos"
          >
            {files.length < MAX_PHOTOS && (
              <div>
                <PlusOutlined />
                <div style={{ marginTop: 8 }}>{t("drawer.addPhoto")}</div>
              </div>
            )}
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}

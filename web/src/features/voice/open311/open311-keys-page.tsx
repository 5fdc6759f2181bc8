// Open311 API keys: city platforms and dashboards that submit and read requests through the
// GeoReport v2 endpoints (/open311/v2/). A new key is shown once; only its hash is kept.
import { KeyOutlined, PlusOutlined } from "@ant-design/icons";
import type { ZCreatedKey, ZKey } from "@contract/voice/open311/open311.schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";

type Key = Reply<typeof ZKey>;
type CreatedKey = Reply<typeof ZCreatedKey>;

export function Open311KeysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const key = ["open311-keys", communityId];
  const keys = useQuery({
    queryKey: key,
    queryFn: () => api.get<Key[]>(`/communities/${communityId}/open311-keys`),
  });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const create = useMutation({
    mutationFn: (v: { name: string }) =>
      api.post<CreatedKey>(`/communities/${communityId}/open311-keys`, { name: v.name.trim() }),
    onSuccess: (k) => {
      setCreating(false);
      setCreated(k);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => showFieldErrors(form, err, ["name"]),
  });
  const revoke = useMutation({
    mutationFn: (id: number) => api.post<Key>(`/communities/${communityId}/open311-keys/${id}/revoke`),
    onSuccess: () => {
      message.success(t("open311.revoked"));
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (err) => message.error(describeError(err)),
  });
  const columns: ColumnsType<Key> = [
    { title: t("open311.name"), dataIndex: "name" },
    {
      title: t("open311.prefix"),
      key: "prefix",
      width: 160,
      render: (_, k) => <Typography.Text code>{k.prefix}…</Typography.Text>,
    },
    {
      title: t("open311.createdAt"),
      key: "createdAt",
      width: 200,
      render: (_, k) =>
        `${dayjs(k.createdAt).format("YYYY-MM-DD HH:mm")}${k.createdBy ? ` · ${k.createdBy}` : ""}`,
    },
    {
      title: t("open311.state"),
      key: "state",
      width: 180,
      render: (_, k) =>
        k.active ? (
          <Tag color="green">{t("open311.active")}</Tag>
        ) : (
          <Tag>
            {t("open311.revokedAt", { at: k.revokedAt ? dayjs(k.revokedAt).format("YYYY-MM-DD") : "" })}
          </Tag>
        ),
    },
    {
      title: t("inbox.actions"),
      key: "actions",
      width: 110,
      render: (_, k) =>
        k.active && (
          <Popconfirm
            title={t("open311.revokeConfirm", { name: k.name })}
            okText={t("common.confirm")}
            cancelText={t("common.cancel")}
            onConfirm={() => revoke.mutate(k.id)}
          >
            <Button size="small" danger data-testid={`revoke-${k.id}`}>
              {t("open311.revoke")}
            </Button>
          </Popconfirm>
        ),
    },
  ];
  return (
    <StaffPage
      title={t("open311.title")}
      subtitle={t("open311.subtitle")}
      testId="open311-page"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="create-key"
        >
          {t("open311.create")}
        </Button>
      }
    >
      {keys.isError && <ErrorAlert error={keys.error} onRetry={() => keys.refetch()} />}
      <Table<Key>
        rowKey="id"
        columns={columns}
        dataSource={keys.data ?? []}
        loading={keys.isPending}
        pagination={false}
        scroll={{ x: 800 }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
        {t("open311.endpoints")} <Typography.Text code>/open311/v2/discovery.json</Typography.Text>{" "}
        <Typography.Text code>/open311/v2/services.json</Typography.Text>{" "}
        <Typography.Text code>/open311/v2/requests.json</Typography.Text>
      </Typography.Paragraph>
      <Modal
        open={creating}
        title={t("open311.create")}
        okText={t("open311.createSubmit")}
        cancelText={t("common.cancel")}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        {create.isError && <ErrorAlert error={create.error} />}
        <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
          <Form.Item
            name="name"
            label={t("open311.name")}
            extra={t("open311.nameHint")}
            rules={[{ required: true, min: 2, max: 60, message: t("open311.nameRequired") }]}
          >
            <Input maxLength={60} placeholder={t("open311.namePlaceholder")} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!created}
        title={
          <span>
            <KeyOutlined /> {t("open311.createdTitle")}
          </span>
        }
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t("open311.savedIt")}
          </Button>
        }
        data-testid="created-key"
      >
        {created && (
          <>
            <Alert type="warning" showIcon title={t("open311.onceOnly")} style={{ marginBottom: 16 }} />
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t("open311.name")}>{created.name}</Descriptions.Item>
              <Descriptions.Item label="api_key">
                <Typography.Text copyable code data-testid="new-key">
                  {created.key}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label="jurisdiction_id">
                <Typography.Text copyable code>
                  {created.jurisdictionId}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Modal>
    </StaffPage>
  );
}

// Open311 API keys: city platforms and dashboards that submit and read requests through the
// GeoReport v2 endpoints (/open311/v2/). A new key is shown once; only its hash is kept. Below the
// keys, where the community is (a centre and a radius): a POST whose lat/long lies farther than the
// radius plus 500 m is refused (communities and buildings carry no coordinates of their own yet).
import { KeyOutlined, PlusOutlined } from "@ant-design/icons";
import type { ZArea, ZCreatedKey, ZKey, ZSetArea } from "@contract/voice/open311/open311.schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
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
import type { Body, Reply } from "../../../shared/api/contract";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";

type Key = Reply<typeof ZKey>;
type CreatedKey = Reply<typeof ZCreatedKey>;
type Area = Reply<typeof ZArea>;
type SetArea = Body<typeof ZSetArea>;

/** Where the community accepts Open311 points: its centre and radius, shown and set here. */
function AreaCard(props: { communityId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const key = ["open311-area", props.communityId];
  const area = useQuery({
    queryKey: key,
    queryFn: () => api.get<Area>(`/communities/${props.communityId}/open311-area`),
  });
  const [form] = Form.useForm<SetArea>();
  const save = useMutation({
    mutationFn: (v: SetArea) => api.put<Area>(`/communities/${props.communityId}/open311-area`, v),
    onSuccess: (a) => {
      message.success(t("open311.areaSaved"));
      qc.setQueryData(key, a);
    },
    onError: (err) => showFieldErrors(form, err, ["lat", "lng", "radiusM"]),
  });
  const a = area.data;
  return (
    <Card title={t("open311.areaTitle")} style={{ marginTop: 16 }} data-testid="open311-area">
      {area.isError && <ErrorAlert error={area.error} onRetry={() => area.refetch()} />}
      <Typography.Paragraph data-testid="open311-area-state">
        {area.isPending
          ? null
          : a
            ? t("open311.areaSet", {
                // not `lng`: i18next reads that option as the language
                latitude: a.lat,
                longitude: a.lng,
                radius: a.radiusM,
                margin: a.marginM,
                at: dayjs(a.updatedAt).format("YYYY-MM-DD HH:mm"),
                by: a.updatedBy ?? "",
              })
            : t("open311.areaUnset")}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t("open311.areaHint")}</Typography.Paragraph>
      {save.isError && <ErrorAlert error={save.error} />}
      {!area.isPending && (
        <Form<SetArea>
          form={form}
          layout="inline"
          initialValues={a ? { lat: a.lat, lng: a.lng, radiusM: a.radiusM } : { radiusM: 1000 }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item
            name="lat"
            label={t("open311.lat")}
            rules={[{ required: true, type: "number", min: -90, max: 90, message: t("open311.latRequired") }]}
          >
            <InputNumber step={0.0001} style={{ width: 140 }} placeholder="30.5459" />
          </Form.Item>
          <Form.Item
            name="lng"
            label={t("open311.lng")}
            rules={[
              { required: true, type: "number", min: -180, max: 180, message: t("open311.lngRequired") },
            ]}
          >
            <InputNumber step={0.0001} style={{ width: 140 }} placeholder="114.3421" />
          </Form.Item>
          <Form.Item
            name="radiusM"
            label={t("open311.radius")}
            rules={[
              { required: true, type: "number", min: 100, max: 50_000, message: t("open311.radiusRequired") },
            ]}
          >
            <InputNumber step={100} precision={0} style={{ width: 140 }} suffix={t("open311.metres")} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-area">
              {t("open311.areaSave")}
            </Button>
          </Form.Item>
        </Form>
      )}
    </Card>
  );
}

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
      {communityId != null && <AreaCard communityId={communityId} />}
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

// 资源对接 (V3): what units and residents offer — venues, money, skills, goods — and the matching
// of an available resource to an open need or micro-wish.
import { LinkOutlined, PlusOutlined } from "@ant-design/icons";
import type { ZOrganisation } from "@contract/core/organisations/organisations.schema";
import type { ZList, ZListQuery } from "@contract/voice/requests/requests.schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Form, Input, Modal, Radio, Segmented, Select, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Query, Reply } from "../../../shared/api/contract";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  matchResource,
  publishResource,
  RESOURCE_KINDS,
  type Resource,
  type ResourceKind,
  resourcesOf,
} from "./claims-api";

function PublishModal(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const [form] = Form.useForm<{ kind: ResourceKind; title: string; description?: string; orgId?: number }>();
  const orgs = useQuery({
    queryKey: ["organisations", props.communityId],
    queryFn: () => api.get<Reply<typeof ZOrganisation>[]>(`/communities/${props.communityId}/organisations`),
    enabled: hasPermission(me.data, "organisations.read", props.communityId),
    retry: false,
  });
  const publish = useMutation({
    mutationFn: (v: { kind: ResourceKind; title: string; description?: string; orgId?: number }) =>
      publishResource(props.communityId, {
        ...v,
        title: v.title.trim(),
        description: (v.description ?? "").trim(),
      }),
    onSuccess: () => {
      message.success(t("resources.published"));
      void qc.invalidateQueries({ queryKey: ["resources", props.communityId] });
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["title", "description", "orgId"]),
  });
  return (
    <Modal
      open
      title={t("resources.publish")}
      okText={t("common.confirm")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={publish.isPending}
      destroyOnHidden
    >
      {publish.isError && <ErrorAlert error={publish.error} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: "venue" }}
        onFinish={(v) => publish.mutate(v)}
      >
        <Form.Item name="kind" label={t("resources.kind")}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={RESOURCE_KINDS.map((k) => ({ value: k, label: label("resourceKind", k) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t("resources.titleField")}
          rules={[{ required: true, min: 2, max: 80 }]}
        >
          <Input maxLength={80} placeholder={t("resources.titlePlaceholder")} />
        </Form.Item>
        <Form.Item name="description" label={t("report.description")}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item name="orgId" label={t("resources.provider")} extra={t("resources.providerHint")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            options={(orgs.data ?? [])
              .filter((o) => !o.kind.startsWith("party_"))
              .map((o) => ({ value: o.id, label: `${o.name}（${label("orgKind", o.kind)}）` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MatchModal(props: { communityId: number; resource: Resource; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [requestId, setRequestId] = useState<number | undefined>();
  const open = useQuery({
    queryKey: ["requests", props.communityId, "open-needs"],
    queryFn: async () => {
      const get = (kind: "need" | "wish") =>
        api.get<Reply<typeof ZList>>(`/communities/${props.communityId}/requests`, {
          kind,
          limit: 200,
        } satisfies Query<typeof ZListQuery>);
      const [needs, wishes] = await Promise.all([get("need"), get("wish")]);
      return [...needs.items, ...wishes.items].filter(
        (r) => r.status === "submitted" || r.status === "signed",
      );
    },
  });
  const match = useMutation({
    mutationFn: () => matchResource(props.communityId, props.resource.id, requestId!),
    onSuccess: () => {
      message.success(t("resources.matched"));
      void qc.invalidateQueries({ queryKey: ["resources", props.communityId] });
      props.onClose();
    },
  });
  return (
    <Modal
      open
      title={t("resources.matchTitle", { title: props.resource.title })}
      okText={t("resources.match")}
      cancelText={t("common.cancel")}
      okButtonProps={{ disabled: !requestId }}
      onCancel={props.onClose}
      onOk={() => match.mutate()}
      confirmLoading={match.isPending}
      destroyOnHidden
    >
      {match.isError && <ErrorAlert error={match.error} />}
      {open.isError && <ErrorAlert error={open.error} />}
      <Select
        style={{ width: "100%" }}
        showSearch={{ optionFilterProp: "label" }}
        loading={open.isPending}
        placeholder={t("resources.chooseRequest")}
        value={requestId}
        onChange={setRequestId}
        notFoundContent={<Empty description={t("resources.noOpenNeeds")} />}
        options={(open.data ?? []).map((r) => ({
          value: r.id,
          label: `#${r.id} ${label("reqKind", r.kind)} · ${r.title}`,
        }))}
      />
    </Modal>
  );
}

export function ResourcesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const me = useMe();
  const { communityId } = useCommunity();
  const [status, setStatus] = useState<"available" | "matched">("available");
  const [publishing, setPublishing] = useState(false);
  const [matching, setMatching] = useState<Resource | null>(null);
  const canMatch = hasPermission(me.data, "resources.match", communityId);
  const list = useQuery({
    queryKey: ["resources", communityId, status],
    queryFn: () => resourcesOf(communityId, { status }),
  });
  const columns: ColumnsType<Resource> = [
    {
      title: t("resources.kind"),
      key: "kind",
      width: 90,
      render: (_, r) => <Tag color="cyan">{label("resourceKind", r.kind)}</Tag>,
    },
    {
      title: t("resources.titleField"),
      key: "title",
      render: (_, r) => (
        <div>
          <strong>{r.title}</strong>
          {r.description && <div style={{ color: "#595959" }}>{r.description}</div>}
        </div>
      ),
    },
    { title: t("resources.provider"), key: "provider", width: 200, render: (_, r) => r.provider.name },
    {
      title: t("reqList.createdAt"),
      key: "at",
      width: 120,
      render: (_, r) => dayjs(r.createdAt).format("YYYY-MM-DD"),
    },
    {
      title: t("inbox.status"),
      key: "status",
      width: 160,
      render: (_, r) =>
        r.status === "matched" ? (
          <Tag color="green">{t("resources.matchedTo", { id: r.matchedRequestId })}</Tag>
        ) : canMatch ? (
          <Button size="small" icon={<LinkOutlined />} onClick={() => setMatching(r)}>
            {t("resources.match")}
          </Button>
        ) : (
          <Tag>{t("resources.available")}</Tag>
        ),
    },
  ];
  return (
    <StaffPage
      title={t("resources.title")}
      subtitle={t("resources.subtitle")}
      testId="resources-page"
      extra={
        <>
          <Segmented
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            options={[
              { value: "available", label: t("resources.available") },
              { value: "matched", label: t("resources.matchedTab") },
            ]}
            style={{ marginInlineEnd: 8 }}
          />
          {canMatch && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPublishing(true)}>
              {t("resources.publish")}
            </Button>
          )}
        </>
      }
    >
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<Resource>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("resources.empty")} /> }}
      />
      {publishing && <PublishModal communityId={communityId} onClose={() => setPublishing(false)} />}
      {matching && (
        <MatchModal communityId={communityId} resource={matching} onClose={() => setMatching(null)} />
      )}
    </StaffPage>
  );
}

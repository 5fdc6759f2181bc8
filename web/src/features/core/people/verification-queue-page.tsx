import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { usePlaceTree } from "../../../shared/api/place-tree";
import type { Relation } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, tablePagination, useListParams } from "../../../shared/staff/list-state";
import {
  DateRangeFilter,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import type { PendingResident } from "./people-api";
import {
  queueKey,
  rejectResident,
  useHouseholdSearch,
  useVerificationQueue,
  verifyResident,
} from "./people-api";

const RELATIONS: Relation[] = ["owner", "tenant", "family"];

function asRelation(v: string | null): Relation {
  return v === "tenant" || v === "family" ? v : "owner";
}

export function VerificationQueuePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { communityId } = useCommunity();
  const queue = useVerificationQueue(communityId);
  const list = useListParams();
  const relation = list.str("relation");
  const rows = filterRows(queue.data?.items ?? [], list, {
    text: (r) => [r.name, r.phone, r.claimedAddress].filter(Boolean).join(" "),
    date: (r) => r.registeredAt,
  }).filter((r) => !relation || r.relation === relation);
  const [binding, setBinding] = useState<PendingResident | null>(null);
  const [rejecting, setRejecting] = useState<PendingResident | null>(null);

  const columns: StaffColumn<PendingResident>[] = [
    { title: t("verification.name"), key: "name", dataIndex: "name", width: 120 },
    {
      title: t("verification.phone"),
      key: "phone",
      dataIndex: "phone",
      width: 140,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("verification.claimedAddress"),
      key: "claimedAddress",
      dataIndex: "claimedAddress",
      render: (v: string | null) => <Typography.Text strong>{v ?? "—"}</Typography.Text>,
    },
    {
      title: t("verification.relation"),
      key: "relation",
      dataIndex: "relation",
      width: 110,
      render: (v: string | null) => <Tag>{label("relation", v)}</Tag>,
    },
    {
      title: t("verification.registeredAt"),
      key: "registeredAt",
      dataIndex: "registeredAt",
      width: 170,
      render: (v: string) => dayjs(v).format("YYYY-MM-DD HH:mm"),
    },
    {
      title: t("verification.actions"),
      key: "actions",
      width: 220,
      fixed: "right",
      render: (_, r) => (
        <Space>
          <Button
            type="primary"
            size="small"
            icon={<CheckOutlined />}
            onClick={() => setBinding(r)}
            data-testid={`approve-${r.id}`}
          >
            {t("verification.approve")}
          </Button>
          <Button
            danger
            size="small"
            icon={<CloseOutlined />}
            onClick={() => setRejecting(r)}
            data-testid={`reject-${r.id}`}
          >
            {t("verification.reject")}
          </Button>
        </Space>
      ),
    },
  ];

  const table = useColumnSettings<PendingResident>("verification", columns);

  return (
    <StaffPage
      title={t("verification.title")}
      subtitle={t("verification.subtitle")}
      testId="verification-page"
    >
      <ListToolbar testId="verification-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("verification.keywordPlaceholder")} />
        <DateRangeFilter list={list} label={t("verification.registeredAt")} />
        <SelectFilter
          label={t("verification.relation")}
          width={130}
          value={RELATIONS.find((r) => r === relation)}
          onChange={(v) => list.set({ relation: v })}
          options={RELATIONS.map((r) => ({ value: r, label: label("relation", r) }))}
        />
      </ListToolbar>
      {queue.isError && <ErrorAlert error={queue.error} onRetry={() => queue.refetch()} />}
      <Table<PendingResident>
        rowKey="id"
        columns={table.columns}
        dataSource={rows}
        loading={queue.isFetching}
        pagination={tablePagination(list, { total: (n) => t("common.total", { total: n }) })}
        scroll={{ x: 900 }}
        locale={{ emptyText: queue.isPending ? " " : <Empty description={t("verification.empty")} /> }}
        onRow={(r) => ({ "data-testid": `pending-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        data-testid="verification-table"
      />
      {binding && <BindModal communityId={communityId} resident={binding} onClose={() => setBinding(null)} />}
      {rejecting && (
        <RejectModal communityId={communityId} resident={rejecting} onClose={() => setRejecting(null)} />
      )}
    </StaffPage>
  );
}

interface BindValues {
  householdId: number;
  relation: Relation;
}

function BindModal(props: { communityId: number; resident: PendingResident; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = usePlaceTree(props.communityId);
  const [form] = Form.useForm<BindValues>();
  const [text, setText] = useState(props.resident.claimedAddress ?? "");
  const [buildingId, setBuildingId] = useState<number | undefined>();
  const search = useHouseholdSearch(props.communityId, text, buildingId, true);
  const matches = search.rows.filter((r) => r.matches);

  // One household matches what the resident wrote: offer it straight away.
  const only = matches.length === 1 ? matches[0].id : undefined;
  useEffect(() => {
    if (only && form.getFieldValue("householdId") === undefined) form.setFieldValue("householdId", only);
  }, [only, form]);

  const verify = useMutation({
    mutationFn: (v: BindValues) =>
      verifyResident(props.communityId, props.resident.id, v.householdId, v.relation),
    onSuccess: () => {
      message.success(t("verification.bound", { name: props.resident.name }));
      void qc.invalidateQueries({ queryKey: queueKey(props.communityId) });
      void qc.invalidateQueries({ queryKey: ["communities", props.communityId] });
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["householdId", "relation"]),
  });

  return (
    <Modal
      open
      width={640}
      title={t("verification.bindTitle", { name: props.resident.name })}
      onCancel={props.onClose}
      okText={t("verification.bindSubmit")}
      cancelText={t("common.cancel")}
      confirmLoading={verify.isPending}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "bind-submit" } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      {props.resident.claimedAddress && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("verification.claimed", { address: props.resident.claimedAddress })}
        />
      )}
      {verify.isError && <ErrorAlert error={verify.error} />}
      <Form<BindValues>
        form={form}
        layout="vertical"
        initialValues={{ relation: asRelation(props.resident.relation) }}
        onFinish={(v) => verify.mutate(v)}
      >
        <Form.Item label={t("households.building")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("households.filterBuilding")}
            value={buildingId}
            onChange={(v?: number) => setBuildingId(v)}
            options={(tree.data?.estates ?? []).map((e) => ({
              label: e.name,
              title: e.name,
              options: e.buildings.map((b) => ({ label: `${e.name} ${b.name}`, value: b.id })),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="householdId"
          label={t("verification.household")}
          rules={[{ required: true, message: t("verification.householdRequired") }]}
        >
          <Select
            showSearch={{
              filterOption: false,
              // the select also reports "" whenever it closes; keep the last real search instead
              onSearch: (v) => {
                if (v.trim()) setText(v);
              },
            }}
            placeholder={t("verification.householdPlaceholder")}
            loading={search.isFetching}
            notFoundContent={
              search.isFetching ? t("common.loading") : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            }
            options={search.rows.map((h) => ({
              value: h.id,
              label: h.address,
              title: h.address,
              matches: h.matches,
              members: h.memberCount,
            }))}
            optionRender={(o) => (
              <Flex justify="space-between" gap={8}>
                <span>{o.label}</span>
                <span>
                  {o.data.matches && <Tag color="green">✓</Tag>}
                  <Typography.Text type="secondary">
                    {t("common.people", { count: o.data.members })}
                  </Typography.Text>
                </span>
              </Flex>
            )}
            data-testid="household-select"
          />
        </Form.Item>
        <Form.Item name="relation" label={t("verification.relationLabel")} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={RELATIONS.map((r) => ({ value: r, label: t(`relation.${r}`) }))}
            data-testid="bind-relation"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RejectModal(props: { communityId: number; resident: PendingResident; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    mutationFn: (reason: string) => rejectResident(props.communityId, props.resident.id, reason),
    onSuccess: () => {
      message.success(t("verification.rejected", { name: props.resident.name }));
      void qc.invalidateQueries({ queryKey: queueKey(props.communityId) });
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["reason"]),
  });
  return (
    <Modal
      open
      title={t("verification.rejectTitle", { name: props.resident.name })}
      onCancel={props.onClose}
      okText={t("verification.reject")}
      okButtonProps={{ danger: true }}
      cancelText={t("common.cancel")}
      confirmLoading={reject.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {reject.isError && <ErrorAlert error={reject.error} />}
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t("verification.rejectReason")}
          rules={[
            { required: true, whitespace: true, min: 2, message: t("verification.rejectReasonRequired") },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder={t("verification.rejectReasonPlaceholder")}
            data-testid="reject-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

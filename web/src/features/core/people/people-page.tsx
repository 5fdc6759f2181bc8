import { EyeOutlined, LockOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Tooltip,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { usePlaceTree } from "../../../shared/api/place-tree";
import type { ResidentRow } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { CARE_TAGS, revealResident, useResidents } from "./people-api";

const num = (v: string | null) => (v && Number(v) > 0 ? Number(v) : undefined);
/** A value of the list, or nothing (a URL may say anything). */
const oneOf = <T extends string>(list: readonly T[], v: string | null) => list.find((x) => x === v);
const STATUSES = ["verified", "pending", "rejected", "moved_out"] as const;

export function PeoplePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { communityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const [params, setParams] = useSearchParams();
  const [revealing, setRevealing] = useState<ResidentRow | null>(null);
  const filter = {
    q: params.get("q") ?? undefined,
    gridId: num(params.get("gridId")),
    status: oneOf(STATUSES, params.get("status")),
    careTag: oneOf(CARE_TAGS, params.get("careTag")),
    page: num(params.get("page")) ?? 1,
    pageSize: num(params.get("pageSize")) ?? 20,
  };
  const list = useResidents(communityId, filter);

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    if (!("page" in patch)) next.delete("page");
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<ResidentRow> = [
    { title: t("people.name"), dataIndex: "name", fixed: "left", width: 110 },
    {
      title: t("people.gender"),
      dataIndex: "gender",
      width: 70,
      render: (v: string | null) => label("gender", v),
    },
    {
      title: t("people.age"),
      dataIndex: "age",
      width: 70,
      align: "right",
      render: (v: number | null) => v ?? "—",
    },
    {
      title: t("people.phone"),
      dataIndex: "phone",
      width: 140,
      render: (v: string | null) => <span data-testid="masked-phone">{v ?? "—"}</span>,
    },
    {
      title: t("people.idNumber"),
      dataIndex: "idNumber",
      width: 190,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("people.relation"),
      dataIndex: "relation",
      width: 100,
      render: (v: string | null) => label("relation", v),
    },
    {
      title: t("people.status"),
      dataIndex: "status",
      width: 100,
      render: (v: string) => (
        <Tag
          color={v === "verified" ? "green" : v === "pending" ? "gold" : v === "rejected" ? "red" : "default"}
        >
          {label("status", v)}
        </Tag>
      ),
    },
    {
      title: t("people.careTags"),
      dataIndex: "careTags",
      width: 160,
      render: (tags: string[]) =>
        tags.length
          ? tags.map((c) => (
              <Tag key={c} color="orange">
                {label("careTag", c)}
              </Tag>
            ))
          : "—",
    },
    {
      title: t("people.address"),
      dataIndex: "address",
      width: 260,
      ellipsis: { showTitle: true },
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("people.actions"),
      key: "actions",
      fixed: "right",
      width: 150,
      render: (_, r) => (
        <Tooltip title={t("people.revealNotice")}>
          <Button
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setRevealing(r)}
            data-testid={`reveal-${r.id}`}
          >
            {t("people.reveal")}
          </Button>
        </Tooltip>
      ),
    },
  ];

  return (
    <StaffPage title={t("people.title")} subtitle={t("common.maskedHint")} testId="people-page">
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t("people.searchPlaceholder")}
          defaultValue={filter.q}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          data-testid="people-search"
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t("people.filterGrid")}
          value={filter.gridId}
          loading={tree.isPending}
          onChange={(v?: number) => update({ gridId: v })}
          options={(tree.data?.grids ?? []).map((g) => ({ label: g.name, value: g.id }))}
          data-testid="filter-grid"
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t("people.filterCareTag")}
          value={filter.careTag}
          onChange={(v?: string) => update({ careTag: v })}
          options={CARE_TAGS.map((c) => ({ label: label("careTag", c), value: c }))}
          data-testid="filter-care-tag"
        />
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t("people.filterStatus")}
          value={filter.status}
          onChange={(v?: string) => update({ status: v })}
          options={STATUSES.map((s) => ({ label: label("status", s), value: s }))}
          data-testid="filter-status"
        />
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ResidentRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 1440 }}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("people.empty")} /> }}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t("common.total", { total }),
          onChange: (page, pageSize) => update({ page, pageSize }),
        }}
        data-testid="people-table"
      />
      {revealing && (
        <RevealModal communityId={communityId} resident={revealing} onClose={() => setRevealing(null)} />
      )}
    </StaffPage>
  );
}

function RevealModal(props: { communityId: number; resident: ResidentRow; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useMutation({
    mutationFn: (reason: string) => revealResident(props.communityId, props.resident.id, reason),
    onError: (err) => showFieldErrors(form, err, ["reason"]),
  });
  return (
    <Modal
      open
      title={t("people.revealTitle", { name: props.resident.name })}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        reveal.data ? (
          <Button onClick={props.onClose}>{t("common.close")}</Button>
        ) : (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={props.onClose}>{t("common.cancel")}</Button>
            <Button
              type="primary"
              icon={<LockOutlined />}
              loading={reveal.isPending}
              onClick={() => form.submit()}
              data-testid="reveal-submit"
            >
              {t("people.revealSubmit")}
            </Button>
          </Flex>
        )
      }
    >
      {reveal.data ? (
        <>
          <Alert type="warning" showIcon title={t("people.revealResult")} style={{ marginBottom: 16 }} />
          <Descriptions
            column={1}
            bordered
            size="small"
            data-testid="reveal-result"
            items={[
              { key: "phone", label: t("people.phone"), children: reveal.data.phone ?? "—" },
              { key: "id", label: t("people.idNumber"), children: reveal.data.idNumber ?? "—" },
            ]}
          />
        </>
      ) : (
        <>
          <Alert type="info" showIcon title={t("people.revealNotice")} style={{ marginBottom: 16 }} />
          {reveal.isError && <ErrorAlert error={reveal.error} />}
          <Form form={form} layout="vertical" onFinish={(v) => reveal.mutate(v.reason.trim())}>
            <Form.Item
              name="reason"
              label={t("people.revealReason")}
              rules={[
                { required: true, whitespace: true, message: t("people.revealReasonTooShort") },
                { min: 4, message: t("people.revealReasonTooShort") },
              ]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                showCount
                placeholder={t("people.revealReasonPlaceholder")}
                data-testid="reveal-reason"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

import { EyeOutlined, LockOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Empty, Flex, Form, Input, Modal, Table, Tag, Tooltip } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import type { ResidentRow } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, usePageParams } from "../../../shared/staff/list-state";
import {
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { CARE_TAGS, revealResident, useResidents } from "./people-api";

/** A value of the list, or nothing (a URL may say anything). */
const oneOf = <T extends string>(list: readonly T[], v: string | undefined) => list.find((x) => x === v);
const STATUSES = ["verified", "pending", "rejected", "moved_out"] as const;

export function PeoplePage() {
  const { t } = useTranslation();
  const label = useLabel();
  const me = useMe();
  const { communityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const list = useListParams();
  const paging = usePageParams(list, 20);
  const [revealing, setRevealing] = useState<ResidentRow | null>(null);
  const filter = {
    q: list.str("q"),
    gridId: list.num("gridId"),
    status: oneOf(STATUSES, list.str("status")),
    careTag: oneOf(CARE_TAGS, list.str("careTag")),
    page: paging.page,
    pageSize: paging.pageSize,
  };
  const residents = useResidents(communityId, filter);

  const columns: StaffColumn<ResidentRow>[] = [
    { title: t("people.name"), key: "name", dataIndex: "name", fixed: "left", width: 110 },
    {
      title: t("people.gender"),
      key: "gender",
      dataIndex: "gender",
      width: 70,
      render: (v: string | null) => label("gender", v),
    },
    {
      title: t("people.age"),
      key: "age",
      dataIndex: "age",
      width: 70,
      align: "right",
      render: (v: number | null) => v ?? "—",
    },
    {
      title: t("people.phone"),
      key: "phone",
      dataIndex: "phone",
      width: 140,
      render: (v: string | null) => <span data-testid="masked-phone">{v ?? "—"}</span>,
    },
    {
      title: t("people.idNumber"),
      key: "idNumber",
      dataIndex: "idNumber",
      width: 190,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("people.relation"),
      key: "relation",
      dataIndex: "relation",
      width: 100,
      render: (v: string | null) => label("relation", v),
    },
    {
      title: t("people.status"),
      key: "status",
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
      key: "careTags",
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
      key: "address",
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

  const table = useColumnSettings<ResidentRow>("people", columns);

  return (
    <StaffPage
      title={t("people.title")}
      subtitle={t("common.maskedHint")}
      testId="people-page"
      extra={
        hasPermission(me.data, "data.export", communityId) && (
          <ExportButton
            path={`/communities/${communityId}/exports/residents.xlsx`}
            fallbackName="residents.xlsx"
            label={t("people.exportSheet")}
            testId="export-residents"
          />
        )
      }
    >
      <ListToolbar testId="people-filters" extra={table.button}>
        <KeywordFilter
          list={list}
          placeholder={t("people.searchPlaceholder")}
          width={280}
          testId="people-search"
        />
        <SelectFilter
          label={t("people.filterGrid")}
          width={160}
          value={filter.gridId}
          onChange={(gridId) => list.set({ gridId })}
          options={(tree.data?.grids ?? []).map((g) => ({ label: g.name, value: g.id }))}
          testId="filter-grid"
        />
        <SelectFilter
          label={t("people.filterCareTag")}
          width={160}
          value={filter.careTag}
          onChange={(careTag) => list.set({ careTag })}
          options={CARE_TAGS.map((c) => ({ label: label("careTag", c), value: c }))}
          testId="filter-care-tag"
        />
        <SelectFilter
          label={t("people.filterStatus")}
          width={140}
          value={filter.status}
          onChange={(status) => list.set({ status })}
          options={STATUSES.map((s) => ({ label: label("status", s), value: s }))}
          testId="filter-status"
        />
      </ListToolbar>
      {residents.isError && <ErrorAlert error={residents.error} onRetry={() => residents.refetch()} />}
      <Table<ResidentRow>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={residents.data?.items ?? []}
        loading={residents.isFetching}
        scroll={{ x: 1440 }}
        locale={{ emptyText: residents.isPending ? " " : <Empty description={t("people.empty")} /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: residents.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t("common.total", { total }),
          onChange: paging.onChange,
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

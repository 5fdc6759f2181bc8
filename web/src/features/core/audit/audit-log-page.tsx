import type { ZAuditLog } from "@contract/core/audit/audit.schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Empty, Flex, Popover, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, useCursorParams, useListParams } from "../../../shared/staff/list-state";
import {
  CursorPager,
  DateRangeFilter,
  KeywordFilter,
  ListToolbar,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";

type AuditEntry = Reply<typeof ZAuditLog>[number];

const LIMIT = 50;

function Change(props: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  if (props.before == null && props.after == null) return <>—</>;
  const content = (
    <pre style={{ maxWidth: 480, maxHeight: 360, overflow: "auto", margin: 0, fontSize: 12 }}>
      {JSON.stringify({ before: props.before ?? null, after: props.after ?? null }, null, 2)}
    </pre>
  );
  return (
    <Popover content={content} trigger="click">
      <Button size="small" type="link">
        {t("common.detail")}
      </Button>
    </Popover>
  );
}

export function AuditLogPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { communityId } = useCommunity();
  const list = useListParams();
  const pager = useCursorParams(list);
  // The log pages backwards by id ("before"), newest first; the page's position is in the URL.
  const log = useQuery({
    queryKey: ["audit", communityId, pager.cursor],
    queryFn: () => api.get<AuditEntry[]>("/audit", { communityId, before: pager.cursor, limit: LIMIT }),
    placeholderData: keepPreviousData,
  });
  const page = log.data ?? [];
  const lastId = page.length === LIMIT ? page[page.length - 1]!.id : null;
  // the keyword and the days search the page shown
  const rows = filterRows(page, list, {
    text: (r) =>
      [
        r.actorName,
        r.actorRole && label("role", r.actorRole),
        label("auditAction", r.action),
        r.action,
        label("targetType", r.targetType),
        r.targetId,
        r.reason,
      ]
        .filter(Boolean)
        .join(" "),
    date: (r) => r.at,
  });

  const columns: StaffColumn<AuditEntry>[] = [
    {
      title: t("audit.at"),
      key: "at",
      dataIndex: "at",
      width: 170,
      render: (v: string) => dayjs(v).format("YYYY-MM-DD HH:mm:ss"),
    },
    {
      title: t("audit.actor"),
      key: "actor",
      width: 200,
      render: (_, r) => (
        <Flex gap={6} wrap>
          <span>{r.actorName ?? "—"}</span>
          {r.actorRole && r.actorRole !== "self" && <Tag>{label("role", r.actorRole)}</Tag>}
        </Flex>
      ),
    },
    {
      title: t("audit.action"),
      key: "action",
      dataIndex: "action",
      width: 170,
      render: (v: string) => (
        <Tag color={v.endsWith("reveal") || v.includes("export") ? "volcano" : "blue"}>
          {label("auditAction", v)}
        </Tag>
      ),
    },
    {
      title: t("audit.target"),
      key: "target",
      width: 150,
      render: (_, r) => `${label("targetType", r.targetType)}${r.targetId ? ` #${r.targetId}` : ""}`,
    },
    {
      title: t("audit.reason"),
      key: "reason",
      dataIndex: "reason",
      render: (v: string | null) => (v ? <Typography.Text>{v}</Typography.Text> : "—"),
    },
    {
      title: t("audit.details"),
      key: "change",
      width: 90,
      render: (_, r) => <Change before={r.before} after={r.after} />,
    },
  ];

  const table = useColumnSettings<AuditEntry>("audit", columns);

  return (
    <StaffPage title={t("audit.title")} subtitle={t("audit.subtitle")} testId="audit-page">
      <ListToolbar testId="audit-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("audit.keywordPlaceholder")} />
        <DateRangeFilter list={list} />
      </ListToolbar>
      {log.isError && <ErrorAlert error={log.error} onRetry={() => log.refetch()} />}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={rows}
        loading={log.isFetching}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: log.isPending ? " " : <Empty description={t("audit.empty")} /> }}
      />
      <CursorPager
        page={pager.page}
        hasNext={lastId != null}
        onPrev={pager.prev}
        onNext={() => lastId != null && pager.next(lastId)}
      />
    </StaffPage>
  );
}

import type { ZAuditLog } from "@contract/core/audit/audit.schema";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, Empty, Flex, Popover, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
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
  // The log pages backwards by id ("before"), newest first.
  const log = useInfiniteQuery({
    queryKey: ["audit", communityId],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      api.get<AuditEntry[]>("/audit", { communityId, before: pageParam, limit: LIMIT }),
    getNextPageParam: (last) => (last.length === LIMIT ? last[last.length - 1].id : undefined),
  });
  const rows = log.data?.pages.flat() ?? [];

  const columns: ColumnsType<AuditEntry> = [
    {
      title: t("audit.at"),
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

  return (
    <StaffPage title={t("audit.title")} subtitle={t("audit.subtitle")} testId="audit-page">
      {log.isError && <ErrorAlert error={log.error} onRetry={() => log.refetch()} />}
      <Table<AuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={log.isFetching && !log.isFetchingNextPage}
        pagination={false}
        scroll={{ x: 960 }}
        locale={{ emptyText: log.isPending ? " " : <Empty description={t("audit.empty")} /> }}
      />
      {log.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button onClick={() => log.fetchNextPage()} loading={log.isFetchingNextPage}>
            {t("common.loadMore")}
          </Button>
        </Flex>
      )}
    </StaffPage>
  );
}

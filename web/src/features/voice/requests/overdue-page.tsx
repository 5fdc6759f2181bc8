// 超期清单 (V4): what is past its time to sign or to solve — per grid of the community, and for
// street staff per community of the street.

import type { ZCommunityOverdue, ZStreetOverdue } from "@contract/voice/deadlines/deadlines.schema";
import { useQuery } from "@tanstack/react-query";
import { Card, Col, Empty, Row, Segmented, Statistic, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { useDivisions } from "../../../shared/api/divisions";
import { useMe } from "../../../shared/api/session";
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
import { RequestDrawer } from "./request-drawer";
import { StaffKindTag } from "./staff-tags";

type CommunityOverdue = Reply<typeof ZCommunityOverdue>;
type StreetOverdue = Reply<typeof ZStreetOverdue>;
type Counts = Pick<CommunityOverdue, "sign" | "solve" | "total">;
type GridCounts = CommunityOverdue["grids"][number];
/** An item of either list (the street's also names its community). */
type OverdueItem = CommunityOverdue["items"][number] & { communityName?: string };

function Totals(props: { c: Counts }) {
  const { t } = useTranslation();
  return (
    <Row gutter={12} style={{ marginBottom: 16 }}>
      <Col xs={8}>
        <Card size="small">
          <Statistic
            title={t("overdue.total")}
            value={props.c.total}
            valueStyle={{ color: props.c.total ? "#cf1322" : undefined }}
          />
        </Card>
      </Col>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={t("overdue.sign")} value={props.c.sign} />
        </Card>
      </Col>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={t("overdue.solve")} value={props.c.solve} />
        </Card>
      </Col>
    </Row>
  );
}

function Items(props: { items: OverdueItem[]; street?: boolean; onOpen: (i: OverdueItem) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const list = useListParams();
  const stage = (["sign", "solve"] as const).find((x) => x === list.str("stage"));
  const rows = filterRows(props.items, list, {
    text: (r) => [r.title, r.gridName, r.communityName, r.id].filter(Boolean).join(" "),
    date: (r) => r.dueAt,
  }).filter((r) => !stage || r.stage === stage);
  const columns: StaffColumn<OverdueItem>[] = [
    {
      title: t("overdue.overdueBy"),
      key: "h",
      width: 120,
      render: (_, r) => <Tag color="red">{t("overdue.hours", { count: r.overdueHours })}</Tag>,
    },
    {
      title: t("inbox.request"),
      key: "title",
      render: (_, r) => (
        <Typography.Link onClick={() => props.onOpen(r)}>
          <StaffKindTag kind={r.kind} /> {r.title}
        </Typography.Link>
      ),
    },
    ...(props.street
      ? [{ title: t("overdue.community"), key: "community", dataIndex: "communityName", width: 140 }]
      : []),
    { title: t("reqList.grid"), key: "grid", width: 120, render: (_, r) => r.gridName ?? "—" },
    {
      title: t("overdue.stage"),
      key: "stage",
      width: 100,
      render: (_, r) => (r.stage === "sign" ? t("overdue.sign") : t("overdue.solve")),
    },
    {
      title: t("reqList.routeTo"),
      key: "route",
      width: 110,
      render: (_, r) => (r.routeTo ? label("routeTo", r.routeTo) : "—"),
    },
    {
      title: t("overdue.dueAt"),
      key: "due",
      width: 140,
      render: (_, r) => dayjs(r.dueAt).format("MM-DD HH:mm"),
    },
    {
      title: t("overdue.escalated"),
      key: "esc",
      width: 120,
      render: (_, r) =>
        r.escalatedAt ? <Tag color="volcano">{dayjs(r.escalatedAt).format("MM-DD HH:mm")}</Tag> : "—",
    },
  ];
  const table = useColumnSettings<OverdueItem>(props.street ? "overdue-street" : "overdue", columns);
  return (
    <>
      <ListToolbar testId="overdue-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("staffReq.keywordPlaceholder")} width={240} />
        <DateRangeFilter list={list} label={t("overdue.dueAt")} />
        <SelectFilter
          label={t("overdue.stage")}
          width={120}
          value={stage}
          onChange={(v) => list.set({ stage: v })}
          options={[
            { value: "sign" as const, label: t("overdue.sign") },
            { value: "solve" as const, label: t("overdue.solve") },
          ]}
        />
      </ListToolbar>
      <Table<OverdueItem>
        rowKey={(r) => `${r.communityId}-${r.id}`}
        size="middle"
        columns={table.columns}
        dataSource={rows}
        pagination={tablePagination(list)}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={t("overdue.none")} /> }}
      />
    </>
  );
}

export function OverduePage() {
  const { t } = useTranslation();
  const me = useMe();
  const divisions = useDivisions();
  const { communityId } = useCommunity();
  const streetId = (divisions.data ?? [])
    .flatMap((d) => d.streets)
    .find((s) => s.communities.some((c) => c.id === communityId))?.id;
  const streetWide = !!me.data?.roles.some((r) => ["global", "district", "street"].includes(r.scopeType));
  const [scope, setScope] = useState<"community" | "street">("community");
  const [open, setOpen] = useState<OverdueItem | null>(null);
  const community = useQuery({
    queryKey: ["requests", communityId, "overdue"],
    queryFn: () => api.get<CommunityOverdue>(`/communities/${communityId}/overdue`, { limit: 500 }),
    enabled: scope === "community",
    refetchInterval: 60_000,
  });
  const street = useQuery({
    queryKey: ["requests", "street", streetId, "overdue"],
    queryFn: () => api.get<StreetOverdue>(`/streets/${streetId}/overdue`, { limit: 500 }),
    enabled: scope === "street" && streetId != null,
    refetchInterval: 60_000,
  });
  const gridColumns: ColumnsType<GridCounts> = [
    { title: t("reqList.grid"), key: "g", render: (_, g) => g.gridName ?? t("overdue.noGrid") },
    { title: t("overdue.sign"), dataIndex: "sign", width: 100 },
    { title: t("overdue.solve"), dataIndex: "solve", width: 100 },
    { title: t("overdue.total"), dataIndex: "total", width: 100 },
  ];

  return (
    <StaffPage
      title={t("overdue.title")}
      subtitle={t("overdue.subtitle")}
      testId="overdue-page"
      extra={
        streetWide &&
        streetId != null && (
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as "community" | "street")}
            options={[
              { value: "community", label: t("overdue.thisCommunity") },
              { value: "street", label: t("overdue.wholeStreet") },
            ]}
          />
        )
      }
    >
      {scope === "community" && (
        <>
          {community.isError && <ErrorAlert error={community.error} onRetry={() => community.refetch()} />}
          {community.data && (
            <>
              <Totals c={community.data} />
              {community.data.grids.length > 0 && (
                <Table<GridCounts>
                  rowKey={(g) => String(g.gridId)}
                  size="small"
                  columns={gridColumns}
                  dataSource={community.data.grids}
                  pagination={false}
                  style={{ marginBottom: 16 }}
                />
              )}
              <Items items={community.data.items} onOpen={setOpen} />
            </>
          )}
        </>
      )}
      {scope === "street" && (
        <>
          {street.isError && <ErrorAlert error={street.error} onRetry={() => street.refetch()} />}
          {street.data && (
            <>
              <Totals c={street.data.street} />
              <Table
                rowKey="id"
                size="small"
                style={{ marginBottom: 16 }}
                pagination={false}
                dataSource={street.data.communities.filter((c) => c.total > 0)}
                locale={{ emptyText: <Empty description={t("overdue.none")} /> }}
                columns={[
                  { title: t("overdue.community"), dataIndex: "name" },
                  { title: t("overdue.sign"), dataIndex: "sign", width: 100 },
                  { title: t("overdue.solve"), dataIndex: "solve", width: 100 },
                  { title: t("overdue.total"), dataIndex: "total", width: 100 },
                ]}
              />
              <Items items={street.data.items} street onOpen={setOpen} />
            </>
          )}
        </>
      )}
      {open && (
        <RequestDrawer communityId={open.communityId} requestId={open.id} onClose={() => setOpen(null)} />
      )}
    </StaffPage>
  );
}

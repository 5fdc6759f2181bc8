// 诉求列表: every request in the worker's places with filters (status, kind, category, grid, who
// it is routed to, overdue), newest first; a row opens the request in a drawer. Opening
// /staff/requests/:communityId/:requestId (the link in notifications) opens that one. 导出 Excel
// downloads the list with the current filters (for those who may export data).
import { DownloadOutlined, FormOutlined } from "@ant-design/icons";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { App, Button, Empty, Flex, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { api, describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { RequestDrawer } from "./request-drawer";
import {
  categoryName,
  downloadRequestsExport,
  KINDS,
  type ListFilters,
  type ListItem,
  listQuery,
  type RequestList,
  ROUTES,
  STATUSES,
  useCategories,
} from "./requests-api";
import { StaffKindTag, StaffStatusTag } from "./staff-tags";

export function RequestsPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const params = useParams();
  const me = useMe();
  const { communityId, communities, setCommunityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const categories = useCategories(communityId, true);
  const [filters, setFilters] = useState<ListFilters>({});
  const linked =
    params.communityId && params.requestId
      ? { communityId: Number(params.communityId), id: Number(params.requestId) }
      : null;
  const [open, setOpen] = useState<number | null>(linked?.id ?? null);

  // a link to another community of mine switches the console to it
  useEffect(() => {
    if (linked && linked.communityId !== communityId && communities.some((c) => c.id === linked.communityId))
      setCommunityId(linked.communityId);
  }, [linked, communityId, communities, setCommunityId]);

  const list = useInfiniteQuery({
    queryKey: ["requests", communityId, "list", filters],
    queryFn: ({ pageParam }) =>
      api.get<RequestList>(`/communities/${communityId}/requests`, {
        ...listQuery(filters),
        cursor: pageParam,
        limit: 50,
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<ListFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const { message } = App.useApp();
  const exportList = useMutation({
    mutationFn: () => downloadRequestsExport(communityId, filters),
    onSuccess: (r) => {
      if (r.truncated) message.warning(t("reqList.exportTruncated", { count: r.rows }));
      else message.success(t("reqList.exported", { count: r.rows }));
    },
    onError: (err) => message.error(describeError(err)),
  });

  const columns: ColumnsType<ListItem> = [
    { title: "#", dataIndex: "id", width: 70 },
    {
      title: t("inbox.request"),
      key: "title",
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Typography.Link strong onClick={() => setOpen(r.id)}>
            {r.title}
          </Typography.Link>
          <Space size={4} wrap>
            <StaffKindTag kind={r.kind} />
            <Typography.Text type="secondary">{categoryName(r.category, i18n.language)}</Typography.Text>
            {r.reopenCount > 0 && <Tag color="red">{t("inbox.reopened", { count: r.reopenCount })}</Tag>}
          </Space>
        </Space>
      ),
    },
    {
      title: t("inbox.place"),
      key: "place",
      width: 220,
      render: (_, r) => (
        <span>
          {r.place.address || "—"}
          {r.place.gridName && (
            <Typography.Text type="secondary" style={{ display: "block" }}>
              {r.place.gridName}
            </Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t("inbox.status"),
      key: "status",
      width: 140,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Space size={4}>
            <StaffStatusTag status={r.status} />
            {r.overdue && <Tag color="red">{t("inbox.overdue")}</Tag>}
          </Space>
          {r.routeTo && <Typography.Text type="secondary">→ {label("routeTo", r.routeTo)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t("reqList.solveDue"),
      key: "solveDue",
      width: 140,
      render: (_, r) => dayjs(r.solveDueAt).format("MM-DD HH:mm"),
    },
    {
      title: t("reqList.rating"),
      key: "rating",
      width: 90,
      render: (_, r) =>
        r.rating ? (
          <Tag color={r.rating === "good" ? "green" : r.rating === "poor" ? "red" : "gold"}>
            {label("rating", r.rating)}
          </Tag>
        ) : (
          "—"
        ),
    },
    {
      title: t("reqList.createdAt"),
      key: "createdAt",
      width: 130,
      render: (_, r) => dayjs(r.createdAt).format("MM-DD HH:mm"),
    },
  ];

  return (
    <StaffPage
      title={t("reqList.title")}
      subtitle={t("reqList.subtitle")}
      testId="requests-page"
      extra={
        <Space wrap>
          {hasPermission(me.data, "data.export", communityId) && (
            <Button
              icon={<DownloadOutlined />}
              loading={exportList.isPending}
              onClick={() => exportList.mutate()}
              data-testid="export-requests"
            >
              {t("reqList.export")}
            </Button>
          )}
          {hasPermission(me.data, "requests.on_behalf", communityId) && (
            <Button icon={<FormOutlined />} onClick={() => navigate("/staff/on-behalf")}>
              {t("onBehalf.title")}
            </Button>
          )}
        </Space>
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="request-filters">
        <Select
          allowClear
          placeholder={t("reqList.status")}
          style={{ width: 130 }}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={STATUSES.map((s) => ({ value: s, label: label("reqStatus", s) }))}
        />
        <Select
          allowClear
          placeholder={t("reqList.kind")}
          style={{ width: 120 }}
          value={filters.kind}
          onChange={(kind) => set({ kind })}
          options={KINDS.map((k) => ({ value: k, label: label("reqKind", k) }))}
        />
        <Select
          allowClear
          placeholder={t("reqList.category")}
          style={{ width: 150 }}
          value={filters.categoryId}
          onChange={(categoryId) => set({ categoryId })}
          options={(categories.data ?? []).map((c) => ({
            value: c.id,
            label: categoryName(c, i18n.language),
          }))}
        />
        <Select
          allowClear
          placeholder={t("reqList.grid")}
          style={{ width: 140 }}
          value={filters.gridId}
          onChange={(gridId) => set({ gridId })}
          options={(tree.data?.grids ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <Select
          allowClear
          placeholder={t("reqList.routeTo")}
          style={{ width: 140 }}
          value={filters.routeTo}
          onChange={(routeTo) => set({ routeTo })}
          options={ROUTES.map((r) => ({ value: r, label: label("routeTo", r) }))}
        />
        <Space>
          <Switch
            checked={!!filters.overdue}
            onChange={(overdue) => set({ overdue })}
            data-testid="filter-overdue"
          />
          <span>{t("reqList.overdueOnly")}</span>
        </Space>
        <Button onClick={() => setFilters({})}>{t("reqList.clear")}</Button>
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ListItem>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 1000 }}
        rowClassName={(r) => (r.overdue ? "s-row-overdue" : "")}
        onRow={(r) =>
          ({
            "data-testid": `request-row-${r.id}`,
            onDoubleClick: () => setOpen(r.id),
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("reqList.empty")} /> }}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t("common.loadMore")}
          </Button>
        </Flex>
      )}
      {open != null && (
        <RequestDrawer
          communityId={linked && open === linked.id ? linked.communityId : communityId}
          requestId={open}
          onClose={() => {
            setOpen(null);
            if (linked) navigate("/staff/requests", { replace: true });
          }}
        />
      )}
    </StaffPage>
  );
}

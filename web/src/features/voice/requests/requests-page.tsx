// 诉求列表: every request in the worker's places, newest first, searched by keyword and submission
// days and filtered by what its columns show (status, kind, category, grid, who it is routed to,
// overdue); the search and the page live in the URL. A row opens the request in a drawer; opening
// /staff/requests/:communityId/:requestId (the link in notifications) opens that one. Rows can be
// selected for 批量签收 / 批量分派; 导出 Excel downloads the list with the current filters (for those
// who may export data).
import { FormOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, Empty, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { useCursorParams, useListParams, useSelection } from "../../../shared/staff/list-state";
import {
  CursorPager,
  DateRangeFilter,
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  SelectionBar,
  type StaffColumn,
  SwitchFilter,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { BatchActions } from "./batch-actions";
import { RequestDrawer } from "./request-drawer";
import {
  type CategoryRef,
  categoryName,
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

const PAGE_SIZE = 50;

export function RequestsPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const params = useParams();
  const me = useMe();
  const { communityId, communities, setCommunityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const categories = useCategories(communityId, true);
  const list = useListParams();
  const pager = useCursorParams(list);
  const filters: ListFilters = {
    q: list.str("q"),
    from: list.str("from"),
    to: list.str("to"),
    // a value of the list, or nothing (a URL may say anything)
    status: STATUSES.find((v) => v === list.str("status")),
    kind: KINDS.find((v) => v === list.str("kind")),
    categoryId: list.num("categoryId"),
    gridId: list.num("gridId"),
    routeTo: ROUTES.find((v) => v === list.str("routeTo")),
    overdue: list.bool("overdue"),
  };
  const linked =
    params.communityId && params.requestId
      ? { communityId: Number(params.communityId), id: Number(params.requestId) }
      : null;
  const [open, setOpen] = useState<number | null>(linked?.id ?? null);
  const selection = useSelection(list);
  const selected = selection.ids;
  const canHandle = hasPermission(me.data, "requests.handle", communityId);

  // a link to another community of mine switches the console to it
  useEffect(() => {
    if (linked && linked.communityId !== communityId && communities.some((c) => c.id === linked.communityId))
      setCommunityId(linked.communityId);
  }, [linked, communityId, communities, setCommunityId]);

  const query = listQuery(filters);
  const page = useQuery({
    queryKey: ["requests", communityId, "list", query, pager.cursor],
    queryFn: () =>
      api.get<RequestList>(`/communities/${communityId}/requests`, {
        ...query,
        cursor: pager.cursor,
        limit: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const rows = page.data?.items ?? [];
  const signable = rows.filter((r) => selected.includes(r.id) && r.status === "submitted").length;

  const allColumns: StaffColumn<ListItem>[] = [
    { title: "#", key: "id", dataIndex: "id", width: 70 },
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
  const table = useColumnSettings<ListItem>("requests", allColumns);

  return (
    <StaffPage
      title={t("reqList.title")}
      subtitle={t("reqList.subtitle")}
      testId="requests-page"
      extra={
        <Space wrap>
          {hasPermission(me.data, "data.export", communityId) && (
            <ExportButton
              path={`/communities/${communityId}/requests/export.xlsx`}
              query={query}
              fallbackName="requests.xlsx"
              testId="export-requests"
            />
          )}
          {hasPermission(me.data, "requests.on_behalf", communityId) && (
            <Button icon={<FormOutlined />} onClick={() => navigate("/staff/on-behalf")}>
              {t("onBehalf.title")}
            </Button>
          )}
        </Space>
      }
    >
      <ListToolbar testId="request-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("staffReq.keywordPlaceholder")} />
        <DateRangeFilter list={list} label={t("staffReq.rangeLabel")} />
        <SelectFilter
          label={t("reqList.status")}
          width={130}
          value={filters.status}
          onChange={(status) => list.set({ status })}
          options={STATUSES.map((v) => ({ value: v, label: label("reqStatus", v) }))}
          testId="filter-status"
        />
        <SelectFilter
          label={t("reqList.kind")}
          width={120}
          value={filters.kind}
          onChange={(kind) => list.set({ kind })}
          options={KINDS.map((k) => ({ value: k, label: label("reqKind", k) }))}
        />
        <SelectFilter
          label={t("reqList.category")}
          width={150}
          value={filters.categoryId}
          onChange={(categoryId) => list.set({ categoryId })}
          options={(categories.data ?? []).map((c) => ({
            value: c.id,
            label: categoryName(c as CategoryRef, i18n.language),
          }))}
        />
        <SelectFilter
          label={t("reqList.grid")}
          value={filters.gridId}
          onChange={(gridId) => list.set({ gridId })}
          options={(tree.data?.grids ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <SelectFilter
          label={t("reqList.routeTo")}
          value={filters.routeTo}
          onChange={(routeTo) => list.set({ routeTo })}
          options={ROUTES.map((r) => ({ value: r, label: label("routeTo", r) }))}
        />
        <SwitchFilter
          label={t("reqList.overdueOnly")}
          checked={!!filters.overdue}
          onChange={(overdue) => list.set({ overdue })}
          testId="filter-overdue"
        />
        <Button onClick={() => list.reset()}>{t("reqList.clear")}</Button>
      </ListToolbar>
      {canHandle && (
        <SelectionBar count={selected.length} onClear={() => selection.clear()}>
          <BatchActions
            communityId={communityId}
            ids={selected}
            signable={signable}
            onDone={() => selection.clear()}
          />
        </SelectionBar>
      )}
      {page.isError && <ErrorAlert error={page.error} onRetry={() => page.refetch()} />}
      <Table<ListItem>
        rowKey="id"
        columns={table.columns}
        dataSource={rows}
        loading={page.isPending || page.isPlaceholderData}
        pagination={false}
        scroll={{ x: 1000 }}
        rowSelection={
          canHandle
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => selection.set(keys as number[]),
                getCheckboxProps: (r) => ({ "aria-label": `${t("staffList.selectRow")} #${r.id}` }),
                columnTitle: undefined,
              }
            : undefined
        }
        rowClassName={(r) => (r.overdue ? "s-row-overdue" : "")}
        onRow={(r) =>
          ({
            "data-testid": `request-row-${r.id}`,
            onDoubleClick: () => setOpen(r.id),
          }) as React.HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: page.isPending ? " " : <Empty description={t("reqList.empty")} /> }}
      />
      <CursorPager
        page={pager.page}
        hasNext={page.data?.nextCursor != null}
        onPrev={pager.prev}
        onNext={() => page.data?.nextCursor != null && pager.next(page.data.nextCursor)}
      />
      {open != null && (
        <RequestDrawer
          communityId={linked && open === linked.id ? linked.communityId : communityId}
          requestId={open}
          onClose={() => {
            setOpen(null);
            if (linked)
              navigate({ pathname: "/staff/requests", search: list.params.toString() }, { replace: true });
          }}
        />
      )}
    </StaffPage>
  );
}

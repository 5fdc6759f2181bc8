// 工单: the grid worker's inbox — open items in their places, nearest deadline first, with live
// countdowns (red once overdue), and 签收 / 分派 on the row itself: a worker with 400 households
// should not have to open every item. Searched by keyword, submission days and grid (kept in the
// URL with the page); selected rows are signed for or routed together (批量签收 / 批量分派). Property staff and co-building units see what is routed to
// them, with 办结 on the row.
import { CheckOutlined, FormOutlined, PictureOutlined, ReloadOutlined } from "@ant-design/icons";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api, describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { useCursorParams, useListParams, useSelection } from "../../../shared/staff/list-state";
import {
  CursorPager,
  DateRangeFilter,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  SelectionBar,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { BatchActions } from "./batch-actions";
import { countdown, dueFromSecondsLeft, useNow } from "./countdown";
import { RequestDrawer } from "./request-drawer";
import {
  type AssignedItem,
  type AssignedList,
  categoryName,
  type InboxFilters,
  type InboxItem,
  type InboxList,
  signRequest,
} from "./requests-api";
import { ResolveModal } from "./resolve-modal";
import { RouteMenu } from "./route-menu";
import { StaffKindTag, StaffStatusTag } from "./staff-tags";

function DueTag(props: { due: number; now: number; what?: string }) {
  const c = countdown(props.due, props.now);
  return (
    <Tooltip title={dayjs(props.due).format("YYYY-MM-DD HH:mm")}>
      <Tag
        color={c.overdue ? "red" : c.soon ? "orange" : "default"}
        className={c.overdue ? "s-due is-overdue" : "s-due"}
        data-testid="countdown"
        data-overdue={c.overdue}
      >
        {props.what ? `${props.what} · ` : ""}
        {c.text}
      </Tag>
    </Tooltip>
  );
}

function SignButton(props: { communityId: number; id: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sign = useMutation({
    mutationFn: () => signRequest(props.communityId, props.id),
    onSuccess: () => {
      message.success(t("inbox.signed"));
      void qc.invalidateQueries({ queryKey: ["inbox"] });
      void qc.invalidateQueries({ queryKey: ["requests"] });
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Button
      type="primary"
      size="small"
      icon={<CheckOutlined />}
      loading={sign.isPending}
      onClick={() => sign.mutate()}
      data-testid="sign"
    >
      {t("inbox.sign")}
    </Button>
  );
}

type Row = InboxItem & { due: number };

const PAGE_SIZE = 50;

function Inbox(props: { communityId: number; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const now = useNow(1000);
  const tree = usePlaceTree(props.communityId);
  const list = useListParams();
  const pager = useCursorParams(list);
  const selection = useSelection(list);
  const filters: InboxFilters = {
    q: list.str("q"),
    from: list.str("from"),
    to: list.str("to"),
    gridId: list.num("gridId"),
  };
  const inbox = useQuery({
    queryKey: ["inbox", props.communityId, filters, pager.cursor],
    queryFn: async () => {
      const page = await api.get<InboxList>(`/communities/${props.communityId}/inbox`, {
        ...filters,
        cursor: pager.cursor,
        limit: PAGE_SIZE,
      });
      const at = Date.now();
      return {
        ...page,
        items: page.items.map((i) => ({ ...i, due: dueFromSecondsLeft(i.secondsLeft, at) })),
      };
    },
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
    staleTime: 0,
  });
  const rows: Row[] = inbox.data?.items ?? [];
  const overdue = rows.filter((r) => r.due < now).length;
  const signable = rows.filter((r) => selection.ids.includes(r.id) && r.status === "submitted").length;

  const columns: StaffColumn<Row>[] = [
    {
      title: t("inbox.deadline"),
      key: "due",
      width: 190,
      render: (_, r) => (
        <DueTag
          due={r.due}
          now={now}
          what={r.deadlineKind === "sign" ? t("inbox.toSign") : t("inbox.toSolve")}
        />
      ),
    },
    {
      title: t("inbox.request"),
      key: "title",
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Typography.Link onClick={() => props.onOpen(r.id)} data-testid="open-request" strong>
            {r.title}
          </Typography.Link>
          <Space size={4} wrap>
            <StaffKindTag kind={r.kind} />
            <Typography.Text type="secondary">{categoryName(r.category, i18n.language)}</Typography.Text>
            {r.photoCount > 0 && (
              <Typography.Text type="secondary">
                <PictureOutlined /> {r.photoCount}
              </Typography.Text>
            )}
            {r.reopenCount > 0 && <Tag color="red">{t("inbox.reopened", { count: r.reopenCount })}</Tag>}
            {r.channel !== "app" && <Tag>{label("channel", r.channel)}</Tag>}
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
      width: 130,
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <StaffStatusTag status={r.status} />
          {r.routeTo && <Typography.Text type="secondary">→ {label("routeTo", r.routeTo)}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t("inbox.actions"),
      key: "actions",
      width: 190,
      fixed: "right",
      render: (_, r) => (
        <Space wrap size={6}>
          {r.status === "submitted" && <SignButton communityId={props.communityId} id={r.id} />}
          <RouteMenu communityId={props.communityId} requestId={r.id} current={r.routeTo} />
        </Space>
      ),
    },
  ];

  const table = useColumnSettings<Row>("inbox", columns);

  return (
    <div data-testid="inbox">
      <ListToolbar
        testId="inbox-filters"
        extra={
          <>
            {table.button}
            <Button icon={<ReloadOutlined />} onClick={() => inbox.refetch()} loading={inbox.isRefetching}>
              {t("inbox.refresh")}
            </Button>
          </>
        }
      >
        <Tag color="blue" className="s-count" data-testid="open-count">
          {t("inbox.openCount", { count: rows.length })}
        </Tag>
        <Tag color={overdue > 0 ? "red" : "default"} className="s-count" data-testid="overdue-count">
          {t("inbox.overdueCount", { count: overdue })}
        </Tag>
        <KeywordFilter list={list} placeholder={t("staffReq.keywordPlaceholder")} width={260} />
        <DateRangeFilter list={list} label={t("staffReq.rangeLabel")} />
        {(tree.data?.grids.length ?? 0) > 1 && (
          <SelectFilter
            label={t("inbox.allGrids")}
            width={160}
            value={filters.gridId}
            onChange={(gridId) => list.set({ gridId })}
            options={(tree.data?.grids ?? []).map((g) => ({ value: g.id, label: g.name }))}
          />
        )}
      </ListToolbar>
      <SelectionBar count={selection.ids.length} onClear={selection.clear}>
        <BatchActions
          communityId={props.communityId}
          ids={selection.ids}
          signable={signable}
          onDone={selection.clear}
        />
      </SelectionBar>
      {inbox.isError && <ErrorAlert error={inbox.error} onRetry={() => inbox.refetch()} />}
      <Table<Row>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={rows}
        loading={inbox.isPending || inbox.isPlaceholderData}
        pagination={false}
        scroll={{ x: 980 }}
        rowSelection={{
          selectedRowKeys: selection.ids,
          onChange: (keys) => selection.set(keys as number[]),
          getCheckboxProps: (r) => ({ "aria-label": `${t("staffList.selectRow")} #${r.id}` }),
        }}
        rowClassName={(r) => (r.due < now ? "s-row-overdue" : "")}
        onRow={(r) => ({ "data-testid": `inbox-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: inbox.isPending ? " " : <Empty description={t("inbox.empty")} /> }}
      />
      <CursorPager
        page={pager.page}
        hasNext={inbox.data?.nextCursor != null}
        onPrev={pager.prev}
        onNext={() => inbox.data?.nextCursor != null && pager.next(inbox.data.nextCursor)}
      />
    </div>
  );
}

type AssignedRow = AssignedItem & { due: number };

/** What is routed to the company or unit I act for (property staff, co-building units). */
function Assigned(props: { communityId: number; onOpen: (id: number) => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const now = useNow(1000);
  const [resolving, setResolving] = useState<AssignedRow | null>(null);
  const assigned = useQuery({
    queryKey: ["assigned"],
    queryFn: async () => {
      const res = await api.get<AssignedList>("/me/assigned-requests", { limit: 200 });
      const at = Date.now();
      return res.items.map((i) => ({ ...i, due: dueFromSecondsLeft(i.secondsLeft, at) }));
    },
    refetchInterval: 60_000,
    staleTime: 0,
  });
  const rows = (assigned.data ?? []).filter((r) => r.communityId === props.communityId);
  const columns: ColumnsType<AssignedRow> = [
    {
      title: t("inbox.deadline"),
      key: "due",
      width: 190,
      render: (_, r) =>
        r.status === "signed" ? (
          <DueTag due={r.due} now={now} what={t("inbox.toSolve")} />
        ) : (
          <StaffStatusTag status={r.status} />
        ),
    },
    {
      title: t("inbox.request"),
      key: "title",
      render: (_, r) => (
        <Space direction="vertical" size={2}>
          <Typography.Link onClick={() => props.onOpen(r.id)} strong data-testid="open-request">
            {r.title}
          </Typography.Link>
          <Space size={4}>
            <StaffKindTag kind={r.kind} />
            <Typography.Text type="secondary">{categoryName(r.category, i18n.language)}</Typography.Text>
          </Space>
        </Space>
      ),
    },
    { title: t("inbox.place"), key: "place", width: 240, render: (_, r) => r.place.address || "—" },
    {
      title: t("inbox.routedTo"),
      key: "route",
      width: 120,
      render: (_, r) => (r.routeTo ? label("routeTo", r.routeTo) : "—"),
    },
    {
      title: t("inbox.actions"),
      key: "actions",
      width: 120,
      fixed: "right",
      render: (_, r) =>
        r.status === "signed" ? (
          <Button type="primary" size="small" onClick={() => setResolving(r)} data-testid="resolve">
            {t("drawer.resolve")}
          </Button>
        ) : null,
    },
  ];
  return (
    <div data-testid="assigned">
      {assigned.isError && <ErrorAlert error={assigned.error} onRetry={() => assigned.refetch()} />}
      <Table<AssignedRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={assigned.isPending}
        pagination={false}
        scroll={{ x: 860 }}
        onRow={(r) => ({ "data-testid": `assigned-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: assigned.isPending ? " " : <Empty description={t("inbox.assignedEmpty")} /> }}
      />
      {resolving && (
        <ResolveModal
          communityId={resolving.communityId}
          requestId={resolving.id}
          title={resolving.title}
          onClose={() => setResolving(null)}
        />
      )}
    </div>
  );
}

export function InboxPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { communityId } = useCommunity();
  const [open, setOpen] = useState<number | null>(null);
  const handles = hasPermission(me.data, "requests.handle", communityId);
  const resolvesOnly = !handles && hasPermission(me.data, "requests.resolve", communityId);
  const onBehalf = hasPermission(me.data, "requests.on_behalf", communityId);
  return (
    <StaffPage
      title={handles ? t("inbox.title") : t("inbox.assignedTitle")}
      subtitle={handles ? t("inbox.subtitle") : t("inbox.assignedSubtitle")}
      testId="inbox-page"
      extra={
        onBehalf && (
          <Button
            icon={<FormOutlined />}
            onClick={() => navigate("/staff/on-behalf")}
            data-testid="go-on-behalf"
          >
            {t("onBehalf.title")}
          </Button>
        )
      }
    >
      {handles && <Inbox communityId={communityId} onOpen={setOpen} />}
      {resolvesOnly && <Assigned communityId={communityId} onOpen={setOpen} />}
      {!handles && !resolvesOnly && <Empty description={t("inbox.noAccess")} />}
      {open != null && (
        <RequestDrawer communityId={communityId} requestId={open} onClose={() => setOpen(null)} />
      )}
    </StaffPage>
  );
}

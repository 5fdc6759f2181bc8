// 认领管理 (V3): the claims of needs and micro-wishes in the staff member's places (a grid worker: their
// grids), newest first — who claimed (masked phone), as what, the promise date with 已超期 in red once
// past, the reminders the deadline sweep sent, the status — with filters, a link that opens the request,
// and 释放认领 (with a reason) where the staff member may handle the place (server: claims module).
// Searched by keyword and claim days, kept in the URL with the page; 导出 Excel carries the filters.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Empty, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { useCursorParams, useListParams } from "../../../shared/staff/list-state";
import {
  CursorPager,
  DateRangeFilter,
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  SwitchFilter,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ReleaseClaimModal } from "../../../shared/ui/release-claim-modal";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  CLAIM_AS,
  CLAIM_STATUSES,
  type StaffClaimFilters,
  type StaffClaimRow,
  staffClaims,
  staffClaimsQuery,
} from "./claims-api";

/** A value of the list, or nothing (a URL may say anything). */
const oneOf = <T extends string>(list: readonly T[], v: string | undefined) => list.find((x) => x === v);

export function ClaimsStaffPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const me = useMe();
  const { communityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const list = useListParams();
  const pager = useCursorParams(list);
  const filters: StaffClaimFilters = {
    q: list.str("q"),
    from: list.str("from"),
    to: list.str("to"),
    status: oneOf(CLAIM_STATUSES, list.str("status")),
    claimedAs: oneOf(CLAIM_AS, list.str("claimedAs")),
    gridId: list.num("gridId"),
    overdue: list.bool("overdue"),
  };
  const [releasing, setReleasing] = useState<StaffClaimRow | null>(null);

  const page = useQuery({
    queryKey: ["staff-claims", communityId, filters, pager.cursor],
    queryFn: () => staffClaims(communityId, filters, pager.cursor),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const rows = page.data?.items ?? [];
  const at = (d: string) => dayjs(d).format("MM-DD HH:mm");

  const columns: StaffColumn<StaffClaimRow>[] = [
    {
      title: t("staffClaims.request"),
      key: "request",
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <Link to={r.links.request} data-testid={`claim-open-${r.id}`}>
            {label("reqKind", r.kind)} · {r.title}
          </Link>
          <Typography.Text type="secondary">
            {i18n.language === "en" ? r.category.nameEn : r.category.nameZh}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t("staffClaims.place"),
      key: "place",
      width: 180,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.place.address || "—"}</span>
          {r.place.gridName && <Typography.Text type="secondary">{r.place.gridName}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t("staffClaims.claimant"),
      key: "claimant",
      width: 170,
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <span>{r.claimantName}</span>
          {r.claimantPhone && <Typography.Text type="secondary">{r.claimantPhone}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t("staffClaims.claimedAs"),
      key: "as",
      width: 130,
      render: (_, r) => (
        <span>
          {label("claimantKind", r.claimedAs)}
          {r.orgName ? ` · ${r.orgName}` : ""}
        </span>
      ),
    },
    {
      title: t("staffClaims.promise"),
      key: "promise",
      width: 150,
      render: (_, r) => (
        <Space size={4} wrap>
          <span>{r.promiseDate}</span>
          {r.overdue && (
            <Tag color="red" data-testid={`claim-overdue-${r.id}`}>
              {t("staffClaims.overdue")}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t("staffClaims.reminders"),
      key: "reminders",
      width: 170,
      render: (_, r) =>
        r.remindedAt || r.overdueNotifiedAt ? (
          <Space direction="vertical" size={0}>
            {r.remindedAt && (
              <Typography.Text type="secondary">
                {t("staffClaims.reminded", { at: at(r.remindedAt) })}
              </Typography.Text>
            )}
            {r.overdueNotifiedAt && (
              <Typography.Text type="danger">
                {t("staffClaims.overdueNotified", { at: at(r.overdueNotifiedAt) })}
              </Typography.Text>
            )}
          </Space>
        ) : (
          "—"
        ),
    },
    {
      title: t("staffClaims.statusColumn"),
      key: "status",
      width: 100,
      render: (_, r) => (
        <Tag
          color={r.status === "active" ? "processing" : r.status === "fulfilled" ? "success" : "default"}
          data-testid={`claim-status-${r.id}`}
        >
          {r.released ? t("staffClaims.released") : t(`staffClaims.status.${r.status}`)}
        </Tag>
      ),
    },
    {
      title: t("staffClaims.actions"),
      key: "actions",
      width: 110,
      fixed: "right",
      render: (_, r) =>
        r.links.release ? (
          <Button danger size="small" onClick={() => setReleasing(r)} data-testid={`claim-release-${r.id}`}>
            {t("staffClaims.release")}
          </Button>
        ) : null,
    },
  ];

  const table = useColumnSettings<StaffClaimRow>("claims", columns);

  return (
    <StaffPage
      title={t("staffClaims.title")}
      subtitle={t("staffClaims.subtitle")}
      testId="claims-staff-page"
      extra={
        hasPermission(me.data, "data.export", communityId) && (
          <ExportButton
            path={`/communities/${communityId}/claims/export.xlsx`}
            query={staffClaimsQuery(filters)}
            fallbackName="claims.xlsx"
            testId="export-claims"
          />
        )
      }
    >
      <ListToolbar testId="claim-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("staffClaims.keywordPlaceholder")} />
        <DateRangeFilter list={list} label={t("staffClaims.claimedBetween")} />
        <SelectFilter
          label={t("staffClaims.allStatuses")}
          width={130}
          value={filters.status}
          onChange={(status) => list.set({ status })}
          options={CLAIM_STATUSES.map((s) => ({ value: s, label: t(`staffClaims.status.${s}`) }))}
          testId="filter-claim-status"
        />
        <SelectFilter
          label={t("staffClaims.allKinds")}
          width={150}
          value={filters.claimedAs}
          onChange={(claimedAs) => list.set({ claimedAs })}
          options={CLAIM_AS.map((k) => ({ value: k, label: label("claimantKind", k) }))}
        />
        <SelectFilter
          label={t("staffClaims.allGrids")}
          value={filters.gridId}
          onChange={(gridId) => list.set({ gridId })}
          options={(tree.data?.grids ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <SwitchFilter
          label={t("staffClaims.overdueOnly")}
          checked={!!filters.overdue}
          onChange={(overdue) => list.set({ overdue })}
          testId="filter-claim-overdue"
        />
      </ListToolbar>
      {page.isError && <ErrorAlert error={page.error} onRetry={() => page.refetch()} />}
      <Table<StaffClaimRow>
        rowKey="id"
        columns={table.columns}
        dataSource={rows}
        loading={page.isPending || page.isPlaceholderData}
        pagination={false}
        scroll={{ x: 1150 }}
        rowClassName={(r) => (r.overdue ? "s-row-overdue" : "")}
        onRow={(r) => ({ "data-testid": `claim-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: page.isPending ? " " : <Empty description={t("staffClaims.empty")} /> }}
      />
      <CursorPager
        page={pager.page}
        hasNext={page.data?.nextCursor != null}
        onPrev={pager.prev}
        onNext={() => page.data?.nextCursor != null && pager.next(page.data.nextCursor)}
      />
      {releasing && (
        <ReleaseClaimModal
          communityId={communityId}
          claimId={releasing.id}
          title={releasing.title}
          onClose={() => setReleasing(null)}
          onReleased={() => void qc.invalidateQueries({ queryKey: ["staff-claims", communityId] })}
        />
      )}
    </StaffPage>
  );
}

// 认领管理 (V3): the claims of needs and micro-wishes in the staff member's places (a grid worker: their
// grids), newest first — who claimed (masked phone), as what, the promise date with 已超期 in red once
// past, the reminders the deadline sweep sent, the status — with filters, a link that opens the request,
// and 释放认领 (with a reason) where the staff member may handle the place (server: claims module).
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Empty, Flex, Select, Space, Switch, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ReleaseClaimModal } from "../../../shared/ui/release-claim-modal";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  CLAIM_AS,
  CLAIM_STATUSES,
  type StaffClaimFilters,
  type StaffClaimRow,
  staffClaims,
} from "./claims-api";

export function ClaimsStaffPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const [filters, setFilters] = useState<StaffClaimFilters>({});
  const [releasing, setReleasing] = useState<StaffClaimRow | null>(null);
  const set = (patch: Partial<StaffClaimFilters>) => setFilters((f) => ({ ...f, ...patch }));

  const list = useInfiniteQuery({
    queryKey: ["staff-claims", communityId, filters],
    queryFn: ({ pageParam }) => staffClaims(communityId, filters, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const at = (d: string) => dayjs(d).format("MM-DD HH:mm");

  const columns: ColumnsType<StaffClaimRow> = [
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

  return (
    <StaffPage title={t("staffClaims.title")} subtitle={t("staffClaims.subtitle")} testId="claims-staff-page">
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="claim-filters">
        <Select
          allowClear
          placeholder={t("staffClaims.allStatuses")}
          style={{ width: 130 }}
          value={filters.status}
          onChange={(status) => set({ status })}
          options={CLAIM_STATUSES.map((s) => ({ value: s, label: t(`staffClaims.status.${s}`) }))}
          data-testid="filter-claim-status"
        />
        <Select
          allowClear
          placeholder={t("staffClaims.allKinds")}
          style={{ width: 150 }}
          value={filters.claimedAs}
          onChange={(claimedAs) => set({ claimedAs })}
          options={CLAIM_AS.map((k) => ({ value: k, label: label("claimantKind", k) }))}
        />
        <Select
          allowClear
          placeholder={t("staffClaims.allGrids")}
          style={{ width: 140 }}
          value={filters.gridId}
          onChange={(gridId) => set({ gridId })}
          options={(tree.data?.grids ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
        <Space>
          <Switch
            checked={!!filters.overdue}
            onChange={(overdue) => set({ overdue })}
            data-testid="filter-claim-overdue"
          />
          <span>{t("staffClaims.overdueOnly")}</span>
        </Space>
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<StaffClaimRow>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={false}
        scroll={{ x: 1150 }}
        rowClassName={(r) => (r.overdue ? "s-row-overdue" : "")}
        onRow={(r) => ({ "data-testid": `claim-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("staffClaims.empty")} /> }}
      />
      {list.hasNextPage && (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t("staffClaims.loadMore")}
          </Button>
        </Flex>
      )}
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

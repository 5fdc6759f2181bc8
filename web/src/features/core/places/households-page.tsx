// 住户: the households the worker reaches, searched by address (estate, building, unit, room — "绿洲一小区",
// "1栋", "1栋301") and filtered by grid, estate and building; the search and the page live in the URL.
// 导出 Excel downloads the list with its filters (addresses, area, grid, resident counts; no person data).
import { Descriptions, Drawer, Empty, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import type { HouseholdRow } from "../../../shared/api/types";
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
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import type { HouseholdMember } from "./places-api";
import { useHousehold, useHouseholds } from "./places-api";

export function HouseholdsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useListParams();
  const paging = usePageParams(list, 20);
  const search = {
    gridId: list.num("gridId"),
    estateId: list.num("estateId"),
    buildingId: list.num("buildingId"),
    q: list.str("q"),
  };
  const households = useHouseholds(communityId, { ...search, page: paging.page, pageSize: paging.pageSize });

  const buildingOptions = useMemo(
    () =>
      (tree.data?.estates ?? [])
        .filter((e) => !search.estateId || e.id === search.estateId)
        .map((e) => ({
          label: e.name,
          title: e.name,
          options: e.buildings
            .filter((b) => !search.gridId || b.gridId === search.gridId)
            .map((b) => ({ label: `${e.name} ${b.name}`, value: b.id })),
        })),
    [tree.data, search.gridId, search.estateId],
  );

  const columns: StaffColumn<HouseholdRow>[] = [
    {
      title: t("households.address"),
      key: "address",
      dataIndex: "address",
      render: (v: string) => <Typography.Link>{v}</Typography.Link>,
    },
    {
      title: t("households.grid"),
      key: "grid",
      dataIndex: "gridName",
      width: 140,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("households.floor"),
      key: "floor",
      dataIndex: "floor",
      width: 80,
      align: "right",
      render: (v: number | null) => v ?? "—",
    },
    { title: t("households.room"), key: "room", dataIndex: "room", width: 90 },
    {
      title: t("households.area"),
      key: "area",
      dataIndex: "areaM2",
      width: 110,
      align: "right",
      render: (v: number | null) => v ?? "—",
    },
    { title: t("households.members"), key: "members", dataIndex: "memberCount", width: 80, align: "right" },
  ];
  const table = useColumnSettings<HouseholdRow>("households", columns);

  return (
    <StaffPage
      title={t("households.title")}
      subtitle={t("common.maskedHint")}
      testId="households-page"
      extra={
        hasPermission(me.data, "data.export", communityId) && (
          <ExportButton
            path={`/communities/${communityId}/exports/households.xlsx`}
            query={search}
            fallbackName="households.xlsx"
            testId="export-households"
          />
        )
      }
    >
      <ListToolbar testId="household-filters" extra={table.button}>
        <KeywordFilter
          list={list}
          placeholder={t("households.searchPlaceholder")}
          width={300}
          testId="household-search"
        />
        <SelectFilter
          label={t("households.filterGrid")}
          width={160}
          value={search.gridId}
          onChange={(gridId) => list.set({ gridId, buildingId: null })}
          options={(tree.data?.grids ?? []).map((g) => ({ label: g.name, value: g.id }))}
          testId="filter-grid"
        />
        <SelectFilter
          label={t("households.estate")}
          width={160}
          value={search.estateId}
          onChange={(estateId) => list.set({ estateId, buildingId: null })}
          options={(tree.data?.estates ?? []).map((e) => ({ label: e.name, value: e.id }))}
          testId="filter-estate"
        />
        <SelectFilter
          label={t("households.filterBuilding")}
          width={220}
          value={search.buildingId}
          onChange={(buildingId) => list.set({ buildingId })}
          options={buildingOptions as never}
          testId="filter-building"
        />
      </ListToolbar>
      {households.isError && <ErrorAlert error={households.error} onRetry={() => households.refetch()} />}
      <Table<HouseholdRow>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={households.data?.items ?? []}
        loading={households.isFetching}
        scroll={{ x: 720 }}
        locale={{ emptyText: households.isPending ? " " : <Empty description={t("households.empty")} /> }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: "pointer" } })}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: households.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t("common.total", { total }),
          onChange: paging.onChange,
        }}
        data-testid="households-table"
      />
      <HouseholdDrawer communityId={communityId} householdId={openId} onClose={() => setOpenId(null)} />
    </StaffPage>
  );
}

function HouseholdDrawer(props: { communityId: number; householdId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const detail = useHousehold(props.communityId, props.householdId);
  const d = detail.data;
  const memberColumns: ColumnsType<HouseholdMember> = [
    { title: t("households.name"), dataIndex: "name" },
    {
      title: t("households.relation"),
      dataIndex: "relation",
      render: (v: string | null) => label("relation", v),
    },
    { title: t("households.gender"), dataIndex: "gender", render: (v: string | null) => label("gender", v) },
    { title: t("households.age"), dataIndex: "age", render: (v: number | null) => v ?? "—" },
    { title: t("households.phone"), dataIndex: "phone", render: (v: string | null) => v ?? "—" },
    {
      title: t("households.careTags"),
      dataIndex: "careTags",
      render: (tags: string[]) =>
        tags.length
          ? tags.map((c) => (
              <Tag key={c} color="orange">
                {label("careTag", c)}
              </Tag>
            ))
          : "—",
    },
  ];
  return (
    <Drawer
      open={props.householdId != null}
      onClose={props.onClose}
      title={d?.address ?? t("households.detailTitle")}
      size="large"
      destroyOnHidden
    >
      {detail.isPending && <Loading />}
      {detail.isError && <ErrorAlert error={detail.error} onRetry={() => detail.refetch()} />}
      {d && (
        <>
          <Descriptions
            column={2}
            size="small"
            bordered
            items={[
              { key: "estate", label: t("households.estate"), children: d.estateName ?? "—" },
              { key: "building", label: t("households.building"), children: d.buildingName ?? "—" },
              { key: "unit", label: t("households.unit"), children: d.unitName ?? "—" },
              { key: "room", label: t("households.room"), children: d.room },
              { key: "floor", label: t("households.floor"), children: d.floor ?? "—" },
              { key: "area", label: t("households.area"), children: d.areaM2 ?? "—" },
              { key: "grid", label: t("households.grid"), children: d.gridName ?? "—", span: 2 },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            {t("households.memberList")}
          </Typography.Title>
          <Table<HouseholdMember>
            rowKey="id"
            size="small"
            pagination={false}
            columns={memberColumns}
            dataSource={d.members}
            scroll={{ x: 560 }}
            locale={{ emptyText: <Empty description={t("households.noMembers")} /> }}
          />
        </>
      )}
    </Drawer>
  );
}

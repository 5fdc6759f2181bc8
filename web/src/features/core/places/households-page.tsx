import { Descriptions, Drawer, Empty, Flex, Input, Select, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { usePlaceTree } from "../../../shared/api/place-tree";
import type { HouseholdRow } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import type { HouseholdMember } from "./places-api";
import { useHousehold, useHouseholds } from "./places-api";

const num = (v: string | null) => (v && Number(v) > 0 ? Number(v) : undefined);

export function HouseholdsPage() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  const [params, setParams] = useSearchParams();
  const tree = usePlaceTree(communityId);
  const [openId, setOpenId] = useState<number | null>(null);
  const filter = {
    gridId: num(params.get("gridId")),
    buildingId: num(params.get("buildingId")),
    q: params.get("q") ?? undefined,
    page: num(params.get("page")) ?? 1,
    pageSize: num(params.get("pageSize")) ?? 20,
  };
  const list = useHouseholds(communityId, filter);

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === "") next.delete(k);
      else next.set(k, String(v));
    }
    if (!("page" in patch)) next.delete("page");
    setParams(next, { replace: true });
  };

  const buildingOptions = useMemo(
    () =>
      (tree.data?.estates ?? []).map((e) => ({
        label: e.name,
        title: e.name,
        options: e.buildings
          .filter((b) => !filter.gridId || b.gridId === filter.gridId)
          .map((b) => ({ label: `${e.name} ${b.name}`, value: b.id })),
      })),
    [tree.data, filter.gridId],
  );

  const columns: ColumnsType<HouseholdRow> = [
    {
      title: t("households.address"),
      dataIndex: "address",
      render: (v: string) => <Typography.Link>{v}</Typography.Link>,
    },
    {
      title: t("households.grid"),
      dataIndex: "gridName",
      width: 140,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("households.floor"),
      dataIndex: "floor",
      width: 80,
      align: "right",
      render: (v: number | null) => v ?? "—",
    },
    { title: t("households.room"), dataIndex: "room", width: 90 },
    {
      title: t("households.area"),
      dataIndex: "areaM2",
      width: 110,
      align: "right",
      render: (v: number | null) => v ?? "—",
    },
    { title: t("households.members"), dataIndex: "memberCount", width: 80, align: "right" },
  ];

  return (
    <StaffPage title={t("households.title")} subtitle={t("common.maskedHint")} testId="households-page">
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          style={{ width: 180 }}
          placeholder={t("households.filterGrid")}
          value={filter.gridId}
          loading={tree.isPending}
          onChange={(v?: number) => update({ gridId: v, buildingId: undefined })}
          options={(tree.data?.grids ?? []).map((g) => ({ label: g.name, value: g.id }))}
          data-testid="filter-grid"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: "label" }}
          style={{ width: 240 }}
          placeholder={t("households.filterBuilding")}
          value={filter.buildingId}
          loading={tree.isPending}
          onChange={(v?: number) => update({ buildingId: v })}
          options={buildingOptions}
          data-testid="filter-building"
        />
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t("households.searchPlaceholder")}
          defaultValue={filter.q}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          data-testid="household-search"
        />
      </Flex>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<HouseholdRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 720 }}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("households.empty")} /> }}
        onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: "pointer" } })}
        pagination={{
          current: filter.page,
          pageSize: filter.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t("common.total", { total }),
          onChange: (page, pageSize) => update({ page, pageSize }),
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

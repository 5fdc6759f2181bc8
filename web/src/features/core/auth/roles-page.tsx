import { useQuery } from "@tanstack/react-query";
import { Empty, Table, Tag } from "antd";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, tablePagination, useListParams } from "../../../shared/staff/list-state";
import {
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import type { RoleAssignment } from "./auth-api";

export function RolesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { communityId, community } = useCommunity();
  const tree = usePlaceTree(communityId);
  const roles = useQuery({
    queryKey: ["communities", communityId, "roles"],
    queryFn: () => api.get<RoleAssignment[]>(`/communities/${communityId}/roles`),
  });

  // Scope ids → names, from the place tree of the community.
  const placeName = useMemo(() => {
    const names = new Map<string, string>();
    names.set(`community:${communityId}`, community.name);
    for (const g of tree.data?.grids ?? []) names.set(`grid:${g.id}`, g.name);
    for (const e of tree.data?.estates ?? []) {
      names.set(`estate:${e.id}`, e.name);
      for (const b of e.buildings) {
        names.set(`building:${b.id}`, `${e.name} ${b.name}`);
        for (const u of b.units) names.set(`unit:${u.id}`, `${e.name} ${b.name} ${u.name}`);
      }
    }
    return names;
  }, [tree.data, communityId, community.name]);

  const list = useListParams();
  const role = list.str("role");
  const scopeOf = (r: RoleAssignment) =>
    placeName.get(`${r.scopeType}:${r.scopeId}`) ?? (r.scopeId != null ? `#${r.scopeId}` : "—");
  const rows = filterRows(roles.data ?? [], list, {
    text: (r) => [r.userName, r.phone, label("role", r.role), scopeOf(r)].filter(Boolean).join(" "),
  }).filter((r) => !role || r.role === role);
  const roleOptions = [...new Set((roles.data ?? []).map((r) => r.role))].map((r) => ({
    value: r,
    label: label("role", r),
  }));

  const columns: StaffColumn<RoleAssignment>[] = [
    { title: t("roles.person"), key: "person", dataIndex: "userName", width: 140 },
    { title: t("roles.phone"), key: "phone", dataIndex: "phone", width: 140 },
    {
      title: t("roles.role"),
      key: "role",
      dataIndex: "role",
      width: 160,
      render: (v: string) => <Tag color="red">{label("role", v)}</Tag>,
    },
    {
      title: t("roles.scopeType"),
      key: "scopeType",
      dataIndex: "scopeType",
      width: 110,
      render: (v: string) => label("scope", v),
    },
    {
      title: t("roles.scope"),
      key: "scope",
      render: (_, r) => scopeOf(r),
    },
  ];
  const table = useColumnSettings<RoleAssignment>("roles", columns);
  return (
    <StaffPage title={t("roles.title")} subtitle={t("roles.subtitle")} testId="roles-page">
      <ListToolbar testId="role-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("roles.keywordPlaceholder")} width={240} />
        <SelectFilter
          label={t("roles.role")}
          width={160}
          value={role}
          onChange={(v) => list.set({ role: v })}
          options={roleOptions}
        />
      </ListToolbar>
      {roles.isError && <ErrorAlert error={roles.error} onRetry={() => roles.refetch()} />}
      <Table<RoleAssignment>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={rows}
        loading={roles.isFetching}
        pagination={tablePagination(list, { defaultSize: 50 })}
        scroll={{ x: 720 }}
        locale={{ emptyText: roles.isPending ? " " : <Empty description={t("roles.empty")} /> }}
      />
    </StaffPage>
  );
}

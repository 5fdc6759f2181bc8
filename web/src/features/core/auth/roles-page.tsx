import { useQuery } from "@tanstack/react-query";
import { Empty, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
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

  const columns: ColumnsType<RoleAssignment> = [
    { title: t("roles.person"), dataIndex: "userName", width: 140 },
    { title: t("roles.phone"), dataIndex: "phone", width: 140 },
    {
      title: t("roles.role"),
      dataIndex: "role",
      width: 160,
      render: (v: string) => <Tag color="red">{label("role", v)}</Tag>,
    },
    {
      title: t("roles.scopeType"),
      dataIndex: "scopeType",
      width: 110,
      render: (v: string) => label("scope", v),
    },
    {
      title: t("roles.scope"),
      key: "scope",
      render: (_, r) =>
        placeName.get(`${r.scopeType}:${r.scopeId}`) ?? (r.scopeId != null ? `#${r.scopeId}` : "—"),
    },
  ];
  return (
    <StaffPage title={t("roles.title")} subtitle={t("roles.subtitle")} testId="roles-page">
      {roles.isError && <ErrorAlert error={roles.error} onRetry={() => roles.refetch()} />}
      <Table<RoleAssignment>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={roles.data ?? []}
        loading={roles.isFetching}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 720 }}
        locale={{ emptyText: roles.isPending ? " " : <Empty description={t("roles.empty")} /> }}
      />
    </StaffPage>
  );
}

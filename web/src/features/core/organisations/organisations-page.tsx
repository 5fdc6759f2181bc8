import type { ZOrganisation, ZPartyMemberList } from "@contract/core/organisations/organisations.schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Empty, Table, Tabs, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, useListParams, usePageParams } from "../../../shared/staff/list-state";
import {
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";

type Organisation = Reply<typeof ZOrganisation>;
type PartyMemberList = Reply<typeof ZPartyMemberList>;
type PartyMember = PartyMemberList["items"][number];
type OrgNode = Organisation & { children?: OrgNode[] };

/** The party organisation tree (社区党委 > 党支部 > 党小组) and the other organisations beside it. */
function nest(orgs: Organisation[]): OrgNode[] {
  const byId = new Map<number, OrgNode>(orgs.map((o) => [o.id, { ...o }]));
  const roots: OrgNode[] = [];
  for (const o of byId.values()) {
    const parent = o.parentId != null ? byId.get(o.parentId) : undefined;
    if (parent) parent.children = [...(parent.children ?? []), o];
    else roots.push(o);
  }
  return roots;
}

export function OrganisationsPage() {
  const { t } = useTranslation();
  const list = useListParams();
  const tab = list.str("tab") === "party" ? "party" : "orgs";
  return (
    <StaffPage title={t("organisations.title")} testId="organisations-page">
      <Tabs
        activeKey={tab}
        onChange={(v) =>
          list.set({ tab: v === "party" ? "party" : null, q: null, kind: null, pageSize: null })
        }
        items={[
          { key: "orgs", label: t("organisations.orgTab"), children: <OrganisationTable /> },
          { key: "party", label: t("organisations.partyTab"), children: <PartyMemberTable /> },
        ]}
      />
    </StaffPage>
  );
}

function OrganisationTable() {
  const { t } = useTranslation();
  const label = useLabel();
  const { communityId } = useCommunity();
  const orgs = useQuery({
    queryKey: ["communities", communityId, "organisations"],
    queryFn: () => api.get<Organisation[]>(`/communities/${communityId}/organisations`),
  });
  const tree = useMemo(() => nest(orgs.data ?? []), [orgs.data]);
  const columns: ColumnsType<OrgNode> = [
    { title: t("organisations.name"), dataIndex: "name" },
    {
      title: t("organisations.kind"),
      key: "kind",
      dataIndex: "kind",
      width: 160,
      render: (v: string) => <Tag>{label("orgKind", v)}</Tag>,
    },
    {
      title: t("organisations.partyTab"),
      dataIndex: "memberCount",
      width: 100,
      align: "right",
      render: (v: number) => (v > 0 ? v : "—"),
    },
    {
      title: t("organisations.contact"),
      dataIndex: "contactName",
      width: 140,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("organisations.contactPhone"),
      dataIndex: "contactPhone",
      width: 150,
      render: (v: string | null) => v ?? "—",
    },
  ];
  return (
    <>
      {orgs.isError && <ErrorAlert error={orgs.error} onRetry={() => orgs.refetch()} />}
      <Table<OrgNode>
        // remount when the data arrives, so the party tree opens fully
        key={orgs.dataUpdatedAt}
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tree}
        loading={orgs.isFetching}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        scroll={{ x: 760 }}
        locale={{ emptyText: orgs.isPending ? " " : <Empty description={t("organisations.emptyOrgs")} /> }}
      />
    </>
  );
}

function PartyMemberTable() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  const list = useListParams();
  const paging = usePageParams(list, 20);
  const members = useQuery({
    queryKey: ["communities", communityId, "party-members", paging.page, paging.pageSize],
    queryFn: () =>
      api.get<PartyMemberList>(`/communities/${communityId}/party-members`, {
        page: paging.page,
        pageSize: paging.pageSize,
      }),
    placeholderData: keepPreviousData,
  });
  const kind = list.str("kind");
  // the keyword and the kind search the page shown
  const rows = filterRows(members.data?.items ?? [], list, {
    text: (m) => [m.name, m.phone, m.branchName, m.sourceOrgName].filter(Boolean).join(" "),
  }).filter((m) => !kind || m.kind === kind);
  const columns: StaffColumn<PartyMember>[] = [
    { title: t("organisations.memberName"), key: "name", dataIndex: "name", width: 120 },
    {
      title: t("organisations.phone"),
      key: "phone",
      dataIndex: "phone",
      width: 140,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("organisations.branch"),
      key: "branch",
      dataIndex: "branchName",
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("organisations.memberKind"),
      key: "kind",
      dataIndex: "kind",
      width: 200,
      render: (v: string) =>
        v === "sinking" ? (
          <Tag color="purple">{t("organisations.kindSinking")}</Tag>
        ) : (
          <Tag color="red">{t("organisations.kindResident")}</Tag>
        ),
    },
    {
      title: t("organisations.sourceOrg"),
      key: "sourceOrgName",
      dataIndex: "sourceOrgName",
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("organisations.centralHousehold"),
      key: "isCentralHousehold",
      dataIndex: "isCentralHousehold",
      width: 120,
      render: (v: boolean) => (v ? <Tag color="gold">{t("organisations.centralHousehold")}</Tag> : "—"),
    },
  ];
  const table = useColumnSettings<PartyMember>("party-members", columns);
  return (
    <>
      <ListToolbar testId="party-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("organisations.keywordPlaceholder")} width={260} />
        <SelectFilter
          label={t("organisations.memberKind")}
          width={160}
          value={kind === "sinking" || kind === "resident" ? kind : undefined}
          onChange={(v) => list.set({ kind: v })}
          options={[
            { value: "resident", label: t("organisations.kindResident") },
            { value: "sinking", label: t("organisations.kindSinking") },
          ]}
        />
      </ListToolbar>
      {members.isError && <ErrorAlert error={members.error} onRetry={() => members.refetch()} />}
      <Table<PartyMember>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={rows}
        loading={members.isFetching}
        scroll={{ x: 900 }}
        locale={{
          emptyText: members.isPending ? " " : <Empty description={t("organisations.emptyParty")} />,
        }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: members.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t("common.total", { total }),
          onChange: paging.onChange,
        }}
      />
    </>
  );
}

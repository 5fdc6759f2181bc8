// 议题管理 (D1, D2): the topics and proposals of the community in the staff member's reach (a grid
// worker: their grids' buildings and estates, and community-wide topics), searched by title and
// filtered by tier, stage, status and estate (kept in the URL), exported to Excel with the same
// filters; 新建议题 raises one — from a request when the request drawer's 转为议题 opened the page
// with ?fromRequest= — at a building, an estate or the whole community, with its template, its
// linkage set (四轴联动 …) and the organisations invited.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Form, Input, Modal, Select, Space, Table, Tag } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { tablePagination, useListParams } from "../../../shared/staff/list-state";
import {
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  createTopic,
  TIERS,
  type Tier,
  type TopicFilters,
  type TopicItem,
  topicsQuery,
  useStaffTopics,
  useTopicSettings,
} from "./topics-api";

const oneOf = <T extends string>(list: readonly T[], v: string | undefined) => list.find((x) => x === v);

interface CreateValues {
  title: string;
  description?: string;
  tier: Tier;
  estateId?: number;
  buildingId?: number;
  templateId?: number;
  participantSetId?: number;
  organisationIds?: number[];
  text?: string;
}

function CreateTopicModal(props: { communityId: number; fromRequest?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const tier = Form.useWatch("tier", form);
  const tree = usePlaceTree(props.communityId);
  const settings = useTopicSettings(props.communityId);
  const save = useMutation({
    mutationFn: (v: CreateValues) =>
      createTopic(props.communityId, {
        title: v.title,
        description: v.description ?? "",
        tier: v.tier,
        estateId: v.tier === "estate" ? v.estateId : null,
        buildingId: v.tier === "building" ? v.buildingId : null,
        templateId: v.templateId,
        participantSetId: v.participantSetId ?? null,
        organisationIds: v.organisationIds ?? [],
        origin: props.fromRequest ? { kind: "request", id: props.fromRequest } : null,
        text: v.text ?? "",
      }),
    onSuccess: (d) => {
      message.success(t("topics.created", { id: d.id }));
      void qc.invalidateQueries({ queryKey: ["staff-topics", props.communityId] });
      navigate(`/staff/topics/${props.communityId}/${d.id}`);
    },
    onError: (err) => message.error(describeError(err)),
  });
  const estates = tree.data?.estates ?? [];
  return (
    <Modal
      open
      title={t("topics.createTitle")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("topics.newTopic")}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ tier: "community" }}
        onFinish={(v) => save.mutate(v)}
        data-testid="topic-create-form"
      >
        {props.fromRequest && (
          <Tag color="blue" style={{ marginBottom: 12 }} data-testid="topic-from-request">
            {t("topics.fOriginRequest", { id: props.fromRequest })}
          </Tag>
        )}
        <Form.Item
          name="title"
          label={t("topics.fTitle")}
          rules={[{ required: true, min: 2, max: 80, message: t("topics.required") }]}
        >
          <Input maxLength={80} data-testid="topic-title-input" />
        </Form.Item>
        <Form.Item name="description" label={t("topics.fDescription")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="tier" label={t("topics.fTier")} rules={[{ required: true }]}>
          <Select
            options={TIERS.map((x) => ({ value: x, label: t(`topics.tier.${x}`) }))}
            data-testid="topic-tier-select"
          />
        </Form.Item>
        {tier === "estate" && (
          <Form.Item
            name="estateId"
            label={t("topics.fEstate")}
            rules={[{ required: true, message: t("topics.required") }]}
          >
            <Select options={estates.map((e) => ({ value: e.id, label: e.name }))} />
          </Form.Item>
        )}
        {tier === "building" && (
          <Form.Item
            name="buildingId"
            label={t("topics.fBuilding")}
            rules={[{ required: true, message: t("topics.required") }]}
          >
            <Select
              showSearch={{ optionFilterProp: "label" }}
              options={estates.flatMap((e) =>
                e.buildings.map((b) => ({ value: b.id, label: `${e.name} ${b.name}` })),
              )}
            />
          </Form.Item>
        )}
        <Form.Item name="templateId" label={t("topics.fTemplate")}>
          <Select
            allowClear
            placeholder={settings.data?.templates.find((x) => x.isDefault)?.name}
            options={(settings.data?.templates ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
        </Form.Item>
        <Form.Item name="participantSetId" label={t("topics.fSet")}>
          <Select
            allowClear
            options={(settings.data?.participantSets ?? []).map((x) => ({ value: x.id, label: x.name }))}
            data-testid="topic-set-select"
          />
        </Form.Item>
        <Form.Item name="organisationIds" label={t("topics.fOrgs")}>
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: "label" }}
            options={(settings.data?.organisations ?? []).map((o) => ({
              value: o.id,
              label: `${o.name}（${t(`topics.partyKind.${o.kind}` as "topics.partyKind.residents", { defaultValue: o.kind })}）`,
            }))}
            data-testid="topic-orgs-select"
          />
        </Form.Item>
        <Form.Item name="text" label={t("topics.fFirstRecord")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TopicsStaffPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const tree = usePlaceTree(communityId);
  const settings = useTopicSettings(communityId);
  const list = useListParams();
  const pageNo = list.num("page") ?? 1;
  const pageSize = list.num("pageSize") ?? 20;
  const filters: TopicFilters = {
    q: list.str("q"),
    tier: oneOf(TIERS, list.str("tier")),
    stageKey: list.str("stageKey"),
    status: oneOf(["proposal", "open"] as const, list.str("status")),
    estateId: list.num("estateId"),
  };
  const fromRequest = list.num("fromRequest");
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (fromRequest) setCreating(true);
  }, [fromRequest]);
  const page = useStaffTopics(communityId, { ...filters, limit: pageSize, offset: (pageNo - 1) * pageSize });
  const canCreate = hasPermission(me.data, "requests.handle", communityId);
  const canConfigure = hasPermission(me.data, "requests.configure", communityId);
  const defaultTemplate = settings.data?.templates.find((x) => x.isDefault);
  const name = (s: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? s.nameEn : s.nameZh);

  const columns: StaffColumn<TopicItem>[] = [
    { title: t("topics.colId"), key: "id", width: 70, render: (_, r) => `#${r.id}` },
    {
      title: t("topics.colTitle"),
      key: "title",
      render: (_, r) => (
        <Link to={`/staff/topics/${r.communityId}/${r.id}`} data-testid={`topic-open-${r.id}`}>
          {r.title}
        </Link>
      ),
    },
    { title: t("topics.colTier"), key: "tier", width: 100, render: (_, r) => t(`topics.tier.${r.tier}`) },
    { title: t("topics.colPlace"), key: "place", width: 180, render: (_, r) => r.placeName },
    {
      title: t("topics.colStage"),
      key: "stage",
      width: 120,
      render: (_, r) => <Tag color="blue">{name(r.stage)}</Tag>,
    },
    {
      title: t("topics.colStatus"),
      key: "status",
      width: 110,
      render: (_, r) => (
        <Tag color={r.status === "proposal" ? "gold" : "green"}>{t(`topics.status.${r.status}`)}</Tag>
      ),
    },
    { title: t("topics.colSupports"), key: "supports", width: 100, render: (_, r) => r.supports },
    {
      title: t("topics.colOrigin"),
      key: "origin",
      width: 110,
      render: (_, r) => t(`topics.origin.${r.originKind}`),
    },
    {
      title: t("topics.colCreated"),
      key: "created",
      width: 140,
      render: (_, r) => dayjs(r.createdAt).format("YYYY-MM-DD HH:mm"),
    },
  ];
  const table = useColumnSettings<TopicItem>("topics", columns);

  return (
    <StaffPage
      title={t("topics.staffTitle")}
      subtitle={t("topics.staffSubtitle")}
      testId="topics-staff-page"
      extra={
        <Space wrap>
          {canConfigure && <Link to="/staff/topics/settings">{t("topics.settingsMenu")}</Link>}
          {hasPermission(me.data, "data.export", communityId) && (
            <ExportButton
              path={`/communities/${communityId}/topics/export.xlsx`}
              query={topicsQuery(filters)}
              fallbackName="topics.xlsx"
              testId="export-topics"
            />
          )}
          {canCreate && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-topic">
              {t("topics.newTopic")}
            </Button>
          )}
        </Space>
      }
    >
      <ListToolbar testId="topic-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("topics.keyword")} />
        <SelectFilter
          label={t("topics.allTiers")}
          value={filters.tier}
          onChange={(tier) => list.set({ tier })}
          options={TIERS.map((x) => ({ value: x, label: t(`topics.tier.${x}`) }))}
        />
        <SelectFilter
          label={t("topics.allStages")}
          value={filters.stageKey}
          onChange={(stageKey) => list.set({ stageKey })}
          options={(defaultTemplate?.stages ?? []).map((s) => ({ value: s.key, label: name(s) }))}
        />
        <SelectFilter
          label={t("topics.allStatuses")}
          value={filters.status}
          onChange={(status) => list.set({ status })}
          options={(["proposal", "open"] as const).map((s) => ({ value: s, label: t(`topics.status.${s}`) }))}
        />
        <SelectFilter
          label={t("topics.fEstate")}
          value={filters.estateId}
          onChange={(estateId) => list.set({ estateId })}
          options={(tree.data?.estates ?? []).map((e) => ({ value: e.id, label: e.name }))}
        />
      </ListToolbar>
      {page.isError && <ErrorAlert error={page.error} onRetry={() => page.refetch()} />}
      <Table<TopicItem>
        rowKey="id"
        columns={table.columns}
        dataSource={page.data?.items ?? []}
        loading={page.isPending}
        scroll={{ x: 1100 }}
        pagination={{
          ...tablePagination(list, { total: (n) => t("topics.total", { count: n }) }),
          total: page.data?.total ?? 0,
        }}
        onRow={(r) => ({ "data-testid": `topic-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: page.isPending ? " " : <Empty description={t("topics.staffEmpty")} /> }}
      />
      {creating && (
        <CreateTopicModal
          communityId={communityId}
          fromRequest={fromRequest}
          onClose={() => {
            setCreating(false);
            if (fromRequest) list.set({ fromRequest: null });
          }}
        />
      )}
    </StaffPage>
  );
}

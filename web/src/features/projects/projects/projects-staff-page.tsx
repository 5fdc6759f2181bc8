// 共建项目 in the console (P1): the board of the community's projects in the staff member's reach by
// status (筹备中 → 已评议), searched by name and filtered by status and scope (kept in the URL),
// exported to Excel with the same filters; 新建项目 raises one — from a topic's resolution when the
// topic's page opened this page with ?fromTopic=, from a contest entry (签约立项: the server adopts it and
// keeps the link) with ?fromEntry= (and ?community=, the entry's) — with its funding sources, targets
// and budget.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from "antd";
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
  createProject,
  type NewProject,
  type ProjectFilters,
  type ProjectItem,
  projectsQuery,
  STATUSES,
  useStaffProjects,
  yuan,
} from "./projects-api";

const oneOf = <T extends string>(list: readonly T[], v: string | undefined) => list.find((x) => x === v);
const TIERS = ["community", "estate", "building"] as const;
const SOURCE_KINDS = ["community", "co_building_unit", "government", "residents", "other"] as const;
const toFen = (yuanAmount: number | null | undefined) => Math.round((yuanAmount ?? 0) * 100);

interface CreateValues {
  title: string;
  summary?: string;
  plan?: string;
  tier: (typeof TIERS)[number];
  estateId?: number;
  buildingId?: number;
  isPublic?: boolean;
  sources?: { kind: (typeof SOURCE_KINDS)[number]; label: string; yuan: number }[];
  lines?: { name: string; yuan: number }[];
  moneyYuan?: number;
  labourHours?: number;
  labourSkill?: string;
  goodsQuantity?: number;
  goodsItem?: string;
  ideas?: number;
}

function CreateProjectModal(props: {
  communityId: number;
  fromTopic?: number;
  fromEntry?: number;
  title?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<CreateValues>();
  const tier = Form.useWatch("tier", form);
  const tree = usePlaceTree(props.communityId);
  const save = useMutation({
    mutationFn: (v: CreateValues) => {
      const targets: NewProject["targets"] = [];
      if (v.moneyYuan) targets.push({ kind: "money", quantity: toFen(v.moneyYuan) });
      if (v.labourHours) targets.push({ kind: "labour", item: v.labourSkill ?? "", quantity: v.labourHours });
      if (v.goodsQuantity)
        targets.push({ kind: "goods", item: v.goodsItem ?? "", quantity: v.goodsQuantity });
      if (v.ideas) targets.push({ kind: "ideas", quantity: v.ideas });
      return createProject(props.communityId, {
        title: v.title,
        summary: v.summary ?? "",
        plan: v.plan ?? "",
        tier: v.tier,
        estateId: v.tier === "estate" ? v.estateId : null,
        buildingId: v.tier === "building" ? v.buildingId : null,
        isPublic: v.isPublic ?? false,
        origin: props.fromTopic
          ? { kind: "topic", id: props.fromTopic }
          : props.fromEntry
            ? { kind: "contest_entry", id: props.fromEntry }
            : null,
        fundingSources: (v.sources ?? []).map((s) => ({
          kind: s.kind,
          label: s.label,
          plannedFen: toFen(s.yuan),
        })),
        budgetLines: (v.lines ?? []).map((l) => ({ name: l.name, amountFen: toFen(l.yuan) })),
        targets,
      });
    },
    onSuccess: (d) => {
      message.success(t("projects.created", { id: d.id }));
      void qc.invalidateQueries({ queryKey: ["staff-projects", props.communityId] });
      navigate(`/staff/projects/${props.communityId}/${d.id}`);
    },
    onError: (err) => message.error(describeError(err)),
  });
  const estates = tree.data?.estates ?? [];
  return (
    <Modal
      open
      title={t("projects.createTitle")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("projects.newProject")}
      okButtonProps={{ "data-testid": "project-create-ok" } as React.ComponentProps<typeof Button>}
      confirmLoading={save.isPending}
      width={720}
      destroyOnHidden
    >
      <Form<CreateValues>
        form={form}
        layout="vertical"
        initialValues={{ tier: "community", title: props.title, sources: [], lines: [] }}
        onFinish={(v) => save.mutate(v)}
        data-testid="project-create-form"
      >
        {props.fromTopic && (
          <Tag color="blue" style={{ marginBottom: 12 }} data-testid="project-from-topic">
            {t("projects.fromTopic", { id: props.fromTopic })}
          </Tag>
        )}
        {props.fromEntry && (
          <Tag color="blue" style={{ marginBottom: 12 }} data-testid="project-from-entry">
            {t("projects.fromEntry", { id: props.fromEntry })}
          </Tag>
        )}
        <Form.Item
          name="title"
          label={t("projects.fTitle")}
          rules={[{ required: true, min: 2, max: 80, message: t("projects.required") }]}
        >
          <Input maxLength={80} data-testid="project-title-input" />
        </Form.Item>
        <Form.Item name="summary" label={t("projects.fSummary")}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="project-summary-input" />
        </Form.Item>
        <Form.Item name="plan" label={t("projects.fPlan")}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="tier" label={t("projects.fTier")} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={TIERS.map((x) => ({ value: x, label: t(`projects.tier.${x}`) }))}
            />
          </Form.Item>
          {tier === "estate" && (
            <Form.Item
              name="estateId"
              label={t("projects.fEstate")}
              rules={[{ required: true, message: t("projects.required") }]}
            >
              <Select style={{ width: 200 }} options={estates.map((e) => ({ value: e.id, label: e.name }))} />
            </Form.Item>
          )}
          {tier === "building" && (
            <Form.Item
              name="buildingId"
              label={t("projects.fBuilding")}
              rules={[{ required: true, message: t("projects.required") }]}
            >
              <Select
                style={{ width: 240 }}
                showSearch={{ optionFilterProp: "label" }}
                options={estates.flatMap((e) =>
                  e.buildings.map((b) => ({ value: b.id, label: `${e.name} ${b.name}` })),
                )}
              />
            </Form.Item>
          )}
          <Form.Item name="isPublic" label={t("projects.fPublic")} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <div className="ant-form-item-label">
          <strong>{t("projects.sources")}</strong>
        </div>
        <Form.List name="sources">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, "kind"]} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 140 }}
                      aria-label={`${t("projects.sources")} ${i + 1}`}
                      options={SOURCE_KINDS.map((k) => ({ value: k, label: t(`projects.sourceKind.${k}`) }))}
                      data-testid={`source-kind-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "label"]}
                    rules={[{ required: true, message: t("projects.required") }]}
                  >
                    <Input
                      placeholder={t("projects.fTitle")}
                      aria-label={`${t("projects.sources")} ${i + 1} ${t("projects.fTitle")}`}
                      data-testid={`source-label-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "yuan"]}
                    rules={[{ required: true, message: t("projects.required") }]}
                  >
                    <InputNumber
                      min={0}
                      precision={2}
                      addonAfter="¥"
                      aria-label={`${t("projects.sources")} ${i + 1} ${t("projects.fAmount")}`}
                      data-testid={`source-yuan-${i}`}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add({ kind: "community" })} data-testid="add-source">
                + {t("projects.sources")}
              </Button>
            </>
          )}
        </Form.List>
        <div className="ant-form-item-label" style={{ marginTop: 12 }}>
          <strong>{t("projects.budget")}</strong>
        </div>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    name={[f.name, "name"]}
                    rules={[{ required: true, message: t("projects.required") }]}
                  >
                    <Input aria-label={`${t("projects.budget")} ${i + 1}`} data-testid={`line-name-${i}`} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "yuan"]}
                    rules={[{ required: true, message: t("projects.required") }]}
                  >
                    <InputNumber
                      min={0}
                      precision={2}
                      addonAfter="¥"
                      aria-label={`${t("projects.budget")} ${i + 1} ${t("projects.fAmount")}`}
                      data-testid={`line-yuan-${i}`}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>−</Button>
                </Space>
              ))}
              <Button onClick={() => add()} data-testid="add-line">
                + {t("projects.budget")}
              </Button>
            </>
          )}
        </Form.List>
        <div className="ant-form-item-label" style={{ marginTop: 12 }}>
          <strong>{t("projects.fTargets")}</strong>
        </div>
        <Space wrap>
          <Form.Item name="moneyYuan" label={t("projects.fMoneyTarget")}>
            <InputNumber min={0} precision={2} data-testid="target-money" />
          </Form.Item>
          <Form.Item name="labourHours" label={t("projects.fLabourTarget")}>
            <InputNumber min={0} precision={0} data-testid="target-labour" />
          </Form.Item>
          <Form.Item name="labourSkill" label={t("projects.fLabourSkill")}>
            <Input data-testid="target-labour-skill" />
          </Form.Item>
          <Form.Item name="goodsQuantity" label={t("projects.fGoodsTarget")}>
            <InputNumber min={0} precision={0} data-testid="target-goods" />
          </Form.Item>
          <Form.Item name="goodsItem" label={t("projects.fGoodsItem")}>
            <Input data-testid="target-goods-item" />
          </Form.Item>
          <Form.Item name="ideas" label={t("projects.fIdeasTarget")}>
            <InputNumber min={0} precision={0} data-testid="target-ideas" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function ProjectsStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId, communities, setCommunityId } = useCommunity();
  const list = useListParams();
  const pageNo = list.num("page") ?? 1;
  const pageSize = list.num("pageSize") ?? 20;
  const filters: ProjectFilters = {
    q: list.str("q"),
    status: oneOf(STATUSES, list.str("status")),
    tier: oneOf(TIERS, list.str("tier")),
  };
  const fromTopic = list.num("fromTopic");
  const fromEntry = list.num("fromEntry");
  const [creating, setCreating] = useState(false);
  // a link from another community's page (a contest's entry) names the community it is about
  const asked = list.num("community");
  useEffect(() => {
    if ((fromTopic || fromEntry) && (!asked || asked === communityId)) setCreating(true);
  }, [fromTopic, fromEntry, asked, communityId]);
  useEffect(() => {
    if (asked && asked !== communityId && communities.some((c) => c.id === asked)) setCommunityId(asked);
  }, [asked, communityId, communities, setCommunityId]);
  const page = useStaffProjects(communityId, {
    ...filters,
    limit: pageSize,
    offset: (pageNo - 1) * pageSize,
  });
  const canCreate = hasPermission(me.data, "projects.manage", communityId);

  const columns: StaffColumn<ProjectItem>[] = [
    { title: t("projects.colId"), key: "id", width: 70, render: (_, r) => `#${r.id}` },
    {
      title: t("projects.colTitle"),
      key: "title",
      render: (_, r) => (
        <Link to={`/staff/projects/${r.communityId}/${r.id}`} data-testid={`project-open-${r.id}`}>
          {r.title}
        </Link>
      ),
    },
    { title: t("projects.colPlace"), key: "place", width: 160, render: (_, r) => r.placeName },
    {
      title: t("projects.colStatus"),
      key: "status",
      width: 100,
      render: (_, r) => <Tag color="blue">{t(`projects.status.${r.status}`)}</Tag>,
    },
    {
      title: t("projects.colOrigin"),
      key: "origin",
      width: 110,
      render: (_, r) => t(`projects.origin.${r.originKind}`),
    },
    { title: t("projects.colBudget"), key: "budget", width: 120, render: (_, r) => yuan(r.budgetFen) },
    { title: t("projects.colBalance"), key: "balance", width: 120, render: (_, r) => yuan(r.balanceFen) },
    {
      title: t("projects.colCreated"),
      key: "created",
      width: 140,
      render: (_, r) => dayjs(r.createdAt).format("YYYY-MM-DD HH:mm"),
    },
  ];
  const table = useColumnSettings<ProjectItem>("projects", columns);
  return (
    <StaffPage
      title={t("projects.staffTitle")}
      subtitle={t("projects.staffSubtitle")}
      testId="projects-staff-page"
      extra={
        <Space wrap>
          {hasPermission(me.data, "data.export", communityId) && (
            <ExportButton
              path={`/communities/${communityId}/projects/export.xlsx`}
              query={projectsQuery(filters)}
              fallbackName="projects.xlsx"
              testId="export-projects"
            />
          )}
          {canCreate && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="new-project">
              {t("projects.newProject")}
            </Button>
          )}
        </Space>
      }
    >
      <ListToolbar testId="project-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("projects.keyword")} />
        <SelectFilter
          label={t("projects.allStatuses")}
          value={filters.status}
          onChange={(status) => list.set({ status })}
          options={STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))}
        />
        <SelectFilter
          label={t("projects.allTiers")}
          value={filters.tier}
          onChange={(tier) => list.set({ tier })}
          options={TIERS.map((x) => ({ value: x, label: t(`projects.tier.${x}`) }))}
        />
      </ListToolbar>
      {page.isError && <ErrorAlert error={page.error} onRetry={() => page.refetch()} />}
      <Table<ProjectItem>
        rowKey="id"
        columns={table.columns}
        dataSource={page.data?.items ?? []}
        loading={page.isPending}
        scroll={{ x: 1000 }}
        pagination={{
          ...tablePagination(list, { total: (n) => t("projects.total", { count: n }) }),
          total: page.data?.total ?? 0,
        }}
        onRow={(r) => ({ "data-testid": `project-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: page.isPending ? " " : <Empty description={t("projects.staffEmpty")} /> }}
      />
      {creating && (
        <CreateProjectModal
          communityId={communityId}
          fromTopic={fromTopic}
          fromEntry={fromEntry}
          title={list.str("title")}
          onClose={() => {
            setCreating(false);
            if (fromTopic || fromEntry)
              list.set({ fromTopic: null, fromEntry: null, community: null, title: null });
          }}
        />
      )}
    </StaffPage>
  );
}

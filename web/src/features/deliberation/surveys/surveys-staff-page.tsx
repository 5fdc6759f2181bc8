// 调研问卷 (staff): the community's surveys in the caller's reach — title search and state kept in the
// URL, export of the list — with building, publishing, closing and the results page.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Popconfirm, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
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
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { SurveyBuilder } from "./survey-builder";
import {
  type Survey,
  type SurveyListItem,
  type SurveyState,
  surveysPath,
  updateSurvey,
  useSurvey,
  useSurveys,
} from "./surveys-api";

const STATES: SurveyState[] = ["draft", "upcoming", "open", "closed"];
const STATE_COLOR: Record<SurveyState, string> = {
  draft: "default",
  upcoming: "blue",
  open: "green",
  closed: "default",
};

function EditSurvey(props: { communityId: number; id: number; onClose: () => void }) {
  const s = useSurvey(props.communityId, props.id);
  if (!s.data) return null;
  return <SurveyBuilder communityId={props.communityId} survey={s.data as Survey} onClose={props.onClose} />;
}

export function SurveysStaffPage() {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const me = useMe();
  // surveys.manage is held by community staff and grid workers — the same roles as requests.handle
  const canBuild = hasPermission(me.data, "requests.handle", communityId);
  const params = useListParams();
  const paging = usePageParams(params, 20);
  const state = STATES.find((s) => s === params.str("state"));
  const q = params.str("q");
  const list = useSurveys(communityId, {
    q,
    state,
    limit: paging.pageSize,
    offset: (paging.page - 1) * paging.pageSize,
  });
  const [building, setBuilding] = useState(false);
  const [editing, setEditing] = useState<number | null>(null);
  const change = useMutation({
    mutationFn: (v: { id: number; publish?: true; close?: true }) =>
      updateSurvey(communityId, v.id, v.publish ? { publish: true } : { closesAt: new Date().toISOString() }),
    onSuccess: (_, v) => {
      message.success(v.publish ? t("surveys.published") : t("surveys.closed"));
      void qc.invalidateQueries({ queryKey: ["surveys"] });
    },
    onError: (err) => message.error(describeError(err)),
  });

  const columns: StaffColumn<SurveyListItem>[] = [
    {
      title: t("surveys.colTitle"),
      key: "title",
      render: (_, s) => (
        <div>
          <Link to={`/staff/surveys/${s.id}`}>{s.title}</Link>
          <div>
            <Typography.Text type="secondary">
              {s.anonymous ? t("surveys.anonymous") : t("surveys.named")} ·{" "}
              {s.answerPer === "household" ? t("surveys.perHousehold") : t("surveys.perPerson")} ·{" "}
              {t("surveys.questions", { count: s.questionCount })}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t("surveys.colPlace"),
      key: "place",
      width: 200,
      render: (_, s) => (
        <span>
          {s.placeName}
          {s.audience !== "all" && (
            <Tag style={{ marginInlineStart: 6 }}>{tt(`surveys.audience.${s.audience}`)}</Tag>
          )}
        </span>
      ),
    },
    {
      title: t("surveys.colState"),
      key: "state",
      width: 100,
      render: (_, s) => <Tag color={STATE_COLOR[s.state]}>{tt(`surveys.state.${s.state}`)}</Tag>,
    },
    {
      title: t("surveys.colDates"),
      key: "dates",
      width: 210,
      render: (_, s) =>
        `${dayjs(s.opensAt).format("MM-DD HH:mm")} – ${dayjs(s.closesAt).format("MM-DD HH:mm")}`,
    },
    { title: t("surveys.colResponses"), key: "responses", width: 90, dataIndex: "responses" },
    {
      title: t("surveys.colActions"),
      key: "actions",
      width: 240,
      render: (_, s) => (
        <Space wrap>
          <Link to={`/staff/surveys/${s.id}`} data-testid={`results-${s.id}`}>
            {t("surveys.results")}
          </Link>
          {canBuild && (
            <Button size="small" onClick={() => setEditing(s.id)}>
              {t("surveys.edit")}
            </Button>
          )}
          {canBuild && s.state === "draft" && (
            <Button size="small" type="primary" onClick={() => change.mutate({ id: s.id, publish: true })}>
              {t("surveys.publish")}
            </Button>
          )}
          {canBuild && (s.state === "open" || s.state === "upcoming") && (
            <Popconfirm
              title={t("surveys.closeConfirm")}
              onConfirm={() => change.mutate({ id: s.id, close: true })}
            >
              <Button size="small" danger>
                {t("surveys.close")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  const table = useColumnSettings<SurveyListItem>("surveys", columns);

  return (
    <StaffPage
      title={t("surveys.staffTitle")}
      subtitle={t("surveys.staffSubtitle")}
      testId="surveys-staff-page"
      extra={
        canBuild && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setBuilding(true)}
            data-testid="new-survey"
          >
            {t("surveys.newSurvey")}
          </Button>
        )
      }
    >
      <ListToolbar
        testId="survey-filters"
        extra={
          <>
            <ExportButton
              path={`${surveysPath(communityId)}/export`}
              query={{ q, state }}
              fallbackName="surveys.xlsx"
              label={t("surveys.exportList")}
              testId="export-surveys"
            />
            {table.button}
          </>
        }
      >
        <KeywordFilter list={params} placeholder={t("surveys.keywordPlaceholder")} />
        <SelectFilter<SurveyState>
          label={t("surveys.stateLabel")}
          value={state}
          onChange={(v) => params.set({ state: v ?? null })}
          options={STATES.map((s) => ({ value: s, label: tt(`surveys.state.${s}`) }))}
          testId="filter-state"
        />
      </ListToolbar>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<SurveyListItem>
        rowKey="id"
        columns={table.columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          onChange: paging.onChange,
          showTotal: (n) => t("common.total", { total: n }),
        }}
        scroll={{ x: 900 }}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("surveys.empty")} /> }}
      />
      {building && (
        <SurveyBuilder communityId={communityId} survey={null} onClose={() => setBuilding(false)} />
      )}
      {editing != null && (
        <EditSurvey communityId={communityId} id={editing} onClose={() => setEditing(null)} />
      )}
    </StaffPage>
  );
}

// One contest (staff console): the call and its criteria; per round the judges (chosen among the place's
// staff, party members and verified residents with accounts) with their progress, closing the round,
// then the ranking with each judge's sheet, the cut to finalists for the next round, publishing the
// ranking as a 公示, the Excel export of the scores and 签约立项 of an entry.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { downloadFile } from "../../../shared/staff/download";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import {
  advanceRound,
  type Contest,
  closeRound,
  type Entry,
  exportPath,
  publishRanking,
  type RankingRow,
  setJudges,
  submitEntry,
  useContest,
  useEntries,
  useJudgeChoices,
  useRanking,
} from "./contests-api";
import { STATE_COLOR } from "./contests-staff-page";
import "./contests.css";

function JudgePicker(props: {
  contestId: number;
  value: number[];
  onChange: (v: number[]) => void;
  known: { userId: number; name: string }[];
  label: string;
  testId: string;
}) {
  const { t, i18n } = useTranslation();
  const tt = t as (k: string) => string;
  const [q, setQ] = useState("");
  const choices = useJudgeChoices(props.contestId, q);
  const options = new Map<number, string>();
  for (const k of props.known) options.set(k.userId, k.name);
  // staff come with their role (translated), residents with their community
  const whatOf = (what: string) => (i18n.exists(`role.${what}`) ? tt(`role.${what}`) : what);
  for (const c of choices.data?.items ?? [])
    options.set(c.userId, `${c.name} · ${c.phone} · ${whatOf(c.what)}`);
  return (
    <Select
      mode="multiple"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ minWidth: 360 }}
      placeholder={t("contests.judgesPlaceholder")}
      value={props.value}
      onChange={props.onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      options={[...options].map(([value, label]) => ({ value, label }))}
    />
  );
}

function RoundPanel(props: { contest: Contest; roundNo: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const c = props.contest;
  const round = c.rounds.find((r) => r.roundNo === props.roundNo)!;
  const closed = !!round.closedAt;
  const isCurrent = props.roundNo === c.currentRound;
  const [judges, setJudgesValue] = useState<number[]>(round.judges.map((j) => j.userId));
  const [finalists, setFinalists] = useState<number>(Math.max(1, Math.min(15, round.entries - 1)));
  const [nextJudges, setNextJudges] = useState<number[]>([]);
  const [top, setTop] = useState<number>(Math.min(10, round.entries));
  const ranking = useRanking(c.id, props.roundNo, closed);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["contest", c.id] });
    void qc.invalidateQueries({ queryKey: ["contest-ranking", c.id] });
    void qc.invalidateQueries({ queryKey: ["contests"] });
  };
  const onError = (err: unknown) => message.error(describeError(err));
  const saveJudges = useMutation({
    mutationFn: () => setJudges(c.id, props.roundNo, judges),
    onSuccess: () => {
      message.success(t("contests.judgesSaved"));
      refresh();
    },
    onError,
  });
  const close = useMutation({
    mutationFn: () => closeRound(c.id, props.roundNo),
    onSuccess: (r) => {
      message.success(t("contests.closed", { missing: r.missingSheets }));
      refresh();
    },
    onError,
  });
  const advance = useMutation({
    mutationFn: () => advanceRound(c.id, props.roundNo, { finalists, judgeUserIds: nextJudges }),
    onSuccess: (r) => {
      message.success(t("contests.advanced", { count: r.finalists, round: r.roundNo }));
      refresh();
    },
    onError,
  });
  const publish = useMutation({
    mutationFn: () => publishRanking(c.id, top),
    onSuccess: () => {
      message.success(t("contests.published"));
      refresh();
    },
    onError,
  });
  const exportScores = useMutation({
    mutationFn: () =>
      downloadFile(exportPath(c.id, props.roundNo), {}, `contest-${c.id}-${props.roundNo}.xlsx`),
    onSuccess: (r) => message.success(t("contests.exported", { rows: r.rows ?? 0 })),
    onError,
  });

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }} data-testid={`round-${props.roundNo}`}>
      <Card size="small" title={t("contests.judgesTitle")}>
        <Typography.Paragraph type="secondary">{t("contests.judgesHint")}</Typography.Paragraph>
        {round.judges.length === 0 ? (
          <Typography.Paragraph>{t("contests.noJudges")}</Typography.Paragraph>
        ) : (
          <ul data-testid="judge-progress-list">
            {round.judges.map((j) => (
              <li key={j.userId}>
                {t("contests.judgeProgress", { name: j.name, scored: j.scored, total: round.entries })}
              </li>
            ))}
          </ul>
        )}
        {!closed && c.me.canManage && (
          <Flex gap={8} wrap align="center">
            <JudgePicker
              contestId={c.id}
              value={judges}
              onChange={setJudgesValue}
              known={round.judges}
              label={t("contests.judgesTitle")}
              testId="judge-picker"
            />
            <Button
              onClick={() => saveJudges.mutate()}
              loading={saveJudges.isPending}
              data-testid="save-judges"
            >
              {t("contests.saveJudges")}
            </Button>
          </Flex>
        )}
      </Card>

      {!closed && c.me.canManage && isCurrent && (
        <Popconfirm
          title={t("contests.closeConfirm")}
          onConfirm={() => close.mutate()}
          okButtonProps={{ "data-testid": "close-round-ok" } as React.ComponentProps<typeof Button>}
        >
          <Button danger type="primary" loading={close.isPending} data-testid="close-round">
            {t("contests.closeRound")}
          </Button>
        </Popconfirm>
      )}

      {!closed && <Alert type="info" showIcon message={t("contests.rankingHidden")} />}

      {closed && (
        <Card
          size="small"
          title={t("contests.rankingTitle")}
          extra={
            c.me.canManage && (
              <Button
                onClick={() => exportScores.mutate()}
                loading={exportScores.isPending}
                data-testid="export-scores"
              >
                {t("contests.export")}
              </Button>
            )
          }
        >
          {ranking.isError && <ErrorAlert error={ranking.error} onRetry={() => ranking.refetch()} />}
          <Table<RankingRow>
            rowKey="entryId"
            size="small"
            data-testid="ranking-table"
            loading={ranking.isPending}
            dataSource={ranking.data?.rows ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            expandable={{
              expandedRowRender: (r) => (
                <ul>
                  {r.byJudge.map((j) => (
                    <li key={j.judge}>
                      {t("contests.byJudge", {
                        judge: j.judge,
                        scores: j.scores.join(" / "),
                        weighted: j.weighted,
                      })}
                    </li>
                  ))}
                </ul>
              ),
            }}
            columns={[
              { title: t("contests.colRank"), dataIndex: "rank", width: 70 },
              {
                title: t("contests.colEntry"),
                key: "title",
                render: (_, r) => (
                  <span>
                    {r.title}{" "}
                    {r.advanced && (
                      <Tag color="blue">{t("contests.finalist", { round: props.roundNo + 1 })}</Tag>
                    )}
                    {r.adoptedAt && <Tag color="green">{t("contests.adopted")}</Tag>}
                  </span>
                ),
              },
              { title: t("contests.colCommunity"), dataIndex: "communityName", width: 140 },
              {
                title: t("contests.colScore"),
                key: "score",
                width: 90,
                render: (_, r) => (r.score == null ? t("contests.noScore") : r.score.toFixed(2)),
              },
              { title: t("contests.colSheets"), dataIndex: "sheets", width: 80 },
              { title: t("contests.colSupports"), dataIndex: "supports", width: 80 },
              {
                title: t("contests.colActions"),
                key: "actions",
                width: 120,
                render: (_, r) =>
                  r.projectId != null && !c.me.canManage ? null : r.projectId != null ? (
                    <Link
                      to={`/staff/projects/${r.communityId}/${r.projectId}`}
                      data-testid={`project-of-${r.entryId}`}
                    >
                      <Button size="small">{t("contests.openProject")}</Button>
                    </Link>
                  ) : c.me.canManage && isCurrent ? (
                    // 签约立项 in one step: the projects board's form, the entry as the project's origin
                    <Link
                      to={`/staff/projects?community=${r.communityId}&fromEntry=${r.entryId}&title=${encodeURIComponent(r.title)}`}
                      data-testid={`adopt-${r.entryId}`}
                    >
                      <Button size="small">{t("contests.adopt")}</Button>
                    </Link>
                  ) : null,
              },
            ]}
          />
          {ranking.data && (
            <Typography.Paragraph type="secondary">{t("contests.tieBreak")}</Typography.Paragraph>
          )}
        </Card>
      )}

      {closed && isCurrent && c.me.canManage && !c.publishedAt && (
        <Flex gap={16} wrap>
          <Card size="small" title={t("contests.advanceTitle")} style={{ flex: 1, minWidth: 360 }}>
            <Space direction="vertical">
              <Flex gap={8} align="center">
                <span>{t("contests.finalists")}</span>
                <InputNumber
                  min={1}
                  max={Math.max(1, round.entries - 1)}
                  precision={0}
                  value={finalists}
                  onChange={(v) => setFinalists(v ?? 1)}
                  aria-label={t("contests.finalists")}
                  data-testid="finalists"
                />
              </Flex>
              <JudgePicker
                contestId={c.id}
                value={nextJudges}
                onChange={setNextJudges}
                known={round.judges}
                label={t("contests.nextJudges")}
                testId="next-judges"
              />
              <Button onClick={() => advance.mutate()} loading={advance.isPending} data-testid="advance">
                {t("contests.advance")}
              </Button>
            </Space>
          </Card>
          <Card size="small" title={t("contests.publishTitle")} style={{ flex: 1, minWidth: 300 }}>
            <Space direction="vertical">
              <Flex gap={8} align="center">
                <span>{t("contests.publishTop")}</span>
                <InputNumber
                  min={1}
                  max={100}
                  precision={0}
                  value={top}
                  onChange={(v) => setTop(v ?? 1)}
                  aria-label={t("contests.publishTop")}
                  data-testid="publish-top"
                />
              </Flex>
              <Button
                type="primary"
                onClick={() => publish.mutate()}
                loading={publish.isPending}
                data-testid="publish"
              >
                {t("contests.publish")}
              </Button>
            </Space>
          </Card>
        </Flex>
      )}
    </Space>
  );
}

/** The entries so far (no scores), and — in an open innovation contest — entering this community's project. */
function EntriesCard(props: { contest: Contest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const c = props.contest;
  const { communityId } = useCommunity();
  const me = useMe();
  const entries = useEntries(c.id);
  const [form] = Form.useForm<{ title: string; summary?: string }>();
  const canEnter =
    c.kind === "innovation" && c.state === "open" && hasPermission(me.data, "contests.enter", communityId);
  const enter = useMutation({
    mutationFn: (v: { title: string; summary?: string }) =>
      submitEntry(c.id, { title: v.title.trim(), summary: (v.summary ?? "").trim(), communityId }, []),
    onSuccess: () => {
      message.success(t("contests.entered"));
      form.resetFields();
      void qc.invalidateQueries({ queryKey: ["contest-entries", c.id] });
      void qc.invalidateQueries({ queryKey: ["contest", c.id] });
    },
    onError: (err) => message.error(describeError(err)),
  });
  const items = entries.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t("contests.entriesCard", { count: items.length })}
      style={{ marginBottom: 16 }}
    >
      {entries.isError && <ErrorAlert error={entries.error} onRetry={() => entries.refetch()} />}
      {canEnter && (
        <Form form={form} layout="inline" onFinish={(v) => enter.mutate(v)} style={{ marginBottom: 12 }}>
          <Form.Item name="title" rules={[{ required: true, message: t("contests.form.required") }]}>
            <Input
              maxLength={80}
              placeholder={t("contests.enterName")}
              aria-label={t("contests.enterName")}
              data-testid="enter-title"
            />
          </Form.Item>
          <Form.Item name="summary">
            <Input
              maxLength={2000}
              placeholder={t("contests.enterSummary")}
              aria-label={t("contests.enterSummary")}
            />
          </Form.Item>
          <Button htmlType="submit" type="primary" loading={enter.isPending} data-testid="enter-project">
            {t("contests.enterTitle")}
          </Button>
        </Form>
      )}
      <Table<Entry>
        rowKey="id"
        size="small"
        loading={entries.isPending}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t("contests.colEntry"), dataIndex: "title" },
          { title: t("contests.colCommunity"), dataIndex: "communityName", width: 160 },
          { title: t("contests.colSupports"), dataIndex: "supports", width: 80 },
          {
            title: t("contests.colSubmitted"),
            key: "submitted",
            width: 150,
            render: (_, e) => dayjs(e.submittedAt).format("YYYY-MM-DD HH:mm"),
          },
          {
            title: t("contests.colRound"),
            key: "round",
            width: 100,
            render: (_, e) => t("contests.round", { n: e.reachedRound }),
          },
        ]}
      />
    </Card>
  );
}

export function ContestStaffPage() {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const contestId = Number(useParams().contestId);
  const contest = useContest(contestId);
  if (contest.isPending) return <Loading />;
  if (contest.isError) return <ErrorAlert error={contest.error} onRetry={() => contest.refetch()} />;
  const c = contest.data;
  return (
    <StaffPage title={c.title} subtitle={tt(`contests.kind.${c.kind}`)} testId="contest-staff-page">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: "place", label: t("contests.colPlace"), children: c.placeName },
          {
            key: "state",
            label: t("contests.colState"),
            children: <Tag color={STATE_COLOR[c.state]}>{tt(`contests.state.${c.state}`)}</Tag>,
          },
          {
            key: "period",
            label: t("contests.colPeriod"),
            children: `${dayjs(c.submitFrom).format("YYYY-MM-DD HH:mm")} – ${dayjs(c.submitTo).format("YYYY-MM-DD HH:mm")}`,
          },
          { key: "entries", label: t("contests.colEntries"), children: c.entries },
          {
            key: "criteria",
            label: t("contests.criteriaTitle"),
            children: c.criteria
              .map((k) => t("contests.criterion", { name: k.name, weight: k.weight }))
              .join("；"),
          },
          { key: "theme", label: t("contests.form.theme"), children: c.theme || "—" },
        ]}
        style={{ marginBottom: 16 }}
      />
      <EntriesCard contest={c} />
      <Tabs
        key={c.currentRound}
        defaultActiveKey={String(c.currentRound)}
        items={c.rounds.map((r) => ({
          key: String(r.roundNo),
          label: `${t("contests.round", { n: r.roundNo })} · ${r.closedAt ? t("contests.roundDone") : t("contests.roundOpen")}`,
          children: <RoundPanel key={`${r.roundNo}-${r.judges.length}`} contest={c} roundNo={r.roundNo} />,
        }))}
      />
    </StaffPage>
  );
}

// 问卷结果 (staff): answers received (paper ones among them), each question's counts as an ECharts bar
// or pie chart with shares and averages, the written answers a page at a time, the export (a named
// survey's answers, an anonymous one's figures only) and entering a resident's paper answer.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Radio,
  Segmented,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { ExportButton } from "../../../shared/staff/list-toolbar";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import { SurveyChart } from "./survey-chart";
import {
  type Answer,
  enterPaper,
  type Question,
  type Results,
  type Survey,
  surveysPath,
  TEXT_MAX,
  useRespondentChoices,
  useResults,
  useSurvey,
  useTextAnswers,
} from "./surveys-api";

function TextAnswersList(props: { communityId: number; surveyId: number; question: number }) {
  const { t } = useTranslation();
  const [after, setAfter] = useState<number | undefined>(undefined);
  const page = useTextAnswers(props.communityId, props.surveyId, props.question, after);
  if (page.isError) return <ErrorAlert error={page.error} />;
  return (
    <div data-testid={`text-answers-${props.question}`}>
      <List
        size="small"
        loading={page.isPending}
        dataSource={page.data?.items ?? []}
        locale={{ emptyText: t("surveys.noText") }}
        renderItem={(a) => (
          <List.Item>
            <div>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                {a.text}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {[a.respondentName, a.submittedDay, a.channel === "paper" ? t("surveys.paper") : null]
                  .filter(Boolean)
                  .join(" · ")}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      <Space>
        {after != null && <Button onClick={() => setAfter(undefined)}>{t("surveys.firstPage")}</Button>}
        {page.data?.next != null && (
          <Button onClick={() => setAfter(page.data?.next ?? undefined)}>{t("surveys.morePage")}</Button>
        )}
      </Space>
    </div>
  );
}

function QuestionResult(props: { communityId: number; surveyId: number; q: Results["questions"][number] }) {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const { q } = props;
  const [chart, setChart] = useState<"bar" | "pie">(q.kind === "single" ? "pie" : "bar");
  // a rating's options are its scores: shown as "4 分"
  const options = q.options.map((o) => ({
    ...o,
    label: q.kind === "rating" ? t("surveys.ratingValue", { n: o.label }) : o.label,
  }));
  return (
    <Card
      size="small"
      title={`${q.index + 1}. ${q.text}`}
      extra={<Tag>{tt(`surveys.kind.${q.kind}`)}</Tag>}
      data-testid={`result-${q.index}`}
    >
      <Flex gap={16} wrap align="center" style={{ marginBottom: 8 }}>
        <Typography.Text>{t("surveys.answeredCount", { count: q.answered })}</Typography.Text>
        {q.average != null && (
          <Typography.Text strong data-testid={`average-${q.index}`}>
            {t("surveys.average", { value: q.average })}
          </Typography.Text>
        )}
        {q.options.length > 0 && (
          <Segmented
            size="small"
            value={chart}
            onChange={(v) => setChart(v as "bar" | "pie")}
            options={[
              { value: "bar", label: t("surveys.chartBar") },
              { value: "pie", label: t("surveys.chartPie") },
            ]}
          />
        )}
      </Flex>
      {q.options.length > 0 && (
        <>
          <SurveyChart
            kind={chart}
            data={options.map((o) => ({ label: o.label, count: o.count }))}
            ariaLabel={`${q.index + 1}. ${q.text}`}
            testId={`chart-${q.index}`}
          />
          <Typography.Text type="secondary">
            {options
              .map(
                (o) =>
                  `${o.label}：${t("surveys.count", { count: o.count })}${o.pct != null ? `（${o.pct}%）` : ""}`,
              )
              .join("；")}
          </Typography.Text>
        </>
      )}
      {q.kind === "text" && (
        <TextAnswersList communityId={props.communityId} surveyId={props.surveyId} question={q.index} />
      )}
    </Card>
  );
}

/** One question's field in the paper form (the answers as written on the paper). */
function PaperField(props: { q: Question; index: number }) {
  const { t } = useTranslation();
  const { q, index } = props;
  const label = `${index + 1}. ${q.text}`;
  const rules = q.required !== false ? [{ required: true, message: t("surveys.required") }] : [];
  if (q.kind === "single")
    return (
      <Form.Item name={`q${index}`} label={label} rules={rules}>
        <Radio.Group options={q.options.map((o, i) => ({ value: i, label: o }))} />
      </Form.Item>
    );
  if (q.kind === "multiple")
    return (
      <Form.Item name={`q${index}`} label={label} rules={rules}>
        <Checkbox.Group options={q.options.map((o, i) => ({ value: i, label: o }))} />
      </Form.Item>
    );
  if (q.kind === "rating")
    return (
      <Form.Item name={`q${index}`} label={label} rules={rules}>
        <Radio.Group options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }))} />
      </Form.Item>
    );
  if (q.kind === "number")
    return (
      <Form.Item name={`q${index}`} label={label} rules={rules}>
        <InputNumber min={q.min} max={q.max} aria-label={label} />
      </Form.Item>
    );
  return (
    <Form.Item name={`q${index}`} label={label} rules={rules}>
      <Input.TextArea rows={2} maxLength={TEXT_MAX} aria-label={label} />
    </Form.Item>
  );
}

function PaperModal(props: { communityId: number; survey: Survey; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [search, setSearch] = useState("");
  const people = useRespondentChoices(props.communityId, props.survey.id, search, true);
  const save = useMutation({
    mutationFn: (v: Record<string, unknown>) => {
      const answers = props.survey.questions.flatMap((q, i): Answer[] => {
        const x = v[`q${i}`];
        if (x == null || x === "" || (Array.isArray(x) && x.length === 0)) return [];
        if (q.kind === "single") return [{ question: i, choices: [x as number] }];
        if (q.kind === "multiple")
          return [{ question: i, choices: [...(x as number[])].sort((a, b) => a - b) }];
        if (q.kind === "text") return [{ question: i, text: String(x).trim() }];
        return [{ question: i, value: x as number }];
      });
      return enterPaper(props.communityId, props.survey.id, { residentId: v.residentId as number, answers });
    },
    onSuccess: () => {
      message.success(t("surveys.paperSaved"));
      void qc.invalidateQueries({ queryKey: ["survey-results"] });
      void qc.invalidateQueries({ queryKey: ["survey-texts"] });
      void qc.invalidateQueries({ queryKey: ["survey-respondents"] });
      props.onClose();
    },
  });
  return (
    <Modal
      open
      width={640}
      title={t("surveys.paperTitle")}
      okText={t("surveys.save")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <div data-testid="paper-modal">
        <Alert type="info" showIcon message={t("surveys.paperNote")} style={{ marginBottom: 12 }} />
        {save.isError && <ErrorAlert error={save.error} />}
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="residentId" label={t("surveys.paperResident")} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t("surveys.paperResidentPlaceholder")}
              aria-label={t("surveys.paperResident")}
              loading={people.isFetching}
              data-testid="paper-resident"
              options={(people.data?.items ?? []).map((p) => ({
                value: p.residentId,
                disabled: p.answered,
                label: `${p.name} · ${p.address}${p.phone ? ` · ${p.phone}` : ""}${p.answered ? `（${t("surveys.paperAnswered")}）` : ""}`,
              }))}
            />
          </Form.Item>
          {props.survey.questions.map((q, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a survey's questions keep their order
            <PaperField key={i} q={q} index={i} />
          ))}
        </Form>
      </div>
    </Modal>
  );
}

export function SurveyResultsPage() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  const me = useMe();
  const surveyId = Number(useParams().surveyId);
  const survey = useSurvey(communityId, surveyId);
  const results = useResults(communityId, surveyId);
  const [paper, setPaper] = useState(false);
  // surveys.manage: the same roles as requests.handle; the export needs data.export
  const canManage = hasPermission(me.data, "requests.handle", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  if (survey.isPending || results.isPending) return <Loading />;
  if (survey.isError) return <ErrorAlert error={survey.error} onRetry={() => survey.refetch()} />;
  if (results.isError) return <ErrorAlert error={results.error} onRetry={() => results.refetch()} />;
  const s = survey.data;
  const r = results.data;
  return (
    <StaffPage
      title={`${t("surveys.resultsTitle")}：${s.title}`}
      subtitle={`${s.placeName} · ${s.anonymous ? t("surveys.anonymous") : t("surveys.named")} · ${
        s.answerPer === "household" ? t("surveys.perHousehold") : t("surveys.perPerson")
      }`}
      testId="survey-results-page"
      extra={
        <Space wrap>
          <Link to="/staff/surveys">{t("surveys.backToSurveys")}</Link>
          {canManage && s.state === "open" && (
            <Button type="primary" onClick={() => setPaper(true)} data-testid="paper-entry">
              {t("surveys.paperEntry")}
            </Button>
          )}
          {canExport && (
            <ExportButton
              path={`${surveysPath(communityId)}/${s.id}/export`}
              fallbackName="survey.xlsx"
              label={s.anonymous ? t("surveys.exportAggregates") : t("surveys.exportAnswers")}
              testId="export-answers"
            />
          )}
        </Space>
      }
    >
      {s.anonymous && (
        <Alert type="info" showIcon message={t("surveys.anonymousExportNote")} style={{ marginBottom: 12 }} />
      )}
      <Flex gap={32} style={{ marginBottom: 16 }}>
        <Statistic title={t("surveys.colResponses")} value={r.responses} data-testid="responses-count" />
        <Statistic title={t("surveys.paper")} value={r.paper} />
      </Flex>
      {r.responses === 0 && <Empty description={t("surveys.responses", { count: 0 })} />}
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        {r.questions.map((q) => (
          <QuestionResult key={q.index} communityId={communityId} surveyId={s.id} q={q} />
        ))}
      </Space>
      {paper && <PaperModal communityId={communityId} survey={s} onClose={() => setPaper(false)} />}
    </StaffPage>
  );
}

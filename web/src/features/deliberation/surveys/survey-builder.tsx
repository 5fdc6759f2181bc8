// 新建/编辑问卷: title, text, where (the community, an estate, a building) and who (all, owners,
// tenants, a care tag, party members), anonymous or named, one answer per person or household, the
// dates, an optional topic stage, and the questions — added, reordered, removed. Once a survey has
// answers only its title, text and dates may change (the server holds it too).
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { ErrorAlert } from "../../../shared/ui/staff";
import {
  createSurvey,
  QUESTION_KINDS,
  type Question,
  type QuestionKind,
  type Survey,
  updateSurvey,
} from "./surveys-api";

interface Values {
  title: string;
  description?: string;
  estateId?: number | null;
  buildingId?: number | null;
  audience: "all" | "owners" | "tenants" | "care_tag" | "party_members";
  careTag?: string;
  anonymous: boolean;
  answerPer: "person" | "household";
  dates: [Dayjs, Dayjs];
  topicId?: number | null;
  stageKey?: string;
  publish: boolean;
}

/** A question as edited: options as one text, a line each. */
type EditQuestion = {
  kind: QuestionKind;
  text: string;
  required: boolean;
  options: string;
  min: number;
  max: number;
};

const blank = (kind: QuestionKind = "single"): EditQuestion => ({
  kind,
  text: "",
  required: true,
  options: "",
  min: 0,
  max: 10,
});

const toEdit = (q: Question): EditQuestion => ({
  kind: q.kind,
  text: q.text,
  required: q.required !== false,
  options: "options" in q ? q.options.join("\n") : "",
  min: q.kind === "number" ? q.min : 0,
  max: q.kind === "number" ? q.max : 10,
});

function toQuestion(e: EditQuestion): Question {
  const base = { text: e.text.trim(), required: e.required };
  if (e.kind === "single" || e.kind === "multiple")
    return {
      ...base,
      kind: e.kind,
      options: e.options
        .split("\n")
        .map((o) => o.trim())
        .filter(Boolean),
    };
  if (e.kind === "number") return { ...base, kind: "number", min: e.min, max: e.max };
  return { ...base, kind: e.kind };
}

export function SurveyBuilder(props: { communityId: number; survey: Survey | null; onClose: () => void }) {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: Record<string, unknown>) => string;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = usePlaceTree(props.communityId);
  const [form] = Form.useForm<Values>();
  const s = props.survey;
  const fixed = (s?.responses ?? 0) > 0;
  const [questions, setQuestions] = useState<EditQuestion[]>(s ? s.questions.map(toEdit) : [blank()]);
  const estateId = Form.useWatch("estateId", form);
  const audience = Form.useWatch("audience", form);
  const buildings = tree.data?.estates.find((e) => e.id === estateId)?.buildings ?? [];

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const common = {
        title: v.title.trim(),
        description: (v.description ?? "").trim(),
        opensAt: v.dates[0].toISOString(),
        closesAt: v.dates[1].toISOString(),
        topicId: v.topicId ?? null,
        stageKey: v.stageKey?.trim() || null,
      };
      const target = {
        estateId: v.estateId ?? null,
        buildingId: v.buildingId ?? null,
        audience: v.audience,
        careTag: v.audience === "care_tag" ? (v.careTag?.trim() ?? null) : null,
        anonymous: v.anonymous,
        answerPer: v.answerPer,
        questions: questions.map(toQuestion),
      };
      if (!s) return createSurvey(props.communityId, { ...common, ...target, publish: v.publish });
      return updateSurvey(props.communityId, s.id, fixed ? common : { ...common, ...target });
    },
    onSuccess: () => {
      message.success(t("surveys.saved"));
      void qc.invalidateQueries({ queryKey: ["surveys"] });
      void qc.invalidateQueries({ queryKey: ["survey"] });
      props.onClose();
    },
  });

  const set = (i: number, patch: Partial<EditQuestion>) =>
    setQuestions(questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const move = (i: number, d: -1 | 1) => {
    const next = [...questions];
    [next[i], next[i + d]] = [next[i + d]!, next[i]!];
    setQuestions(next);
  };

  return (
    <Drawer
      open
      width={720}
      title={s ? t("surveys.editTitle") : t("surveys.builderTitle")}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="survey-save"
        >
          {t("surveys.save")}
        </Button>
      }
    >
      <div data-testid="survey-builder">
        {fixed && (
          <Alert type="info" showIcon message={t("surveys.fixedNote")} style={{ marginBottom: 12 }} />
        )}
        {save.isError && <ErrorAlert error={save.error} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            title: s?.title ?? "",
            description: s?.description ?? "",
            estateId: s?.estateId ?? null,
            buildingId: s?.buildingId ?? null,
            audience: s?.audience ?? "all",
            careTag: s?.careTag ?? undefined,
            anonymous: s?.anonymous ?? false,
            answerPer: s?.answerPer ?? "person",
            dates: [
              s ? dayjs(s.opensAt) : dayjs().startOf("minute"),
              s ? dayjs(s.closesAt) : dayjs().add(14, "day").endOf("day"),
            ],
            topicId: s?.topicId ?? null,
            stageKey: s?.stageKey ?? undefined,
            publish: true,
          }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item name="title" label={t("surveys.fieldTitle")} rules={[{ required: true, max: 80 }]}>
            <Input maxLength={80} data-testid="survey-title" />
          </Form.Item>
          <Form.Item name="description" label={t("surveys.fieldDescription")}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="estateId" label={t("surveys.fieldEstate")} style={{ minWidth: 220 }}>
              <Select
                disabled={fixed}
                aria-label={t("surveys.fieldEstate")}
                data-testid="survey-estate"
                options={[
                  { value: null, label: t("surveys.wholeCommunity") },
                  ...(tree.data?.estates ?? []).map((e) => ({ value: e.id, label: e.name })),
                ]}
                onChange={() => form.setFieldValue("buildingId", null)}
              />
            </Form.Item>
            <Form.Item name="buildingId" label={t("surveys.fieldBuilding")} style={{ minWidth: 180 }}>
              <Select
                disabled={fixed || estateId == null}
                allowClear
                aria-label={t("surveys.fieldBuilding")}
                options={buildings.map((b) => ({ value: b.id, label: b.name }))}
              />
            </Form.Item>
            <Form.Item name="audience" label={t("surveys.fieldAudience")} style={{ minWidth: 200 }}>
              <Select
                disabled={fixed}
                aria-label={t("surveys.fieldAudience")}
                options={(["all", "owners", "tenants", "care_tag", "party_members"] as const).map((a) => ({
                  value: a,
                  label: tt(`surveys.audience.${a}`),
                }))}
              />
            </Form.Item>
            {audience === "care_tag" && (
              <Form.Item name="careTag" label={t("surveys.fieldCareTag")} rules={[{ required: true }]}>
                <Select
                  aria-label={t("surveys.fieldCareTag")}
                  style={{ width: 160 }}
                  options={[
                    "living_alone",
                    "empty_nest",
                    "elderly_80_plus",
                    "hardship",
                    "disability",
                    "left_behind_child",
                  ].map((c) => ({ value: c, label: tt(`careTag.${c}`) }))}
                />
              </Form.Item>
            )}
          </Flex>
          <Flex gap={24} wrap>
            <Form.Item name="answerPer" label={t("surveys.fieldAnswerPer")}>
              <Radio.Group disabled={fixed}>
                <Radio value="person">{t("surveys.perPerson")}</Radio>
                <Radio value="household">{t("surveys.perHousehold")}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="anonymous" valuePropName="checked" label=" ">
              <Checkbox disabled={fixed}>{t("surveys.fieldAnonymous")}</Checkbox>
            </Form.Item>
          </Flex>
          <Form.Item name="dates" label={t("surveys.fieldDates")} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Flex gap={12} wrap>
            <Form.Item name="topicId" label={t("surveys.topicId")} extra={t("surveys.topicNote")}>
              <InputNumber min={1} precision={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="stageKey" label={t("surveys.stageKey")}>
              <Input maxLength={40} style={{ width: 160 }} />
            </Form.Item>
          </Flex>
          {!s && (
            <Form.Item name="publish" valuePropName="checked">
              <Checkbox>{t("surveys.fieldPublish")}</Checkbox>
            </Form.Item>
          )}
        </Form>

        <h3>{t("surveys.questionsTitle")}</h3>
        <Space direction="vertical" style={{ width: "100%" }} size={12}>
          {questions.map((q, i) => (
            <Card
              // biome-ignore lint/suspicious/noArrayIndexKey: questions are edited in place, by position
              key={i}
              size="small"
              title={t("surveys.questionText", { n: i + 1 })}
              data-testid={`question-${i}`}
              extra={
                !fixed && (
                  <Space>
                    <Button
                      size="small"
                      icon={<ArrowUpOutlined />}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={t("surveys.moveUp")}
                    />
                    <Button
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={i === questions.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={t("surveys.moveDown")}
                    />
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      disabled={questions.length === 1}
                      onClick={() => setQuestions(questions.filter((_, j) => j !== i))}
                      aria-label={t("surveys.remove")}
                    />
                  </Space>
                )
              }
            >
              <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
                <Select<QuestionKind>
                  disabled={fixed}
                  value={q.kind}
                  onChange={(kind) => set(i, { kind })}
                  aria-label={t("surveys.questionText", { n: i + 1 })}
                  style={{ width: 150 }}
                  options={QUESTION_KINDS.map((k) => ({ value: k, label: tt(`surveys.kind.${k}`) }))}
                  data-testid="question-kind"
                />
                <Space size={6}>
                  <Switch
                    disabled={fixed}
                    checked={q.required}
                    onChange={(required) => set(i, { required })}
                    aria-label={t("surveys.requiredSwitch")}
                  />
                  {t("surveys.requiredSwitch")}
                </Space>
              </Flex>
              <Input
                disabled={fixed}
                value={q.text}
                maxLength={200}
                placeholder={t("surveys.questionPlaceholder")}
                aria-label={t("surveys.questionPlaceholder")}
                onChange={(e) => set(i, { text: e.target.value })}
                data-testid="question-text"
              />
              {(q.kind === "single" || q.kind === "multiple") && (
                <Input.TextArea
                  disabled={fixed}
                  style={{ marginTop: 8 }}
                  rows={4}
                  value={q.options}
                  placeholder={t("surveys.options")}
                  aria-label={t("surveys.options")}
                  onChange={(e) => set(i, { options: e.target.value })}
                  data-testid="question-options"
                />
              )}
              {q.kind === "number" && (
                <Space style={{ marginTop: 8 }}>
                  {t("surveys.min")}
                  <InputNumber
                    disabled={fixed}
                    value={q.min}
                    onChange={(v) => set(i, { min: v ?? 0 })}
                    aria-label={t("surveys.min")}
                  />
                  {t("surveys.max")}
                  <InputNumber
                    disabled={fixed}
                    value={q.max}
                    onChange={(v) => set(i, { max: v ?? 0 })}
                    aria-label={t("surveys.max")}
                  />
                </Space>
              )}
            </Card>
          ))}
          {!fixed && (
            <Button
              icon={<PlusOutlined />}
              block
              onClick={() => setQuestions([...questions, blank()])}
              data-testid="add-question"
            >
              {t("surveys.addQuestion")}
            </Button>
          )}
        </Space>
      </div>
    </Drawer>
  );
}

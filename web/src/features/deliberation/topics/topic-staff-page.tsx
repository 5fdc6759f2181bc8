// One topic in the console (D2): its place, origin, parties and the stage timeline with every record
// (who, when, text, attachments, public or for participants); 推进到下一阶段 moves it on with a record —
// to the next stage, or to a later one over stages the template marks skippable; 实施 may name the
// request that carries it out. The server refuses a skip the template forbids and 实施 before
// 公示决议 has lasted the notice period, with its reason shown here.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Steps,
  Switch,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import { advanceTopic, type TopicDetail, topicKey, useTopic } from "./topics-api";

interface AdvanceValues {
  toStageId: number;
  text: string;
  isPublic: boolean;
  attachments?: string;
  implementationRequestId?: number;
}

function AdvanceModal(props: { topic: TopicDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const x = props.topic;
  const [form] = Form.useForm<AdvanceValues>();
  const name = (s: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? s.nameEn : s.nameZh);
  const current = x.stages.findIndex((s) => s.state === "current");
  // the next stage, then later ones while every stage between may be skipped
  const choices: { value: number; label: string; key: string }[] = [];
  for (let i = current + 1; i < x.stages.length; i++) {
    const s = x.stages[i]!;
    choices.push({
      value: s.id,
      key: s.key,
      label:
        i === current + 1
          ? t("topics.nextStage", { stage: name(s) })
          : t("topics.skipTo", { stage: name(s) }),
    });
    if (!s.skippable) break;
  }
  const target = Form.useWatch("toStageId", form);
  const targetKey = choices.find((c) => c.value === target)?.key;
  const save = useMutation({
    mutationFn: (v: AdvanceValues) =>
      advanceTopic(x.communityId, x.id, {
        toStageId: v.toStageId,
        text: v.text,
        isPublic: v.isPublic,
        attachments: (v.attachments ?? "")
          .split(/[,，\s]+/)
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0),
        ...(v.implementationRequestId ? { implementationRequestId: v.implementationRequestId } : {}),
      }),
    onSuccess: (d) => {
      message.success(t("topics.advanced", { stage: name(d.stage) }));
      qc.setQueryData(topicKey(x.communityId, x.id), d);
      void qc.invalidateQueries({ queryKey: ["staff-topics", x.communityId] });
      props.onClose();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const first = choices[0];
  return (
    <Modal
      open
      title={t("topics.advanceTitle")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("topics.advance")}
      confirmLoading={save.isPending}
      width={600}
      destroyOnHidden
    >
      <Form<AdvanceValues>
        form={form}
        layout="vertical"
        initialValues={{ toStageId: first?.value, isPublic: first?.key === "publish_resolution" }}
        onValuesChange={(changed) => {
          if ("toStageId" in changed) {
            const key = choices.find((c) => c.value === changed.toStageId)?.key;
            form.setFieldValue("isPublic", key === "publish_resolution");
          }
        }}
        onFinish={(v) => save.mutate(v)}
        data-testid="advance-form"
      >
        <Form.Item name="toStageId" label={t("topics.toStage")} rules={[{ required: true }]}>
          <Select options={choices} data-testid="advance-stage" />
        </Form.Item>
        <Form.Item
          name="text"
          label={t("topics.recordText")}
          rules={[{ required: true, message: t("topics.required") }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="advance-text" />
        </Form.Item>
        <Form.Item
          name="isPublic"
          label={t("topics.recordPublic")}
          valuePropName="checked"
          extra={t("topics.recordPublicHint")}
        >
          <Switch />
        </Form.Item>
        {targetKey === "publish_resolution" && (
          <Typography.Paragraph type="secondary">{t("topics.noticeLinkNote")}</Typography.Paragraph>
        )}
        <Form.Item name="attachments" label={t("topics.attachments")}>
          <Input />
        </Form.Item>
        {targetKey === "implement" && (
          <Form.Item name="implementationRequestId" label={t("topics.implRequest")}>
            <InputNumber min={1} style={{ width: 200 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * `related`: what belongs to the topic from other features (its meetings and surveys), composed by the
 * app (app/deliberation-pages.tsx) — topics imports neither.
 */
export function TopicStaffPage(props: {
  related?: (communityId: number, topicId: number, topic: { title: string; stageKey: string }) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const params = useParams();
  const communityId = Number(params.communityId);
  const topicId = Number(params.topicId);
  const topic = useTopic(communityId, topicId);
  const [advancing, setAdvancing] = useState(false);
  if (topic.isPending) return <Loading />;
  if (topic.isError) return <ErrorAlert error={topic.error} onRetry={() => topic.refetch()} />;
  const x = topic.data;
  const name = (s: { nameZh: string; nameEn: string }) => (i18n.language === "en" ? s.nameEn : s.nameZh);
  const current = x.stages.findIndex((s) => s.state === "current");
  return (
    <StaffPage
      title={`#${x.id} ${x.title}`}
      subtitle={`${t(`topics.tier.${x.tier}`)} · ${x.placeName}`}
      testId="topic-staff-page"
      extra={
        <Space wrap>
          <Link to="/staff/topics">{t("topics.backToList")}</Link>
          {x.can.advance && (
            <Button type="primary" onClick={() => setAdvancing(true)} data-testid="advance-topic">
              {t("topics.advance")}
            </Button>
          )}
        </Space>
      }
    >
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t("topics.colStatus")}>
            <Tag color={x.status === "proposal" ? "gold" : "green"}>{t(`topics.status.${x.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("topics.colStage")}>
            <Tag color="blue" data-testid="topic-stage">
              {name(x.stage)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t("topics.fTemplate")}>{x.templateName}</Descriptions.Item>
          <Descriptions.Item label={t("topics.colOrigin")}>
            {t(`topics.origin.${x.originKind}`)}
            {x.originKind === "request" && x.originId != null && (
              <>
                {" · "}
                <Link to={`/staff/requests/${x.communityId}/${x.originId}`}>
                  {t("topics.fromRequest", { id: x.originId })}
                </Link>
              </>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t("topics.parties")} span={2}>
            <span data-testid="topic-parties">
              {[
                ...(x.participantSet ? [t("topics.participantSet", { name: x.participantSet.name })] : []),
                ...x.parties.map((p) => p.name),
              ].join("、") || "—"}
            </span>
          </Descriptions.Item>
          {x.status === "proposal" && (
            <Descriptions.Item label={t("topics.colSupports")}>
              {t("topics.supportProgress", { count: x.supports, threshold: x.supportThreshold })}
            </Descriptions.Item>
          )}
          {x.noticeEndsOn && (
            <Descriptions.Item label={t("topics.notice")}>
              <span data-testid="topic-notice">{t("topics.noticeEnds", { day: x.noticeEndsOn })}</span>
            </Descriptions.Item>
          )}
          {x.implementationRequestId != null && (
            <Descriptions.Item label={t("topics.implRequest")}>
              <Link to={`/staff/requests/${x.communityId}/${x.implementationRequestId}`}>
                {t("topics.implementationRequest", { id: x.implementationRequestId })}
              </Link>
            </Descriptions.Item>
          )}
          {x.ratings.rated > 0 && (
            <Descriptions.Item label={t("topics.myRating")}>
              {t("topics.ratingSummary", {
                rated: x.ratings.rated,
                pct: `${x.ratings.satisfactionPct ?? 0}%`,
              })}
            </Descriptions.Item>
          )}
        </Descriptions>
        {x.description && (
          <Typography.Paragraph style={{ marginTop: 12 }}>{x.description}</Typography.Paragraph>
        )}
      </Card>
      <Card title={t("topics.records")}>
        <Steps
          direction="vertical"
          current={current}
          data-testid="topic-steps"
          items={x.stages.map((s) => ({
            title: name(s),
            status:
              s.state === "done"
                ? "finish"
                : s.state === "current"
                  ? "process"
                  : s.state === "skipped"
                    ? "finish"
                    : "wait",
            subTitle:
              s.state === "skipped" ? t("topics.skipped") : s.skippable ? t("topics.skippable") : undefined,
            description: (
              <Space direction="vertical" size={4} style={{ width: "100%" }}>
                {x.records
                  .filter((r) => r.stageId === s.id && r.action === "entered")
                  .map((r) => (
                    <div key={r.id} data-testid={`record-${r.id}`}>
                      <Typography.Text type="secondary">
                        {dayjs(r.createdAt).format("YYYY-MM-DD HH:mm")}
                        {r.actorName ? ` · ${t("topics.by", { name: r.actorName })}` : ""}{" "}
                      </Typography.Text>
                      <Tag color={r.isPublic ? "green" : "default"}>
                        {r.isPublic ? t("topics.publicTag") : t("topics.privateTag")}
                      </Tag>
                      <div style={{ whiteSpace: "pre-wrap" }}>{r.text}</div>
                      {r.attachments.length > 0 && (
                        <Typography.Text type="secondary">
                          {t("topics.attachments")}：{r.attachments.map((a) => `#${a}`).join(" ")}
                        </Typography.Text>
                      )}
                    </div>
                  ))}
              </Space>
            ),
          }))}
        />
      </Card>
      {props.related && (
        <div style={{ marginTop: 16 }}>
          {props.related(x.communityId, x.id, { title: x.title, stageKey: x.stage.key })}
        </div>
      )}
      {advancing && <AdvanceModal topic={x} onClose={() => setAdvancing(false)} />}
    </StaffPage>
  );
}

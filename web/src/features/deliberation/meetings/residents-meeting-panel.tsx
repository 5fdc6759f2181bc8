// A residents' meeting (居民会议) in the staff console: who composes it and its frozen roll (freezing it
// opens sign-in), attendance against the quorum in words, and the decisions with their tallies; staff
// who run the meeting record a decision by counting or by ticking present attendees.
import { useMutation } from "@tanstack/react-query";
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
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import {
  freezeResidentsRoll,
  type MeetingDetail,
  type ResidentsMeeting,
  recordResidentsDecision,
} from "./meetings-api";
import { quorumLine, tallyLine } from "./residents-meeting-text";

type Decision = ResidentsMeeting["decisions"][number];
type Basis = "adults" | "households";

function FreezeRoll(props: { communityId: number; meetingId: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [basis, setBasis] = useState<Basis>("households");
  const freeze = useMutation({
    mutationFn: () => freezeResidentsRoll(props.communityId, props.meetingId, { basis }),
    onSuccess: props.onDone,
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Flex vertical gap={8} data-testid="freeze-roll">
      <Typography.Text type="secondary">{t("meetings.residents.freezeHint")}</Typography.Text>
      <Radio.Group
        value={basis}
        onChange={(e) => setBasis(e.target.value)}
        aria-label={t("meetings.residents.basisLabel")}
        options={(["households", "adults"] as const).map((b) => ({
          value: b,
          label: t(`meetings.residents.basis.${b}`),
        }))}
      />
      <div>
        <Button type="primary" loading={freeze.isPending} onClick={() => freeze.mutate()}>
          {t("meetings.residents.freeze")}
        </Button>
      </div>
    </Flex>
  );
}

function DecisionForm(props: {
  communityId: number;
  m: MeetingDetail;
  rm: ResidentsMeeting;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const method = Form.useWatch("method", form) ?? "counted";
  const counted = new Set(props.rm.countedResidentIds ?? []);
  const people = (props.m.attendees ?? [])
    .filter((a) => a.residentId != null && counted.has(a.residentId))
    .map((a) => ({ value: a.residentId!, label: a.name }));
  const record = useMutation({
    mutationFn: (v: any) =>
      recordResidentsDecision(props.communityId, props.m.id, {
        item: v.item,
        tally:
          v.method === "ticked"
            ? { method: "ticked", yes: v.yesIds ?? [], no: v.noIds ?? [], abstain: v.abstainIds ?? [] }
            : { method: "counted", yes: v.yes ?? 0, no: v.no ?? 0, abstain: v.abstain ?? 0 },
      }),
    onSuccess: () => {
      message.success(t("meetings.residents.recorded"));
      form.resetFields();
      props.onDone();
    },
    onError: (err) => message.error(describeError(err)),
  });
  if (!props.rm.quorum)
    return <Alert type="warning" showIcon message={t("meetings.residents.needsQuorum")} />;
  const choices = [
    ["yes", "yesIds"],
    ["no", "noIds"],
    ["abstain", "abstainIds"],
  ] as const;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ method: "counted" }}
      onFinish={(v) => record.mutate(v)}
      data-testid="decision-form"
    >
      <Form.Item name="item" label={t("meetings.residents.item")} rules={[{ required: true, max: 1000 }]}>
        <Input placeholder={t("meetings.residents.itemPlaceholder")} />
      </Form.Item>
      <Form.Item name="method" label={t("meetings.residents.tallyMethod")}>
        <Radio.Group
          options={(["counted", "ticked"] as const).map((x) => ({
            value: x,
            label: t(`meetings.residents.${x}`),
          }))}
        />
      </Form.Item>
      {method === "counted" ? (
        <Space wrap>
          {choices.map(([k]) => (
            <Form.Item key={k} name={k} label={t(`meetings.residents.${k}`)}>
              <InputNumber min={0} max={props.rm.present} precision={0} />
            </Form.Item>
          ))}
        </Space>
      ) : (
        choices.map(([k, field]) => (
          <Form.Item key={k} name={field} label={t(`meetings.residents.${k}`)}>
            <Select mode="multiple" options={people} optionFilterProp="label" />
          </Form.Item>
        ))
      )}
      <Typography.Paragraph type="secondary">
        {t("meetings.residents.rule", { needed: Math.floor(props.rm.present / 2) + 1 })}
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={record.isPending}>
        {t("meetings.residents.record")}
      </Button>
    </Form>
  );
}

export function ResidentsMeetingPanel(props: { communityId: number; m: MeetingDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const rm = props.m.residentsMeeting;
  if (!rm) return null;
  const manage = props.m.canManage && !props.m.cancelled;
  const line = quorumLine(t, rm);
  const columns = [
    { title: t("meetings.residents.item"), key: "item", dataIndex: "item" },
    {
      title: t("meetings.residents.tallyMethod"),
      key: "tally",
      render: (_: unknown, d: Decision) => tallyLine(t, d),
    },
    {
      title: t("meetings.status"),
      key: "passed",
      render: (_: unknown, d: Decision) =>
        d.passed ? (
          <Tag color="green">{t("meetings.residents.passed")}</Tag>
        ) : (
          <Tag color="red">{t("meetings.residents.failed")}</Tag>
        ),
    },
  ];
  return (
    <Card size="small" title={t("meetings.residents.title")} data-testid="residents-meeting">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t("meetings.residents.law")}</Typography.Text>
        {rm.basis == null ? (
          manage ? (
            <FreezeRoll communityId={props.communityId} meetingId={props.m.id} onDone={props.onDone} />
          ) : (
            <Typography.Text>{t("meetings.residents.notFrozen")}</Typography.Text>
          )
        ) : (
          <>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                {
                  key: "basis",
                  label: t("meetings.residents.basisLabel"),
                  children: t(`meetings.residents.basis.${rm.basis}`),
                },
                {
                  key: "frozen",
                  label: t("meetings.residents.frozenAt", { at: "" }).trim(),
                  children: dayjs(rm.frozenAt).format("YYYY-MM-DD HH:mm"),
                },
              ]}
            />
            <Alert
              type={rm.quorum ? "success" : "warning"}
              showIcon
              message={line}
              data-testid="quorum-line"
            />
            {rm.unknownAge > 0 && (
              <Typography.Text type="secondary">
                {t("meetings.residents.unknownAge", { count: rm.unknownAge })}
              </Typography.Text>
            )}
            {rm.notCounted > 0 && (
              <Typography.Text type="secondary">
                {t("meetings.residents.notCounted", { count: rm.notCounted })}
              </Typography.Text>
            )}
          </>
        )}
        <Typography.Title level={5}>{t("meetings.residents.decisions")}</Typography.Title>
        {rm.decisions.length === 0 ? (
          <Typography.Text>{t("meetings.residents.noDecisions")}</Typography.Text>
        ) : (
          <Table<Decision>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={rm.decisions}
            pagination={false}
            data-testid="decisions"
          />
        )}
        {manage && rm.basis != null && (
          <DecisionForm communityId={props.communityId} m={props.m} rm={rm} onDone={props.onDone} />
        )}
      </Flex>
    </Card>
  );
}

// 议事设置 (D1, D2): the support a residents' proposal needs (households) and the notice period of a
// published resolution (working days); the community's deliberation templates — rename stages, add
// stages, mark them skippable, make one the default, copy X+7 into a new one; and the linkage sets
// (四轴联动, 五方联动 …) that name the kinds of party and the organisations invited. Community staff only;
// every change is audited on the server.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import {
  createParticipantSet,
  createTemplate,
  settingsKey,
  type Template,
  type TopicSettings,
  updateSettings,
  updateTemplate,
  useTopicSettings,
} from "./topics-api";

const PARTY_KINDS = [
  "party_committee",
  "party_branch",
  "party_members",
  "residents",
  "co_building_unit",
  "property_company",
  "owners_committee",
  "social_organisation",
  "volunteer_team",
  "government_department",
] as const;
type PartyKind = (typeof PARTY_KINDS)[number];

interface StageRow {
  id?: number;
  key: string;
  nameZh: string;
  nameEn: string;
  skippable: boolean;
}

function TemplateCard(props: {
  communityId: number;
  template: Template;
  onSaved: (s: TopicSettings) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tpl = props.template;
  const [rows, setRows] = useState<StageRow[]>(tpl.stages);
  useEffect(() => setRows(tpl.stages), [tpl.stages]);
  const save = useMutation({
    mutationFn: (body: Parameters<typeof updateTemplate>[2]) =>
      updateTemplate(props.communityId, tpl.id, body),
    onSuccess: (s) => {
      message.success(t("topics.saved"));
      props.onSaved(s);
    },
    onError: (err) => message.error(describeError(err)),
  });
  const edit = (i: number, patch: Partial<StageRow>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space>
          {tpl.name}
          {tpl.isDefault && <Tag color="blue">{t("topics.defaultTag")}</Tag>}
          <Typography.Text type="secondary">{t("topics.usedBy", { count: tpl.topics })}</Typography.Text>
        </Space>
      }
      extra={
        !tpl.isDefault && (
          <Button size="small" onClick={() => save.mutate({ isDefault: true })}>
            {t("topics.makeDefault")}
          </Button>
        )
      }
      data-testid={`template-${tpl.id}`}
    >
      <Table<StageRow>
        size="small"
        pagination={false}
        rowKey={(r) => r.id ?? `new-${r.key}`}
        dataSource={rows}
        columns={[
          { title: "#", key: "n", width: 40, render: (_, __, i) => i + 1 },
          {
            title: t("topics.stageKey"),
            key: "key",
            width: 170,
            render: (_, r, i) =>
              r.id ? (
                <code>{r.key}</code>
              ) : (
                <Input
                  aria-label={t("topics.stageKey")}
                  value={r.key}
                  onChange={(e) => edit(i, { key: e.target.value })}
                />
              ),
          },
          {
            title: t("topics.stageNameZh"),
            key: "zh",
            render: (_, r, i) => (
              <Input
                aria-label={t("topics.stageNameZh")}
                value={r.nameZh}
                maxLength={20}
                onChange={(e) => edit(i, { nameZh: e.target.value })}
              />
            ),
          },
          {
            title: t("topics.stageNameEn"),
            key: "en",
            render: (_, r, i) => (
              <Input
                aria-label={t("topics.stageNameEn")}
                value={r.nameEn}
                maxLength={40}
                onChange={(e) => edit(i, { nameEn: e.target.value })}
              />
            ),
          },
          {
            title: t("topics.skippable"),
            key: "skip",
            width: 90,
            render: (_, r, i) => (
              <Switch
                aria-label={`${t("topics.skippable")} ${r.nameZh}`}
                checked={r.skippable}
                onChange={(v) => edit(i, { skippable: v })}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        <Button
          onClick={() =>
            setRows([...rows, { key: `stage_${rows.length + 1}`, nameZh: "", nameEn: "", skippable: true }])
          }
        >
          {t("topics.addStage")}
        </Button>
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              stages: rows.map((r) => ({
                ...(r.id ? { id: r.id } : {}),
                key: r.key,
                nameZh: r.nameZh,
                nameEn: r.nameEn,
                skippable: r.skippable,
              })),
            })
          }
        >
          {t("topics.saveTemplate")}
        </Button>
      </Space>
    </Card>
  );
}

export function TopicSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const settings = useTopicSettings(communityId);
  const put = (s: TopicSettings) => qc.setQueryData(settingsKey(communityId), s);
  const onError = (err: unknown) => message.error(describeError(err));
  const thresholds = useMutation({
    mutationFn: (v: { supportThreshold: number; noticeWorkingDays: number }) =>
      updateSettings(communityId, v),
    onSuccess: (s) => {
      message.success(t("topics.saved"));
      put(s);
    },
    onError,
  });
  const newTemplate = useMutation({
    mutationFn: (v: { name: string }) => createTemplate(communityId, v),
    onSuccess: put,
    onError,
  });
  const newSet = useMutation({
    mutationFn: (v: {
      name: string;
      description?: string;
      kinds?: PartyKind[];
      organisationIds?: number[];
    }) => {
      const orgs = settings.data?.organisations ?? [];
      return createParticipantSet(communityId, {
        name: v.name,
        description: v.description ?? "",
        members: [
          ...(v.kinds ?? []).map((kind) => ({ kind, organisationId: null })),
          ...(v.organisationIds ?? []).map((id) => ({
            kind: (PARTY_KINDS.find((k) => k === orgs.find((o) => o.id === id)?.kind) ??
              "co_building_unit") as PartyKind,
            organisationId: id,
          })),
        ],
      });
    },
    onSuccess: (s) => {
      message.success(t("topics.saved"));
      put(s);
    },
    onError,
  });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => settings.refetch()} />;
  const s = settings.data;
  return (
    <StaffPage
      title={t("topics.settingsTitle")}
      subtitle={t("topics.settingsSubtitle")}
      testId="topic-settings-page"
      extra={<Link to="/staff/topics">{t("topics.backToList")}</Link>}
    >
      <Card title={t("topics.thresholds")} style={{ marginBottom: 16 }}>
        <Form
          layout="inline"
          initialValues={{ supportThreshold: s.supportThreshold, noticeWorkingDays: s.noticeWorkingDays }}
          onFinish={(v) => thresholds.mutate(v)}
        >
          <Form.Item
            name="supportThreshold"
            label={t("topics.supportThreshold")}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="noticeWorkingDays" label={t("topics.noticeDays")} rules={[{ required: true }]}>
            <InputNumber min={0} max={60} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={thresholds.isPending}>
            {t("topics.save")}
          </Button>
        </Form>
      </Card>
      <Card title={t("topics.templates")} style={{ marginBottom: 16 }}>
        {s.templates.map((tpl) => (
          <TemplateCard key={tpl.id} communityId={communityId} template={tpl} onSaved={put} />
        ))}
        <Form layout="inline" onFinish={(v: { name: string }) => newTemplate.mutate(v)}>
          <Form.Item name="name" label={t("topics.newTemplateName")} rules={[{ required: true, max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Button htmlType="submit" loading={newTemplate.isPending}>
            {t("topics.newTemplate")}
          </Button>
        </Form>
      </Card>
      <Card title={t("topics.participantSets")}>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={s.participantSets}
          columns={[
            {
              title: t("topics.setName"),
              key: "name",
              width: 140,
              render: (_, r) => <strong>{r.name}</strong>,
            },
            { title: t("topics.setDescription"), key: "d", render: (_, r) => r.description },
            {
              title: t("topics.setKinds"),
              key: "m",
              render: (_, r) =>
                r.members.map((m, i) => (
                  <Tag key={`${m.kind}-${m.organisationId ?? i}`}>
                    {m.organisationName ?? t(`topics.partyKind.${m.kind}`)}
                  </Tag>
                )),
            },
          ]}
        />
        <Form layout="vertical" style={{ marginTop: 16, maxWidth: 640 }} onFinish={(v) => newSet.mutate(v)}>
          <Form.Item name="name" label={t("topics.setName")} rules={[{ required: true, max: 40 }]}>
            <Input maxLength={40} placeholder="四轴联动" />
          </Form.Item>
          <Form.Item name="description" label={t("topics.setDescription")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="kinds" label={t("topics.setKinds")}>
            <Select
              mode="multiple"
              options={PARTY_KINDS.map((k) => ({ value: k, label: t(`topics.partyKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="organisationIds" label={t("topics.setOrgs")}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: "label" }}
              options={s.organisations.map((o) => ({ value: o.id, label: o.name }))}
            />
          </Form.Item>
          <Button htmlType="submit" loading={newSet.isPending}>
            {t("topics.addSet")}
          </Button>
        </Form>
      </Card>
    </StaffPage>
  );
}

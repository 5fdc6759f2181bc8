// 积分管理 (S1–S3, S5, staff console): the community's current points standard and a form for its next
// version (adopted through a survey or a topic the residents decided); awarding or deducting an item's
// points to several residents at once with its evidence; the awards list (month, item, name) and the
// month's honour board.
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams } from "../../../shared/staff/list-state";
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
  type AwardRow,
  awardPoints,
  CATEGORIES,
  createStandard,
  type PointsItem,
  type Standard,
  type StandardInput,
  useAwards,
  useHonourBoard,
  useResidentOptions,
  useStandard,
} from "./points-api";

type ItemValues = StandardInput["items"][number];
interface StandardValues {
  kind: "survey" | "topic";
  viaId: number;
  adoptedOn: string;
  yearEndRule: "expire" | "carry_over";
  note?: string;
  items: ItemValues[];
}

function StandardModal(props: { communityId: number; current: Standard | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<StandardValues>();
  const save = useMutation({
    mutationFn: (v: StandardValues) =>
      createStandard(props.communityId, {
        adoptedVia: { kind: v.kind, id: v.viaId },
        adoptedOn: v.adoptedOn,
        yearEndRule: v.yearEndRule,
        note: v.note ?? "",
        items: v.items.map((i) => ({
          ...i,
          capPoints: i.capPoints ?? null,
          capPeriod: i.capPoints ? (i.capPeriod ?? "month") : null,
        })),
      }),
    onSuccess: (s) => {
      message.success(t("points.saved", { v: s.version }));
      void qc.invalidateQueries({ queryKey: ["points", props.communityId] });
      props.onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form as never, err, ["viaId", "adoptedOn", "items"]))
        message.error(describeError(err));
    },
  });
  const initial: Partial<StandardValues> = {
    kind: props.current?.adoptedVia.kind ?? "topic",
    adoptedOn: dayjs().format("YYYY-MM-DD"),
    yearEndRule: props.current?.yearEndRule ?? "carry_over",
    items: props.current?.items.map((i) => ({
      code: i.code,
      nameZh: i.nameZh,
      nameEn: i.nameEn,
      category: i.category,
      points: i.points,
      capPoints: i.capPoints,
      capPeriod: i.capPeriod,
      evidenceRequired: i.evidenceRequired,
      awarderRoles: i.awarderRoles as ItemValues["awarderRoles"],
      source: i.source,
    })) ?? [
      {
        code: "clean_up",
        nameZh: "参加环境整治",
        nameEn: "Clean-up day",
        category: "environment",
        points: 10,
        capPoints: 40,
        capPeriod: "month",
        evidenceRequired: true,
      },
    ],
  };
  return (
    <Modal
      open
      width={920}
      title={t("points.newVersion")}
      okText={t("points.save")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "standard-save" } as React.ComponentProps<typeof Button>}
    >
      <Form<StandardValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => save.mutate(v)}
      >
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={t("points.adoptedVia")} rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: "topic", label: t("points.adoptedTopic") },
                { value: "survey", label: t("points.adoptedSurvey") },
              ]}
            />
          </Form.Item>
          <Form.Item name="viaId" label={t("points.adoptedViaId")} rules={[{ required: true }]}>
            <InputNumber min={1} style={{ width: 140 }} data-testid="standard-via-id" />
          </Form.Item>
          <Form.Item name="adoptedOn" label={t("points.adoptedOn")} rules={[{ required: true }]}>
            <Input type="date" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="yearEndRule" label={t("points.yearEnd")}>
            <Radio.Group
              options={[
                { value: "carry_over", label: t("points.yearEndCarry") },
                { value: "expire", label: t("points.yearEndExpire") },
              ]}
            />
          </Form.Item>
        </Flex>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="end" className="staff-points-item">
                  <Form.Item name={[f.name, "code"]} label={t("points.code")} rules={[{ required: true }]}>
                    <Input style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "nameZh"]}
                    label={t("points.nameZh")}
                    rules={[{ required: true }]}
                  >
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "nameEn"]}
                    label={t("points.nameEn")}
                    rules={[{ required: true }]}
                  >
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "category"]}
                    label={t("points.category")}
                    rules={[{ required: true }]}
                  >
                    <Select
                      style={{ width: 110 }}
                      aria-label={t("points.category")}
                      options={CATEGORIES.map((c) => ({ value: c, label: t(`points.category_${c}`) }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, "points"]}
                    label={t("points.pointsColumn")}
                    rules={[{ required: true }]}
                  >
                    <InputNumber style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, "capPoints"]} label={t("points.cap")}>
                    <InputNumber min={1} style={{ width: 80 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, "capPeriod"]} label={t("points.cap")}>
                    <Select
                      style={{ width: 70 }}
                      allowClear
                      aria-label={t("points.cap")}
                      options={[
                        { value: "month", label: t("points.month") },
                        { value: "year", label: t("points.year") },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "evidenceRequired"]} valuePropName="checked">
                    <Checkbox>{t("points.evidenceRequired")}</Checkbox>
                  </Form.Item>
                  <Form.Item>
                    <Button
                      icon={<MinusCircleOutlined />}
                      aria-label={t("points.removeItem")}
                      onClick={() => remove(f.name)}
                    />
                  </Form.Item>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ category: "other", points: 5 })}>
                {t("points.addItem")}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={t("points.note")} style={{ marginTop: 12 }}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface AwardValues {
  itemId: number;
  residentIds: number[];
  evidence?: string;
}

function AwardModal(props: { communityId: number; items: PointsItem[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<AwardValues>();
  const [q, setQ] = useState("");
  const residents = useResidentOptions(props.communityId, q);
  // one key per opened form: a retried submit awards once
  const key = useMemo(() => `award-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, []);
  const save = useMutation({
    mutationFn: (v: AwardValues) =>
      awardPoints(props.communityId, {
        itemId: v.itemId,
        residentIds: v.residentIds,
        evidence: v.evidence ?? "",
        idempotencyKey: key,
      }),
    onSuccess: (r) => {
      message.success(
        t("points.awarded", { n: r.awarded.length }) +
          (r.replayed ? t("points.replayed", { n: r.replayed }) : ""),
      );
      void qc.invalidateQueries({ queryKey: ["points", props.communityId] });
      props.onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form as never, err, ["itemId", "residentIds", "evidence"]))
        message.error(describeError(err));
    },
  });
  const en = i18n.language === "en";
  return (
    <Modal
      open
      title={t("points.awardTitle")}
      okText={t("points.award")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "award-submit" } as React.ComponentProps<typeof Button>}
    >
      <Form<AwardValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="itemId" label={t("points.item")} rules={[{ required: true }]}>
          <Select
            data-testid="award-item"
            aria-label={t("points.item")}
            options={props.items
              .filter((i) => i.source === "manual")
              .map((i) => ({
                value: i.id,
                label: `${en ? i.nameEn : i.nameZh}（${i.points > 0 ? "+" : ""}${i.points}）`,
              }))}
          />
        </Form.Item>
        <Form.Item name="residentIds" label={t("points.residents")} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            data-testid="award-residents"
            aria-label={t("points.residents")}
            placeholder={t("points.residentsPlaceholder")}
            showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
            loading={residents.isFetching}
            options={(residents.data?.items ?? []).map((r) => ({
              value: r.id,
              label: [r.name, r.address].filter(Boolean).join(" · "),
            }))}
          />
        </Form.Item>
        <Form.Item name="evidence" label={t("points.evidence")}>
          <Input maxLength={200} placeholder={t("points.evidencePlaceholder")} data-testid="award-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function StandardCard(props: { standard: Standard | null; canManage: boolean; onNew: () => void }) {
  const { t, i18n } = useTranslation();
  const s = props.standard;
  const en = i18n.language === "en";
  const columns: ColumnsType<PointsItem> = [
    { title: t("points.item"), key: "name", render: (_, i) => (en ? i.nameEn : i.nameZh) },
    {
      title: t("points.category"),
      key: "category",
      width: 110,
      render: (_, i) => t(`points.category_${i.category}`),
    },
    {
      title: t("points.pointsColumn"),
      key: "points",
      width: 80,
      render: (_, i) => (
        <Tag color={i.points > 0 ? "green" : "red"}>{i.points > 0 ? `+${i.points}` : i.points}</Tag>
      ),
    },
    {
      title: t("points.cap"),
      key: "cap",
      width: 120,
      render: (_, i) =>
        i.capPoints
          ? t("points.capText", {
              n: i.capPoints,
              period: t(i.capPeriod === "year" ? "points.year" : "points.month"),
            })
          : t("points.noCap"),
    },
    {
      title: t("points.source"),
      key: "source",
      width: 150,
      render: (_, i) =>
        t(
          i.source === "manual"
            ? "points.sourceManual"
            : i.source === "volunteer_hours"
              ? "points.sourceHours"
              : "points.sourceMeetings",
        ) + (i.evidenceRequired ? ` · ${t("points.evidenceRequired")}` : ""),
    },
  ];
  return (
    <Card
      size="small"
      title={s ? `${t("points.standard")}（${t("points.version", { v: s.version })}）` : t("points.standard")}
      style={{ marginBottom: 16 }}
      data-testid="points-standard"
      extra={
        props.canManage && (
          <Button icon={<PlusOutlined />} onClick={props.onNew} data-testid="standard-new">
            {t("points.newVersion")}
          </Button>
        )
      }
    >
      {!s ? (
        <Typography.Text type="secondary">{t("points.noStandard")}</Typography.Text>
      ) : (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t("points.adoptedVia")}>
              {t(s.adoptedVia.kind === "survey" ? "points.adoptedSurvey" : "points.adoptedTopic")} #
              {s.adoptedVia.id}
              {s.adoptedVia.title ? ` ${s.adoptedVia.title}` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("points.adoptedOn")}>{s.adoptedOn}</Descriptions.Item>
            <Descriptions.Item label={t("points.yearEnd")}>
              {t(s.yearEndRule === "expire" ? "points.yearEndExpire" : "points.yearEndCarry")}
            </Descriptions.Item>
          </Descriptions>
          <Table<PointsItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={s.items}
            pagination={false}
            scroll={{ x: 640 }}
          />
        </>
      )}
    </Card>
  );
}

function HonourCard(props: { communityId: number }) {
  const { t } = useTranslation();
  const board = useHonourBoard(props.communityId);
  return (
    <Card
      size="small"
      title={t("points.honour", { month: board.data?.month ?? "" })}
      data-testid="staff-honour-board"
    >
      {board.data?.rows.length ? (
        <ol className="staff-honour">
          {board.data.rows.map((r) => (
            <li key={r.rank}>
              {r.name} {r.building ? <Typography.Text type="secondary">{r.building}</Typography.Text> : null}{" "}
              — <strong>{r.points}</strong>
            </li>
          ))}
        </ol>
      ) : (
        <Typography.Text type="secondary">{t("points.honourEmpty")}</Typography.Text>
      )}
    </Card>
  );
}

export function PointsStaffPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const canManage = hasPermission(me.data, "points.manage", communityId);
  const canAward = hasPermission(me.data, "points.award", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const list = useListParams();
  const month = list.str("month");
  const itemId = list.num("itemId");
  const q = list.str("q");
  const standard = useStandard(communityId);
  const awards = useAwards(communityId, {
    ...(month ? { month } : {}),
    ...(itemId ? { itemId } : {}),
    ...(q ? { q } : {}),
  });
  const [editing, setEditing] = useState(false);
  const [awarding, setAwarding] = useState(false);
  const current = standard.data?.standard ?? null;
  const months = Array.from({ length: 12 }, (_, i) => dayjs().subtract(i, "month").format("YYYY-MM"));
  const en = i18n.language === "en";

  const columns: StaffColumn<AwardRow>[] = [
    {
      title: t("points.awardedAt"),
      key: "awardedAt",
      width: 150,
      render: (_, a) => dayjs(a.awardedAt).format("YYYY-MM-DD HH:mm"),
    },
    { title: t("points.residents"), key: "residentName", dataIndex: "residentName", width: 100 },
    { title: t("points.address"), key: "address", dataIndex: "address", width: 160 },
    { title: t("points.item"), key: "itemName", dataIndex: "itemName" },
    {
      title: t("points.pointsColumn"),
      key: "points",
      width: 80,
      render: (_, a) => (
        <Tag color={a.points > 0 ? "green" : "red"}>{a.points > 0 ? `+${a.points}` : a.points}</Tag>
      ),
    },
    { title: t("points.evidence"), key: "evidence", dataIndex: "evidence" },
    { title: t("points.awardedBy"), key: "awardedBy", dataIndex: "awardedBy", width: 100 },
  ];
  const table = useColumnSettings<AwardRow>("points-awards", columns);

  return (
    <StaffPage
      title={t("points.staffTitle")}
      subtitle={t("points.staffSubtitle")}
      testId="points-staff-page"
      extra={
        canAward &&
        current && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAwarding(true)}
            data-testid="award-open"
          >
            {t("points.award")}
          </Button>
        )
      }
    >
      {standard.isError && <ErrorAlert error={standard.error} onRetry={() => standard.refetch()} />}
      <StandardCard standard={current} canManage={canManage} onNew={() => setEditing(true)} />
      <Flex gap={16} vertical>
        <Card size="small" title={t("points.awards")}>
          <ListToolbar
            testId="award-filters"
            extra={
              <Space>
                {canExport && (
                  <ExportButton
                    path={`/communities/${communityId}/points/awards/export.xlsx`}
                    query={{ month, itemId, q }}
                    fallbackName="points-awards.xlsx"
                    testId="export-awards"
                  />
                )}
                {table.button}
              </Space>
            }
          >
            <KeywordFilter list={list} placeholder={t("points.keywordPlaceholder")} width={200} />
            <SelectFilter
              label={t("points.filterMonth")}
              width={120}
              value={month}
              onChange={(v) => list.set({ month: v ?? null })}
              options={months.map((m) => ({ value: m, label: m }))}
              testId="filter-month"
            />
            <SelectFilter
              label={t("points.filterItem")}
              width={180}
              value={itemId}
              onChange={(v) => list.set({ itemId: v ?? null })}
              options={(current?.items ?? []).map((i) => ({ value: i.id, label: en ? i.nameEn : i.nameZh }))}
              testId="filter-item"
            />
          </ListToolbar>
          {awards.isError && <ErrorAlert error={awards.error} onRetry={() => awards.refetch()} />}
          <Table<AwardRow>
            rowKey="id"
            columns={table.columns}
            dataSource={awards.data?.items ?? []}
            loading={awards.isPending}
            // no horizontal scroll: a scrolling region needs something to focus (axe), and the rows have no buttons
            pagination={{ pageSize: 20, showSizeChanger: false }}
            onRow={(a) => ({ "data-testid": `award-row-${a.id}` }) as object}
          />
        </Card>
        <HonourCard communityId={communityId} />
      </Flex>
      {editing && (
        <StandardModal communityId={communityId} current={current} onClose={() => setEditing(false)} />
      )}
      {awarding && current && (
        <AwardModal communityId={communityId} items={current.items} onClose={() => setAwarding(false)} />
      )}
    </StaffPage>
  );
}

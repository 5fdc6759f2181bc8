// 关爱走访 (C5, staff console): the care dashboard — missed check-ins waiting for an answer (已上门 / 已联系),
// the visit plans per care group, the residents in care with who is overdue for a visit and who missed
// today's check-in (keyword, group, overdue, enrolled, missed; Excel export), enrolment in the daily
// check-in — and one resident's care record with the visit form (phone-friendly for grid workers).
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
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
import { Link, useParams } from "react-router-dom";
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
  SwitchFilter,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  acknowledge,
  CARE_GROUPS,
  type CareAlert,
  type CareRow,
  careKey,
  checkIn,
  type EnrolBody,
  enrol,
  type Plan,
  recordVisit,
  setPlan,
  useAlerts,
  useCareList,
  useCareRecord,
  usePlans,
  type VisitBody,
} from "./care-api";

type TFn = ReturnType<typeof useTranslation>["t"];
const groupName = (t: TFn, g: string) => (t as (k: string) => string)(`care.group_${g}`);
const stateTag = (t: TFn, s: CareRow["today"]) => {
  const color = s === "missed" ? "red" : s === "checked_in" ? "green" : s === "waiting" ? "gold" : "default";
  return <Tag color={color}>{(t as (k: string) => string)(`care.today_${s}`)}</Tag>;
};
const recordLink = (communityId: number, residentId: number) =>
  `/staff/care/${communityId}/residents/${residentId}`;

function AlertsCard(props: { communityId: number; canAct: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const alerts = useAlerts(props.communityId);
  const ack = useMutation({
    mutationFn: (v: { id: number; kind: "visited" | "contacted" }) =>
      acknowledge(props.communityId, v.id, v.kind),
    onSuccess: () => {
      message.success(t("care.saved"));
      void qc.invalidateQueries({ queryKey: careKey(props.communityId) });
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card size="small" title={t("care.alertsTitle")} data-testid="care-alerts">
      {alerts.isError && <ErrorAlert error={alerts.error} onRetry={() => alerts.refetch()} />}
      <List<CareAlert>
        dataSource={alerts.data?.alerts ?? []}
        loading={alerts.isPending}
        locale={{ emptyText: <Typography.Text type="secondary">{t("care.alertsEmpty")}</Typography.Text> }}
        renderItem={(a) => (
          <List.Item
            data-testid={`care-alert-${a.residentId}`}
            actions={
              props.canAct
                ? [
                    <Button
                      key="v"
                      size="small"
                      disabled={!!a.acknowledgedAt}
                      onClick={() => ack.mutate({ id: a.id, kind: "visited" })}
                      data-testid="ack-visited"
                    >
                      {t("care.ackVisited")}
                    </Button>,
                    <Button
                      key="c"
                      size="small"
                      disabled={!!a.acknowledgedAt}
                      onClick={() => ack.mutate({ id: a.id, kind: "contacted" })}
                      data-testid="ack-contacted"
                    >
                      {t("care.ackContacted")}
                    </Button>,
                    <Link key="r" to={`${recordLink(props.communityId, a.residentId)}?alert=${a.id}`}>
                      {t("care.recordVisit")}
                    </Link>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Link to={recordLink(props.communityId, a.residentId)}>{a.name}</Link>
                  <Tag color="red">{t("care.today_missed")}</Tag>
                  {a.escalatedAt && <Tag color="volcano">{t("care.escalated")}</Tag>}
                  {a.ackKind && (
                    <Tag color="blue">
                      {t(a.ackKind === "visited" ? "care.ackVisited" : "care.ackContacted")}
                    </Tag>
                  )}
                </Space>
              }
              description={`${a.place} · ${t("care.raisedAt")} ${dayjs(a.raisedAt).format("HH:mm")}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

function PlansCard(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const plans = usePlans(props.communityId);
  const [editing, setEditing] = useState<Plan | null>(null);
  const [days, setDays] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: () => setPlan(props.communityId, editing!.careTag, days ?? 0),
    onSuccess: () => {
      message.success(t("care.saved"));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: careKey(props.communityId) });
    },
    onError: (err) => message.error(describeError(err)),
  });
  const columns: StaffColumn<Plan>[] = [
    { title: t("care.group"), key: "group", render: (_, p) => groupName(t, p.careTag) },
    {
      title: t("care.frequency"),
      key: "frequency",
      render: (_, p) => (p.frequencyDays ? t("care.everyDays", { n: p.frequencyDays }) : t("care.noPlan")),
    },
    { title: t("care.residentsCount"), key: "residents", dataIndex: "residents", width: 90 },
    {
      title: t("care.overdueCount"),
      key: "overdue",
      width: 80,
      render: (_, p) => (p.overdue ? <Tag color="red">{p.overdue}</Tag> : 0),
    },
    ...(props.canManage
      ? [
          {
            title: "",
            key: "edit",
            settingsTitle: t("care.setFrequency"),
            width: 110,
            render: (_: unknown, p: Plan) => (
              <Button
                size="small"
                onClick={() => {
                  setEditing(p);
                  setDays(p.frequencyDays ?? 7);
                }}
                data-testid={`plan-edit-${p.careTag}`}
              >
                {t("care.setFrequency")}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <Card size="small" title={t("care.plansTitle")} data-testid="care-plans">
      {plans.isError && <ErrorAlert error={plans.error} onRetry={() => plans.refetch()} />}
      <Table<Plan>
        rowKey="careTag"
        size="small"
        columns={columns}
        dataSource={plans.data?.plans ?? []}
        loading={plans.isPending}
        pagination={false}
      />
      {editing && (
        <Modal
          open
          title={`${t("care.setFrequency")} · ${groupName(t, editing.careTag)}`}
          onCancel={() => setEditing(null)}
          onOk={() => save.mutate()}
          confirmLoading={save.isPending}
          cancelText={t("common.cancel")}
        >
          <Space>
            <span>{t("care.frequencyDays")}</span>
            <InputNumber
              min={1}
              max={365}
              value={days}
              onChange={(v) => setDays(v)}
              aria-label={t("care.frequencyDays")}
              data-testid="plan-days"
            />
          </Space>
        </Modal>
      )}
    </Card>
  );
}

interface EnrolValues {
  residentId: number;
  deadline: string;
  consentBy: "resident" | "guardian";
  consentNote?: string;
  contacts?: { phone: string; relation?: string }[];
}

function EnrolModal(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<EnrolValues>();
  const candidates = useCareList(props.communityId, { enrolled: "false", pageSize: 200 });
  const save = useMutation({
    mutationFn: (v: EnrolValues) =>
      enrol(props.communityId, {
        residentId: v.residentId,
        deadline: v.deadline,
        consentBy: v.consentBy,
        consentNote: v.consentNote ?? "",
        contacts: (v.contacts ?? []).map((c) => ({ phone: c.phone, relation: c.relation ?? "" })),
      } satisfies EnrolBody),
    onSuccess: () => {
      message.success(t("care.enrolled"));
      void qc.invalidateQueries({ queryKey: careKey(props.communityId) });
      props.onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form as never, err, ["residentId", "deadline", "contacts"]))
        message.error(describeError(err));
    },
  });
  return (
    <Modal
      open
      title={t("care.enrol")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      cancelText={t("common.cancel")}
      okButtonProps={{ "data-testid": "enrol-save" } as React.ComponentProps<typeof Button>}
    >
      <Form<EnrolValues>
        form={form}
        layout="vertical"
        initialValues={{ deadline: "10:00", consentBy: "resident" }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="residentId"
          label={t("care.enrolResident")}
          extra={t("care.enrolResidentHint")}
          rules={[{ required: true }]}
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            aria-label={t("care.enrolResident")}
            data-testid="enrol-resident"
            options={(candidates.data?.items ?? []).map((r) => ({
              value: r.residentId,
              label: `${r.name} · ${r.place}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="deadline" label={t("care.deadline")} rules={[{ required: true }]}>
          <Input type="time" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="consentBy" label={t("care.consentBy")}>
          <Radio.Group
            options={[
              { value: "resident", label: t("care.consentResident") },
              { value: "guardian", label: t("care.consentGuardian") },
            ]}
          />
        </Form.Item>
        <Form.Item name="consentNote" label={t("care.consentNote")}>
          <Input maxLength={500} />
        </Form.Item>
        <Typography.Text>{t("care.contacts")}</Typography.Text>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} align="baseline">
                  <Form.Item name={[f.name, "phone"]} rules={[{ required: true, pattern: /^1\d{10}$/ }]}>
                    <Input placeholder={t("care.contactPhone")} aria-label={t("care.contactPhone")} />
                  </Form.Item>
                  <Form.Item name={[f.name, "relation"]}>
                    <Input
                      placeholder={t("care.contactRelation")}
                      aria-label={t("care.contactRelation")}
                      style={{ width: 100 }}
                    />
                  </Form.Item>
                  <MinusCircleOutlined aria-label={t("care.removeContact")} onClick={() => remove(f.name)} />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add()}
                disabled={fields.length >= 5}
              >
                {t("care.addContact")}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

export function CareStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const canManage = hasPermission(me.data, "care.manage", communityId);
  const canVisit = hasPermission(me.data, "care.visit", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const list = useListParams();
  const q = list.str("q");
  const careTag = list.str("careTag") as CareRow["careTags"][number] | undefined;
  const overdue = list.bool("overdue");
  const enrolled = list.bool("enrolled");
  const missed = list.bool("missed");
  const page = list.num("page") ?? 1;
  const query = {
    ...(q ? { q } : {}),
    ...(careTag ? { careTag } : {}),
    ...(overdue ? { overdue: "true" as const } : {}),
    ...(enrolled ? { enrolled: "true" as const } : {}),
    ...(missed ? { missed: "true" as const } : {}),
  };
  const rows = useCareList(communityId, { ...query, page, pageSize: 20 });
  const [enrolling, setEnrolling] = useState(false);

  const columns: StaffColumn<CareRow>[] = [
    {
      title: t("care.name"),
      key: "name",
      render: (_, r) => (
        <Link to={recordLink(communityId, r.residentId)} data-testid={`care-row-${r.residentId}`}>
          {r.name}
        </Link>
      ),
    },
    { title: t("care.place"), key: "place", dataIndex: "place" },
    { title: t("care.phone"), key: "phone", dataIndex: "phone", width: 120 },
    {
      title: t("care.group"),
      key: "groups",
      render: (_, r) => r.careTags.map((g) => <Tag key={g}>{groupName(t, g)}</Tag>),
    },
    { title: t("care.lastVisit"), key: "lastVisit", width: 110, render: (_, r) => r.lastVisitOn ?? "—" },
    {
      title: t("care.nextDue"),
      key: "nextDue",
      width: 120,
      render: (_, r) => (
        <Space size={4}>
          {r.nextVisitDue ?? "—"}
          {r.overdue && <Tag color="red">{t("care.overdue")}</Tag>}
        </Space>
      ),
    },
    { title: t("care.deadline"), key: "deadline", width: 90, render: (_, r) => r.deadline ?? "—" },
    { title: t("care.checkin"), key: "today", width: 110, render: (_, r) => stateTag(t, r.today) },
  ];
  const table = useColumnSettings<CareRow>("care-residents", columns, ["phone"]);

  return (
    <StaffPage
      title={t("care.staffTitle")}
      subtitle={t("care.staffSubtitle")}
      testId="care-staff-page"
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEnrolling(true)}
            data-testid="enrol-open"
          >
            {t("care.enrol")}
          </Button>
        )
      }
    >
      <Flex gap={16} vertical>
        <AlertsCard communityId={communityId} canAct={canVisit} />
        <Card size="small" title={t("care.listTitle")}>
          <ListToolbar
            testId="care-filters"
            extra={
              <Space>
                {canExport && (
                  <ExportButton
                    path={`/communities/${communityId}/care/residents/export.xlsx`}
                    query={query}
                    fallbackName="care.xlsx"
                    testId="export-care"
                  />
                )}
                {table.button}
              </Space>
            }
          >
            <KeywordFilter list={list} placeholder={t("care.keyword")} width={180} />
            <SelectFilter
              label={t("care.filterGroup")}
              width={130}
              value={careTag}
              onChange={(v) => list.set({ careTag: v ?? null })}
              options={CARE_GROUPS.map((g) => ({ value: g, label: groupName(t, g) }))}
              testId="filter-group"
            />
            <SwitchFilter
              label={t("care.filterOverdue")}
              checked={!!overdue}
              onChange={(v) => list.set({ overdue: v })}
              testId="filter-overdue"
            />
            <SwitchFilter
              label={t("care.filterEnrolled")}
              checked={!!enrolled}
              onChange={(v) => list.set({ enrolled: v })}
            />
            <SwitchFilter
              label={t("care.filterMissed")}
              checked={!!missed}
              onChange={(v) => list.set({ missed: v })}
              testId="filter-missed"
            />
          </ListToolbar>
          {rows.isError && <ErrorAlert error={rows.error} onRetry={() => rows.refetch()} />}
          <Table<CareRow>
            rowKey="residentId"
            columns={table.columns}
            dataSource={rows.data?.items ?? []}
            loading={rows.isPending}
            pagination={{
              current: page,
              pageSize: 20,
              total: rows.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => list.set({ page: p }, { position: true }),
            }}
          />
        </Card>
        <PlansCard communityId={communityId} canManage={canManage} />
      </Flex>
      {enrolling && <EnrolModal communityId={communityId} onClose={() => setEnrolling(false)} />}
    </StaffPage>
  );
}

interface VisitValues {
  visitedOn: string;
  health: VisitBody["health"];
  gasSafe: boolean;
  electricitySafe: boolean;
  notes?: string;
  needs?: string;
}

/** One resident's care record and the visit form (one column on a phone). */
export function CareResidentStaffPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const params = useParams();
  const communityId = Number(params.communityId);
  const residentId = Number(params.residentId);
  const alertId = Number(new URLSearchParams(window.location.search).get("alert")) || undefined;
  const rec = useCareRecord(communityId, residentId);
  const [form] = Form.useForm<VisitValues>();
  const refresh = () => void qc.invalidateQueries({ queryKey: careKey(communityId) });
  const visit = useMutation({
    mutationFn: (v: VisitValues) =>
      recordVisit(communityId, residentId, {
        visitedOn: v.visitedOn,
        health: v.health,
        gasSafe: v.gasSafe,
        electricitySafe: v.electricitySafe,
        notes: v.notes ?? "",
        needs: v.needs ?? "",
        ...(alertId ? { alertId } : {}),
      }),
    onSuccess: (r) => {
      message.success(r.requestId ? t("care.visitSavedRequest", { id: r.requestId }) : t("care.visitSaved"));
      form.resetFields(["notes", "needs"]);
      refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(form as never, err, ["visitedOn", "notes", "needs"]))
        message.error(describeError(err));
    },
  });
  const check = useMutation({
    mutationFn: (phoneCall: boolean) => checkIn(communityId, residentId, { phoneCall }),
    onSuccess: () => {
      message.success(t("care.checkedIn"));
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const r = rec.data;
  const method = (m: string) => (t as (k: string) => string)(`care.method_${m}`);
  return (
    <StaffPage
      title={r ? `${t("care.recordTitle")} · ${r.name}` : t("care.recordTitle")}
      subtitle={r?.place}
      testId="care-record-page"
      extra={<Link to="/staff/care">{t("care.back")}</Link>}
    >
      {rec.isError && <ErrorAlert error={rec.error} onRetry={() => rec.refetch()} />}
      {r && (
        <Flex gap={16} vertical style={{ maxWidth: 760 }}>
          <Card size="small" title={t("care.enrolment")}>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t("care.group")}>
                {r.careTags.map((g) => (
                  <Tag key={g}>{groupName(t, g)}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t("care.checkin")}>{stateTag(t, r.today)}</Descriptions.Item>
              {r.enrolment ? (
                <>
                  <Descriptions.Item label={t("care.deadline")}>{r.enrolment.deadline}</Descriptions.Item>
                  <Descriptions.Item label={t("care.consentBy")}>
                    {t("care.consent", {
                      who: t(
                        r.enrolment.consentBy === "resident"
                          ? "care.consentResident"
                          : "care.consentGuardian",
                      ),
                      at: dayjs(r.enrolment.consentAt).format("YYYY-MM-DD"),
                    })}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("care.family")}>
                    {r.enrolment.contacts.map((c) => `${c.name}（${c.relation}）${c.phone}`).join("；") ||
                      "—"}
                  </Descriptions.Item>
                </>
              ) : (
                <Descriptions.Item label={t("care.enrolment")}>{t("care.notEnrolled")}</Descriptions.Item>
              )}
            </Descriptions>
            {r.enrolment && r.canVisit && r.today !== "checked_in" && (
              <Space wrap style={{ marginTop: 8 }}>
                <Button
                  onClick={() => check.mutate(false)}
                  loading={check.isPending}
                  data-testid="checkin-for"
                >
                  {t("care.checkinFor")}
                </Button>
                <Button
                  onClick={() => check.mutate(true)}
                  loading={check.isPending}
                  data-testid="checkin-phone"
                >
                  {t("care.phoneCall")}
                </Button>
              </Space>
            )}
          </Card>
          {r.canVisit && (
            <Card size="small" title={t("care.visitForm")} data-testid="visit-form">
              <Form<VisitValues>
                form={form}
                layout="vertical"
                initialValues={{
                  visitedOn: dayjs().format("YYYY-MM-DD"),
                  health: "good",
                  gasSafe: true,
                  electricitySafe: true,
                }}
                onFinish={(v) => visit.mutate(v)}
              >
                <Form.Item name="visitedOn" label={t("care.visitedOn")} rules={[{ required: true }]}>
                  <Input type="date" style={{ width: 170 }} />
                </Form.Item>
                <Form.Item name="health" label={t("care.health")}>
                  <Radio.Group
                    optionType="button"
                    options={(["good", "fair", "poor", "unwell"] as const).map((h) => ({
                      value: h,
                      label: t(`care.health_${h}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name="gasSafe" label={t("care.gasSafe")}>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: true, label: t("care.safe") },
                      { value: false, label: t("care.unsafe") },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="electricitySafe" label={t("care.electricitySafe")}>
                  <Radio.Group
                    optionType="button"
                    options={[
                      { value: true, label: t("care.safe") },
                      { value: false, label: t("care.unsafe") },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="notes" label={t("care.notes")}>
                  <Input.TextArea rows={3} maxLength={2000} data-testid="visit-notes" />
                </Form.Item>
                <Form.Item name="needs" label={t("care.needs")}>
                  <Input.TextArea rows={2} maxLength={2000} data-testid="visit-needs" />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  size="large"
                  block
                  loading={visit.isPending}
                  data-testid="visit-save"
                >
                  {t("care.saveVisit")}
                </Button>
              </Form>
            </Card>
          )}
          <Card size="small" title={t("care.visits")}>
            <List
              dataSource={r.visits}
              locale={{ emptyText: <Typography.Text type="secondary">{t("care.noVisits")}</Typography.Text> }}
              renderItem={(v) => (
                <List.Item data-testid={`visit-${v.id}`}>
                  <List.Item.Meta
                    title={`${v.visitedOn} · ${v.visitor} · ${t(`care.health_${v.health}`)}`}
                    description={[
                      `${t("care.gasSafe")}：${t(v.gasSafe ? "care.safe" : "care.unsafe")}`,
                      `${t("care.electricitySafe")}：${t(v.electricitySafe ? "care.safe" : "care.unsafe")}`,
                      v.notes,
                      v.needs ? `${v.needs}${v.requestId ? ` (#${v.requestId})` : ""}` : "",
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t("care.checkins")}>
            <List
              dataSource={r.checkins}
              locale={{
                emptyText: <Typography.Text type="secondary">{t("care.noCheckins")}</Typography.Text>,
              }}
              renderItem={(c) => (
                <List.Item>
                  {dayjs(c.at).format("MM-DD HH:mm")} ·{" "}
                  {t("care.checkinBy", { by: c.by ?? "—", method: method(c.method) })}
                </List.Item>
              )}
            />
          </Card>
          {r.alerts.length > 0 && (
            <Card size="small" title={t("care.alerts")}>
              <List
                dataSource={r.alerts}
                renderItem={(a) => (
                  <List.Item>
                    {a.day} · {t("care.today_missed")}
                    {a.minutesToAnswer != null && ` · ${t("care.minutes", { n: a.minutesToAnswer })}`}
                    {a.escalatedAt && ` · ${t("care.escalated")}`}
                  </List.Item>
                )}
              />
            </Card>
          )}
        </Flex>
      )}
    </StaffPage>
  );
}

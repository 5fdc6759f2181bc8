// 志愿服务 (staff console and organisers): activities (keyword, when; publish one), teams (register one,
// approve join requests); one activity's check-in screen (the rotating QR code, its 6 digits, live
// counts), the attendance list with tick-in/out for people without phones and 认定时长 as batch actions
// on the selected rows, corrections asked for, and the list exported as shown (phones masked).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, useSelection } from "../../../shared/staff/list-state";
import { KeywordFilter, ListToolbar, SelectFilter, SelectionBar } from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  type Activity,
  type AttendanceRow,
  certify,
  createActivity,
  createTeam,
  dateTime,
  decideCorrection,
  decideMember,
  hours,
  type Team,
  tick,
  useActivities,
  useActivity,
  useAttendance,
  useCheckScreen,
  useTeam,
  useTeams,
  volKey,
} from "./volunteering-api";

type When = "upcoming" | "past" | "all";
const splitSkills = (s?: string) =>
  (s ?? "")
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function ActivitiesTab() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const list = useListParams();
  const when = (list.str("when") as When | undefined) ?? "upcoming";
  const q = list.str("q");
  const data = useActivities(communityId, { when, q, limit: 200 });
  const teams = useTeams(communityId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{
    title: string;
    place: string;
    time: [Dayjs, Dayjs];
    capacity: number;
    skills?: string;
    teamId?: number;
    description?: string;
  }>();
  const create = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return createActivity(communityId, {
        title: v.title,
        place: v.place,
        startsAt: v.time[0].toISOString(),
        endsAt: v.time[1].toISOString(),
        capacity: v.capacity,
        skills: splitSkills(v.skills),
        teamId: v.teamId,
        description: v.description ?? "",
      });
    },
    onSuccess: (r) => {
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: volKey(communityId) });
      navigate(`/staff/volunteering/${r.id}`);
    },
    onError: (e) => {
      if (!(e && typeof e === "object" && "errorFields" in e)) void message.error(describeError(e));
    },
  });
  return (
    <>
      <ListToolbar
        testId="vol-filters"
        extra={
          <Button type="primary" onClick={() => setOpen(true)} data-testid="vol-new-activity">
            {t("volunteering.newActivity")}
          </Button>
        }
      >
        <KeywordFilter list={list} placeholder={t("volunteering.keywordPlaceholder")} width={240} />
        <SelectFilter<When>
          label={t("volunteering.whenFilter")}
          value={when}
          onChange={(v) => list.set({ when: v ?? null })}
          options={(["upcoming", "past", "all"] as const).map((w) => ({
            value: w,
            label: t(`volunteering.whenOpt.${w}`),
          }))}
          testId="vol-filter-when"
        />
      </ListToolbar>
      {data.isError && <ErrorAlert error={data.error} onRetry={() => data.refetch()} />}
      <Table<Activity>
        rowKey="id"
        loading={data.isPending}
        dataSource={data.data?.activities ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            key: "title",
            title: t("volunteering.activityTitle"),
            render: (_, a) => (
              <Link to={`/staff/volunteering/${a.id}`} data-testid={`vol-row-${a.id}`}>
                {a.title}
              </Link>
            ),
          },
          { key: "time", title: t("volunteering.time"), render: (_, a) => dateTime(a.startsAt) },
          { key: "place", title: t("volunteering.where"), dataIndex: "place" },
          { key: "team", title: t("volunteering.team"), render: (_, a) => a.teamName ?? "—" },
          {
            key: "signed",
            title: t("volunteering.signedUp"),
            render: (_, a) => `${a.signedUp}/${a.capacity}${a.waiting ? ` (+${a.waiting})` : ""}`,
          },
          { key: "organiser", title: t("volunteering.organiser"), dataIndex: "organiserName" },
        ]}
      />
      <Modal
        open={open}
        title={t("volunteering.newActivity")}
        onCancel={() => setOpen(false)}
        onOk={() => create.mutate()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ capacity: 10 }}>
          <Form.Item
            name="title"
            label={t("volunteering.activityTitle")}
            rules={[{ required: true, max: 100 }]}
          >
            <Input data-testid="vol-activity-title" />
          </Form.Item>
          <Form.Item name="place" label={t("volunteering.where")} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="vol-activity-place" />
          </Form.Item>
          <Form.Item name="time" label={t("volunteering.time")} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="capacity" label={t("volunteering.capacity")} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
          <Form.Item name="teamId" label={t("volunteering.team")}>
            <Select
              allowClear
              aria-label={t("volunteering.team")}
              options={(teams.data?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          </Form.Item>
          <Form.Item name="skills" label={t("volunteering.skills")} extra={t("volunteering.skillsHint")}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t("volunteering.description")}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function TeamRequests(props: { communityId: number; team: Team }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const detail = useTeam(props.communityId, props.team.id);
  const decide = useMutation({
    mutationFn: (v: { memberId: number; approve: boolean }) =>
      decideMember(props.communityId, props.team.id, v.memberId, v.approve),
    onSuccess: () => qc.invalidateQueries({ queryKey: volKey(props.communityId) }),
    onError: (e) => void message.error(describeError(e)),
  });
  const people = detail.data?.people ?? [];
  return (
    <Table
      size="small"
      rowKey="id"
      loading={detail.isPending}
      dataSource={people}
      pagination={false}
      columns={[
        { key: "name", title: t("volunteering.name"), dataIndex: "name" },
        { key: "phone", title: t("volunteering.phone"), dataIndex: "phone" },
        {
          key: "role",
          title: t("volunteering.members"),
          render: (_, p) =>
            p.status === "requested" ? (
              <Tag color="orange">{t("volunteering.requests")}</Tag>
            ) : (
              <Tag>{p.role === "leader" ? t("volunteering.leaders") : t("volunteering.members")}</Tag>
            ),
        },
        {
          key: "act",
          title: "",
          render: (_, p) =>
            p.status === "requested" && (
              <Space>
                <Button
                  size="small"
                  type="primary"
                  onClick={() => decide.mutate({ memberId: p.id, approve: true })}
                >
                  {t("volunteering.approve")}
                </Button>
                <Button size="small" onClick={() => decide.mutate({ memberId: p.id, approve: false })}>
                  {t("volunteering.refuse")}
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );
}

function TeamsTab() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { communityId } = useCommunity();
  const list = useListParams();
  const teams = useTeams(communityId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ name: string; unitName?: string; skills?: string }>();
  const create = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return createTeam(communityId, {
        name: v.name,
        unitName: v.unitName ?? "",
        skills: splitSkills(v.skills),
      });
    },
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void qc.invalidateQueries({ queryKey: volKey(communityId) });
    },
    onError: (e) => {
      if (!(e && typeof e === "object" && "errorFields" in e)) void message.error(describeError(e));
    },
  });
  const q = (list.str("tq") ?? "").toLowerCase();
  const rows = (teams.data?.teams ?? []).filter(
    (x) => !q || `${x.name} ${x.unitName}`.toLowerCase().includes(q),
  );
  return (
    <>
      <ListToolbar
        extra={
          <Button type="primary" onClick={() => setOpen(true)}>
            {t("volunteering.newTeam")}
          </Button>
        }
      >
        <KeywordFilter list={list} param="tq" width={240} />
      </ListToolbar>
      {teams.isError && <ErrorAlert error={teams.error} onRetry={() => teams.refetch()} />}
      <Table<Team>
        rowKey="id"
        loading={teams.isPending}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (team) => <TeamRequests communityId={communityId} team={team} /> }}
        columns={[
          { key: "name", title: t("volunteering.teamName"), dataIndex: "name" },
          { key: "unit", title: t("volunteering.unitName"), dataIndex: "unitName" },
          { key: "leaders", title: t("volunteering.leaders"), render: (_, x) => x.leaders.join("、") },
          { key: "members", title: t("volunteering.members"), dataIndex: "members" },
          {
            key: "requests",
            title: t("volunteering.requests"),
            render: (_, x) => (x.requests ? <Tag color="orange">{x.requests}</Tag> : 0),
          },
          {
            key: "alliances",
            title: t("volunteering.alliances"),
            render: (_, x) => x.alliances.join("、") || "—",
          },
        ]}
      />
      {(teams.data?.alliances ?? []).map((a) => (
        <Typography.Paragraph key={a.id}>
          <Typography.Text strong>{a.name}</Typography.Text>：{a.teams.join("、")}
        </Typography.Paragraph>
      ))}
      <Modal
        open={open}
        title={t("volunteering.newTeam")}
        onCancel={() => setOpen(false)}
        onOk={() => create.mutate()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t("volunteering.teamName")} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="unitName" label={t("volunteering.unitName")}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="skills" label={t("volunteering.skills")} extra={t("volunteering.skillsHint")}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function VolunteeringStaffPage() {
  const { t } = useTranslation();
  const list = useListParams();
  const tab = list.str("tab") === "teams" ? "teams" : "activities";
  return (
    <StaffPage
      title={t("volunteering.staffTitle")}
      subtitle={t("volunteering.staffSubtitle")}
      testId="vol-staff-page"
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => list.set({ tab: k === "teams" ? "teams" : null })}
        items={[
          { key: "activities", label: t("volunteering.tabActivities"), children: <ActivitiesTab /> },
          { key: "teams", label: t("volunteering.tabTeams"), children: <TeamsTab /> },
        ]}
      />
    </StaffPage>
  );
}

function CheckScreen(props: { communityId: number; activityId: number }) {
  const { t } = useTranslation();
  const code = useCheckScreen(props.communityId, props.activityId, true);
  const [qr, setQr] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const url = code.data ? `${window.location.origin}${code.data.path}` : null;
  useEffect(() => {
    if (!url) return;
    let live = true;
    void QRCode.toDataURL(url, { width: 280, margin: 1, errorCorrectionLevel: "M" }).then(
      (d) => live && setQr(d),
    );
    return () => {
      live = false;
    };
  }, [url]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  if (code.isError) return <ErrorAlert error={code.error} onRetry={() => code.refetch()} />;
  if (!code.data) return null;
  const seconds = Math.max(0, Math.ceil((new Date(code.data.expiresAt).getTime() - now) / 1000));
  return (
    <Card title={t("volunteering.checkScreen")} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("volunteering.checkScreenHint")}</Typography.Paragraph>
      <Flex wrap gap={24} align="center">
        {qr && (
          <img
            src={qr}
            width={280}
            height={280}
            alt={t("volunteering.checkScreenHint")}
            data-testid="vol-check-qr"
            data-check-url={url ?? ""}
          />
        )}
        <div>
          <div
            data-testid="vol-check-code"
            aria-live="polite"
            style={{ fontSize: 64, fontWeight: 700, letterSpacing: 10, fontVariantNumeric: "tabular-nums" }}
          >
            {code.data.code}
          </div>
          <Typography.Text type="secondary">{t("volunteering.codeChanges", { seconds })}</Typography.Text>
          <Flex gap={32} style={{ marginTop: 16 }}>
            <Statistic title={t("volunteering.liveIn")} value={code.data.checkedIn} />
            <Statistic title={t("volunteering.liveOut")} value={code.data.checkedOut} />
          </Flex>
        </div>
      </Flex>
    </Card>
  );
}

function exportCsv(rows: AttendanceRow[], t: (k: string) => string, en: boolean, title: string) {
  const head = [
    t("volunteering.name"),
    t("volunteering.phone"),
    t("volunteering.signup"),
    t("volunteering.checkInAt"),
    t("volunteering.checkOutAt"),
    t("volunteering.minutes"),
  ];
  const cell = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const lines = rows.map((r) =>
    [
      r.name,
      r.phone,
      t(`volunteering.signupOpt.${r.signup}`),
      r.checkInAt ? dateTime(r.checkInAt) : "",
      r.checkOutAt ? dateTime(r.checkOutAt) : "",
      r.minutes != null ? hours(r.minutes, en) : "",
    ]
      .map(cell)
      .join(","),
  );
  const blob = new Blob([`\uFEFF${[head.map(cell).join(","), ...lines].join("\r\n")}`], { type: "text/csv" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = `${title}.csv`;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function VolunteeringActivityStaffPage() {
  const { t, i18n } = useTranslation();
  const tt = t as (k: string) => string;
  const en = i18n.language === "en";
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const activityId = Number(useParams().activityId);
  const list = useListParams();
  const selection = useSelection(list);
  const activity = useActivity(communityId, activityId);
  const rows = useAttendance(communityId, activityId);
  const now = Date.now();
  const open =
    !!activity.data &&
    new Date(activity.data.startsAt).getTime() - 2 * 3_600_000 <= now &&
    now <= new Date(activity.data.endsAt).getTime() + 12 * 3_600_000;
  const done = () => {
    selection.clear();
    void qc.invalidateQueries({ queryKey: volKey(communityId) });
  };
  const onError = (e: unknown) => void message.error(describeError(e));
  const byId = new Map((rows.data?.rows ?? []).map((r) => [r.userId, r]));
  const chosen = selection.ids.map((id) => byId.get(id)).filter((r): r is AttendanceRow => !!r);
  const tickM = useMutation({
    mutationFn: (action: "in" | "out") =>
      tick(
        communityId,
        activityId,
        action,
        chosen.map((r) => r.userId),
      ),
    onSuccess: (r) => {
      void message.success(t("volunteering.ticked", { done: r.done, already: r.already }));
      done();
    },
    onError,
  });
  const [certMinutes, setCertMinutes] = useState<number | null>(null);
  const certifyM = useMutation({
    mutationFn: () =>
      certify(
        communityId,
        activityId,
        chosen
          .filter((r) => r.attendanceId)
          .map((r) => ({
            attendanceId: r.attendanceId!,
            ...(certMinutes != null ? { minutes: certMinutes } : {}),
          })),
      ),
    onSuccess: (r) => {
      void message.success(t("volunteering.certifiedDone", { n: r.certified }));
      done();
    },
    onError,
  });
  const correctM = useMutation({
    mutationFn: (v: { correctionId: number; minutes: number }) =>
      decideCorrection(communityId, v.correctionId, v.minutes),
    onSuccess: done,
    onError,
  });
  const title = activity.data?.title ?? "";
  return (
    <StaffPage
      title={`${t("volunteering.manage")} · ${title}`}
      subtitle={activity.data ? `${dateTime(activity.data.startsAt)} · ${activity.data.place}` : undefined}
      testId="vol-activity-staff-page"
      extra={<Link to="/staff/volunteering">{t("common.back")}</Link>}
    >
      {activity.isError && <ErrorAlert error={activity.error} />}
      {open && <CheckScreen communityId={communityId} activityId={activityId} />}
      <Card title={t("volunteering.attendance")}>
        <ListToolbar
          extra={
            <Button onClick={() => exportCsv(rows.data?.rows ?? [], tt, en, title)} data-testid="vol-export">
              {t("volunteering.exportCsv")}
            </Button>
          }
        >
          <Typography.Text type="secondary">{t("volunteering.certifyHint")}</Typography.Text>
        </ListToolbar>
        <SelectionBar count={selection.ids.length} onClear={selection.clear}>
          <Button
            onClick={() => tickM.mutate("in")}
            loading={tickM.isPending}
            disabled={!open}
            data-testid="vol-tick-in"
          >
            {t("volunteering.tickIn")}
          </Button>
          <Button
            onClick={() => tickM.mutate("out")}
            loading={tickM.isPending}
            disabled={!open}
            data-testid="vol-tick-out"
          >
            {t("volunteering.tickOut")}
          </Button>
          <InputNumber
            min={0}
            max={1440}
            value={certMinutes}
            onChange={(v) => setCertMinutes(v == null ? null : Number(v))}
            placeholder={t("volunteering.certifyMinutes")}
            aria-label={t("volunteering.certifyMinutes")}
            style={{ width: 240 }}
          />
          <Button
            type="primary"
            onClick={() => certifyM.mutate()}
            loading={certifyM.isPending}
            data-testid="vol-certify"
          >
            {t("volunteering.certify")}
          </Button>
        </SelectionBar>
        {rows.isError && <ErrorAlert error={rows.error} onRetry={() => rows.refetch()} />}
        <Table<AttendanceRow>
          rowKey="userId"
          loading={rows.isPending}
          dataSource={rows.data?.rows ?? []}
          pagination={false}
          rowSelection={{
            selectedRowKeys: selection.ids,
            onChange: (keys) => selection.set(keys.map(Number)),
            getCheckboxProps: (r) => ({
              disabled: r.signup !== "signed" && !r.attendanceId,
              "aria-label": r.name,
            }),
          }}
          columns={[
            {
              key: "name",
              title: t("volunteering.name"),
              render: (_, r) => <span data-testid={`vol-att-${r.userId}`}>{r.name}</span>,
            },
            { key: "phone", title: t("volunteering.phone"), dataIndex: "phone" },
            {
              key: "signup",
              title: t("volunteering.signup"),
              render: (_, r) =>
                r.signup === "waiting"
                  ? `${tt("volunteering.signupOpt.waiting")} ${r.waitingPosition ?? ""}`
                  : tt(`volunteering.signupOpt.${r.signup}`),
            },
            {
              key: "in",
              title: t("volunteering.checkInAt"),
              render: (_, r) => (r.checkInAt ? dateTime(r.checkInAt) : "—"),
            },
            {
              key: "out",
              title: t("volunteering.checkOutAt"),
              render: (_, r) => (r.checkOutAt ? dateTime(r.checkOutAt) : "—"),
            },
            {
              key: "minutes",
              title: t("volunteering.minutes"),
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  <span data-testid={`vol-minutes-${r.userId}`}>
                    {r.minutes != null ? hours(r.minutes, en) : "—"}
                  </span>
                  {r.openCorrection && (
                    <Space size={4} wrap>
                      <Typography.Text type="warning">
                        {t("volunteering.correctionOf", { reason: r.openCorrection.reason })}
                      </Typography.Text>
                      <InputNumber
                        size="small"
                        min={0}
                        max={1440}
                        aria-label={t("volunteering.correctTo")}
                        placeholder={t("volunteering.correctTo")}
                        onPressEnter={(e) =>
                          correctM.mutate({
                            correctionId: r.openCorrection!.id,
                            minutes: Number((e.target as HTMLInputElement).value),
                          })
                        }
                      />
                    </Space>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </StaffPage>
  );
}

// 课程活动 (staff console): the community's courses with keyword and weekday filters kept in the URL; a
// new course (teacher, place, rule, time, seats, term, an optional application window and the lottery's
// secret shown once); a course's list (enrolled, applied, waiting in order) with allocation after a
// window and attendance marked per session in one batch (tick those present); the counts per course and
// term (enrolled, waiting, sessions held, attendance rate) with Excel export.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag } from "antd";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams } from "../../../shared/staff/list-state";
import { ExportButton, KeywordFilter, ListToolbar, SelectFilter } from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  allocate,
  type Course,
  coursesKey,
  createCourse,
  markAttendance,
  type StatsRow,
  statsExportPath,
  useCourses,
  useRoster,
  useStats,
  when,
} from "./courses-api";

/** A table in a focusable, named scroll region (keyboard users can scroll it; axe asks for it). */
function Scroll(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={props.label} tabIndex={0} style={{ overflowX: "auto" }}>
      {props.children}
    </section>
  );
}

function RosterPanel(props: { communityId: number; course: Course; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const roster = useRoster(props.communityId, props.course.id);
  const [sessionId, setSessionId] = useState<number | null>(null);
  const [present, setPresent] = useState<number[] | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: coursesKey(props.communityId) });
  const onError = (e: unknown) => message.error(describeError(e));
  const alloc = useMutation({
    mutationFn: () => allocate(props.communityId, props.course.id),
    onSuccess: (r) => {
      message.success(t("courses.allocated", r));
      void refresh();
    },
    onError,
  });
  const mark = useMutation({
    mutationFn: (v: { sessionId: number; present: number[] }) =>
      markAttendance(props.communityId, props.course.id, v.sessionId, v.present),
    onSuccess: (r) => {
      message.success(t("courses.marked", r));
      setPresent(null);
      void refresh();
    },
    onError,
  });
  if (roster.isError) return <ErrorAlert error={roster.error} />;
  const sessions = roster.data?.sessions ?? [];
  // attendance can be kept for any session up to today's (China time), as the service allows
  const chinaDay = (t: string | number) =>
    new Date(new Date(t).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const today = chinaDay(Date.now());
  const past = sessions.filter((s) => chinaDay(s.startsAt) <= today);
  const chosen = sessions.find((s) => s.id === sessionId) ?? past.at(-1) ?? null;
  const enrolled = (roster.data?.enrolments ?? []).filter((e) => e.status === "enrolled");
  const ticked = present ?? chosen?.present ?? [];
  return (
    <Card
      title={`${props.course.title} · ${t("courses.roster")}`}
      data-testid="course-roster"
      loading={roster.isPending}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {props.canManage && props.course.applyUntil && !props.course.allocated && (
          <Button onClick={() => alloc.mutate()} loading={alloc.isPending} data-testid="course-allocate">
            {t("courses.allocate")}
          </Button>
        )}
        <Select
          aria-label={t("courses.session")}
          style={{ minWidth: 200 }}
          value={chosen?.id}
          onChange={(v) => {
            setSessionId(v);
            setPresent(null);
          }}
          options={past.map((s) => ({
            value: s.id,
            label: `${when(s.startsAt)}${s.heldAt ? ` · ${t("courses.held")}` : ""}`,
          }))}
          data-testid="course-session"
        />
        {props.canManage && chosen && (
          <Button
            type="primary"
            loading={mark.isPending}
            onClick={() => mark.mutate({ sessionId: chosen.id, present: ticked })}
            data-testid="course-mark"
          >
            {t("courses.markPresent")}
          </Button>
        )}
      </Space>
      <Scroll label={t("courses.roster")}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={roster.data?.enrolments ?? []}
          rowSelection={
            props.canManage && chosen
              ? {
                  selectedRowKeys: ticked,
                  onChange: (keys) => setPresent(keys.map(Number)),
                  getCheckboxProps: (r) => ({ disabled: r.status !== "enrolled", "aria-label": r.name }),
                }
              : undefined
          }
          columns={[
            { key: "name", title: t("courses.colName"), dataIndex: "name" },
            { key: "phone", title: t("courses.colPhone"), dataIndex: "phone" },
            {
              key: "status",
              title: t("courses.colStatus"),
              render: (_: unknown, r) => (
                <Tag color={r.status === "enrolled" ? "green" : "gold"}>
                  {t(`courses.status.${r.status}`, { n: r.waitingPosition ?? "" })}
                </Tag>
              ),
            },
          ]}
        />
      </Scroll>
      <p>{t("courses.seats", { enrolled: enrolled.length, seats: props.course.seats })}</p>
    </Card>
  );
}

function NewCourse(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const make = useMutation({
    mutationFn: (v: any) =>
      createCourse(props.communityId, {
        ...v,
        applyUntil: v.applyUntil ? new Date(v.applyUntil).toISOString() : undefined,
      }),
    onSuccess: (r) => {
      message.success(t("courses.created", { n: r.sessions }));
      if (r.lotterySecret) modal.info({ content: t("courses.secret", { secret: r.lotterySecret }) });
      void qc.invalidateQueries({ queryKey: coursesKey(props.communityId) });
      props.onClose();
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <Modal
      open
      title={t("courses.newCourse")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={make.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => make.mutate(v)}
        initialValues={{ minutes: 60, seats: 20, rule: "FREQ=WEEKLY;BYDAY=TU", startTime: "09:30" }}
      >
        <Form.Item name="title" label={t("courses.fTitle")} rules={[{ required: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="teacherName" label={t("courses.fTeacher")} rules={[{ required: true }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="teacherOrg" label={t("courses.fOrg")}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="place" label={t("courses.fPlace")} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="rule" label={t("courses.fRule")} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="startTime" label={t("courses.fStart")} rules={[{ required: true }]}>
            <Input placeholder="09:30" style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="minutes" label={t("courses.fMinutes")}>
            <InputNumber min={10} max={480} />
          </Form.Item>
          <Form.Item name="seats" label={t("courses.fSeats")}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="termStart" label={t("courses.fTermStart")} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="termEnd" label={t("courses.fTermEnd")} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item name="applyUntil" label={t("courses.fApplyUntil")}>
          <Input type="datetime-local" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CoursesTab(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const list = useListParams();
  const q = list.str("q");
  const weekday = list.str("weekday");
  const courses = useCourses(props.communityId, { q, weekday: weekday ? Number(weekday) : undefined });
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const chosen = courses.data?.items.find((c) => c.id === open) ?? null;
  return (
    <>
      <ListToolbar
        testId="courses-filters"
        extra={
          props.canManage && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="course-new">
              {t("courses.newCourse")}
            </Button>
          )
        }
      >
        <SelectFilter
          label={t("courses.colTime")}
          value={weekday}
          onChange={(v) => list.set({ weekday: v })}
          options={["1", "2", "3", "4", "5", "6", "7"].map((d) => ({
            value: d,
            label: t(`courses.weekday.${d}` as "courses.weekday.1"),
          }))}
        />
        <KeywordFilter list={list} placeholder={t("courses.search")} />
      </ListToolbar>
      {courses.isError && <ErrorAlert error={courses.error} />}
      <Scroll label={t("courses.tabCourses")}>
        <Table
          size="small"
          rowKey="id"
          loading={courses.isPending}
          dataSource={courses.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          onRow={(c) => ({ onClick: () => setOpen(c.id), style: { cursor: "pointer" } })}
          columns={[
            {
              key: "title",
              title: t("courses.colTitle"),
              render: (_: unknown, c) => (
                <Button type="link" onClick={() => setOpen(c.id)} data-testid={`course-open-${c.id}`}>
                  {c.title}
                </Button>
              ),
            },
            { key: "teacher", title: t("courses.colTeacher"), dataIndex: "teacherName" },
            { key: "place", title: t("courses.colPlace"), dataIndex: "place" },
            {
              key: "time",
              title: t("courses.colTime"),
              render: (_: unknown, c) =>
                `${c.weekdays.map((d) => t(`courses.weekday.${d}` as "courses.weekday.1")).join("、") || t("courses.everyDay")} ${c.startTime}`,
            },
            {
              key: "term",
              title: t("courses.colTerm"),
              render: (_: unknown, c) => `${c.termStart} ~ ${c.termEnd}`,
            },
            {
              key: "enrolled",
              title: t("courses.colEnrolled"),
              render: (_: unknown, c) => `${c.enrolled}/${c.seats}`,
            },
            {
              key: "waiting",
              title: t("courses.colWaiting"),
              render: (_: unknown, c) => c.waiting + c.applied,
            },
          ]}
        />
      </Scroll>
      {chosen && <RosterPanel communityId={props.communityId} course={chosen} canManage={props.canManage} />}
      {creating && <NewCourse communityId={props.communityId} onClose={() => setCreating(false)} />}
    </>
  );
}

function StatsTab(props: { communityId: number; canExport: boolean }) {
  const { t } = useTranslation();
  const list = useListParams();
  const q = list.str("q");
  const stats = useStats(props.communityId, { q });
  return (
    <>
      <ListToolbar
        extra={
          props.canExport && (
            <ExportButton
              path={statsExportPath(props.communityId)}
              query={{ q }}
              fallbackName="courses.xlsx"
              testId="courses-export"
            />
          )
        }
      >
        <KeywordFilter list={list} placeholder={t("courses.search")} />
      </ListToolbar>
      {stats.isError && <ErrorAlert error={stats.error} />}
      <Scroll label={t("courses.tabStats")}>
        <Table<StatsRow>
          size="small"
          rowKey="courseId"
          loading={stats.isPending}
          dataSource={stats.data?.items ?? []}
          columns={[
            { key: "title", title: t("courses.colTitle"), dataIndex: "title" },
            { key: "teacher", title: t("courses.colTeacher"), dataIndex: "teacherName" },
            {
              key: "term",
              title: t("courses.colTerm"),
              render: (_: unknown, r) => `${r.termStart} ~ ${r.termEnd}`,
            },
            {
              key: "enrolled",
              title: t("courses.colEnrolled"),
              render: (_: unknown, r) => `${r.enrolled}/${r.seats}`,
            },
            { key: "waiting", title: t("courses.colWaiting"), dataIndex: "waiting" },
            {
              key: "held",
              title: t("courses.colHeld"),
              render: (_: unknown, r) => `${r.sessionsHeld}/${r.sessions}`,
            },
            {
              key: "rate",
              title: t("courses.colRate"),
              render: (_: unknown, r) =>
                r.attendanceRate == null ? "—" : `${Math.round(r.attendanceRate * 100)}%`,
            },
          ]}
        />
      </Scroll>
    </>
  );
}

export function CoursesStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const list = useListParams();
  const canManage = hasPermission(me.data, "courses.manage", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const tab = list.str("tab") ?? "courses";
  return (
    <StaffPage
      title={t("courses.staffTitle")}
      subtitle={t("courses.staffSubtitle")}
      testId="courses-staff-page"
    >
      <Tabs
        activeKey={tab}
        onTabClick={(k) => list.set({ tab: k === "courses" ? null : k })}
        items={[
          {
            key: "courses",
            label: t("courses.tabCourses"),
            children: <CoursesTab communityId={communityId} canManage={canManage} />,
          },
          {
            key: "stats",
            label: t("courses.tabStats"),
            children: <StatsTab communityId={communityId} canExport={canExport} />,
          },
        ]}
      />
    </StaffPage>
  );
}

// 场地预约 (staff console): the bookings of the community's spaces (space, status, days and keyword kept in
// the URL; batch 通过/不通过; Excel export), a space's calendar of a day, and the spaces themselves (hours
// per weekday, capacity, convention, approval, open or closed).
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
} from "antd";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, useSelection } from "../../../shared/staff/list-state";
import {
  DateRangeFilter,
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  SelectionBar,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  type Booking,
  bookingsExportPath,
  createSpace,
  decideBookings,
  type Space as SpaceRow,
  spacesKey,
  today,
  updateSpace,
  useBookings,
  useSpaceDay,
  useSpaces,
} from "./spaces-api";

const STATUSES = ["pending", "approved", "refused", "cancelled"] as const;
const STATUS_COLOR = { pending: "gold", approved: "green", refused: "red", cancelled: "default" } as const;

function Scroll(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={props.label} tabIndex={0} style={{ overflowX: "auto" }}>
      {props.children}
    </section>
  );
}

function StatusTag(props: { status: Booking["status"] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[props.status]}>{t(`spaces.status.${props.status}`)}</Tag>;
}

function useBookingColumns() {
  const { t } = useTranslation();
  return [
    { key: "id", title: "#", dataIndex: "id" },
    { key: "space", title: t("spaces.colSpace"), dataIndex: "spaceName" },
    { key: "when", title: t("spaces.colWhen"), render: (b: Booking) => `${b.day} ${b.from}–${b.to}` },
    { key: "booker", title: t("spaces.colBooker"), render: (b: Booking) => b.details?.bookerName ?? "" },
    { key: "phone", title: t("spaces.colPhone"), render: (b: Booking) => b.details?.phone ?? "" },
    { key: "purpose", title: t("spaces.purpose"), render: (b: Booking) => b.details?.purpose ?? "" },
    { key: "attendees", title: t("spaces.attendees"), render: (b: Booking) => b.details?.attendees ?? "" },
    { key: "status", title: t("spaces.colStatus"), render: (b: Booking) => <StatusTag status={b.status} /> },
  ];
}

function BookingsTab(props: { communityId: number; canManage: boolean; canExport: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useListParams();
  const sel = useSelection(list);
  const spaceId = list.num("spaceId");
  const status = list.str("status");
  const from = list.str("from");
  const to = list.str("to");
  const q = list.str("q");
  const query = { spaceId, status, from, to, q };
  const spaces = useSpaces(props.communityId);
  const bookings = useBookings(props.communityId, query);
  const decide = useMutation({
    mutationFn: (decision: "approve" | "refuse") =>
      decideBookings(props.communityId, { ids: sel.ids, decision, note: "" }),
    onSuccess: (r) => {
      message.success(t("spaces.decided", { n: r.decided.length }));
      sel.clear();
      void qc.invalidateQueries({ queryKey: spacesKey(props.communityId) });
    },
    onError: (e) => message.error(describeError(e)),
  });
  const c = bookings.data?.counts;
  const columns = useBookingColumns();
  return (
    <>
      {bookings.isError && <ErrorAlert error={bookings.error} onRetry={() => bookings.refetch()} />}
      <ListToolbar
        testId="spaces-filters"
        extra={
          props.canExport && (
            <ExportButton
              path={bookingsExportPath(props.communityId)}
              query={query}
              fallbackName="space-bookings.xlsx"
              testId="spaces-export"
            />
          )
        }
      >
        <SelectFilter
          label={t("spaces.filterSpace")}
          value={spaceId}
          onChange={(v) => list.set({ spaceId: v ?? null })}
          options={(spaces.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          testId="spaces-filter-space"
        />
        <SelectFilter
          label={t("spaces.filterStatus")}
          value={status}
          onChange={(v) => list.set({ status: v ?? null })}
          options={STATUSES.map((s) => ({ value: s, label: t(`spaces.status.${s}`) }))}
          testId="spaces-filter-status"
        />
        <DateRangeFilter list={list} />
        <KeywordFilter list={list} placeholder={t("spaces.keyword")} />
      </ListToolbar>
      <Flex gap={24} wrap style={{ marginBottom: 12 }} data-testid="spaces-counts">
        {STATUSES.map((s) => (
          <Statistic key={s} title={t(`spaces.status.${s}`)} value={c?.[s] ?? 0} />
        ))}
      </Flex>
      {props.canManage && (
        <SelectionBar count={sel.ids.length} onClear={sel.clear}>
          <Button
            type="primary"
            loading={decide.isPending}
            onClick={() => decide.mutate("approve")}
            data-testid="spaces-approve"
          >
            {t("spaces.approve")}
          </Button>
          <Button
            danger
            loading={decide.isPending}
            onClick={() => decide.mutate("refuse")}
            data-testid="spaces-refuse"
          >
            {t("spaces.refuse")}
          </Button>
        </SelectionBar>
      )}
      <Scroll label={t("spaces.bookingsTable")}>
        <Table<Booking>
          rowKey="id"
          size="small"
          loading={bookings.isPending}
          dataSource={bookings.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 50 }}
          rowSelection={
            props.canManage
              ? {
                  selectedRowKeys: sel.ids,
                  onChange: (keys) => sel.set(keys.map(Number)),
                  getCheckboxProps: (b) => ({
                    disabled: b.status !== "pending",
                    "aria-label": t("spaces.selectBooking", { id: b.id }),
                  }),
                }
              : undefined
          }
        />
      </Scroll>
    </>
  );
}

function CalendarTab(props: { communityId: number }) {
  const { t } = useTranslation();
  const list = useListParams();
  const spaces = useSpaces(props.communityId);
  const spaceId = list.num("cal") ?? spaces.data?.items[0]?.id ?? null;
  const day = list.str("day") ?? today();
  const d = useSpaceDay(props.communityId, spaceId, day);
  const columns = useBookingColumns();
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t("spaces.filterSpace")}
          style={{ width: 180 }}
          value={spaceId ?? undefined}
          onChange={(v: number) => list.set({ cal: v })}
          options={(spaces.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <DatePicker
          aria-label={t("spaces.day")}
          value={dayjs(day)}
          allowClear={false}
          onChange={(x) => list.set({ day: x ? x.format("YYYY-MM-DD") : null })}
        />
      </Space>
      {d.isError && <ErrorAlert error={d.error} onRetry={() => d.refetch()} />}
      {d.data && (
        <>
          <p>{d.data.open ? t("spaces.openHours", { hours: d.data.open }) : t("spaces.closedThatDay")}</p>
          <Scroll label={t("spaces.calendar")}>
            <Table<Booking>
              rowKey="id"
              size="small"
              dataSource={d.data.bookings}
              columns={columns}
              pagination={false}
            />
          </Scroll>
          <p>
            {t("spaces.freeSlots")}：{d.data.free.map((f) => `${f.from}–${f.to}`).join("、") || "—"}
          </p>
        </>
      )}
    </>
  );
}

const DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
interface SpaceForm {
  name: string;
  place: string;
  description: string;
  capacity: number;
  hours: string[];
  convention: string;
  needsApproval: boolean;
  open: boolean;
}

function SpaceModal(props: { communityId: number; space: SpaceRow | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<SpaceForm>();
  const s = props.space;
  const save = useMutation({
    mutationFn: (v: SpaceForm) => {
      const body = {
        name: v.name,
        place: v.place ?? "",
        description: v.description ?? "",
        capacity: v.capacity,
        hours: v.hours.map((h) => (h ?? "").trim()),
        convention: v.convention,
        needsApproval: v.needsApproval,
        status: v.open ? ("open" as const) : ("closed" as const),
      };
      return s ? updateSpace(props.communityId, s.id, body) : createSpace(props.communityId, body);
    },
    onSuccess: () => {
      message.success(t("spaces.saved"));
      void qc.invalidateQueries({ queryKey: spacesKey(props.communityId) });
      props.onClose();
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <Modal
      open
      title={s ? s.name : t("spaces.newSpace")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t("spaces.save")}
      width={640}
    >
      <Form<SpaceForm>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{
          name: s?.name ?? "",
          place: s?.place ?? "",
          description: s?.description ?? "",
          capacity: s?.capacity ?? 20,
          hours: s?.hours ?? Array(7).fill("08:00-21:00"),
          convention: s?.convention ?? "",
          needsApproval: s?.needsApproval ?? true,
          open: (s?.status ?? "open") === "open",
        }}
        data-testid="space-form"
      >
        <Form.Item name="name" label={t("spaces.name")} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="place" label={t("spaces.place")}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t("spaces.description")}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        <Form.Item name="capacity" label={t("spaces.capacityLabel")} rules={[{ required: true }]}>
          <InputNumber min={1} max={10000} />
        </Form.Item>
        <Flex wrap gap={8}>
          {DAYS.map((i) => (
            <Form.Item
              key={i}
              name={["hours", i]}
              label={t(`spaces.weekday.${WEEKDAYS[i]}`)}
              rules={[{ pattern: /^$|^\d\d:\d\d-\d\d:\d\d$/, message: "HH:MM-HH:MM" }]}
            >
              <Input style={{ width: 120 }} placeholder={t("spaces.closed")} />
            </Form.Item>
          ))}
        </Flex>
        <Form.Item
          name="convention"
          label={t("spaces.conventionLabel")}
          rules={[{ required: true, max: 5000 }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="needsApproval" label={t("spaces.needsApproval")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="open" label={t("spaces.openForBooking")} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SpacesTab(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const spaces = useSpaces(props.communityId);
  const [editing, setEditing] = useState<SpaceRow | null | "new">(null);
  return (
    <>
      {spaces.isError && <ErrorAlert error={spaces.error} onRetry={() => spaces.refetch()} />}
      {props.canManage && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing("new")}
          style={{ marginBottom: 12 }}
          data-testid="space-new"
        >
          {t("spaces.newSpace")}
        </Button>
      )}
      <Scroll label={t("spaces.spacesTable")}>
        <Table<SpaceRow>
          rowKey="id"
          size="small"
          loading={spaces.isPending}
          dataSource={spaces.data?.items ?? []}
          pagination={false}
          columns={[
            { key: "name", title: t("spaces.name"), dataIndex: "name" },
            { key: "place", title: t("spaces.place"), dataIndex: "place" },
            { key: "capacity", title: t("spaces.capacityLabel"), dataIndex: "capacity" },
            {
              key: "hours",
              title: t("spaces.hours"),
              render: (s: SpaceRow) =>
                s.hours
                  .map((h, i) => `${t(`spaces.weekday.${WEEKDAYS[i]!}`)} ${h || t("spaces.closed")}`)
                  .join("；"),
            },
            {
              key: "approval",
              title: t("spaces.needsApproval"),
              render: (s: SpaceRow) => (s.needsApproval ? t("spaces.yes") : t("spaces.no")),
            },
            {
              key: "status",
              title: t("spaces.colStatus"),
              render: (s: SpaceRow) => (s.status === "open" ? t("spaces.open") : t("spaces.closed")),
            },
            ...(props.canManage
              ? [
                  {
                    key: "edit",
                    title: "",
                    render: (s: SpaceRow) => (
                      <Button
                        size="small"
                        onClick={() => setEditing(s)}
                        aria-label={`${t("spaces.edit")} ${s.name}`}
                      >
                        {t("spaces.edit")}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Scroll>
      {editing && (
        <SpaceModal
          communityId={props.communityId}
          space={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

export function SpacesStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const list = useListParams();
  const canManage = hasPermission(me.data, "spaces.manage", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const tab = list.str("tab") ?? "bookings";
  return (
    <StaffPage title={t("spaces.staffTitle")} subtitle={t("spaces.staffSubtitle")} testId="spaces-staff-page">
      <Tabs
        activeKey={tab}
        onTabClick={(k) => list.set({ tab: k === "bookings" ? null : k })}
        items={[
          {
            key: "bookings",
            label: t("spaces.tabBookings"),
            children: <BookingsTab communityId={communityId} canManage={canManage} canExport={canExport} />,
          },
          {
            key: "calendar",
            label: t("spaces.tabCalendar"),
            children: <CalendarTab communityId={communityId} />,
          },
          {
            key: "spaces",
            label: t("spaces.tabSpaces"),
            children: <SpacesTab communityId={communityId} canManage={canManage} />,
          },
        ]}
      />
    </StaffPage>
  );
}

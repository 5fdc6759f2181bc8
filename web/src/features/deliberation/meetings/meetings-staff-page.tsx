// 议事会议 (staff console, D3): the community's meetings within the caller's places — search, kind,
// dates, upcoming/past, export — and planning a meeting or a series (weekly, monthly or an RRULE),
// with the parties and residents invited. A row opens the meeting (sign-in, minutes, figures).
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  DatePicker,
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
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams } from "../../../shared/staff/list-state";
import {
  DateRangeFilter,
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  canManageMeetings,
  createMeeting,
  MEETING_KINDS,
  type MeetingKind,
  type MeetingSummary,
  meetingsKey,
  useMeetings,
  useOrganisations,
  useResidentSearch,
} from "./meetings-api";

const PAGE = 20;
type Repeat = "none" | "weekly" | "monthly" | "custom";
const BYDAY = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

interface PlanValues {
  kind: MeetingKind;
  title: string;
  time: [Dayjs, Dayjs];
  estateId?: number | null;
  buildingId?: number | null;
  venue?: string;
  agenda?: string;
  invitedResidentIds?: number[];
  invitedOrganisationIds?: number[];
  repeat: Repeat;
  count?: number;
  rrule?: string;
}

/** The RRULE of the form's choice: weekly on the start's weekday, monthly on its day (China time). */
function ruleOf(v: PlanValues): string | undefined {
  const start = v.time[0];
  if (v.repeat === "weekly") return `FREQ=WEEKLY;BYDAY=${BYDAY[start.day()]};COUNT=${v.count ?? 8}`;
  if (v.repeat === "monthly") return `FREQ=MONTHLY;BYMONTHDAY=${start.date()};COUNT=${v.count ?? 12}`;
  if (v.repeat === "custom") return v.rrule?.trim() || undefined;
  return undefined;
}

export function PlanMeetingModal(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = usePlaceTree(props.communityId);
  const orgs = useOrganisations(props.communityId);
  const [search, setSearch] = useState("");
  const people = useResidentSearch(props.communityId, search);
  const [form] = Form.useForm<PlanValues>();
  const estateId = Form.useWatch("estateId", form);
  const repeat = Form.useWatch("repeat", form);
  const save = useMutation({
    mutationFn: (v: PlanValues) =>
      createMeeting(props.communityId, {
        kind: v.kind,
        title: v.title,
        startsAt: v.time[0].toISOString(),
        endsAt: v.time[1].toISOString(),
        estateId: v.estateId ?? null,
        buildingId: v.buildingId ?? null,
        venue: v.venue ?? "",
        agenda: v.agenda ?? "",
        invitedResidentIds: v.invitedResidentIds ?? [],
        invitedOrganisationIds: v.invitedOrganisationIds ?? [],
        rrule: ruleOf(v),
      }),
    onSuccess: (r) => {
      message.success(t("meetings.planned", { count: r.meetingIds.length }));
      void qc.invalidateQueries({ queryKey: meetingsKey(props.communityId) });
      props.onClose();
    },
    onError: (err) =>
      showFieldErrors(form, err, ["kind", "title", "venue", "agenda", "estateId", "buildingId", "rrule"]),
  });
  const estates = tree.data?.estates ?? [];
  const buildings = estates.filter((e) => estateId == null || e.id === estateId).flatMap((e) => e.buildings);
  const start = dayjs().add(1, "hour").startOf("hour");
  return (
    <Modal
      open
      width={720}
      title={t("meetings.planTitle")}
      okText={t("common.confirm")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "meeting-save" } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} />}
      <Form<PlanValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: "opinion", repeat: "none", count: 8, time: [start, start.add(1, "hour")] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t("meetings.kindLabel")} rules={[{ required: true }]}>
          <Select
            data-testid="meeting-kind"
            options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t("meetings.title")} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} data-testid="meeting-title" />
        </Form.Item>
        <Form.Item name="time" label={t("meetings.time")} rules={[{ required: true }]}>
          <DatePicker.RangePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            data-testid="meeting-time"
          />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="estateId" label={t("meetings.estate")}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t("meetings.wholeCommunity")}
              options={estates.map((e) => ({ value: e.id, label: e.name }))}
              onChange={() => form.setFieldValue("buildingId", null)}
            />
          </Form.Item>
          <Form.Item name="buildingId" label={t("meetings.building")}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t("meetings.wholeCommunity")}
              options={buildings.map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
          <Form.Item name="venue" label={t("meetings.venue")} rules={[{ max: 100 }]}>
            <Input
              maxLength={100}
              placeholder={t("meetings.venuePlaceholder")}
              style={{ width: 240 }}
              data-testid="meeting-venue"
            />
          </Form.Item>
        </Space>
        <Form.Item name="agenda" label={t("meetings.agenda")} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="meeting-agenda" />
        </Form.Item>
        <Form.Item name="invitedOrganisationIds" label={t("meetings.invitedParties")}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            data-testid="meeting-parties"
            options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="invitedResidentIds" label={t("meetings.invitedPeople")}>
          <Select
            mode="multiple"
            allowClear
            showSearch={{ filterOption: false, onSearch: setSearch }}
            placeholder={t("meetings.invitedPeoplePlaceholder")}
            data-testid="meeting-people"
            options={(people.data?.items ?? []).map((r) => ({
              value: r.id,
              label: `${r.name}${r.address ? ` · ${r.address}` : ""}`,
            }))}
          />
        </Form.Item>
        <Space wrap size={16} align="start">
          <Form.Item name="repeat" label={t("meetings.repeat")}>
            <Radio.Group data-testid="meeting-repeat">
              <Radio.Button value="none">{t("meetings.repeatNone")}</Radio.Button>
              <Radio.Button value="weekly">{t("meetings.repeatWeekly")}</Radio.Button>
              <Radio.Button value="monthly">{t("meetings.repeatMonthly")}</Radio.Button>
              <Radio.Button value="custom">{t("meetings.repeatCustom")}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          {(repeat === "weekly" || repeat === "monthly") && (
            <Form.Item name="count" label={t("meetings.repeatCount")}>
              <InputNumber min={2} max={53} data-testid="meeting-count" />
            </Form.Item>
          )}
        </Space>
        {repeat === "custom" && (
          <Form.Item
            name="rrule"
            label={t("meetings.rrule")}
            extra={t("meetings.rruleHelp")}
            rules={[{ required: true, max: 500 }]}
          >
            <Input maxLength={500} placeholder="FREQ=WEEKLY;BYDAY=SA;COUNT=8" data-testid="meeting-rrule" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** YYYY-MM-DD of the URL → the instant its China day starts (to: the next day's start). */
const chinaDay = (d: string | undefined, next = false) =>
  d && /^\d{4}-\d{2}-\d{2}$/.test(d)
    ? dayjs(`${d}T00:00:00+08:00`)
        .add(next ? 1 : 0, "day")
        .toISOString()
    : undefined;

export function MeetingsStaffPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { communityId } = useCommunity();
  const list = useListParams();
  const [planning, setPlanning] = useState(false);
  const kind = MEETING_KINDS.find((k) => k === list.str("kind"));
  const when = (["upcoming", "past"] as const).find((w) => w === list.str("when"));
  const page = list.num("page") ?? 1;
  const filters = {
    q: list.str("q"),
    kind,
    when,
    from: chinaDay(list.str("from")),
    to: chinaDay(list.str("to"), true),
  };
  const data = useMeetings(communityId, { ...filters, limit: PAGE, offset: (page - 1) * PAGE });
  const canManage = canManageMeetings(me.data, communityId);

  const columns: StaffColumn<MeetingSummary>[] = [
    {
      title: t("meetings.time"),
      key: "time",
      width: 170,
      render: (_, m) => dayjs(m.startsAt).format("YYYY-MM-DD HH:mm"),
    },
    {
      title: t("meetings.title"),
      key: "title",
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          <Link to={`/staff/meetings/${m.id}`} data-testid={`meeting-link-${m.id}`}>
            {m.title}
          </Link>
          {m.seriesId != null && <Typography.Text type="secondary">{t("meetings.series")}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t("meetings.kindLabel"),
      key: "kind",
      width: 120,
      render: (_, m) => <Tag>{t(`meetings.kind.${m.kind}`)}</Tag>,
    },
    {
      title: t("meetings.place"),
      key: "place",
      width: 200,
      render: (_, m) =>
        [m.place.estateName, m.place.buildingName, m.place.venue].filter(Boolean).join(" ") ||
        t("meetings.wholeCommunity"),
    },
    {
      title: t("meetings.invitedPeople"),
      key: "invited",
      width: 110,
      render: (_, m) => `${m.invitedPeople} / ${m.invitedParties}`,
    },
    { title: t("meetings.attended"), key: "attended", width: 90, dataIndex: "attended" },
    {
      title: t("meetings.status"),
      key: "status",
      width: 90,
      render: (_, m) =>
        m.cancelled ? (
          <Tag color="red">{t("meetings.cancelled")}</Tag>
        ) : (
          <Tag color="green">{t("meetings.normal")}</Tag>
        ),
    },
  ];
  const table = useColumnSettings<MeetingSummary>("meetings", columns);

  return (
    <StaffPage
      title={t("meetings.staffTitle")}
      subtitle={t("meetings.staffSubtitle")}
      testId="meetings-staff-page"
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setPlanning(true)}
            data-testid="plan-meeting"
          >
            {t("meetings.plan")}
          </Button>
        )
      }
    >
      {data.isError && <ErrorAlert error={data.error} onRetry={() => data.refetch()} />}
      <ListToolbar
        testId="meeting-filters"
        extra={
          <>
            <ExportButton
              path={`/communities/${communityId}/meetings/export.xlsx`}
              query={filters}
              fallbackName="meetings.xlsx"
              testId="meetings-export"
            />
            {table.button}
          </>
        }
      >
        <KeywordFilter list={list} placeholder={t("meetings.keywordPlaceholder")} width={240} />
        <DateRangeFilter list={list} label={t("meetings.time")} />
        <SelectFilter
          label={t("meetings.kindFilter")}
          width={150}
          value={kind}
          onChange={(v) => list.set({ kind: v })}
          options={MEETING_KINDS.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
          testId="filter-kind"
        />
        <SelectFilter
          label={t("meetings.whenFilter")}
          width={120}
          value={when}
          onChange={(v) => list.set({ when: v })}
          options={[
            { value: "upcoming", label: t("meetings.upcoming") },
            { value: "past", label: t("meetings.past") },
          ]}
          testId="filter-when"
        />
      </ListToolbar>
      <Table<MeetingSummary>
        rowKey="id"
        columns={table.columns}
        dataSource={data.data?.items ?? []}
        loading={data.isPending}
        scroll={{ x: 900 }}
        pagination={{
          current: page,
          pageSize: PAGE,
          total: data.data?.total ?? 0,
          onChange: (p) => list.set({ page: p > 1 ? p : null }, { position: true }),
          showSizeChanger: false,
        }}
        onRow={(m) =>
          ({
            "data-testid": `meeting-row-${m.id}`,
            "data-title": m.title,
            onDoubleClick: () => navigate(`/staff/meetings/${m.id}`),
          }) as object
        }
      />
      {planning && <PlanMeetingModal communityId={communityId} onClose={() => setPlanning(false)} />}
    </StaffPage>
  );
}

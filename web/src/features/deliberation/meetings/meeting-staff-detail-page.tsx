// One meeting in the staff console (D3): when and where, the invited, the sign-in screen, signing people
// in by their personal code (camera or pasted) or by ticking names, the attendance list and figures
// per party, and the minutes and resolutions.
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import { CodeScanner } from "./code-scanner";
import {
  icsHref,
  type MeetingDetail,
  recordAttendance,
  seriesIcsHref,
  updateMeeting,
  useMeeting,
  useResidentSearch,
} from "./meetings-api";
import { ResidentsMeetingPanel } from "./residents-meeting-panel";

type Attendee = NonNullable<MeetingDetail["attendees"]>[number];
type Party = NonNullable<MeetingDetail["figures"]>["byParty"][number];

function SignInTools(props: { communityId: number; m: MeetingDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { m } = props;
  const [ticked, setTicked] = useState<number[]>([]);
  const [token, setToken] = useState("");
  const [camera, setCamera] = useState(false);
  const [search, setSearch] = useState("");
  const others = useResidentSearch(props.communityId, search);
  const [extra, setExtra] = useState<number | undefined>();
  const record = useMutation({
    mutationFn: (body: Parameters<typeof recordAttendance>[2]) =>
      recordAttendance(props.communityId, m.id, body),
    onSuccess: (r) => {
      for (const s of r.signedIn)
        message.success(
          t(s.status === "signed_in" ? "meetings.signInDone" : "meetings.signInAlready", { name: s.name }),
        );
      setTicked([]);
      setToken("");
      setExtra(undefined);
      props.onDone();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const notYet = (m.invitees ?? []).filter((i) => !i.attended);
  const tickIds = [...ticked, ...(extra != null ? [extra] : [])];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t("meetings.tickNames")} data-testid="tick-names">
          <Typography.Paragraph type="secondary">{t("meetings.tickHint")}</Typography.Paragraph>
          {notYet.length === 0 && (
            <Typography.Text type="secondary">
              {t((m.invitees ?? []).length ? "meetings.allSignedIn" : "meetings.notInvited")}
            </Typography.Text>
          )}
          <Checkbox.Group value={ticked} onChange={(v) => setTicked(v as number[])}>
            <Flex vertical gap={6}>
              {notYet.map((i) => (
                <Checkbox key={i.residentId} value={i.residentId} data-testid={`tick-${i.residentId}`}>
                  {i.name} <Typography.Text type="secondary">{i.phone}</Typography.Text>
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
          <Select
            style={{ width: "100%", marginTop: 12 }}
            allowClear
            value={extra}
            onChange={(v) => setExtra(v ?? undefined)}
            showSearch={{ filterOption: false, onSearch: setSearch }}
            placeholder={t("meetings.invitedPeoplePlaceholder")}
            aria-label={t("meetings.invitedPeoplePlaceholder")}
            options={(others.data?.items ?? []).map((r) => ({
              value: r.id,
              label: `${r.name} ${r.address ?? ""}`,
            }))}
          />
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            disabled={tickIds.length === 0}
            loading={record.isPending}
            onClick={() => record.mutate({ method: "ticked", residentIds: tickIds })}
            data-testid="tick-submit"
          >
            {t("meetings.tickSubmit", { count: tickIds.length })}
          </Button>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t("meetings.personalCode")} data-testid="personal-code">
          <Typography.Paragraph type="secondary">{t("meetings.personalCodeHint")}</Typography.Paragraph>
          <Space.Compact style={{ width: "100%" }}>
            <Input
              value={token}
              onChange={(e) => setToken(e.target.value)}
              placeholder={t("meetings.personalCodePlaceholder")}
              aria-label={t("meetings.personalCode")}
              maxLength={200}
              data-testid="personal-code-input"
            />
            <Button
              type="primary"
              disabled={!token.trim()}
              loading={record.isPending}
              onClick={() => record.mutate({ method: "personal_code", token: token.trim() })}
              data-testid="personal-code-submit"
            >
              {t("meetings.signIn")}
            </Button>
          </Space.Compact>
          <div style={{ marginTop: 12 }}>
            {camera ? (
              <CodeScanner
                onCode={(text) => {
                  setCamera(false);
                  record.mutate({ method: "personal_code", token: text });
                }}
                onClose={() => setCamera(false)}
              />
            ) : (
              <Button onClick={() => setCamera(true)}>{t("meetings.startCamera")}</Button>
            )}
          </div>
        </Card>
      </Col>
    </Row>
  );
}

interface EditValues {
  title: string;
  time: [Dayjs, Dayjs];
  venue?: string;
  agenda?: string;
  following: boolean;
}

/** Change this meeting, or also the series' later ones (a new time moves each by the same amount). */
function EditMeetingModal(props: {
  communityId: number;
  m: MeetingDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const { m } = props;
  const save = useMutation({
    mutationFn: (v: EditValues) =>
      updateMeeting(
        props.communityId,
        m.id,
        {
          title: v.title,
          startsAt: v.time[0].toISOString(),
          endsAt: v.time[1].toISOString(),
          venue: v.venue ?? "",
          agenda: v.agenda ?? "",
        },
        v.following ? "following" : "one",
      ),
    onSuccess: (r) => {
      message.success(t("meetings.changed", { count: r.changed }));
      props.onDone();
      props.onClose();
    },
  });
  return (
    <Modal
      open
      width={640}
      title={t("meetings.edit")}
      okText={t("common.confirm")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} />}
      <Form<EditValues>
        form={form}
        layout="vertical"
        initialValues={{
          title: m.title,
          time: [dayjs(m.startsAt), dayjs(m.endsAt)],
          venue: m.place.venue,
          agenda: m.agenda,
          following: false,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label={t("meetings.title")} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="time" label={t("meetings.time")} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="venue" label={t("meetings.venue")} rules={[{ max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="agenda" label={t("meetings.agenda")} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        {m.seriesId != null && (
          <Form.Item name="following" valuePropName="checked">
            <Checkbox>{t("meetings.applyFollowing")}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function MinutesEditor(props: { communityId: number; m: MeetingDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [minutes, setMinutes] = useState(props.m.minutes);
  const [resolutions, setResolutions] = useState<string[]>(props.m.resolutions);
  useEffect(() => {
    setMinutes(props.m.minutes);
    setResolutions(props.m.resolutions);
  }, [props.m.minutes, props.m.resolutions]);
  const save = useMutation({
    mutationFn: () =>
      updateMeeting(props.communityId, props.m.id, {
        minutes,
        resolutions: resolutions.map((r) => r.trim()).filter(Boolean),
      }),
    onSuccess: () => {
      message.success(t("meetings.saved"));
      props.onDone();
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card
      size="small"
      title={`${t("meetings.minutes")} · ${t("meetings.resolutions")}`}
      data-testid="minutes-editor"
    >
      <Typography.Text strong>{t("meetings.minutes")}</Typography.Text>
      <Input.TextArea
        rows={6}
        maxLength={20000}
        showCount
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        aria-label={t("meetings.minutes")}
        data-testid="minutes-input"
      />
      <Typography.Text strong style={{ display: "block", marginTop: 16 }}>
        {t("meetings.resolutions")}
      </Typography.Text>
      <Flex vertical gap={8}>
        {resolutions.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is edited in place, by position
          <Space.Compact key={i} style={{ width: "100%" }}>
            <Input
              value={r}
              maxLength={1000}
              placeholder={t("meetings.resolutionPlaceholder")}
              aria-label={`${t("meetings.resolutions")} ${i + 1}`}
              onChange={(e) => setResolutions(resolutions.map((x, j) => (j === i ? e.target.value : x)))}
              data-testid={`resolution-${i}`}
            />
            <Button
              icon={<DeleteOutlined />}
              aria-label={t("common.close")}
              onClick={() => setResolutions(resolutions.filter((_, j) => j !== i))}
            />
          </Space.Compact>
        ))}
        <Button
          icon={<PlusOutlined />}
          onClick={() => setResolutions([...resolutions, ""])}
          data-testid="add-resolution"
        >
          {t("meetings.addResolution")}
        </Button>
      </Flex>
      <Button
        type="primary"
        style={{ marginTop: 16 }}
        loading={save.isPending}
        onClick={() => save.mutate()}
        data-testid="minutes-save"
      >
        {t("meetings.save")}
      </Button>
    </Card>
  );
}

function Figures(props: { m: MeetingDetail }) {
  const { t } = useTranslation();
  const f = props.m.figures;
  if (!f) return null;
  const partyColumns = [
    {
      title: t("meetings.byParty"),
      key: "name",
      render: (_: unknown, p: Party) => (p.organisationId == null ? t("meetings.residentsParty") : p.name),
    },
    {
      title: t("meetings.invitedParties"),
      key: "invited",
      width: 100,
      render: (_: unknown, p: Party) => (p.invited ? <Tag color="blue">✓</Tag> : null),
    },
    { title: t("meetings.attended"), key: "attended", dataIndex: "attended", width: 90 },
  ];
  return (
    <Card size="small" title={t("meetings.figures")} data-testid="meeting-figures">
      <Row gutter={16}>
        <Col span={8}>
          <Statistic title={t("meetings.attended")} value={f.attended} data-testid="figure-attended" />
        </Col>
        <Col span={16}>
          <Typography.Text>
            {t("meetings.invitedAttended", { attended: f.invitedPeopleAttended, invited: f.invitedPeople })}
          </Typography.Text>
          {f.attendancePct != null && (
            <Progress percent={f.attendancePct} aria-label={t("meetings.attendancePct")} />
          )}
          <Typography.Text type="secondary">
            {(["scan", "code", "personal_code", "ticked"] as const)
              .map((k) => `${t(`meetings.method.${k}`)} ${f.byMethod[k]}`)
              .join(" · ")}
          </Typography.Text>
        </Col>
      </Row>
      <Table<Party>
        style={{ marginTop: 12 }}
        size="small"
        rowKey={(p) => String(p.organisationId)}
        columns={partyColumns}
        dataSource={f.byParty}
        pagination={false}
      />
    </Card>
  );
}

export function MeetingStaffDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const meetingId = Number(useParams().meetingId);
  const { communityId } = useCommunity();
  const q = useMeeting(communityId, meetingId, { poll: 5000 });
  const [editing, setEditing] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: ["meetings", communityId] });
  const cancel = useMutation({
    mutationFn: () => updateMeeting(communityId, meetingId, { cancelled: true }),
    onSuccess: refresh,
    onError: (err) => message.error(describeError(err)),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const m = q.data;
  // a residents' meeting opens sign-in by freezing its roll
  const signInOpen = !m.cancelled && (m.residentsMeeting == null || m.residentsMeeting.basis != null);
  const attendeeColumns = [
    { title: t("meetings.attendees"), key: "name", dataIndex: "name" },
    {
      title: t("meetings.invitedParties"),
      key: "org",
      render: (_: unknown, a: Attendee) => a.organisationName ?? t("meetings.residentsParty"),
    },
    {
      title: t("meetings.methodLabel"),
      key: "method",
      render: (_: unknown, a: Attendee) => t(`meetings.method.${a.method}`),
    },
    {
      title: t("meetings.time"),
      key: "at",
      render: (_: unknown, a: Attendee) => dayjs(a.signedInAt).format("HH:mm:ss"),
    },
  ];
  return (
    <StaffPage
      title={m.title}
      subtitle={`${t(`meetings.kind.${m.kind}`)} · ${dayjs(m.startsAt).format("YYYY-MM-DD HH:mm")}–${dayjs(m.endsAt).format("HH:mm")}`}
      testId="meeting-detail-page"
      extra={
        <Space wrap>
          {m.canManage && signInOpen && (
            <Link to={`/staff/meetings/${m.id}/sign-in`} data-testid="open-sign-in-screen">
              <Button type="primary">{t("meetings.signInScreen")}</Button>
            </Link>
          )}
          {m.canManage && (
            <Button onClick={() => setEditing(true)} data-testid="edit-meeting">
              {t("meetings.edit")}
            </Button>
          )}
          <Button href={icsHref(communityId, m.id)}>{t("meetings.ics")}</Button>
          {m.seriesId != null && (
            <Button href={seriesIcsHref(communityId, m.seriesId)}>{t("meetings.seriesIcs")}</Button>
          )}
          {m.canManage && !m.cancelled && (
            <Popconfirm
              title={t("meetings.cancelConfirm")}
              okText={t("common.confirm")}
              cancelText={t("common.cancel")}
              onConfirm={() => cancel.mutate()}
            >
              <Button danger>{t("meetings.cancelMeeting")}</Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: "place",
                label: t("meetings.place"),
                children:
                  [m.place.estateName, m.place.buildingName, m.place.venue].filter(Boolean).join(" ") ||
                  t("meetings.wholeCommunity"),
              },
              {
                key: "status",
                label: t("meetings.status"),
                children: m.cancelled ? (
                  <Tag color="red">{t("meetings.cancelled")}</Tag>
                ) : (
                  t("meetings.normal")
                ),
              },
              {
                key: "parties",
                label: t("meetings.invitedParties"),
                children: m.invitedOrganisations.map((o) => o.name).join("、") || "—",
              },
              {
                key: "people",
                label: t("meetings.invitedPeople"),
                children: (m.invitees ?? []).map((i) => i.name).join("、") || "—",
              },
              ...(m.rrule ? [{ key: "rule", label: t("meetings.series"), children: m.rrule }] : []),
              { key: "agenda", label: t("meetings.agenda"), children: m.agenda || "—", span: 2 },
            ]}
          />
        </Card>
        <Figures m={m} />
        <ResidentsMeetingPanel communityId={communityId} m={m} onDone={refresh} />
        {m.canManage && signInOpen && <SignInTools communityId={communityId} m={m} onDone={refresh} />}
        <Card size="small" title={t("meetings.attendees")}>
          <Table<Attendee>
            size="small"
            rowKey={(a) => `${a.residentId}-${a.name}-${a.signedInAt}`}
            columns={attendeeColumns}
            dataSource={m.attendees ?? []}
            pagination={false}
            data-testid="attendees"
          />
        </Card>
        {m.canManage && <MinutesEditor communityId={communityId} m={m} onDone={refresh} />}
      </Flex>
      {editing && (
        <EditMeetingModal
          communityId={communityId}
          m={m}
          onClose={() => setEditing(false)}
          onDone={refresh}
        />
      )}
    </StaffPage>
  );
}

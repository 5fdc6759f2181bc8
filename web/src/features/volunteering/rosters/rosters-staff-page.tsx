// 值守排班 (staff console; also a team's leader): the community's rosters, a new roster (team, duty,
// rule, start time, length, people per shift), one roster's shifts with who is on each — assign a member,
// take someone off, record a no-show after the shift — the swaps waiting for approval, and the members'
// no-shows.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  assignShift,
  createRoster,
  decideSwap,
  type RosterDetail,
  recordNoShow,
  rostersKey,
  type Shift,
  shiftTime,
  unassignShift,
  useRoster,
  useRosters,
  useRosterTeams,
} from "./rosters-api";

const RULES = [
  { value: "FREQ=WEEKLY;BYDAY=SA,SU", key: "ruleWeekends" },
  { value: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", key: "ruleWeekdays" },
  { value: "FREQ=WEEKLY;BYDAY=SA", key: "ruleSaturday" },
  { value: "FREQ=DAILY", key: "ruleDaily" },
] as const;

function CreateRoster(props: { communityId: number; onCreated: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const teams = useRosterTeams(props.communityId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const create = useMutation({
    mutationFn: async () => {
      const v = await form.validateFields();
      return createRoster(props.communityId, {
        teamId: v.teamId,
        subject: v.subject,
        place: v.place ?? "",
        rule: v.rule,
        startTime: v.startTime,
        minutes: v.minutes,
        places: v.places,
        weeksAhead: 4,
      });
    },
    onSuccess: (r) => {
      void message.success(t("rosters.created", { n: r.shifts }));
      setOpen(false);
      form.resetFields();
      props.onCreated(r.id);
    },
    onError: (e) => {
      if (!(e && typeof e === "object" && "errorFields" in e)) void message.error(describeError(e));
    },
  });
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="roster-create">
        {t("rosters.create")}
      </Button>
      <Modal
        open={open}
        title={t("rosters.create")}
        onCancel={() => setOpen(false)}
        onOk={() => create.mutate()}
        confirmLoading={create.isPending}
        okButtonProps={{ "data-testid": "roster-create-ok" } as React.ComponentProps<typeof Button>}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ rule: RULES[0].value, startTime: "09:00", minutes: 180, places: 2 }}
        >
          <Form.Item name="teamId" label={t("rosters.team")} rules={[{ required: true }]}>
            <Select
              data-testid="roster-team"
              options={(teams.data?.teams ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          </Form.Item>
          <Form.Item name="subject" label={t("rosters.subject")} rules={[{ required: true, max: 60 }]}>
            <Input placeholder={t("rosters.subjectHint")} data-testid="roster-subject" />
          </Form.Item>
          <Form.Item name="place" label={t("rosters.place")} rules={[{ max: 200 }]}>
            <Input data-testid="roster-place" />
          </Form.Item>
          <Form.Item name="rule" label={t("rosters.rule")} rules={[{ required: true }]}>
            <Select
              data-testid="roster-rule"
              options={RULES.map((r) => ({ value: r.value, label: t(`rosters.${r.key}`) }))}
            />
          </Form.Item>
          <Space wrap>
            <Form.Item
              name="startTime"
              label={t("rosters.startTime")}
              rules={[{ required: true, pattern: /^([01]\d|2[0-3]):[0-5]\d$/ }]}
            >
              <Input style={{ width: 100 }} data-testid="roster-start" />
            </Form.Item>
            <Form.Item name="minutes" label={t("rosters.minutes")} rules={[{ required: true }]}>
              <InputNumber min={15} max={1440} />
            </Form.Item>
            <Form.Item name="places" label={t("rosters.places")} rules={[{ required: true }]}>
              <InputNumber min={1} max={50} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function RosterView(props: { communityId: number; roster: RosterDetail }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { message } = App.useApp();
  const qc = useQueryClient();
  const r = props.roster;
  const refresh = () => qc.invalidateQueries({ queryKey: rostersKey });
  const act = useMutation({
    mutationFn: (f: () => Promise<unknown>) => f(),
    onSuccess: () => {
      void message.success(t("rosters.done"));
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const now = Date.now();
  const columns = [
    {
      title: t("rosters.shift"),
      key: "time",
      render: (_: unknown, s: Shift) => shiftTime(s.startsAt, s.endsAt, en),
    },
    {
      title: t("rosters.assigned"),
      key: "assigned",
      render: (_: unknown, s: Shift) => {
        const past = new Date(s.endsAt).getTime() <= now;
        const future = new Date(s.startsAt).getTime() > now;
        return (
          <Space wrap>
            {s.assigned.map((a) => (
              <Tag
                key={a.assignmentId}
                color={a.noShow ? "red" : "blue"}
                data-testid={`on-${s.id}-${a.userId}`}
              >
                {a.name}
                {a.noShow && ` · ${t("rosters.noShowTag")}`}
                {r.canManage && future && (
                  <Button
                    size="small"
                    type="link"
                    onClick={() => act.mutate(() => unassignShift(props.communityId, r.id, s.id, a.userId))}
                  >
                    {t("rosters.remove")}
                  </Button>
                )}
                {r.canManage && past && !a.noShow && (
                  <Button
                    size="small"
                    type="link"
                    danger
                    onClick={() => act.mutate(() => recordNoShow(props.communityId, r.id, s.id, a.userId))}
                  >
                    {t("rosters.noShow")}
                  </Button>
                )}
              </Tag>
            ))}
            {s.assigned.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
          </Space>
        );
      },
    },
    {
      title: t("rosters.assign"),
      key: "assign",
      render: (_: unknown, s: Shift) =>
        s.open === 0 ? (
          <Tag>{t("rosters.full")}</Tag>
        ) : r.canManage && new Date(s.startsAt).getTime() > now ? (
          <Select
            style={{ minWidth: 140 }}
            placeholder={t("rosters.assignWho")}
            aria-label={t("rosters.assignWho")}
            data-testid={`assign-${s.id}`}
            value={null}
            options={r.members
              .filter((m) => !s.assigned.some((a) => a.userId === m.userId))
              .map((m) => ({ value: m.userId, label: m.name }))}
            onChange={(userId: number) =>
              act.mutate(() => assignShift(props.communityId, r.id, s.id, userId))
            }
          />
        ) : (
          <Tag color="green">{t("rosters.open", { n: s.open })}</Tag>
        ),
    },
  ];
  return (
    <Flex vertical gap={16}>
      {r.canManage && r.swaps.length > 0 && (
        <Card title={t("rosters.swaps")} size="small" data-testid="roster-swaps">
          {r.swaps.map((w) => (
            <Flex key={w.id} gap={8} align="center" wrap style={{ marginBottom: 8 }}>
              <span>
                {t("rosters.swapLine", {
                  time: shiftTime(w.startsAt, w.startsAt, en).slice(0, -6),
                  from: w.fromName,
                  to: w.toName,
                })}
              </span>
              <Button
                type="primary"
                size="small"
                data-testid={`swap-approve-${w.id}`}
                onClick={() => act.mutate(() => decideSwap(props.communityId, r.id, w.id, true))}
              >
                {t("rosters.approve")}
              </Button>
              <Button
                size="small"
                onClick={() => act.mutate(() => decideSwap(props.communityId, r.id, w.id, false))}
              >
                {t("rosters.refuse")}
              </Button>
            </Flex>
          ))}
        </Card>
      )}
      <Table<Shift>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={r.shifts}
        columns={columns}
        data-testid="roster-shifts"
      />
      {r.canManage && (
        <Card title={t("rosters.members")} size="small">
          <Space wrap>
            {r.members.map((m) => (
              <Tag key={m.userId} color={m.noShows ? "orange" : "default"}>
                {m.name}
                {m.noShows > 0 && ` · ${t("rosters.noShows", { n: m.noShows })}`}
              </Tag>
            ))}
          </Space>
        </Card>
      )}
    </Flex>
  );
}

export function RostersStaffPage() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  const list = useRosters(communityId);
  const [chosen, setChosen] = useState<number | null>(null);
  const rosterId = chosen ?? list.data?.rosters[0]?.id ?? null;
  const roster = useRoster(communityId, rosterId);
  return (
    <StaffPage
      title={t("rosters.title")}
      subtitle={t("rosters.subtitle")}
      testId="rosters-page"
      extra={<CreateRoster communityId={communityId} onCreated={setChosen} />}
    >
      {list.error && <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      <Flex gap={8} align="center" style={{ marginBottom: 16 }}>
        <span>{t("rosters.roster")}</span>
        <Select
          style={{ minWidth: 280 }}
          aria-label={t("rosters.choose")}
          placeholder={list.data?.rosters.length === 0 ? t("rosters.empty") : t("rosters.choose")}
          value={rosterId}
          data-testid="roster-select"
          onChange={setChosen}
          options={(list.data?.rosters ?? []).map((x) => ({
            value: x.id,
            label: `${x.subject} · ${x.teamName}`,
          }))}
        />
      </Flex>
      {roster.error && <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} />}
      {roster.data && <RosterView communityId={communityId} roster={roster.data} />}
    </StaffPage>
  );
}

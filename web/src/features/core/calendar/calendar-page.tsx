// 工作日历: the public holidays and make-up working days (调休) that deadlines follow. National:
// only a system administrator changes it (e.g. when next year's State Council notice is out).
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import type { ZCalendarEntry, ZCalendarYear, ZSetDay } from "@contract/core/calendar/calendar.schema";
import type { ZOk } from "@contract/voice/requests/requests.schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";
import { canEditCalendar } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";

type Entry = Reply<typeof ZCalendarEntry>;
type Year = Reply<typeof ZCalendarYear>;

export function CalendarPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const canEdit = canEditCalendar(me.data);
  const [year, setYear] = useState(() => dayjs().year());
  const cal = useQuery({ queryKey: ["calendar", year], queryFn: () => api.get<Year>("/calendar", { year }) });
  const [form] = Form.useForm<{ day: Dayjs; kind: Entry["kind"]; name: string }>();
  const refresh = () => void qc.invalidateQueries({ queryKey: ["calendar"] });
  const setDay = useMutation({
    mutationFn: (v: { day: Dayjs; kind: Entry["kind"]; name: string }) =>
      api.put<Entry>(`/calendar/days/${v.day.format("YYYY-MM-DD")}`, {
        kind: v.kind,
        name: v.name.trim(),
      } satisfies Body<typeof ZSetDay>),
    onSuccess: (e) => {
      message.success(t("calendar.saved", { day: e.day }));
      form.resetFields(["day", "name"]);
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const remove = useMutation({
    mutationFn: (day: string) => api.del<Reply<typeof ZOk>>(`/calendar/days/${day}`),
    onSuccess: () => {
      message.success(t("calendar.removed"));
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const columns: ColumnsType<Entry> = [
    {
      title: t("calendar.day"),
      key: "day",
      width: 170,
      render: (_, e) => (
        <span>
          {e.day} <Typography.Text type="secondary">{dayjs(e.day).format("ddd")}</Typography.Text>
        </span>
      ),
    },
    {
      title: t("calendar.kind"),
      key: "kind",
      width: 140,
      render: (_, e) => <Tag color={e.kind === "holiday" ? "red" : "blue"}>{label("dayKind", e.kind)}</Tag>,
    },
    { title: t("calendar.name"), dataIndex: "name" },
    ...(canEdit
      ? [
          {
            title: t("inbox.actions"),
            key: "actions",
            width: 170,
            render: (_: unknown, e: Entry) => (
              <Space>
                <Button
                  size="small"
                  onClick={() => form.setFieldsValue({ day: dayjs(e.day), kind: e.kind, name: e.name })}
                >
                  {t("categories.editShort")}
                </Button>
                <Popconfirm
                  title={t("calendar.removeConfirm", { day: e.day })}
                  okText={t("common.confirm")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => remove.mutate(e.day)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const thisYear = dayjs().year();
  return (
    <StaffPage
      title={t("calendar.title")}
      subtitle={t("calendar.subtitle")}
      testId="calendar-page"
      extra={
        <Select
          aria-label={t("calendar.year")}
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({
            value: y,
            label: String(y),
          }))}
        />
      }
    >
      {cal.isError && <ErrorAlert error={cal.error} onRetry={() => cal.refetch()} />}
      {cal.data && (
        <Alert
          type={cal.data.official ? "success" : "warning"}
          showIcon
          style={{ marginBottom: 16 }}
          title={
            cal.data.official
              ? t("calendar.official", { year: cal.data.year, days: cal.data.workingDays })
              : t("calendar.notOfficial", { year: cal.data.year, days: cal.data.workingDays })
          }
        />
      )}
      {canEdit ? (
        <Form
          form={form}
          layout="inline"
          initialValues={{ kind: "holiday" }}
          onFinish={(v) => setDay.mutate(v)}
          style={{ marginBottom: 16, rowGap: 8 }}
        >
          <Form.Item name="day" rules={[{ required: true, message: t("calendar.dayRequired") }]}>
            <DatePicker placeholder={t("calendar.day")} />
          </Form.Item>
          <Form.Item name="kind">
            <Radio.Group
              optionType="button"
              options={[
                { value: "holiday", label: label("dayKind", "holiday") },
                { value: "workday", label: label("dayKind", "workday") },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, message: t("calendar.nameRequired") }]}>
            <Input placeholder={t("calendar.namePlaceholder")} maxLength={40} />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={setDay.isPending}>
            {t("calendar.set")}
          </Button>
        </Form>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("calendar.readOnly")} />
      )}
      <Table<Entry>
        rowKey="day"
        size="middle"
        columns={columns}
        dataSource={cal.data?.days ?? []}
        loading={cal.isPending}
        pagination={false}
        scroll={{ x: 600 }}
      />
    </StaffPage>
  );
}

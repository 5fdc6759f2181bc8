// 金点子大赛与评选 (staff): the contests held in the caller's reach (their community, street or district),
// and opening a new call — kind, theme, place (this community, its street or its district), period,
// criteria with weights. Judges are named on the contest's page.
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Table,
  Tag,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useDivisions } from "../../../shared/api/divisions";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, usePageParams } from "../../../shared/staff/list-state";
import {
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { type ContestListItem, type ContestState, createContest, useContests } from "./contests-api";
import "./contests.css";

export const STATE_COLOR: Record<ContestState, string> = {
  upcoming: "blue",
  open: "green",
  judging: "orange",
  closed: "purple",
  published: "default",
};

interface Values {
  kind: "idea" | "innovation";
  title: string;
  theme?: string;
  scope: "community" | "street" | "district";
  dates: [Dayjs, Dayjs];
  criteria: { name: string; weight: number }[];
  scoreMax: number;
}

function NewContest(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const divisions = useDivisions();
  const district = divisions.data?.find((d) =>
    d.streets.some((s) => s.communities.some((c) => c.id === props.communityId)),
  );
  const street = district?.streets.find((s) => s.communities.some((c) => c.id === props.communityId));
  const [form] = Form.useForm<Values>();
  const save = useMutation({
    mutationFn: (v: Values) =>
      createContest({
        kind: v.kind,
        title: v.title.trim(),
        theme: (v.theme ?? "").trim(),
        scope: v.scope,
        ...(v.scope === "community" ? { communityId: props.communityId } : {}),
        ...(v.scope === "street" && street ? { streetId: street.id } : {}),
        ...(v.scope === "district" && district ? { districtId: district.id } : {}),
        submitFrom: v.dates[0].toISOString(),
        submitTo: v.dates[1].toISOString(),
        criteria: v.criteria.map((c) => ({ name: c.name.trim(), weight: c.weight })),
        scoreMax: v.scoreMax,
      }),
    onSuccess: (c) => {
      message.success(t("contests.created"));
      void qc.invalidateQueries({ queryKey: ["contests"] });
      props.onClose();
      navigate(`/staff/contests/${c.id}`);
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Modal
      open
      width={760}
      title={t("contests.form.title")}
      onCancel={props.onClose}
      okText={t("contests.form.submit")}
      okButtonProps={
        { loading: save.isPending, "data-testid": "contest-submit" } as React.ComponentProps<typeof Button>
      }
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: "idea",
          scope: "community",
          dates: [dayjs(), dayjs().add(30, "day").endOf("day")],
          criteria: [
            { name: "可行性", weight: 40 },
            { name: "创新性", weight: 30 },
            { name: "受益面", weight: 30 },
          ],
          scoreMax: 10,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Flex gap={24} wrap>
          <Form.Item name="kind" label={t("contests.form.kind")}>
            <Radio.Group>
              <Radio value="idea">{t("contests.kind.idea")}</Radio>
              <Radio value="innovation">{t("contests.kind.innovation")}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="scope" label={t("contests.form.scope")}>
            <Radio.Group>
              <Radio value="community">{t("contests.scope.community")}</Radio>
              <Radio value="street" disabled={!street}>
                {street?.name ?? t("contests.scope.street")}
              </Radio>
              <Radio value="district" disabled={!district}>
                {district?.name ?? t("contests.scope.district")}
              </Radio>
            </Radio.Group>
          </Form.Item>
        </Flex>
        <Form.Item
          name="title"
          label={t("contests.form.name")}
          rules={[{ required: true, message: t("contests.form.required") }, { max: 80 }]}
        >
          <Input maxLength={80} data-testid="contest-title" />
        </Form.Item>
        <Form.Item name="theme" label={t("contests.form.theme")}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="contest-theme" />
        </Form.Item>
        <Form.Item name="dates" label={t("contests.form.period")} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item label={t("contests.form.criteria")} required>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap={8} align="baseline">
                    <Form.Item
                      name={[f.name, "name"]}
                      rules={[{ required: true, message: t("contests.form.required") }]}
                      style={{ flex: 1 }}
                    >
                      <Input
                        maxLength={40}
                        aria-label={`${t("contests.form.criterionName")} ${i + 1}`}
                        data-testid={`criterion-name-${i}`}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, "weight"]}
                      rules={[{ required: true, message: t("contests.form.required") }]}
                    >
                      <InputNumber
                        min={1}
                        max={100}
                        precision={0}
                        aria-label={`${t("contests.form.weight")} ${i + 1}`}
                        data-testid={`criterion-weight-${i}`}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t("contests.form.removeCriterion")}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                    />
                  </Flex>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: "", weight: 10 })}
                  disabled={fields.length >= 10}
                >
                  {t("contests.form.addCriterion")}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="scoreMax" label={t("contests.form.scoreMax")}>
          <InputNumber min={1} max={100} precision={0} aria-label={t("contests.form.scoreMax")} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ContestsStaffPage() {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const { communityId } = useCommunity();
  const me = useMe();
  const canManage = hasPermission(me.data, "contests.manage");
  const params = useListParams();
  const paging = usePageParams(params, 20);
  const kind = (["idea", "innovation"] as const).find((k) => k === params.str("kind"));
  const list = useContests({ kind, limit: paging.pageSize, offset: (paging.page - 1) * paging.pageSize });
  const [creating, setCreating] = useState(false);
  const columns: StaffColumn<ContestListItem>[] = [
    {
      title: t("contests.colTitle"),
      key: "title",
      render: (_, c) => (
        <div>
          <Link to={`/staff/contests/${c.id}`} data-testid={`contest-link-${c.id}`}>
            {c.title}
          </Link>
          <div className="m-muted">{tt(`contests.kind.${c.kind}`)}</div>
        </div>
      ),
    },
    { title: t("contests.colPlace"), key: "place", width: 200, dataIndex: "placeName" },
    {
      title: t("contests.colState"),
      key: "state",
      width: 110,
      render: (_, c) => <Tag color={STATE_COLOR[c.state]}>{tt(`contests.state.${c.state}`)}</Tag>,
    },
    {
      title: t("contests.colPeriod"),
      key: "period",
      width: 210,
      render: (_, c) =>
        `${dayjs(c.submitFrom).format("MM-DD HH:mm")} – ${dayjs(c.submitTo).format("MM-DD HH:mm")}`,
    },
    { title: t("contests.colEntries"), key: "entries", width: 80, dataIndex: "entries" },
    {
      title: t("contests.colRound"),
      key: "round",
      width: 90,
      render: (_, c) => t("contests.round", { n: c.currentRound }),
    },
    {
      title: t("contests.colActions"),
      key: "actions",
      width: 90,
      render: (_, c) => <Link to={`/staff/contests/${c.id}`}>{t("contests.manage")}</Link>,
    },
  ];
  const table = useColumnSettings<ContestListItem>("contests", columns);
  return (
    <StaffPage
      title={t("contests.staffTitle")}
      subtitle={t("contests.staffSubtitle")}
      testId="contests-staff-page"
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-contest"
          >
            {t("contests.newContest")}
          </Button>
        )
      }
    >
      <ListToolbar testId="contest-filters" extra={table.button}>
        <SelectFilter<"idea" | "innovation">
          label={t("contests.form.kind")}
          value={kind}
          onChange={(v) => params.set({ kind: v ?? null })}
          options={(["idea", "innovation"] as const).map((k) => ({
            value: k,
            label: tt(`contests.kind.${k}`),
          }))}
          testId="filter-kind"
        />
      </ListToolbar>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<ContestListItem>
        rowKey="id"
        columns={table.columns}
        dataSource={list.data?.items ?? []}
        loading={list.isPending}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          onChange: paging.onChange,
          showTotal: (n) => t("common.total", { total: n }),
        }}
        scroll={{ x: 900 }}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("contests.empty")} /> }}
      />
      {creating && <NewContest communityId={communityId} onClose={() => setCreating(false)} />}
    </StaffPage>
  );
}

// 摇号 (staff): the community's lotteries in the caller's reach — title search and state kept in the
// URL — and opening a new one; a secret the server makes is shown once here and never again.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, usePageParams } from "../../../shared/staff/list-state";
import {
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  createLottery,
  KINDS,
  type Lottery,
  type LotteryKind,
  type LotteryState,
  STATES,
  useLotteries,
} from "./lotteries-api";
import "./lotteries.css";

const STATE_COLOR: Record<LotteryState, string> = {
  upcoming: "blue",
  open: "green",
  closed: "orange",
  frozen: "purple",
  drawn: "default",
};

interface Values {
  title: string;
  description?: string;
  kind: LotteryKind;
  estateId: number | null;
  buildingId?: number | null;
  places: number;
  items?: string;
  audience: "residents" | "owners";
  per: "household" | "person";
  dates: [Dayjs, Dayjs];
  ownSecret: boolean;
  commitment?: string;
}

function NewLottery(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = usePlaceTree(props.communityId);
  const [form] = Form.useForm<Values>();
  const estateId = Form.useWatch("estateId", form);
  const ownSecret = Form.useWatch("ownSecret", form);
  const buildings = tree.data?.estates.find((e) => e.id === estateId)?.buildings ?? [];
  const [secret, setSecret] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) =>
      createLottery(props.communityId, {
        title: v.title.trim(),
        description: (v.description ?? "").trim(),
        kind: v.kind,
        estateId: v.estateId ?? null,
        buildingId: v.buildingId ?? null,
        places: v.places,
        items: (v.items ?? "")
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean),
        audience: v.audience,
        per: v.per,
        opensAt: v.dates[0].toISOString(),
        closesAt: v.dates[1].toISOString(),
        ...(v.ownSecret && v.commitment ? { commitment: v.commitment.trim().toLowerCase() } : {}),
      }),
    onSuccess: (r) => {
      message.success(t("lotteries.created"));
      void qc.invalidateQueries({ queryKey: ["lotteries"] });
      if (r.secret) setSecret(r.secret);
      else props.onClose();
    },
    onError: (err) => message.error(describeError(err)),
  });

  if (secret)
    return (
      <Modal
        open
        title={t("lotteries.secretTitle")}
        closable={false}
        maskClosable={false}
        footer={
          <Flex gap={8} justify="flex-end">
            <Button onClick={() => window.print()}>{t("lotteries.print")}</Button>
            <Button
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(secret)
                  .then(() => message.success(t("lotteries.secretCopied")));
              }}
            >
              {t("lotteries.copy")}
            </Button>
            <Button type="primary" onClick={props.onClose} data-testid="secret-saved">
              {t("lotteries.secretSaved")}
            </Button>
          </Flex>
        }
      >
        <Alert type="warning" showIcon message={t("lotteries.secretText")} style={{ marginBottom: 12 }} />
        <Typography.Paragraph
          code
          copyable={false}
          style={{ fontSize: 18, wordBreak: "break-all" }}
          data-testid="new-secret"
        >
          {secret}
        </Typography.Paragraph>
      </Modal>
    );

  return (
    <Modal
      open
      width={760}
      title={t("lotteries.form.title")}
      onCancel={props.onClose}
      okText={t("lotteries.form.submit")}
      okButtonProps={
        { loading: save.isPending, "data-testid": "lottery-submit" } as React.ComponentProps<typeof Button>
      }
      onOk={() => form.submit()}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          kind: "parking",
          estateId: null,
          places: 1,
          audience: "residents",
          per: "household",
          dates: [dayjs(), dayjs().add(14, "day").endOf("day")],
          ownSecret: false,
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="title"
          label={t("lotteries.form.name")}
          rules={[{ required: true, message: t("lotteries.form.required") }, { max: 80 }]}
        >
          <Input maxLength={80} data-testid="lottery-title" />
        </Form.Item>
        <Form.Item name="description" label={t("lotteries.form.description")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="kind" label={t("lotteries.form.kind")} style={{ minWidth: 140 }}>
            <Select
              aria-label={t("lotteries.form.kind")}
              options={KINDS.map((k) => ({ value: k, label: tt(`lotteries.kind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="estateId" label={t("lotteries.form.estate")} style={{ minWidth: 220 }}>
            <Select
              aria-label={t("lotteries.form.estate")}
              data-testid="lottery-estate"
              options={[
                { value: null, label: "—" },
                ...(tree.data?.estates ?? []).map((e) => ({ value: e.id, label: e.name })),
              ]}
              onChange={() => form.setFieldValue("buildingId", null)}
            />
          </Form.Item>
          <Form.Item name="buildingId" label={t("lotteries.form.building")} style={{ minWidth: 160 }}>
            <Select
              disabled={estateId == null}
              allowClear
              aria-label={t("lotteries.form.building")}
              data-testid="lottery-building"
              options={buildings.map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
          <Form.Item
            name="places"
            label={t("lotteries.form.places")}
            rules={[{ required: true, message: t("lotteries.form.required") }]}
          >
            <InputNumber
              min={1}
              max={10000}
              aria-label={t("lotteries.form.places")}
              data-testid="lottery-places"
            />
          </Form.Item>
        </Flex>
        <Form.Item name="items" label={t("lotteries.form.items")}>
          <Input.TextArea rows={3} data-testid="lottery-items" />
        </Form.Item>
        <Flex gap={24} wrap>
          <Form.Item name="audience" label={t("lotteries.form.audience")}>
            <Radio.Group>
              <Radio value="residents">{t("lotteries.audience.residents")}</Radio>
              <Radio value="owners">{t("lotteries.audience.owners")}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="per" label={t("lotteries.form.per")}>
            <Radio.Group>
              <Radio value="household">{t("lotteries.per.household")}</Radio>
              <Radio value="person">{t("lotteries.per.person")}</Radio>
            </Radio.Group>
          </Form.Item>
        </Flex>
        <Form.Item name="dates" label={t("lotteries.form.window")} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="ownSecret" valuePropName="checked">
          <Checkbox>{t("lotteries.form.ownSecret")}</Checkbox>
        </Form.Item>
        {ownSecret && (
          <Form.Item
            name="commitment"
            label={t("lotteries.form.commitment")}
            rules={[
              { required: true, pattern: /^[0-9a-fA-F]{64}$/, message: t("lotteries.form.commitment") },
            ]}
          >
            <Input maxLength={64} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function LotteriesStaffPage() {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const { communityId } = useCommunity();
  const me = useMe();
  // lotteries.manage is held by community staff and grid workers — the same roles as requests.handle
  const canManage = hasPermission(me.data, "requests.handle", communityId);
  const params = useListParams();
  const paging = usePageParams(params, 20);
  const state = STATES.find((s) => s === params.str("state"));
  const q = params.str("q");
  const list = useLotteries(communityId, {
    q,
    state,
    limit: paging.pageSize,
    offset: (paging.page - 1) * paging.pageSize,
  });
  const [creating, setCreating] = useState(false);

  const columns: StaffColumn<Lottery>[] = [
    {
      title: t("lotteries.colTitle"),
      key: "title",
      render: (_, l) => (
        <div>
          <Link to={`/staff/lotteries/${l.id}`} data-testid={`lottery-link-${l.id}`}>
            {l.title}
          </Link>
          <div>
            <Typography.Text type="secondary">
              {tt(`lotteries.kind.${l.kind}`)} · {t("lotteries.places", { count: l.places })} ·{" "}
              {tt(`lotteries.per.${l.per}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t("lotteries.colPlace"), key: "place", width: 200, dataIndex: "placeName" },
    {
      title: t("lotteries.colState"),
      key: "state",
      width: 110,
      render: (_, l) => <Tag color={STATE_COLOR[l.state]}>{tt(`lotteries.state.${l.state}`)}</Tag>,
    },
    {
      title: t("lotteries.colDates"),
      key: "dates",
      width: 210,
      render: (_, l) =>
        `${dayjs(l.opensAt).format("MM-DD HH:mm")} – ${dayjs(l.closesAt).format("MM-DD HH:mm")}`,
    },
    { title: t("lotteries.colApplications"), key: "applications", width: 80, dataIndex: "applications" },
    {
      title: t("lotteries.colActions"),
      key: "actions",
      width: 100,
      render: (_, l) => <Link to={`/staff/lotteries/${l.id}`}>{t("lotteries.manage")}</Link>,
    },
  ];
  const table = useColumnSettings<Lottery>("lotteries", columns);

  return (
    <StaffPage
      title={t("lotteries.staffTitle")}
      subtitle={t("lotteries.staffSubtitle")}
      testId="lotteries-staff-page"
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-lottery"
          >
            {t("lotteries.newLottery")}
          </Button>
        )
      }
    >
      <ListToolbar testId="lottery-filters" extra={table.button}>
        <KeywordFilter list={params} placeholder={t("lotteries.keywordPlaceholder")} />
        <SelectFilter<LotteryState>
          label={t("lotteries.stateLabel")}
          value={state}
          onChange={(v) => params.set({ state: v ?? null })}
          options={STATES.map((s) => ({ value: s, label: tt(`lotteries.state.${s}`) }))}
          testId="filter-state"
        />
      </ListToolbar>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<Lottery>
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
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("lotteries.empty")} /> }}
      />
      {creating && <NewLottery communityId={communityId} onClose={() => setCreating(false)} />}
    </StaffPage>
  );
}

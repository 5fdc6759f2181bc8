// 幸福食堂 (staff console): the orders board of a day by meal (counts, seats, a list with keyword and
// filters kept in the URL, Excel export, 代订 with the channel, payment at the counter, delivery assignment
// to the volunteers of the community's teams); the monthly subsidy report (PDF and Excel); the canteen,
// its price rules (in order, each citing its source) and the menus.
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Statistic,
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
import { useListParams } from "../../../shared/staff/list-state";
import { ExportButton, KeywordFilter, ListToolbar, SelectFilter } from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  assignDelivery,
  canteenKey,
  type Order,
  ordersExportPath,
  placeOrder,
  type Report,
  recordPaid,
  reportPath,
  setMenu,
  setRules,
  setupCanteen,
  today,
  useCanteenDay,
  useOrders,
  useReport,
  useVolunteers,
  yuan,
} from "./canteen-api";

const MEALS = ["breakfast", "lunch", "dinner"] as const;
const MODES = ["dine_in", "pickup", "delivery"] as const;

/** A table in a focusable, named scroll region (keyboard users can scroll it; axe asks for it). */
function Scroll(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={props.label} tabIndex={0} style={{ overflowX: "auto" }}>
      {props.children}
    </section>
  );
}

function OrdersTab(props: { communityId: number; canManage: boolean; canExport: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useListParams();
  const day = list.str("day") ?? today();
  const meal = list.str("meal");
  const mode = list.str("mode");
  const q = list.str("q");
  const board = useOrders(props.communityId, { day, meal, mode, q });
  const vols = useVolunteers(props.communityId, props.canManage);
  const refresh = () => qc.invalidateQueries({ queryKey: canteenKey(props.communityId) });
  const onError = (e: unknown) => message.error(describeError(e));
  const paid = useMutation({
    mutationFn: (id: number) => recordPaid(props.communityId, id),
    onSuccess: refresh,
    onError,
  });
  const assign = useMutation({
    mutationFn: (v: { id: number; userId: number }) => assignDelivery(props.communityId, v.id, v.userId),
    onSuccess: refresh,
    onError,
  });
  const [ordering, setOrdering] = useState(false);
  const c = board.data?.counts;
  const columns = [
    { key: "id", title: "#", dataIndex: "id" },
    { key: "meal", title: t("canteen.colMeal"), render: (o: Order) => t(`canteen.meal.${o.meal}`) },
    { key: "resident", title: t("canteen.colResident"), dataIndex: "residentName" },
    { key: "phone", title: t("canteen.colPhone"), dataIndex: "phone" },
    {
      key: "mode",
      title: t("canteen.colMode"),
      render: (o: Order) => (
        <>
          {t(`canteen.mode.${o.mode}`)}
          {o.address ? ` · ${o.address}` : ""}
        </>
      ),
    },
    { key: "rule", title: t("canteen.colRule"), dataIndex: "ruleName" },
    { key: "cost", title: t("canteen.colCost"), render: (o: Order) => yuan(o.costFen) },
    { key: "pays", title: t("canteen.colResidentPays"), render: (o: Order) => yuan(o.residentFen) },
    {
      key: "paid",
      title: t("canteen.colPaid"),
      render: (o: Order) =>
        o.paidAt ? (
          <Tag color="green">{t("canteen.paid")}</Tag>
        ) : props.canManage && o.status === "placed" ? (
          <Button size="small" onClick={() => paid.mutate(o.id)} data-testid={`canteen-paid-${o.id}`}>
            {t("canteen.recordPaid")}
          </Button>
        ) : (
          t("canteen.unpaid")
        ),
    },
    {
      key: "volunteer",
      title: t("canteen.colVolunteer"),
      render: (o: Order) =>
        o.mode !== "delivery" ? (
          ""
        ) : o.deliveredAt ? (
          <Tag color="green">
            {o.volunteerName} · {t("canteen.delivered", { time: dayjs(o.deliveredAt).format("HH:mm") })}
          </Tag>
        ) : props.canManage && o.status === "placed" ? (
          <Select
            size="small"
            style={{ width: 140 }}
            aria-label={`${t("canteen.assignTo")} #${o.id}`}
            placeholder={t("canteen.assign")}
            value={o.volunteerUserId ?? undefined}
            onChange={(userId: number) => assign.mutate({ id: o.id, userId })}
            options={(vols.data?.volunteers ?? []).map((v) => ({
              value: v.userId,
              label: `${v.name}（${v.team}）`,
            }))}
            data-testid={`canteen-assign-${o.id}`}
          />
        ) : (
          (o.volunteerName ?? "")
        ),
    },
    {
      key: "status",
      title: t("canteen.colStatus"),
      render: (o: Order) =>
        o.status === "cancelled" ? <Tag>{t("canteen.statusCancelled")}</Tag> : t("canteen.statusPlaced"),
    },
  ];
  return (
    <>
      {board.isError && <ErrorAlert error={board.error} onRetry={() => board.refetch()} />}
      <ListToolbar
        testId="canteen-filters"
        extra={
          <Space>
            {props.canExport && (
              <ExportButton
                path={ordersExportPath(props.communityId)}
                query={{ day, meal, mode, q }}
                fallbackName={`canteen-orders-${day}.xlsx`}
                testId="canteen-export"
              />
            )}
            {props.canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setOrdering(true)}
                data-testid="canteen-order-for"
              >
                {t("canteen.orderFor")}
              </Button>
            )}
          </Space>
        }
      >
        <DatePicker
          aria-label={t("canteen.day")}
          value={dayjs(day)}
          allowClear={false}
          onChange={(d) => list.set({ day: d ? d.format("YYYY-MM-DD") : null })}
        />
        <SelectFilter
          label={t("canteen.filterMeal")}
          value={meal}
          onChange={(v) => list.set({ meal: v })}
          options={MEALS.map((m) => ({ value: m, label: t(`canteen.meal.${m}`) }))}
        />
        <SelectFilter
          label={t("canteen.filterMode")}
          value={mode}
          onChange={(v) => list.set({ mode: v })}
          options={MODES.map((m) => ({ value: m, label: t(`canteen.mode.${m}`) }))}
        />
        <KeywordFilter list={list} placeholder={t("canteen.keyword")} />
      </ListToolbar>
      <Flex gap={24} wrap style={{ marginBottom: 12 }} data-testid="canteen-counts">
        <Statistic title={t("canteen.countPlaced")} value={c?.placed ?? 0} />
        <Statistic title={t("canteen.countDelivery")} value={c?.delivery ?? 0} />
        <Statistic title={t("canteen.countDelivered")} value={c?.delivered ?? 0} />
        <Statistic title={t("canteen.countUnpaid")} value={c?.unpaid ?? 0} />
        {(board.data?.menus ?? []).map((m) => (
          <Statistic
            key={m.id}
            title={t(`canteen.meal.${m.meal}`)}
            value={t("canteen.seats", { ordered: m.ordered, capacity: m.capacity })}
          />
        ))}
      </Flex>
      <Scroll label={t("canteen.ordersTable")}>
        <Table<Order>
          rowKey="id"
          size="small"
          loading={board.isPending}
          dataSource={board.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 50 }}
        />
      </Scroll>
      {ordering && (
        <OrderForModal
          communityId={props.communityId}
          day={day}
          onClose={() => setOrdering(false)}
          onDone={refresh}
        />
      )}
    </>
  );
}

function OrderForModal(props: { communityId: number; day: string; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const d = useCanteenDay(props.communityId, props.day);
  const run = useMutation({
    mutationFn: (v: any) =>
      placeOrder(props.communityId, {
        menuId: v.menuId,
        mode: v.mode,
        residentId: v.residentId,
        channel: v.channel,
        address: v.address ?? "",
        paid: !!v.paid,
      }),
    onSuccess: (r) => {
      message.success(`${r.order.residentName} · ${yuan(r.order.residentFen)}`);
      props.onDone();
      props.onClose();
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <Modal
      open
      title={t("canteen.orderForTitle")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("canteen.submit")}
      confirmLoading={run.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => run.mutate(v)}
        initialValues={{ mode: "delivery", channel: "staff_phone" }}
      >
        <Form.Item name="residentId" label={t("canteen.residentId")} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: "100%" }} data-testid="canteen-for-resident" />
        </Form.Item>
        <Form.Item name="menuId" label={t("canteen.colMeal")} rules={[{ required: true }]}>
          <Select
            aria-label={t("canteen.colMeal")}
            options={(d.data?.menus ?? []).map((m) => ({
              value: m.id,
              label: `${props.day} ${t(`canteen.meal.${m.meal}`)}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="mode" label={t("canteen.colMode")}>
          <Radio.Group options={MODES.map((m) => ({ value: m, label: t(`canteen.mode.${m}`) }))} />
        </Form.Item>
        <Form.Item name="address" label={t("canteen.address")}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="channel" label={t("canteen.channel")}>
          <Radio.Group
            options={(["staff_phone", "staff_counter", "staff_visit"] as const).map((c) => ({
              value: c,
              label: t(`canteen.channels.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="paid" valuePropName="checked">
          <Checkbox>{t("canteen.paidNow")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReportTab(props: { communityId: number }) {
  const { t } = useTranslation();
  const list = useListParams();
  const month = list.str("month") ?? today().slice(0, 7);
  const r = useReport(props.communityId, month);
  type Row = Report["rows"][number];
  const columns = [
    { key: "rule", title: t("canteen.ruleName"), dataIndex: "ruleName" },
    { key: "meals", title: t("canteen.meals"), dataIndex: "meals", align: "right" as const },
    {
      key: "cost",
      title: t("canteen.repCost"),
      render: (x: Row) => yuan(x.costFen),
      align: "right" as const,
    },
    {
      key: "res",
      title: t("canteen.repResident"),
      render: (x: Row) => yuan(x.residentFen),
      align: "right" as const,
    },
    {
      key: "com",
      title: t("canteen.repCommunity"),
      render: (x: Row) => yuan(x.communityFen),
      align: "right" as const,
    },
    {
      key: "dis",
      title: t("canteen.repDiscount"),
      render: (x: Row) => yuan(x.discountFen),
      align: "right" as const,
    },
    {
      key: "sub",
      title: t("canteen.repSubsidy"),
      render: (x: Row) => yuan(x.subsidyFen),
      align: "right" as const,
    },
  ];
  const total = r.data?.total;
  return (
    <>
      {r.isError && <ErrorAlert error={r.error} onRetry={() => r.refetch()} />}
      <ListToolbar
        extra={
          <Space>
            <ExportButton
              path={reportPath(props.communityId)}
              query={{ month, format: "pdf" }}
              fallbackName={`canteen-report-${month}.pdf`}
              label={t("canteen.pdf")}
              testId="canteen-report-pdf"
            />
            <ExportButton
              path={reportPath(props.communityId)}
              query={{ month, format: "xlsx" }}
              fallbackName={`canteen-report-${month}.xlsx`}
              label={t("canteen.excel")}
              testId="canteen-report-xlsx"
            />
          </Space>
        }
      >
        <DatePicker
          picker="month"
          aria-label={t("canteen.month")}
          value={dayjs(`${month}-01`)}
          allowClear={false}
          onChange={(d) => list.set({ month: d ? d.format("YYYY-MM") : null })}
        />
      </ListToolbar>
      <h3 data-testid="canteen-report-title">{r.data?.title ?? t("canteen.reportTitle")}</h3>
      <Scroll label={t("canteen.reportTable")}>
        <Table<Row>
          rowKey="ruleName"
          size="small"
          loading={r.isPending}
          dataSource={r.data?.rows ?? []}
          columns={columns}
          pagination={false}
          data-testid="canteen-report"
          summary={() =>
            total ? (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t("canteen.total")}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {total.meals}
                </Table.Summary.Cell>
                {(
                  [
                    ["cost", total.costFen],
                    ["resident", total.residentFen],
                    ["community", total.communityFen],
                    ["discount", total.discountFen],
                    ["subsidy", total.subsidyFen],
                  ] as const
                ).map(([k, v], i) => (
                  <Table.Summary.Cell key={k} index={i + 2} align="right">
                    <span data-testid={`canteen-total-${k}`}>{yuan(v)}</span>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      </Scroll>
    </>
  );
}

function SetupTab(props: { communityId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const d = useCanteenDay(props.communityId, today());
  const refresh = () => qc.invalidateQueries({ queryKey: canteenKey(props.communityId) });
  const ok = () => {
    message.success(t("canteen.saved"));
    void refresh();
  };
  const onError = (e: unknown) => message.error(describeError(e));
  const setup = useMutation({
    mutationFn: (v: any) => setupCanteen(props.communityId, v),
    onSuccess: ok,
    onError,
  });
  const rules = useMutation({
    mutationFn: (v: any) =>
      setRules(props.communityId, {
        rules: v.rules.map((r: any) => ({
          ...r,
          minAge: r.minAge ?? null,
          residentFen: r.residentFen ?? null,
          careTags:
            typeof r.careTags === "string"
              ? r.careTags.split(/[,，、\s]+/).filter(Boolean)
              : (r.careTags ?? []),
        })),
      }),
    onSuccess: ok,
    onError,
  });
  const menu = useMutation({
    mutationFn: (v: any) =>
      setMenu(props.communityId, {
        day: v.day.format("YYYY-MM-DD"),
        meal: v.meal,
        dishes: String(v.dishes)
          .split(/[、,，]+/)
          .map((s) => s.trim())
          .filter(Boolean),
        costFen: v.costFen,
      }),
    onSuccess: ok,
    onError,
  });
  if (d.isPending) return null;
  const canteen = d.data?.canteen;
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t("canteen.setupTitle")}>
        <Form
          layout="inline"
          initialValues={{
            name: canteen?.name ?? "幸福食堂",
            place: canteen?.place ?? "",
            meals: canteen?.meals.length
              ? canteen.meals
              : [{ kind: "lunch", cutoff: "10:00", capacity: 100 }],
          }}
          onFinish={(v) => setup.mutate(v)}
        >
          <Form.Item name="name" label={t("canteen.name")} rules={[{ required: true }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="place" label={t("canteen.place")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.List name="meals">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, "kind"]} label={t("canteen.colMeal")}>
                      <Select
                        style={{ width: 90 }}
                        aria-label={t("canteen.colMeal")}
                        options={MEALS.map((m) => ({ value: m, label: t(`canteen.meal.${m}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "cutoff"]} label={t("canteen.cutoff")}>
                      <Input style={{ width: 70 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, "capacity"]} label={t("canteen.capacity")}>
                      <InputNumber min={1} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label="remove" onClick={() => remove(f.name)} />
                  </Space>
                ))}
                {fields.length < 3 && (
                  <Button
                    onClick={() => add({ kind: "dinner", cutoff: "16:00", capacity: 100 })}
                    icon={<PlusOutlined />}
                  >
                    {t("canteen.colMeal")}
                  </Button>
                )}
              </>
            )}
          </Form.List>
          <Button type="primary" htmlType="submit" loading={setup.isPending}>
            {t("canteen.save")}
          </Button>
        </Form>
      </Card>
      {canteen && (
        <Card size="small" title={t("canteen.rulesTitle")}>
          <Form
            initialValues={{ rules: canteen.rules.map((r) => ({ ...r, careTags: r.careTags.join("、") })) }}
            onFinish={(v) => rules.mutate(v)}
          >
            <Form.List name="rules">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="baseline">
                      <Form.Item
                        name={[f.name, "name"]}
                        label={t("canteen.ruleName")}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: 130 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, "minAge"]} label={t("canteen.minAge")}>
                        <InputNumber min={0} max={150} style={{ width: 70 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, "careTags"]} label={t("canteen.careTags")}>
                        <Input style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, "residentFen"]} label={t("canteen.residentFen")}>
                        <InputNumber min={0} style={{ width: 90 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, "communityPct"]}
                        label={t("canteen.communityPct")}
                        rules={[{ required: true }]}
                      >
                        <InputNumber min={0} max={100} style={{ width: 60 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, "discountPct"]}
                        label={t("canteen.discountPct")}
                        rules={[{ required: true }]}
                      >
                        <InputNumber min={0} max={100} style={{ width: 60 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, "subsidyPct"]}
                        label={t("canteen.subsidyPct")}
                        rules={[{ required: true }]}
                      >
                        <InputNumber min={0} max={100} style={{ width: 60 }} />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, "source"]}
                        label={t("canteen.source")}
                        rules={[{ required: true }]}
                      >
                        <Input style={{ width: 240 }} />
                      </Form.Item>
                      <MinusCircleOutlined aria-label="remove" onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Space>
                    <Button
                      onClick={() => add({ communityPct: 0, discountPct: 0, subsidyPct: 100 })}
                      icon={<PlusOutlined />}
                    >
                      {t("canteen.addRule")}
                    </Button>
                    <Button type="primary" htmlType="submit" loading={rules.isPending}>
                      {t("canteen.save")}
                    </Button>
                  </Space>
                </>
              )}
            </Form.List>
          </Form>
        </Card>
      )}
      {canteen && (
        <Card size="small" title={t("canteen.menuTitle")}>
          <Form
            layout="inline"
            initialValues={{ day: dayjs(), meal: "lunch" }}
            onFinish={(v) => menu.mutate(v)}
          >
            <Form.Item name="day" label={t("canteen.day")} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="meal" label={t("canteen.colMeal")}>
              <Select
                style={{ width: 90 }}
                aria-label={t("canteen.colMeal")}
                options={canteen.meals.map((m) => ({ value: m.kind, label: t(`canteen.meal.${m.kind}`) }))}
              />
            </Form.Item>
            <Form.Item name="dishes" label={t("canteen.dishes")} rules={[{ required: true }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
            <Form.Item name="costFen" label={t("canteen.costFen")} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={menu.isPending}>
              {t("canteen.save")}
            </Button>
          </Form>
        </Card>
      )}
    </Flex>
  );
}

export function CanteenStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const list = useListParams();
  const canManage = hasPermission(me.data, "canteen.manage", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const tab = list.str("tab") ?? "orders";
  return (
    <StaffPage
      title={t("canteen.staffTitle")}
      subtitle={t("canteen.staffSubtitle")}
      testId="canteen-staff-page"
    >
      <Tabs
        activeKey={tab}
        onTabClick={(k) => list.set({ tab: k === "orders" ? null : k })}
        items={[
          {
            key: "orders",
            label: t("canteen.tabOrders"),
            children: <OrdersTab communityId={communityId} canManage={canManage} canExport={canExport} />,
          },
          { key: "report", label: t("canteen.tabReport"), children: <ReportTab communityId={communityId} /> },
          ...(canManage
            ? [
                {
                  key: "setup",
                  label: t("canteen.tabSetup"),
                  children: <SetupTab communityId={communityId} />,
                },
              ]
            : []),
        ]}
      />
    </StaffPage>
  );
}

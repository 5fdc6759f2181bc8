// 积分商城 for staff (S4): items (keyword, status and kind filters kept in the URL, Excel export, new item,
// a donation recorded against an item, withdraw / offer again), donations with their total value, pickups
// (type or scan the resident's code; the exchanges list), and exchange days (兑换日, announced as notices).
// A co-building unit's or merchant's representative sees and hands out only its own organisation's items.
import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
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
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams } from "../../../shared/staff/list-state";
import {
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  addDonation,
  createItem,
  createWindow,
  type Donation,
  type MallItem,
  type MallWindow,
  patchItem,
  pickup,
  type StaffExchange,
  useDonations,
  useItems,
  useStaffExchanges,
  useWindows,
} from "./mall-api";

const at = (d: string | Date | null) => (d ? dayjs(d).format("YYYY-MM-DD HH:mm") : "");
const yuan = (fen: number) => (fen / 100).toLocaleString("zh-CN", { maximumFractionDigits: 2 });

function ItemModal(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await createItem(props.communityId, {
        kind: v.kind,
        name: v.name,
        description: v.description ?? "",
        orgId: v.orgId ?? null,
        pricePoints: v.pricePoints,
        unitValueFen: Math.round((v.unitValue ?? 0) * 100),
        pickupPlace: v.pickupPlace,
        limitCount: v.limitCount ?? null,
        limitPeriod: v.limitCount ? (v.limitPeriod ?? "month") : null,
        expiryDays: v.expiryDays ?? 7,
      });
      message.success(t("mall.saved"));
      await qc.invalidateQueries({ queryKey: ["mall"] });
      props.onClose();
    } catch (e) {
      if (
        !showFieldErrors(form as never, e, [
          "name",
          "pricePoints",
          "unitValue",
          "pickupPlace",
          "orgId",
          "limitCount",
          "expiryDays",
        ])
      )
        message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t("mall.newItem")}
      onCancel={props.onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ "data-testid": "item-save" } as React.ComponentProps<typeof Button>}
    >
      <Form form={form} layout="vertical" initialValues={{ kind: "goods", expiryDays: 7 }}>
        <Form.Item name="kind" label={t("mall.filterKind")}>
          <Radio.Group
            options={[
              { value: "goods", label: t("mall.goods") },
              { value: "service", label: t("mall.service") },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t("mall.name")} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="item-name" />
        </Form.Item>
        <Form.Item name="description" label={t("mall.description")} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="orgId" label={`${t("mall.org")} (${t("mall.donorOrgId")})`}>
          <InputNumber min={1} style={{ width: "100%" }} data-testid="item-org" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="pricePoints" label={t("mall.pricePoints")} rules={[{ required: true }]}>
            <InputNumber min={1} max={1_000_000} precision={0} data-testid="item-price" />
          </Form.Item>
          <Form.Item name="unitValue" label={t("mall.unitValue")} rules={[{ required: true }]}>
            <InputNumber min={0} max={1_000_000} precision={2} data-testid="item-value" />
          </Form.Item>
          <Form.Item name="expiryDays" label={t("mall.expiryDays")}>
            <InputNumber min={1} max={90} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item name="pickupPlace" label={t("mall.pickupPlace")} rules={[{ required: true, max: 120 }]}>
          <Input data-testid="item-place" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="limitCount" label={t("mall.limitCount")}>
            <InputNumber min={1} max={1000} precision={0} />
          </Form.Item>
          <Form.Item name="limitPeriod" label={t("mall.limitPeriod")}>
            <Select
              style={{ width: 120 }}
              aria-label={t("mall.limitPeriod")}
              options={(["day", "month", "year", "ever"] as const).map((p) => ({
                value: p,
                label: t(`mall.period_${p}`) || "—",
              }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function DonationModal(props: { communityId: number; item: MallItem; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch("donorKind", form) ?? "person";
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await addDonation(props.communityId, props.item.id, {
        donorKind: v.donorKind,
        donorOrgId: v.donorKind === "organisation" ? v.donorOrgId : null,
        donorName: v.donorName,
        quantity: v.quantity,
        valueFen: Math.round((v.value ?? 0) * 100),
        note: v.note ?? "",
      });
      message.success(t("mall.saved"));
      await qc.invalidateQueries({ queryKey: ["mall"] });
      props.onClose();
    } catch (e) {
      if (!showFieldErrors(form as never, e, ["donorName", "donorOrgId", "quantity", "value"]))
        message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`${t("mall.donate")} · ${props.item.name}`}
      onCancel={props.onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okButtonProps={{ "data-testid": "donation-save" } as React.ComponentProps<typeof Button>}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          donorKind: props.item.orgId ? "organisation" : "person",
          donorOrgId: props.item.orgId ?? undefined,
          donorName: props.item.orgName ?? "",
        }}
      >
        <Form.Item name="donorKind" label={t("mall.donorKind")}>
          <Radio.Group
            options={[
              { value: "organisation", label: t("mall.donorOrg") },
              { value: "person", label: t("mall.donorPerson") },
            ]}
          />
        </Form.Item>
        {kind === "organisation" && (
          <Form.Item name="donorOrgId" label={t("mall.donorOrgId")} rules={[{ required: true }]}>
            <InputNumber min={1} style={{ width: "100%" }} />
          </Form.Item>
        )}
        <Form.Item name="donorName" label={t("mall.donorName")} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="donation-name" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="quantity" label={t("mall.quantity")} rules={[{ required: true }]}>
            <InputNumber min={1} max={100_000} precision={0} data-testid="donation-quantity" />
          </Form.Item>
          <Form.Item name="value" label={t("mall.valueYuan")} rules={[{ required: true }]}>
            <InputNumber min={0} max={100_000_000} precision={2} data-testid="donation-value" />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t("mall.note")} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ItemsTab(props: { communityId: number; canManage: boolean; canExport: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useListParams();
  const q = list.str("q");
  const status = list.str("status") as "active" | "withdrawn" | undefined;
  const kind = list.str("kind") as "goods" | "service" | undefined;
  const items = useItems(props.communityId, {
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(kind ? { kind } : {}),
  });
  const [creating, setCreating] = useState(false);
  const [donating, setDonating] = useState<MallItem | null>(null);
  const toggle = async (i: MallItem) => {
    try {
      await patchItem(props.communityId, i.id, { status: i.status === "active" ? "withdrawn" : "active" });
      await qc.invalidateQueries({ queryKey: ["mall"] });
    } catch (e) {
      message.error(describeError(e));
    }
  };
  const columns: StaffColumn<MallItem>[] = [
    { title: t("mall.name"), key: "name", dataIndex: "name" },
    {
      title: t("mall.filterKind"),
      key: "kind",
      width: 70,
      render: (_, i) => t(i.kind === "goods" ? "mall.goods" : "mall.service"),
    },
    { title: t("mall.org"), key: "org", render: (_, i) => i.orgName ?? t("mall.community") },
    { title: t("mall.pricePoints"), key: "price", dataIndex: "pricePoints", width: 70 },
    { title: t("mall.unitValue"), key: "value", width: 90, render: (_, i) => yuan(i.unitValueFen) },
    {
      title: t("mall.stockColumn"),
      key: "stock",
      width: 70,
      render: (_, i) => <span data-testid={`item-stock-${i.id}`}>{i.stock}</span>,
    },
    { title: t("mall.pickupPlace"), key: "place", dataIndex: "pickupPlace" },
    {
      title: t("mall.filterStatus"),
      key: "status",
      width: 80,
      render: (_, i) => (
        <Tag color={i.status === "active" ? "green" : "default"}>{t(`mall.${i.status}`)}</Tag>
      ),
    },
    ...(props.canManage
      ? [
          {
            title: "",
            key: "actions",
            width: 170,
            render: (_: unknown, i: MallItem) => (
              <Space>
                <Button size="small" onClick={() => setDonating(i)} data-testid={`donate-${i.id}`}>
                  {t("mall.donate")}
                </Button>
                <Button size="small" onClick={() => void toggle(i)}>
                  {i.status === "active" ? t("mall.withdraw") : t("mall.restore")}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const table = useColumnSettings<MallItem>("mall-items", columns);
  return (
    <>
      <ListToolbar
        testId="mall-filters"
        extra={
          <Space>
            {props.canManage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="item-new"
              >
                {t("mall.newItem")}
              </Button>
            )}
            {props.canExport && (
              <ExportButton
                path={`/communities/${props.communityId}/mall/items/export.xlsx`}
                query={{ q, status, kind }}
                fallbackName="mall-items.xlsx"
                testId="export-mall-items"
              />
            )}
            {table.button}
          </Space>
        }
      >
        <KeywordFilter list={list} placeholder={t("mall.keyword")} width={180} />
        <SelectFilter
          label={t("mall.filterStatus")}
          width={110}
          value={status}
          onChange={(v) => list.set({ status: v ?? null })}
          options={[
            { value: "active", label: t("mall.active") },
            { value: "withdrawn", label: t("mall.withdrawn") },
          ]}
          testId="filter-status"
        />
        <SelectFilter
          label={t("mall.filterKind")}
          width={100}
          value={kind}
          onChange={(v) => list.set({ kind: v ?? null })}
          options={[
            { value: "goods", label: t("mall.goods") },
            { value: "service", label: t("mall.service") },
          ]}
          testId="filter-kind"
        />
      </ListToolbar>
      {items.isError && <ErrorAlert error={items.error} onRetry={() => items.refetch()} />}
      <Table<MallItem>
        rowKey="id"
        columns={table.columns}
        dataSource={items.data?.items ?? []}
        loading={items.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        onRow={(i) => ({ "data-testid": `mall-item-row-${i.id}` }) as object}
      />
      {creating && <ItemModal communityId={props.communityId} onClose={() => setCreating(false)} />}
      {donating && (
        <DonationModal communityId={props.communityId} item={donating} onClose={() => setDonating(null)} />
      )}
    </>
  );
}

function DonationsTab(props: { communityId: number }) {
  const { t } = useTranslation();
  const d = useDonations(props.communityId);
  const columns: StaffColumn<Donation>[] = [
    { title: t("mall.donatedAt"), key: "at", width: 150, render: (_, x) => at(x.donatedAt) },
    { title: t("mall.donorName"), key: "donor", dataIndex: "donorName" },
    { title: t("mall.item"), key: "item", dataIndex: "itemName" },
    { title: t("mall.quantity"), key: "quantity", dataIndex: "quantity", width: 70 },
    { title: t("mall.valueYuan"), key: "value", width: 100, render: (_, x) => yuan(x.valueFen) },
    { title: t("mall.note"), key: "note", dataIndex: "note" },
  ];
  return (
    <>
      {d.isError && <ErrorAlert error={d.error} onRetry={() => d.refetch()} />}
      {d.data && (
        <p data-testid="donations-total">{t("mall.totalValue", { yuan: yuan(d.data.totalValueFen) })}</p>
      )}
      <Table<Donation>
        rowKey="id"
        columns={columns}
        dataSource={d.data?.items ?? []}
        loading={d.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false }}
      />
    </>
  );
}

function PickupsTab(props: { communityId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useListParams();
  const status = list.str("xstatus") as "open" | "collected" | "expired" | undefined;
  const xs = useStaffExchanges(props.communityId, status);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const collect = async () => {
    setBusy(true);
    setResult(null);
    try {
      const x = await pickup(props.communityId, code.trim());
      setResult({ ok: true, text: t("mall.collected", { item: x.itemName, name: x.residentName }) });
      setCode("");
      await qc.invalidateQueries({ queryKey: ["mall"] });
    } catch (e) {
      setResult({ ok: false, text: describeError(e) });
      message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const columns: StaffColumn<StaffExchange>[] = [
    { title: t("mall.exchangedAt"), key: "at", width: 150, render: (_, x) => at(x.createdAt) },
    { title: t("mall.resident"), key: "resident", dataIndex: "residentName", width: 90 },
    { title: t("mall.item"), key: "item", dataIndex: "itemName" },
    { title: t("mall.pointsColumn"), key: "points", dataIndex: "points", width: 70 },
    {
      title: t("mall.filterStatus"),
      key: "status",
      width: 100,
      render: (_, x) => t(`mall.status_${x.status}`),
    },
    { title: t("mall.expiresColumn"), key: "expires", width: 150, render: (_, x) => at(x.expiresAt) },
  ];
  return (
    <Flex vertical gap={12}>
      <Card size="small" title={t("mall.enterCode")}>
        <Space wrap>
          <Input
            aria-label={t("mall.enterCode")}
            placeholder={t("mall.codePlaceholder")}
            inputMode="numeric"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ""))}
            onPressEnter={() => code.length === 6 && void collect()}
            style={{ width: 180, fontSize: 20, letterSpacing: 4 }}
            data-testid="pickup-code"
          />
          <Button
            type="primary"
            disabled={code.length !== 6}
            loading={busy}
            onClick={() => void collect()}
            data-testid="pickup-submit"
          >
            {t("mall.collect")}
          </Button>
        </Space>
        {result && (
          <p role="status" data-testid="pickup-result" style={{ color: result.ok ? "#135200" : "#a8071a" }}>
            {result.text}
          </p>
        )}
      </Card>
      <ListToolbar testId="pickup-filters">
        <SelectFilter
          label={t("mall.filterStatus")}
          width={130}
          value={status}
          onChange={(v) => list.set({ xstatus: v ?? null })}
          options={(["open", "collected", "expired"] as const).map((s) => ({
            value: s,
            label: t(`mall.status_${s}`),
          }))}
          testId="filter-exchange-status"
        />
      </ListToolbar>
      {xs.isError && <ErrorAlert error={xs.error} onRetry={() => xs.refetch()} />}
      <Table<StaffExchange>
        rowKey="id"
        columns={columns}
        dataSource={xs.data?.items ?? []}
        loading={xs.isPending}
        pagination={{ pageSize: 20, showSizeChanger: false }}
      />
    </Flex>
  );
}

function WindowsTab(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const ws = useWindows(props.communityId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await createWindow(props.communityId, {
        title: v.title,
        opensAt: v.range[0].toDate(),
        closesAt: v.range[1].toDate(),
        announce: v.announce ?? true,
      });
      message.success(t("mall.saved"));
      await qc.invalidateQueries({ queryKey: ["mall"] });
      setOpen(false);
      form.resetFields();
    } catch (e) {
      if (!showFieldErrors(form as never, e, ["title", "range"])) message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const columns: StaffColumn<MallWindow>[] = [
    { title: t("mall.windowTitle"), key: "title", dataIndex: "title" },
    { title: t("mall.opensAt"), key: "opens", width: 150, render: (_, w) => at(w.opensAt) },
    { title: t("mall.closesAt"), key: "closes", width: 150, render: (_, w) => at(w.closesAt) },
    {
      title: t("mall.announce"),
      key: "notice",
      width: 90,
      render: (_, w) => (w.noticeId ? <Tag color="blue">{t("mall.announced")}</Tag> : null),
    },
  ];
  return (
    <>
      {props.canManage && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="window-new">
          {t("mall.newWindow")}
        </Button>
      )}
      {ws.isError && <ErrorAlert error={ws.error} onRetry={() => ws.refetch()} />}
      {ws.data && ws.data.items.length === 0 && <p>{t("mall.noWindows")}</p>}
      <Table<MallWindow>
        rowKey="id"
        columns={columns}
        dataSource={ws.data?.items ?? []}
        loading={ws.isPending}
        pagination={false}
      />
      <Modal
        open={open}
        title={t("mall.newWindow")}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        confirmLoading={busy}
      >
        <Form form={form} layout="vertical" initialValues={{ announce: true }}>
          <Form.Item name="title" label={t("mall.windowTitle")} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="range"
            label={`${t("mall.opensAt")} – ${t("mall.closesAt")}`}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="announce" label={t("mall.announce")} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function MallStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const list = useListParams();
  const canManage = hasPermission(me.data, "mall.manage", communityId);
  const canRedeem = hasPermission(me.data, "mall.redeem", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const tab = list.str("tab") ?? "items";
  return (
    <StaffPage title={t("mall.staffTitle")} subtitle={t("mall.staffSubtitle")} testId="mall-staff-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => list.set({ tab: k === "items" ? null : k })}
        items={[
          {
            key: "items",
            label: t("mall.tabItems"),
            children: <ItemsTab communityId={communityId} canManage={canManage} canExport={canExport} />,
          },
          {
            key: "donations",
            label: t("mall.tabDonations"),
            children: <DonationsTab communityId={communityId} />,
          },
          ...(canRedeem
            ? [
                {
                  key: "pickups",
                  label: t("mall.tabPickups"),
                  children: <PickupsTab communityId={communityId} />,
                },
              ]
            : []),
          {
            key: "windows",
            label: t("mall.tabWindows"),
            children: <WindowsTab communityId={communityId} canManage={canManage} />,
          },
        ]}
      />
    </StaffPage>
  );
}

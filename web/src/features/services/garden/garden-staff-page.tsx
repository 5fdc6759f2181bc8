// 菜地与认养 (staff console): applications with keyword and status filters kept in the URL, approved in
// a batch (each a lease of a year, the rent booked to the volunteer fund; those that cannot be approved
// are listed with their reason) or rejected with a reason (one from its row, or the selected batch: all
// or none); plots (new plot with the rent in yuan, an optional application window
// and the lottery's secret shown once; allocation after a window); leases with filters and Excel export;
// trees (new tree) with their adopter and care records, and ending an adoption.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Form, Input, InputNumber, Modal, Space, Table, Tabs, Tag } from "antd";
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
  type Application,
  allocatePlot,
  approveApplications,
  createPlot,
  createTree,
  endAdoption,
  gardenKey,
  type Lease,
  leasesExportPath,
  type Plot,
  rejectApplications,
  type Tree,
  useApplications,
  useCare,
  useLeases,
  usePlots,
  useTrees,
  yuan,
} from "./garden-api";

/** A table in a focusable, named scroll region (keyboard users can scroll it; axe asks for it). */
function Scroll(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={props.label} tabIndex={0} style={{ overflowX: "auto" }}>
      {props.children}
    </section>
  );
}

/** The reason asked before rejecting one application or a batch (the applicants see it). */
function RejectModal(props: { communityId: number; ids: number[]; onClose: (done: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const reject = useMutation({
    mutationFn: (reason: string) => rejectApplications(props.communityId, props.ids, reason.trim()),
    onSuccess: (r) => {
      message.success(t("garden.rejectedN", { n: r.rejected.length }));
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
      props.onClose(true);
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <Modal
      open
      title={t("garden.rejectTitle", { n: props.ids.length })}
      okText={t("garden.reject")}
      okButtonProps={
        { danger: true, "data-testid": "garden-reject-ok" } as React.ComponentProps<typeof Button>
      }
      onCancel={() => props.onClose(false)}
      onOk={() => form.submit()}
      confirmLoading={reject.isPending}
    >
      <Form form={form} layout="vertical" onFinish={(v) => reject.mutate(v.reason)}>
        <Form.Item
          name="reason"
          label={t("garden.rejectReason")}
          rules={[{ required: true, whitespace: true, message: t("garden.rejectReasonRequired") }]}
        >
          <Input.TextArea maxLength={200} rows={3} data-testid="garden-reject-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ApplicationsTab(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const list = useListParams();
  const q = list.str("q");
  const status = list.str("status") ?? "applied";
  const apps = useApplications(props.communityId, { q, status: status === "all" ? undefined : status });
  const [selected, setSelected] = useState<number[]>([]);
  const [rejecting, setRejecting] = useState<number[] | null>(null);
  const approve = useMutation({
    mutationFn: () => approveApplications(props.communityId, selected),
    onSuccess: (r) => {
      message.success(t("garden.approvedN", { n: r.approved.length }));
      if (r.refused.length)
        modal.warning({
          title: t("garden.refusedTitle"),
          content: (
            <ul>
              {r.refused.map((x) => (
                <li key={x.applicationId}>
                  #{x.applicationId}: {x.zh} / {x.en}
                </li>
              ))}
            </ul>
          ),
        });
      setSelected([]);
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <>
      <ListToolbar
        testId="garden-app-filters"
        extra={
          props.canManage && (
            <Space wrap>
              <Button
                type="primary"
                disabled={!selected.length}
                loading={approve.isPending}
                onClick={() => approve.mutate()}
                data-testid="garden-approve"
              >
                {t("garden.approveSelected", { n: selected.length })}
              </Button>
              <Button
                danger
                disabled={!selected.length}
                onClick={() => setRejecting(selected)}
                data-testid="garden-reject-selected"
              >
                {t("garden.rejectSelected", { n: selected.length })}
              </Button>
            </Space>
          )
        }
      >
        <SelectFilter
          label={t("garden.colStatus")}
          value={status}
          onChange={(v) => list.set({ status: v ?? null })}
          options={(["applied", "approved", "declined", "rejected", "all"] as const).map((s) => ({
            value: s,
            label: t(`garden.appStatus.${s}`),
          }))}
        />
        <KeywordFilter list={list} placeholder={t("garden.search")} />
      </ListToolbar>
      {apps.isError && <ErrorAlert error={apps.error} />}
      <Scroll label={t("garden.tabApplications")}>
        <Table<Application>
          size="small"
          rowKey="id"
          loading={apps.isPending}
          dataSource={apps.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          rowSelection={
            props.canManage
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(Number)),
                  getCheckboxProps: (r) => ({
                    disabled: r.status !== "applied",
                    "aria-label": `${r.plotCode} ${r.name}`,
                  }),
                }
              : undefined
          }
          columns={[
            { key: "plot", title: t("garden.colPlot"), dataIndex: "plotCode" },
            { key: "name", title: t("garden.colName"), dataIndex: "name" },
            { key: "phone", title: t("garden.colPhone"), dataIndex: "phone" },
            { key: "rent", title: t("garden.colRent"), render: (_: unknown, r) => yuan(r.rentFen) },
            {
              key: "status",
              title: t("garden.colStatus"),
              render: (_: unknown, r) => (
                <Tag
                  color={
                    r.status === "approved"
                      ? "green"
                      : r.status === "applied"
                        ? "gold"
                        : r.status === "rejected"
                          ? "red"
                          : "default"
                  }
                >
                  {t(`garden.appStatus.${r.status}`)}
                  {r.inWindow ? ` · ${t("garden.inWindow")}` : ""}
                </Tag>
              ),
            },
            { key: "reason", title: t("garden.colReason"), render: (_: unknown, r) => r.rejectReason ?? "" },
            { key: "at", title: t("garden.colAt"), render: (_: unknown, r) => r.createdAt.slice(0, 10) },
            ...(props.canManage
              ? [
                  {
                    key: "act",
                    title: t("garden.colAction"),
                    render: (_: unknown, r: Application) =>
                      r.status === "applied" && !r.inWindow ? (
                        <Button
                          size="small"
                          danger
                          onClick={() => setRejecting([r.id])}
                          data-testid={`garden-reject-${r.id}`}
                        >
                          {t("garden.reject")}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Scroll>
      {rejecting && (
        <RejectModal
          communityId={props.communityId}
          ids={rejecting}
          onClose={(done) => {
            setRejecting(null);
            if (done) setSelected([]);
          }}
        />
      )}
    </>
  );
}

function NewPlot(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const make = useMutation({
    mutationFn: (v: any) =>
      createPlot(props.communityId, {
        ...v,
        rentYuan: String(v.rentYuan),
        applyUntil: v.applyUntil ? new Date(v.applyUntil).toISOString() : undefined,
      }),
    onSuccess: (r) => {
      message.success(t("garden.plotCreated", { code: r.plot.code }));
      if (r.lotterySecret) modal.info({ content: t("garden.secret", { secret: r.lotterySecret }) });
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
      props.onClose();
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <Modal
      open
      title={t("garden.newPlot")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={make.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => make.mutate(v)}
        initialValues={{ sizeM2: 20, rentYuan: 200 }}
      >
        <Form.Item name="code" label={t("garden.fCode")} rules={[{ required: true }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="sizeM2" label={t("garden.fSize")} rules={[{ required: true }]}>
            <InputNumber min={0.1} max={10000} />
          </Form.Item>
          <Form.Item name="rentYuan" label={t("garden.fRent")} rules={[{ required: true }]}>
            <Input style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t("garden.fNote")}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="applyUntil" label={t("garden.fApplyUntil")}>
          <Input type="datetime-local" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function PlotsTab(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useListParams();
  const q = list.str("q");
  const state = list.str("state");
  const plots = usePlots(props.communityId, { q, state });
  const [creating, setCreating] = useState(false);
  const alloc = useMutation({
    mutationFn: (plotId: number) => allocatePlot(props.communityId, plotId),
    onSuccess: (r) => {
      message.success(t("garden.allocated", { n: r.declined }));
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <>
      <ListToolbar
        testId="garden-plot-filters"
        extra={
          props.canManage && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="garden-new-plot">
              {t("garden.newPlot")}
            </Button>
          )
        }
      >
        <SelectFilter
          label={t("garden.colState")}
          value={state}
          onChange={(v) => list.set({ state: v ?? null })}
          options={(["free", "leased"] as const).map((s) => ({ value: s, label: t(`garden.state.${s}`) }))}
        />
        <KeywordFilter list={list} placeholder={t("garden.search")} />
      </ListToolbar>
      {plots.isError && <ErrorAlert error={plots.error} />}
      <Scroll label={t("garden.tabPlots")}>
        <Table<Plot>
          size="small"
          rowKey="id"
          loading={plots.isPending}
          dataSource={plots.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { key: "code", title: t("garden.colPlot"), dataIndex: "code" },
            { key: "size", title: t("garden.colSize"), dataIndex: "sizeM2" },
            { key: "rent", title: t("garden.colRent"), render: (_: unknown, p) => yuan(p.rentFen) },
            {
              key: "state",
              title: t("garden.colState"),
              render: (_: unknown, p) =>
                p.state === "leased"
                  ? t("garden.leasedUntil", { date: p.leaseEndsOn })
                  : t("garden.state.free"),
            },
            { key: "apps", title: t("garden.colApplications"), dataIndex: "applications" },
            {
              key: "window",
              title: t("garden.colWindow"),
              render: (_: unknown, p) =>
                p.applyUntil ? (
                  <Space>
                    {p.applyUntil.slice(0, 10)}
                    {props.canManage && !p.allocated && (
                      <Button size="small" loading={alloc.isPending} onClick={() => alloc.mutate(p.id)}>
                        {t("garden.allocate")}
                      </Button>
                    )}
                  </Space>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      </Scroll>
      {creating && <NewPlot communityId={props.communityId} onClose={() => setCreating(false)} />}
    </>
  );
}

function LeasesTab(props: { communityId: number; canExport: boolean }) {
  const { t } = useTranslation();
  const list = useListParams();
  const q = list.str("q");
  const status = list.str("status");
  const leases = useLeases(props.communityId, { q, status });
  return (
    <>
      <ListToolbar
        testId="garden-lease-filters"
        extra={
          props.canExport && (
            <ExportButton
              path={leasesExportPath(props.communityId)}
              query={{ q, status }}
              fallbackName="garden-leases.xlsx"
              testId="garden-export"
            />
          )
        }
      >
        <SelectFilter
          label={t("garden.colStatus")}
          value={status}
          onChange={(v) => list.set({ status: v ?? null })}
          options={(["active", "expired"] as const).map((s) => ({
            value: s,
            label: t(`garden.leaseStatus.${s}`),
          }))}
        />
        <KeywordFilter list={list} placeholder={t("garden.search")} />
      </ListToolbar>
      {leases.isError && <ErrorAlert error={leases.error} />}
      <Scroll label={t("garden.tabLeases")}>
        <Table<Lease>
          size="small"
          rowKey="id"
          loading={leases.isPending}
          dataSource={leases.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { key: "plot", title: t("garden.colPlot"), dataIndex: "plotCode" },
            { key: "name", title: t("garden.colName"), dataIndex: "name" },
            { key: "phone", title: t("garden.colPhone"), dataIndex: "phone" },
            {
              key: "term",
              title: t("garden.colTerm"),
              render: (_: unknown, l) => `${l.startsOn} ~ ${l.endsOn}`,
            },
            {
              key: "status",
              title: t("garden.colStatus"),
              render: (_: unknown, l) => (
                <Tag color={l.status === "active" ? "green" : "default"}>
                  {t(`garden.leaseStatus.${l.status}`)}
                </Tag>
              ),
            },
            { key: "paid", title: t("garden.colPaid"), render: (_: unknown, l) => yuan(l.rentPaidFen) },
          ]}
        />
      </Scroll>
    </>
  );
}

function CareCard(props: { communityId: number; tree: Tree }) {
  const { t } = useTranslation();
  const care = useCare(props.communityId, props.tree.id);
  if (care.isError) return <ErrorAlert error={care.error} />;
  return (
    <Card
      title={`${props.tree.species} · ${props.tree.code} · ${t("garden.careRecords")}`}
      loading={care.isPending}
      data-testid="garden-care-card"
    >
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={care.data?.items ?? []}
        columns={[
          { key: "day", title: t("garden.colDay"), dataIndex: "doneOn" },
          { key: "what", title: t("garden.careWhat"), dataIndex: "what" },
          {
            key: "photo",
            title: t("garden.colPhoto"),
            render: (_: unknown, c) => (c.hasPhoto ? t("garden.withPhoto") : "—"),
          },
        ]}
      />
    </Card>
  );
}

function NewTree(props: { communityId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const make = useMutation({
    mutationFn: (v: any) => createTree(props.communityId, v),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
      props.onClose();
    },
    onError: (e) => message.error(describeError(e)),
  });
  return (
    <Modal
      open
      title={t("garden.newTree")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={make.isPending}
    >
      <Form form={form} layout="vertical" onFinish={(v) => make.mutate(v)}>
        <Form.Item name="code" label={t("garden.fCode")} rules={[{ required: true }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="species" label={t("garden.fSpecies")} rules={[{ required: true }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="location" label={t("garden.fLocation")}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TreesTab(props: { communityId: number; canManage: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const trees = useTrees(props.communityId);
  const end = useMutation({
    mutationFn: (treeId: number) => endAdoption(props.communityId, treeId),
    onSuccess: () => {
      message.success(t("garden.adoptionEnded"));
      void qc.invalidateQueries({ queryKey: gardenKey(props.communityId) });
    },
    onError: (e) => message.error(describeError(e)),
  });
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const chosen = trees.data?.items.find((x) => x.id === open) ?? null;
  return (
    <>
      <ListToolbar
        extra={
          props.canManage && (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="garden-new-tree">
              {t("garden.newTree")}
            </Button>
          )
        }
      >
        <span />
      </ListToolbar>
      {trees.isError && <ErrorAlert error={trees.error} />}
      <Scroll label={t("garden.tabTrees")}>
        <Table<Tree>
          size="small"
          rowKey="id"
          loading={trees.isPending}
          dataSource={trees.data?.items ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            {
              key: "code",
              title: t("garden.colTree"),
              render: (_: unknown, x) => (
                <Button type="link" onClick={() => setOpen(x.id)} data-testid={`garden-tree-${x.code}`}>
                  {x.species} · {x.code}
                </Button>
              ),
            },
            { key: "location", title: t("garden.fLocation"), dataIndex: "location" },
            {
              key: "adopter",
              title: t("garden.colAdopter"),
              render: (_: unknown, x) =>
                x.adopted ? (
                  <Space>
                    {x.adopterName ?? "—"}
                    {props.canManage && (
                      <Button
                        size="small"
                        loading={end.isPending && end.variables === x.id}
                        onClick={() =>
                          modal.confirm({
                            content: t("garden.endAdoptionConfirm"),
                            onOk: () => end.mutateAsync(x.id),
                          })
                        }
                        data-testid={`garden-end-${x.code}`}
                      >
                        {t("garden.endAdoption")}
                      </Button>
                    )}
                  </Space>
                ) : (
                  "—"
                ),
            },
            { key: "cares", title: t("garden.colCares"), dataIndex: "cares" },
            { key: "last", title: t("garden.colLastCare"), render: (_: unknown, x) => x.lastCareOn ?? "—" },
          ]}
        />
      </Scroll>
      {chosen && <CareCard communityId={props.communityId} tree={chosen} />}
      {creating && <NewTree communityId={props.communityId} onClose={() => setCreating(false)} />}
    </>
  );
}

export function GardenStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const list = useListParams();
  const canManage = hasPermission(me.data, "garden.manage", communityId);
  const canExport = hasPermission(me.data, "data.export", communityId);
  const tab = list.str("tab") ?? "applications";
  return (
    <StaffPage title={t("garden.staffTitle")} subtitle={t("garden.staffSubtitle")} testId="garden-staff-page">
      <Tabs
        activeKey={tab}
        onTabClick={(k) =>
          list.set({ tab: k === "applications" ? null : k, status: null, q: null, state: null })
        }
        items={[
          {
            key: "applications",
            label: t("garden.tabApplications"),
            children: <ApplicationsTab communityId={communityId} canManage={canManage} />,
          },
          {
            key: "plots",
            label: t("garden.tabPlots"),
            children: <PlotsTab communityId={communityId} canManage={canManage} />,
          },
          {
            key: "leases",
            label: t("garden.tabLeases"),
            children: <LeasesTab communityId={communityId} canExport={canExport} />,
          },
          {
            key: "trees",
            label: t("garden.tabTrees"),
            children: <TreesTab communityId={communityId} canManage={canManage} />,
          },
        ]}
      />
    </StaffPage>
  );
}

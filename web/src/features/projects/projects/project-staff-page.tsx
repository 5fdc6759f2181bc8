// One project in the console: its figures and status (推进到 the next status), the crowdfunding (targets,
// pledges; the organiser certifies labour hours and records goods received), the treasurer's booking
// form (income or expense in yuan → fen, funding source or budget line, the pledge it fulfils, a
// voucher photo; a retried submission books once) with the account, its 公示 and Excel, tasks, and
// progress updates with before/after photos.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Upload,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { ExportButton } from "../../../shared/staff/list-toolbar";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import {
  addUpdate,
  book,
  createTask,
  fulfilPledge,
  moveStatus,
  type ProjectDetail,
  type ProjectStatus,
  projectKey,
  publishAccount,
  reverseBooking,
  STATUSES,
  updateProject,
  useAccount,
  useProject,
  yuan,
} from "./projects-api";

type Pledge = ProjectDetail["pledges"][number];

function useRefresh(x: { communityId: number; id: number }) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: projectKey(x.communityId, x.id) });
    void qc.invalidateQueries({ queryKey: ["project-account", x.communityId, x.id] });
    void qc.invalidateQueries({ queryKey: ["staff-projects", x.communityId] });
  };
}

interface BookValues {
  direction: "income" | "expense";
  amount: number;
  memo: string;
  counterparty?: string;
  occurredOn: Dayjs;
  sourceId?: number;
  budgetLineId?: number;
  pledgeId?: number;
}

/** 出纳记账: the key is made when the form opens and kept until a booking succeeds, so a retry books once. */
function BookingForm(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const refresh = useRefresh(x);
  const [form] = Form.useForm<BookValues>();
  const direction = Form.useWatch("direction", form);
  const [voucher, setVoucher] = useState<File[]>([]);
  const key = useRef(crypto.randomUUID());
  const save = useMutation({
    mutationFn: (v: BookValues) =>
      book(
        x.communityId,
        x.id,
        {
          direction: v.direction,
          amountFen: Math.round(v.amount * 100),
          memo: v.memo,
          counterparty: v.counterparty ?? "",
          occurredOn: v.occurredOn.format("YYYY-MM-DD"),
          sourceId: v.direction === "income" ? (v.sourceId ?? null) : null,
          budgetLineId: v.direction === "expense" ? (v.budgetLineId ?? null) : null,
          pledgeId: v.direction === "income" ? (v.pledgeId ?? null) : null,
          idempotencyKey: key.current,
        },
        voucher,
      ),
    onSuccess: (r) => {
      message.success(
        r.replayed
          ? t("projects.bookedAgain", { seq: r.seq })
          : t("projects.booked", { seq: r.seq, balance: yuan(r.balanceFen) }),
      );
      key.current = crypto.randomUUID();
      form.resetFields();
      setVoucher([]);
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const moneyPledges = x.pledges.filter((g) => g.kind === "money" && g.status === "pledged");
  return (
    <Card title={t("projects.bookTitle")} data-testid="booking-form">
      <p>{t("projects.bookHint")}</p>
      <Form<BookValues>
        form={form}
        layout="vertical"
        initialValues={{ direction: "income", occurredOn: dayjs() }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="direction" label={t("projects.direction")}>
          <Radio.Group
            options={[
              { value: "income", label: t("projects.income") },
              { value: "expense", label: t("projects.expense") },
            ]}
            optionType="button"
            data-testid="booking-direction"
          />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item
            name="amount"
            label={t("projects.fAmount")}
            rules={[{ required: true, message: t("projects.required") }]}
          >
            <InputNumber
              min={0.01}
              max={1_000_000_000}
              precision={2}
              style={{ width: 160 }}
              data-testid="booking-amount"
            />
          </Form.Item>
          <Form.Item name="occurredOn" label={t("projects.fOccurred")} rules={[{ required: true }]}>
            <DatePicker data-testid="booking-date" />
          </Form.Item>
          {direction === "income" ? (
            <>
              <Form.Item name="sourceId" label={t("projects.fSource")}>
                <Select
                  allowClear
                  style={{ width: 180 }}
                  options={x.fundingSources.map((s) => ({ value: s.id, label: s.label }))}
                  data-testid="booking-source"
                />
              </Form.Item>
              {moneyPledges.length > 0 && (
                <Form.Item name="pledgeId" label={t("projects.fPledge")}>
                  <Select
                    allowClear
                    style={{ width: 220 }}
                    options={moneyPledges.map((g) => ({
                      value: g.id,
                      label: `${g.pledgerName} ${yuan(g.quantity)}`,
                    }))}
                    data-testid="booking-pledge"
                  />
                </Form.Item>
              )}
            </>
          ) : (
            <Form.Item name="budgetLineId" label={t("projects.fLine")}>
              <Select
                allowClear
                style={{ width: 180 }}
                options={x.budgetLines.map((l) => ({ value: l.id, label: l.name }))}
                data-testid="booking-line"
              />
            </Form.Item>
          )}
        </Space>
        <Form.Item
          name="memo"
          label={t("projects.fMemo")}
          rules={[{ required: true, message: t("projects.required") }]}
        >
          <Input maxLength={200} data-testid="booking-memo" />
        </Form.Item>
        <Form.Item name="counterparty" label={t("projects.fCounterparty")}>
          <Input maxLength={60} data-testid="booking-counterparty" />
        </Form.Item>
        <Form.Item label={t("projects.fVoucher")}>
          <Upload
            accept="image/jpeg,image/png,image/webp"
            maxCount={1}
            beforeUpload={(f) => {
              setVoucher([f]);
              return false;
            }}
            onRemove={() => setVoucher([])}
            fileList={voucher.map((f) => ({ uid: f.name, name: f.name }))}
          >
            <Button data-testid="booking-voucher">{t("projects.fVoucher")}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="booking-submit">
          {t("projects.bookSubmit")}
        </Button>
      </Form>
    </Card>
  );
}

type AccountEntry = NonNullable<ReturnType<typeof useAccount>["data"]>["items"][number];

/** 冲正: the treasurer says why a booking was a mistake; the key is made when the dialog opens. */
function ReverseDialog(props: { project: ProjectDetail; entry: AccountEntry; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const refresh = useRefresh(x);
  const key = useRef(crypto.randomUUID());
  const [form] = Form.useForm<{ reason: string }>();
  const save = useMutation({
    mutationFn: (v: { reason: string }) =>
      reverseBooking(x.communityId, x.id, props.entry.id, { reason: v.reason, idempotencyKey: key.current }),
    onSuccess: (r) => {
      message.success(t("projects.reversed", { seq: r.seq }));
      refresh();
      props.onClose();
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Modal
      open
      title={t("projects.reverseTitle", { seq: props.entry.seq })}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={t("projects.reverse")}
      okButtonProps={{ danger: true, "data-testid": "reverse-ok" } as React.ComponentProps<typeof Button>}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <p>
        {t("projects.reverseExplain", {
          amount: yuan(props.entry.amountFen),
          memo: props.entry.memo,
        })}
      </p>
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="reason"
          label={t("projects.reverseReason")}
          rules={[{ required: true, whitespace: true, max: 150 }]}
        >
          <Input maxLength={150} data-testid="reverse-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AccountCard(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const account = useAccount(x.communityId, x.id, x.can.readAccount);
  const [reversing, setReversing] = useState<AccountEntry | null>(null);
  const publish = useMutation({
    mutationFn: () => publishAccount(x.communityId, x.id),
    onSuccess: (r) => message.success(t("projects.published", { id: r.noticeId })),
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card
      title={t("projects.accountTitle")}
      data-testid="staff-project-account"
      extra={
        <Space>
          <ExportButton
            path={`/communities/${x.communityId}/projects/${x.id}/account/export.xlsx`}
            query={{}}
            fallbackName="account.xlsx"
            testId="export-account"
          />
          {x.can.manage && (
            <Button
              onClick={() => publish.mutate()}
              loading={publish.isPending}
              data-testid="publish-account"
            >
              {t("projects.publish")}
            </Button>
          )}
        </Space>
      }
    >
      {x.account && (
        <p data-testid="staff-account-summary">
          {t("projects.accountSummary", {
            income: yuan(x.account.incomeFen),
            expense: yuan(x.account.expenseFen),
            balance: yuan(x.account.balanceFen),
          })}
        </p>
      )}
      {account.isError && <ErrorAlert error={account.error} />}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={account.data?.items ?? []}
        columns={[
          { title: "#", dataIndex: "seq", width: 60 },
          { title: t("projects.fOccurred"), dataIndex: "occurredOn", width: 110 },
          {
            title: t("projects.direction"),
            key: "d",
            width: 80,
            render: (_, e) => (
              <Tag color={e.direction === "income" ? "green" : "red"}>{t(`projects.${e.direction}`)}</Tag>
            ),
          },
          { title: t("projects.fAmount"), key: "a", width: 120, render: (_, e) => yuan(e.amountFen) },
          { title: t("projects.balance"), key: "b", width: 120, render: (_, e) => yuan(e.balanceFen) },
          { title: t("projects.fMemo"), dataIndex: "memo" },
          {
            title: t("projects.sourceOrLine"),
            key: "s",
            render: (_, e) => e.sourceLabel ?? e.budgetLineName ?? "",
          },
          {
            title: t("projects.colActions"),
            key: "actions",
            width: 120,
            render: (_, e) =>
              e.correctedBySeq != null ? (
                <Tag>{t("projects.reversedBy", { seq: e.correctedBySeq })}</Tag>
              ) : x.can.book && e.correctsSeq == null ? (
                <Button size="small" onClick={() => setReversing(e)} data-testid={`reverse-${e.seq}`}>
                  {t("projects.reverse")}
                </Button>
              ) : null,
          },
        ]}
      />
      {reversing && <ReverseDialog project={x} entry={reversing} onClose={() => setReversing(null)} />}
    </Card>
  );
}

function Crowdfunding(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const refresh = useRefresh(x);
  const certify = useMutation({
    mutationFn: (g: Pledge) => fulfilPledge(x.communityId, x.id, g.id, g.quantity - g.fulfilled),
    onSuccess: () => {
      message.success(t("projects.certified"));
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card title={t("projects.progress")} data-testid="staff-crowdfunding">
      {x.progress.map((p) => (
        <div key={p.kind}>
          {t(`projects.kind.${p.kind}`)}
          <Progress
            percent={p.target ? Math.min(100, Math.round((p.pledged * 100) / p.target)) : 0}
            success={{ percent: p.target ? Math.min(100, Math.round((p.fulfilled * 100) / p.target)) : 0 }}
            aria-label={t(`projects.kind.${p.kind}`)}
          />
        </div>
      ))}
      <Table<Pledge>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={x.pledges}
        columns={[
          { title: t("projects.pledges"), key: "who", render: (_, g) => g.pledgerName },
          { title: t("projects.kindCol"), key: "k", render: (_, g) => t(`projects.kind.${g.kind}`) },
          {
            title: t("projects.quantity"),
            key: "q",
            render: (_, g) =>
              g.kind === "money"
                ? `${yuan(g.fulfilled)} / ${yuan(g.quantity)}`
                : `${g.fulfilled} / ${g.quantity}`,
          },
          { title: t("projects.note"), dataIndex: "text" },
          {
            title: t("projects.colStatus"),
            key: "s",
            render: (_, g) => t(`projects.pledgeStatus.${g.status}`),
          },
          {
            title: "",
            key: "a",
            render: (_, g) =>
              x.can.certify && g.status === "pledged" && g.kind !== "money" && g.kind !== "ideas" ? (
                <Button size="small" onClick={() => certify.mutate(g)} data-testid={`certify-${g.id}`}>
                  {g.kind === "labour" ? t("projects.certifyLabour") : t("projects.certifyGoods")}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}

function UpdateForm(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const refresh = useRefresh(x);
  const [text, setText] = useState("");
  const [kind, setKind] = useState<"progress" | "before" | "after" | "design">("progress");
  const [photos, setPhotos] = useState<File[]>([]);
  const save = useMutation({
    mutationFn: () => addUpdate(x.communityId, x.id, { text, photoKind: kind }, photos),
    onSuccess: () => {
      message.success(t("projects.updatePosted"));
      setText("");
      setPhotos([]);
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card title={t("projects.postUpdate")} data-testid="update-form">
      <Space direction="vertical" style={{ width: "100%" }}>
        <Input.TextArea
          rows={2}
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-label={t("projects.updateText")}
          placeholder={t("projects.updateText")}
          data-testid="update-text"
        />
        <Select
          value={kind}
          onChange={setKind}
          style={{ width: 160 }}
          aria-label={t("projects.photoKind")}
          options={(["progress", "before", "after", "design"] as const).map((k) => ({
            value: k,
            label: t(`projects.photos.${k}`),
          }))}
        />
        <Upload
          accept="image/jpeg,image/png,image/webp"
          multiple
          beforeUpload={(f) => {
            setPhotos((p) => [...p, f]);
            return false;
          }}
          fileList={photos.map((f) => ({ uid: f.name, name: f.name }))}
          onRemove={(f) => setPhotos((p) => p.filter((x) => x.name !== f.name))}
        >
          <Button>{t("projects.photos.progress")}</Button>
        </Upload>
        <Button
          type="primary"
          disabled={!text.trim()}
          loading={save.isPending}
          onClick={() => save.mutate()}
          data-testid="update-submit"
        >
          {t("projects.postUpdate")}
        </Button>
      </Space>
    </Card>
  );
}

function TaskCard(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const refresh = useRefresh(x);
  const [title, setTitle] = useState("");
  const add = useMutation({
    mutationFn: () => createTask(x.communityId, x.id, title),
    onSuccess: () => {
      setTitle("");
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card title={t("projects.tasks")} data-testid="staff-tasks">
      {x.tasks.map((k) => (
        <div key={k.id}>
          {k.title} <Tag>{t(`projects.taskStatus.${k.status}`)}</Tag>
          {k.claim && t("projects.claimedBy", { name: k.claim.claimantName, date: k.claim.promiseDate })}
        </div>
      ))}
      {x.can.manage && (
        <Space style={{ marginTop: 8 }}>
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            aria-label={t("projects.taskTitle")}
            placeholder={t("projects.taskTitle")}
          />
          <Button disabled={!title.trim()} onClick={() => add.mutate()} loading={add.isPending}>
            {t("projects.addTask")}
          </Button>
        </Space>
      )}
    </Card>
  );
}

interface SettingsValues {
  isPublic: boolean;
  designKind?: "survey" | "vote";
  designRefId?: number;
  designChoice?: string;
}

/** Publicness and P5's design: the survey or vote that put the options to residents, and the option chosen. */
function SettingsCard(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const x = props.project;
  const refresh = useRefresh(x);
  const [form] = Form.useForm<SettingsValues>();
  const save = useMutation({
    mutationFn: (v: SettingsValues) =>
      updateProject(x.communityId, x.id, {
        isPublic: v.isPublic,
        design:
          v.designKind && v.designRefId
            ? { kind: v.designKind, refId: v.designRefId, choice: v.designChoice?.trim() || null }
            : null,
      }),
    onSuccess: () => {
      message.success(t("projects.saved"));
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card title={t("projects.settings")} data-testid="project-settings">
      <Form<SettingsValues>
        form={form}
        layout="inline"
        initialValues={{
          isPublic: x.isPublic,
          designKind: x.design?.kind,
          designRefId: x.design?.refId,
          designChoice: x.design?.choice ?? "",
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="isPublic" label={t("projects.fPublic")} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="designKind" label={t("projects.design")}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={[
              { value: "survey", label: t("projects.designKind.survey") },
              { value: "vote", label: t("projects.designKind.vote") },
            ]}
          />
        </Form.Item>
        <Form.Item name="designRefId" label={t("projects.designRef")}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="designChoice" label={t("projects.designChoice")}>
          <Input maxLength={500} style={{ width: 280 }} />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>
          {t("projects.save")}
        </Button>
      </Form>
    </Card>
  );
}

export function ProjectStaffPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const params = useParams();
  const communityId = Number(params.communityId);
  const projectId = Number(params.projectId);
  const project = useProject(communityId, projectId);
  const refresh = useRefresh({ communityId, id: projectId });
  const move = useMutation({
    mutationFn: (to: Exclude<ProjectStatus, "preparing">) => moveStatus(communityId, projectId, to),
    onSuccess: () => {
      message.success(t("projects.moved"));
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  if (project.isPending) return <Loading />;
  if (project.isError) return <ErrorAlert error={project.error} onRetry={() => project.refetch()} />;
  const x = project.data;
  const at = STATUSES.indexOf(x.status);
  const next = STATUSES.slice(at + 1, x.status === "finished" ? at + 2 : STATUSES.length - 1) as Exclude<
    ProjectStatus,
    "preparing"
  >[];
  return (
    <StaffPage title={x.title} subtitle={t(`projects.status.${x.status}`)} testId="project-staff-page">
      <Space direction="vertical" size="middle" style={{ width: "100%" }}>
        <Card>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t("projects.colStatus")}>
              <Tag color="blue" data-testid="staff-project-status">
                {t(`projects.status.${x.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t("projects.colPlace")}>{x.placeName}</Descriptions.Item>
            <Descriptions.Item label={t("projects.colOrigin")}>
              {t(`projects.origin.${x.originKind}`)} {x.originId ? `#${x.originId}` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("projects.colBudget")}>{yuan(x.budgetFen)}</Descriptions.Item>
            <Descriptions.Item label={t("projects.sources")} span={2}>
              {x.fundingSources.map((s) => `${s.label} ${s.sharePct}%`).join(" · ")}
            </Descriptions.Item>
          </Descriptions>
          {x.can.manage && (
            <Space wrap>
              {next.map((s) => (
                <Button
                  key={s}
                  onClick={() => move.mutate(s)}
                  loading={move.isPending}
                  data-testid={`move-${s}`}
                >
                  {t("projects.moveTo", { status: t(`projects.status.${s}`) })}
                </Button>
              ))}
            </Space>
          )}
        </Card>
        <Crowdfunding project={x} />
        {x.can.book && <BookingForm project={x} />}
        {x.can.readAccount && <AccountCard project={x} />}
        <TaskCard project={x} />
        {(x.can.manage || x.can.certify) && <UpdateForm project={x} />}
        {x.can.manage && <SettingsCard project={x} />}
      </Space>
    </StaffPage>
  );
}

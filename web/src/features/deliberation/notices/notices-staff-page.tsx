// 公告公示管理 (staff console): the community's notices (a grid worker sees those of their grids'
// buildings) with search, filters and an Excel export; write one for the community, an estate or a
// building and a group, publish it now or keep a draft, pin, withdraw; and its read receipts
// (已读 132 / 未读 48) with the unread residents, masked, to follow up.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, usePageParams } from "../../../shared/staff/list-state";
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
  createNotice,
  editNotice,
  type NewNotice,
  publishNotice,
  type StaffNotice,
  useReceipts,
  useStaffNotices,
  withdrawNotice,
} from "./notices-api";

type Kind = StaffNotice["kind"];
type State = StaffNotice["state"];
type Audience = StaffNotice["audience"];
type Visibility = StaffNotice["visibility"];

const STATE_COLOR: Record<State, string> = {
  draft: "default",
  scheduled: "blue",
  live: "green",
  expired: "default",
  withdrawn: "red",
};
const STATE_KEY = {
  draft: "notices.stateDraft",
  scheduled: "notices.stateScheduled",
  live: "notices.stateLive",
  expired: "notices.stateExpired",
  withdrawn: "notices.stateWithdrawn",
} as const;
const AUDIENCE_KEY = {
  all: "notices.audienceAll",
  owners: "notices.audienceOwners",
  tenants: "notices.audienceTenants",
} as const;
const fmt = (iso: string | null) => (iso ? dayjs(iso).format("YYYY-MM-DD HH:mm") : "");

interface Values {
  kind: Kind;
  title: string;
  body: string;
  place: string;
  audience: Audience;
  visibility: Visibility;
  window?: [Dayjs | null, Dayjs | null] | null;
  pinned: boolean;
  attachments?: { name: string; url: string }[];
}

function NoticeModal(props: { communityId: number; notice: StaffNotice | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = usePlaceTree(props.communityId);
  const [form] = Form.useForm<Values>();
  const editing = props.notice;
  const save = useMutation({
    mutationFn: async ({ v, publish }: { v: Values; publish: boolean }) => {
      const [from, to] = v.window ?? [null, null];
      const common = {
        title: v.title,
        body: v.body,
        audience: v.audience,
        visibility: v.visibility,
        publishFrom: from ? from.toISOString() : null,
        publishTo: to ? to.toISOString() : null,
        pinned: v.pinned,
        attachments: (v.attachments ?? []).filter((a) => a?.name && a?.url),
      };
      if (editing) return editNotice(props.communityId, editing.id, common);
      const [level, id] = v.place.split(":");
      const body: NewNotice = {
        ...common,
        kind: v.kind,
        estateId: level === "e" ? Number(id) : null,
        buildingId: level === "b" ? Number(id) : null,
        publish,
      };
      return createNotice(props.communityId, body);
    },
    onSuccess: (_, { publish }) => {
      message.success(t(publish && !editing ? "notices.publishedDone" : "notices.saved"));
      void qc.invalidateQueries({ queryKey: ["staff-notices", props.communityId] });
      props.onClose();
    },
  });
  const placeOptions = [
    { value: "c", label: t("notices.placeCommunity") },
    ...(tree.data?.estates ?? []).flatMap((e) => [
      { value: `e:${e.id}`, label: e.name },
      ...e.buildings.map((b) => ({ value: `b:${b.id}`, label: `${e.name} ${b.name}` })),
    ]),
  ];
  const submit = (publish: boolean) =>
    form.validateFields().then(
      (v) => save.mutate({ v, publish }),
      () => undefined,
    );
  return (
    <Modal
      open
      width={720}
      title={editing ? t("notices.edit") : t("notices.new")}
      onCancel={props.onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={props.onClose}>{t("common.cancel")}</Button>
          {editing ? (
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => submit(false)}
              data-testid="notice-save"
            >
              {t("notices.save")}
            </Button>
          ) : (
            <>
              <Button loading={save.isPending} onClick={() => submit(false)} data-testid="notice-draft">
                {t("notices.saveDraft")}
              </Button>
              <Button
                type="primary"
                loading={save.isPending}
                onClick={() => submit(true)}
                data-testid="notice-publish"
              >
                {t("notices.publishNow")}
              </Button>
            </>
          )}
        </Space>
      }
    >
      {save.isError && <ErrorAlert error={save.error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                kind: editing.kind,
                title: editing.title,
                body: editing.body,
                place: editing.buildingId
                  ? `b:${editing.buildingId}`
                  : editing.estateId
                    ? `e:${editing.estateId}`
                    : "c",
                audience: editing.audience,
                visibility: editing.visibility,
                window: [
                  editing.publishFrom ? dayjs(editing.publishFrom) : null,
                  editing.publishTo ? dayjs(editing.publishTo) : null,
                ],
                pinned: editing.pinned,
                attachments: editing.attachments,
              }
            : {
                kind: "announcement",
                place: "c",
                audience: "all",
                visibility: "residents",
                pinned: false,
                attachments: [],
              }
        }
      >
        <Form.Item name="kind" label={t("notices.fieldKind")} rules={[{ required: true }]}>
          <Radio.Group disabled={!!editing} data-testid="notice-kind">
            <Radio.Button value="announcement">{t("notices.kindAnnouncement")}</Radio.Button>
            <Radio.Button value="publicity">{t("notices.kindPublicity")}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="title" label={t("notices.fieldTitle")} rules={[{ required: true, max: 80 }]}>
          <Input maxLength={80} data-testid="notice-title-input" />
        </Form.Item>
        <Form.Item name="body" label={t("notices.fieldBody")} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="notice-body-input" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item
            name="place"
            label={t("notices.fieldPlace")}
            rules={[{ required: true }]}
            style={{ minWidth: 260 }}
          >
            <Select
              disabled={!!editing}
              options={placeOptions}
              showSearch={{ optionFilterProp: "label" }}
              aria-label={t("notices.fieldPlace")}
              data-testid="notice-place"
            />
          </Form.Item>
          <Form.Item name="audience" label={t("notices.fieldAudience")}>
            <Radio.Group>
              {(["all", "owners", "tenants"] as const).map((a) => (
                <Radio.Button key={a} value={a}>
                  {t(AUDIENCE_KEY[a])}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </Flex>
        <Form.Item name="visibility" label={t("notices.fieldVisibility")}>
          <Radio.Group data-testid="notice-visibility">
            <Radio value="residents">{t("notices.visResidents")}</Radio>
            <Radio value="public">{t("notices.visPublic")}</Radio>
          </Radio.Group>
        </Form.Item>
        <Flex gap={16} wrap align="flex-end">
          <Form.Item name="window" label={t("notices.fieldWindow")}>
            <DatePicker.RangePicker
              showTime={{ format: "HH:mm" }}
              format="YYYY-MM-DD HH:mm"
              allowEmpty={[true, true]}
            />
          </Form.Item>
          <Form.Item name="pinned" label={t("notices.fieldPinned")} valuePropName="checked">
            <Switch aria-label={t("notices.fieldPinned")} />
          </Form.Item>
        </Flex>
        <Form.List name="attachments">
          {(fields, { add, remove }) => (
            <Form.Item label={t("notices.fieldAttachments")}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, "name"]} rules={[{ required: true, max: 60 }]}>
                    <Input
                      placeholder={t("notices.attachmentName")}
                      aria-label={t("notices.attachmentName")}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "url"]} rules={[{ required: true, type: "url" }]}>
                    <Input
                      placeholder={t("notices.attachmentUrl")}
                      aria-label={t("notices.attachmentUrl")}
                      style={{ width: 320 }}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)}>{t("notices.removeAttachment")}</Button>
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: "", url: "" })}>
                {t("notices.addAttachment")}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function ReceiptsDrawer(props: { communityId: number; notice: StaffNotice; onClose: () => void }) {
  const { t } = useTranslation();
  const receipts = useReceipts(props.communityId, props.notice.id);
  const r = receipts.data;
  return (
    <Drawer
      open
      width={560}
      title={t("notices.receiptsTitle", { title: props.notice.title })}
      onClose={props.onClose}
    >
      {receipts.isError && <ErrorAlert error={receipts.error} onRetry={() => receipts.refetch()} />}
      {r && (
        <>
          <Typography.Title level={4} data-testid="receipts-figures">
            {t("notices.readsOf", { read: r.read, unread: r.unread })}
          </Typography.Title>
          {r.unread === 0 ? (
            <Typography.Text>{t("notices.allRead")}</Typography.Text>
          ) : (
            <>
              <Typography.Text strong>{t("notices.unreadList")}</Typography.Text>
              <Table
                size="small"
                rowKey="residentId"
                dataSource={r.unreadList}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                data-testid="receipts-unread"
                columns={[
                  { key: "name", title: t("notices.name"), dataIndex: "name" },
                  { key: "address", title: t("notices.address"), dataIndex: "address" },
                  {
                    key: "phone",
                    title: t("notices.phone"),
                    render: (_, u) => (
                      <Space size={4}>
                        <span>{u.phone ?? "—"}</span>
                        {!u.hasAccount && <Tag>{t("notices.noAccount")}</Tag>}
                      </Space>
                    ),
                  },
                ]}
              />
            </>
          )}
        </>
      )}
    </Drawer>
  );
}

export function NoticesStaffPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const list = useListParams();
  const paging = usePageParams(list, 20);
  const filters = {
    q: list.str("q"),
    kind: list.str("kind") as Kind | undefined,
    state: list.str("state") as State | undefined,
    visibility: list.str("visibility") as Visibility | undefined,
    from: list.str("from"),
    to: list.str("to"),
  };
  const notices = useStaffNotices(communityId, {
    ...filters,
    limit: paging.pageSize,
    offset: (paging.page - 1) * paging.pageSize,
  });
  const [editing, setEditing] = useState<StaffNotice | "new" | null>(null);
  const [receiptsOf, setReceiptsOf] = useState<StaffNotice | null>(null);
  const act = useMutation({
    mutationFn: (a: { n: StaffNotice; action: "publish" | "withdraw" | "pin" | "unpin" }) =>
      a.action === "publish"
        ? publishNotice(communityId, a.n.id)
        : a.action === "withdraw"
          ? withdrawNotice(communityId, a.n.id)
          : editNotice(communityId, a.n.id, { pinned: a.action === "pin" }),
    onSuccess: (_, a) => {
      message.success(
        t(
          a.action === "publish"
            ? "notices.publishedDone"
            : a.action === "withdraw"
              ? "notices.withdrawnDone"
              : "notices.saved",
        ),
      );
      void qc.invalidateQueries({ queryKey: ["staff-notices", communityId] });
    },
    onError: (err) => message.error(String((err as Error).message)),
  });
  const columns: StaffColumn<StaffNotice>[] = [
    {
      key: "title",
      title: t("notices.colTitle"),
      render: (_, n) => (
        <Space size={4} wrap>
          {n.pinned && <Tag color="red">{t("notices.pinned")}</Tag>}
          <span data-testid={`staff-notice-${n.id}`}>{n.title}</span>
        </Space>
      ),
    },
    {
      key: "kind",
      title: t("notices.colKind"),
      render: (_, n) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {t(n.kind === "publicity" ? "notices.kindPublicity" : "notices.kindAnnouncement")}
        </span>
      ),
    },
    { key: "place", title: t("notices.colPlace"), dataIndex: "placeName" },
    { key: "audience", title: t("notices.colAudience"), render: (_, n) => t(AUDIENCE_KEY[n.audience]) },
    {
      key: "visibility",
      title: t("notices.colVisibility"),
      render: (_, n) => t(n.visibility === "public" ? "notices.visPublic" : "notices.visResidents"),
    },
    {
      key: "state",
      title: t("notices.colState"),
      render: (_, n) => <Tag color={STATE_COLOR[n.state]}>{t(STATE_KEY[n.state])}</Tag>,
    },
    {
      key: "window",
      title: t("notices.colWindow"),
      render: (_, n) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {fmt(n.publishFrom ?? n.publishedAt)}
          {n.publishTo ? ` – ${fmt(n.publishTo)}` : ""}
        </span>
      ),
    },
    {
      key: "reads",
      title: t("notices.colReads"),
      render: (_, n) => (
        <Button type="link" onClick={() => setReceiptsOf(n)} data-testid={`receipts-${n.id}`}>
          {t("notices.readsOf", { read: n.readCount, unread: n.targetCount - n.readCount })}
        </Button>
      ),
    },
    {
      key: "actions",
      title: t("notices.colActions"),
      render: (_, n) => (
        <Space size={0} wrap>
          {n.state !== "withdrawn" && (
            <Button type="link" onClick={() => setEditing(n)}>
              {t("notices.edit")}
            </Button>
          )}
          {n.state === "draft" && (
            <Button
              type="link"
              onClick={() => act.mutate({ n, action: "publish" })}
              data-testid={`publish-${n.id}`}
            >
              {t("notices.publish")}
            </Button>
          )}
          {n.state !== "withdrawn" && (
            <Button type="link" onClick={() => act.mutate({ n, action: n.pinned ? "unpin" : "pin" })}>
              {t(n.pinned ? "notices.unpin" : "notices.pin")}
            </Button>
          )}
          {n.state !== "withdrawn" && (
            <Popconfirm
              title={t("notices.confirmWithdraw")}
              onConfirm={() => act.mutate({ n, action: "withdraw" })}
            >
              <Button type="link" danger>
                {t("notices.withdraw")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];
  const settings = useColumnSettings("notices", columns, ["audience"]);
  const opt = <V extends string>(v: V, label: string) => ({ value: v, label });
  return (
    <StaffPage
      title={t("notices.staffTitle")}
      subtitle={t("notices.staffIntro")}
      testId="notices-staff"
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing("new")}
          data-testid="notice-new"
        >
          {t("notices.new")}
        </Button>
      }
    >
      <ListToolbar
        extra={
          <>
            {settings.button}
            <ExportButton
              path={`/communities/${communityId}/notices/export.xlsx`}
              query={filters}
              fallbackName={t("notices.exportName")}
              testId="notices-export"
            />
          </>
        }
      >
        <KeywordFilter list={list} placeholder={t("notices.searchPlaceholder")} />
        <SelectFilter<Kind>
          label={t("notices.filterKind")}
          value={filters.kind}
          onChange={(v) => list.set({ kind: v })}
          options={[
            opt("announcement", t("notices.kindAnnouncement")),
            opt("publicity", t("notices.kindPublicity")),
          ]}
        />
        <SelectFilter<State>
          label={t("notices.filterState")}
          value={filters.state}
          onChange={(v) => list.set({ state: v })}
          options={(Object.keys(STATE_KEY) as State[]).map((s) => opt(s, t(STATE_KEY[s])))}
        />
        <SelectFilter<Visibility>
          label={t("notices.filterVisibility")}
          value={filters.visibility}
          onChange={(v) => list.set({ visibility: v })}
          width={170}
          options={[opt("public", t("notices.visPublic")), opt("residents", t("notices.visResidents"))]}
        />
        <DateRangeFilter list={list} />
      </ListToolbar>
      {notices.isError && <ErrorAlert error={notices.error} onRetry={() => notices.refetch()} />}
      <Table<StaffNotice>
        rowKey="id"
        loading={notices.isPending}
        dataSource={notices.data?.items ?? []}
        columns={settings.columns}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: notices.data?.total ?? 0,
          onChange: paging.onChange,
          showSizeChanger: true,
        }}
        data-testid="notices-table"
      />
      {editing && (
        <NoticeModal
          communityId={communityId}
          notice={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {receiptsOf && (
        <ReceiptsDrawer communityId={communityId} notice={receiptsOf} onClose={() => setReceiptsOf(null)} />
      )}
    </StaffPage>
  );
}

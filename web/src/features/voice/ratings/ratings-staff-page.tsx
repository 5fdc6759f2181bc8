// 服务与场地评价 (staff console): register the spaces and services residents may rate, stop one,
// see each one's figures, and read the ratings with their comments (newest first); a poor rating
// can be turned into a problem request. /staff/ratings/:communityId (the link in the staff's
// notification of a poor rating) opens that community.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { hasPermission } from "../../../shared/api/permissions";
import { usePlaceTree } from "../../../shared/api/place-tree";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, useListParams } from "../../../shared/staff/list-state";
import {
  DateRangeFilter,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { RATINGS, type Rating } from "../../../shared/ui/rating";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  createSubject,
  ratingToRequest,
  type StaffRating,
  type StaffRatings,
  SUBJECT_KINDS,
  type SubjectInput,
  type SubjectKind,
  updateSubject,
  useStaffRatings,
} from "./ratings-api";

type StaffSubject = StaffRatings["subjects"][number];
const RATING_COLOR: Record<Rating, string> = { good: "green", average: "gold", poor: "red" };
const PAGE = 20;

interface Values {
  kind: SubjectKind;
  name: string;
  description?: string;
  estateId?: number | null;
  buildingId?: number | null;
}

function SubjectModal(props: { communityId: number; subject: StaffSubject | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const tree = usePlaceTree(props.communityId);
  const [form] = Form.useForm<Values>();
  const estateId = Form.useWatch("estateId", form);
  const editing = props.subject;
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        name: v.name,
        description: v.description ?? "",
        estateId: v.estateId ?? null,
        buildingId: v.buildingId ?? null,
      } satisfies SubjectInput;
      return editing
        ? updateSubject(props.communityId, editing.id, body)
        : createSubject(props.communityId, { ...body, kind: v.kind });
    },
    onSuccess: () => {
      message.success(t("ratings.savedSubject"));
      void qc.invalidateQueries({ queryKey: ["ratings", props.communityId] });
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["kind", "name", "description", "estateId", "buildingId"]),
  });
  const estates = tree.data?.estates ?? [];
  const buildings = estates.filter((e) => estateId == null || e.id === estateId).flatMap((e) => e.buildings);
  return (
    <Modal
      open
      title={editing ? t("ratings.edit", { name: editing.name }) : t("ratings.add")}
      okText={t("common.confirm")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okButtonProps={{ "data-testid": "subject-save" } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          editing
            ? {
                kind: editing.kind,
                name: editing.name,
                description: editing.description,
                estateId: editing.estateId,
                buildingId: editing.buildingId,
              }
            : { kind: "space" }
        }
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t("ratings.kind")} rules={[{ required: true }]}>
          <Radio.Group disabled={!!editing} data-testid="subject-kind">
            {SUBJECT_KINDS.map((k) => (
              <Radio.Button key={k} value={k}>
                {t(k === "space" ? "ratings.kindSpace" : "ratings.kindService")}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="name" label={t("ratings.name")} rules={[{ required: true, max: 60 }]}>
          <Input maxLength={60} data-testid="subject-name" />
        </Form.Item>
        <Form.Item name="description" label={t("ratings.description")} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="subject-description" />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item name="estateId" label={t("ratings.estate")}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t("ratings.none")}
              options={estates.map((e) => ({ value: e.id, label: e.name }))}
              onChange={() => form.setFieldValue("buildingId", null)}
            />
          </Form.Item>
          <Form.Item name="buildingId" label={t("ratings.building")}>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={t("ratings.none")}
              options={buildings.map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function Satisfaction(props: { s: StaffSubject }) {
  const { t } = useTranslation();
  const f = props.s.figures;
  if (f.satisfactionPct == null)
    return <Typography.Text type="secondary">{t("ratings.noRatingsYet")}</Typography.Text>;
  return (
    <Flex vertical gap={2} data-testid={`staff-satisfaction-${props.s.id}`}>
      <Progress
        percent={f.satisfactionPct}
        size="small"
        format={(p) => `${p}%`}
        aria-label={t("ratings.satisfaction")}
      />
      <Typography.Text type="secondary">
        {t("ratings.counts", { good: f.good, average: f.average, poor: f.poor })}
      </Typography.Text>
    </Flex>
  );
}

export function RatingsStaffPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const { communityId, communities, setCommunityId } = useCommunity();
  // the notification of a poor rating names its community
  const linked = Number(useParams().communityId);
  useEffect(() => {
    if (linked && linked !== communityId && communities.some((c) => c.id === linked)) setCommunityId(linked);
  }, [linked, communityId, communities, setCommunityId]);
  const canEdit = hasPermission(me.data, "requests.configure", communityId);
  const list = useListParams();
  const subjectId = list.num("subjectId");
  const rating = RATINGS.find((r) => r === list.str("rating"));
  const page = list.num("page") ?? 1;
  const [editing, setEditing] = useState<StaffSubject | "new" | null>(null);
  const data = useStaffRatings(communityId, { subjectId, rating, offset: (page - 1) * PAGE, limit: PAGE });
  // the keyword and the days search the page of ratings shown
  const ratings = filterRows(data.data?.ratings ?? [], list, {
    text: (r) => [r.subjectName, r.comment, r.raterName].filter(Boolean).join(" "),
    date: (r) => r.ratedAt,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ["ratings", communityId] });

  const toggle = useMutation({
    mutationFn: (s: StaffSubject) => updateSubject(communityId, s.id, { active: !s.active }),
    onSuccess: () => {
      message.success(t("ratings.savedSubject"));
      refresh();
    },
    onError: (err) => modal.error({ title: describeError(err) }),
  });
  const toRequest = useMutation({
    mutationFn: (r: StaffRating) => ratingToRequest(communityId, r.id),
    onSuccess: (res) => {
      message.success(t("ratings.toRequestDone", { id: res.requestId }));
      refresh();
    },
    onError: (err) => modal.error({ title: describeError(err) }),
  });

  const subjectColumns: ColumnsType<StaffSubject> = [
    {
      title: t("ratings.name"),
      key: "name",
      render: (_, s) => (
        <Flex vertical>
          <Typography.Text strong>{s.name}</Typography.Text>
          <Typography.Text type="secondary">
            {[s.estateName, s.buildingName].filter(Boolean).join(" ")}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t("ratings.kind"),
      key: "kind",
      width: 80,
      render: (_, s) => <Tag>{t(s.kind === "space" ? "ratings.kindSpace" : "ratings.kindService")}</Tag>,
    },
    {
      title: t("ratings.satisfaction"),
      key: "figures",
      width: 260,
      render: (_, s) => <Satisfaction s={s} />,
    },
    {
      title: t("ratings.active"),
      key: "active",
      width: 100,
      render: (_, s) =>
        s.active ? <Tag color="green">{t("ratings.inUse")}</Tag> : <Tag>{t("ratings.stopped")}</Tag>,
    },
    ...(canEdit
      ? [
          {
            title: t("inbox.actions"),
            key: "actions",
            width: 170,
            render: (_: unknown, s: StaffSubject) => (
              <Space>
                <Button size="small" onClick={() => setEditing(s)} data-testid={`edit-subject-${s.id}`}>
                  {t("categories.editShort")}
                </Button>
                {s.active ? (
                  <Popconfirm
                    title={t("ratings.stopConfirm", { name: s.name })}
                    okText={t("common.confirm")}
                    cancelText={t("common.cancel")}
                    onConfirm={() => toggle.mutate(s)}
                  >
                    <Button size="small" danger data-testid={`stop-subject-${s.id}`}>
                      {t("ratings.stop")}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    onClick={() => toggle.mutate(s)}
                    data-testid={`resume-subject-${s.id}`}
                  >
                    {t("ratings.resume")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const ratingColumns: StaffColumn<StaffRating>[] = [
    {
      title: t("ratings.ratedAt"),
      key: "ratedAt",
      width: 150,
      render: (_, r) => dayjs(r.ratedAt).format("YYYY-MM-DD HH:mm"),
    },
    { title: t("ratings.subjects"), key: "subject", dataIndex: "subjectName", width: 160 },
    {
      title: t("ratings.ratingColumn"),
      key: "rating",
      width: 90,
      render: (_, r) => <Tag color={RATING_COLOR[r.rating]}>{label("rating", r.rating)}</Tag>,
    },
    {
      title: t("ratings.comment"),
      key: "comment",
      render: (_, r) =>
        r.comment ?? <Typography.Text type="secondary">{t("ratings.noComment")}</Typography.Text>,
    },
    { title: t("ratings.rater"), key: "rater", dataIndex: "raterName", width: 100 },
    {
      title: t("inbox.actions"),
      key: "request",
      width: 130,
      render: (_, r) =>
        r.requestId != null ? (
          <Link to={`/staff/requests/${communityId}/${r.requestId}`}>
            {t("ratings.requestLink", { id: r.requestId })}
          </Link>
        ) : r.rating === "poor" && canEdit ? (
          <Popconfirm
            title={t("ratings.toRequestConfirm")}
            okText={t("common.confirm")}
            cancelText={t("common.cancel")}
            onConfirm={() => toRequest.mutate(r)}
          >
            <Button size="small" danger data-testid={`to-request-${r.id}`}>
              {t("ratings.toRequest")}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  const ratingTable = useColumnSettings<StaffRating>("ratings", ratingColumns);

  return (
    <StaffPage
      title={t("ratings.staffTitle")}
      subtitle={t("ratings.staffSubtitle")}
      testId="ratings-staff-page"
      extra={
        canEdit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing("new")}
            data-testid="add-subject"
          >
            {t("ratings.add")}
          </Button>
        )
      }
    >
      {data.isError && <ErrorAlert error={data.error} onRetry={() => data.refetch()} />}
      <Card title={t("ratings.subjects")} size="small" style={{ marginBottom: 16 }}>
        <Table<StaffSubject>
          rowKey="id"
          columns={subjectColumns}
          dataSource={data.data?.subjects ?? []}
          loading={data.isPending}
          pagination={false}
          scroll={{ x: 760 }}
          onRow={(s) => ({ "data-testid": `staff-subject-${s.id}`, "data-name": s.name }) as object}
        />
      </Card>
      <Card title={t("ratings.ratingsList")} size="small">
        <ListToolbar testId="rating-filters" extra={ratingTable.button}>
          <KeywordFilter list={list} placeholder={t("ratings.keywordPlaceholder")} width={240} />
          <DateRangeFilter list={list} label={t("ratings.ratedAt")} />
          <SelectFilter
            label={t("ratings.filterSubject")}
            width={200}
            value={subjectId}
            onChange={(v) => list.set({ subjectId: v })}
            options={(data.data?.subjects ?? []).map((s) => ({ value: s.id, label: s.name }))}
            testId="filter-subject"
          />
          <SelectFilter
            label={t("ratings.filterRating")}
            width={140}
            value={rating}
            onChange={(v) => list.set({ rating: v })}
            options={RATINGS.map((k) => ({ value: k, label: label("rating", k) }))}
            testId="filter-rating"
          />
        </ListToolbar>
        <Table<StaffRating>
          rowKey="id"
          columns={ratingTable.columns}
          dataSource={ratings}
          loading={data.isPending}
          scroll={{ x: 900 }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: data.data?.total ?? 0,
            onChange: (p) => list.set({ page: p > 1 ? p : null }, { position: true }),
            showSizeChanger: false,
          }}
          onRow={(r) => ({ "data-testid": `staff-rating-${r.id}` }) as object}
        />
      </Card>
      {editing && (
        <SubjectModal
          communityId={communityId}
          subject={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </StaffPage>
  );
}

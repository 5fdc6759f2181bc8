// 意见箱回复: the community's anonymous opinions — overdue first, then by deadline — and one reply
// each, public (shown in the suggestion column) or not. Status, keyword, days, overdue and the page
// are kept in the URL.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Badge,
  Button,
  Checkbox,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, tablePagination, useListParams } from "../../../shared/staff/list-state";
import {
  DateRangeFilter,
  KeywordFilter,
  ListToolbar,
  type StaffColumn,
  SwitchFilter,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { replyOpinion, type StaffOpinion, staffOpinions } from "./opinions-api";

function ReplyModal(props: { communityId: number; opinion: StaffOpinion; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reply: string; public: boolean }>();
  const reply = useMutation({
    mutationFn: (v: { reply: string; public: boolean }) =>
      replyOpinion(props.communityId, props.opinion.id, { reply: v.reply.trim(), public: v.public }),
    onSuccess: () => {
      message.success(t("opinionsStaff.replied"));
      void qc.invalidateQueries({ queryKey: ["opinions"] });
      props.onClose();
    },
    onError: (err) => showFieldErrors(form, err, ["reply"]),
  });
  return (
    <Modal
      open
      title={t("opinionsStaff.replyTitle")}
      okText={t("opinionsStaff.replySubmit")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={reply.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph
        style={{ background: "#fafafa", padding: 12, borderRadius: 6, whiteSpace: "pre-wrap" }}
      >
        {props.opinion.text}
      </Typography.Paragraph>
      {reply.isError && <ErrorAlert error={reply.error} />}
      <Form form={form} layout="vertical" initialValues={{ public: true }} onFinish={(v) => reply.mutate(v)}>
        <Form.Item
          name="reply"
          label={t("opinionsStaff.reply")}
          rules={[{ required: true, min: 2, message: t("opinionsStaff.replyRequired") }]}
        >
          <Input.TextArea rows={5} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="public" valuePropName="checked" extra={t("opinionsStaff.publicHint")}>
          <Checkbox>{t("opinionsStaff.public")}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function OpinionsPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const { communityId } = useCommunity();
  const params = useListParams();
  const status = (["all", "replied"] as const).find((s) => s === params.str("status")) ?? "pending";
  const overdueOnly = params.bool("overdue") === true;
  const [replying, setReplying] = useState<StaffOpinion | null>(null);
  const list = useQuery({
    queryKey: ["opinions", communityId, status],
    queryFn: () => staffOpinions(communityId, { status: status === "all" ? undefined : status }),
  });
  const rows = filterRows(list.data?.items ?? [], params, {
    text: (o) => [o.topic, o.text, o.reply, o.repliedBy].filter(Boolean).join(" "),
    date: (o) => o.submittedAt,
  }).filter((o) => !overdueOnly || o.overdue);
  const columns: StaffColumn<StaffOpinion>[] = [
    {
      title: t("opinionsStaff.text"),
      key: "text",
      render: (_, o) => (
        <div>
          {o.topic && <Tag>{o.topic}</Tag>}
          <Typography.Paragraph
            style={{ margin: 0, whiteSpace: "pre-wrap" }}
            ellipsis={{ rows: 3, expandable: true }}
          >
            {o.text}
          </Typography.Paragraph>
          {o.reply && (
            <Typography.Paragraph type="secondary" style={{ margin: "6px 0 0" }}>
              {t("opinionsStaff.replyShown", { by: o.repliedBy ?? "" })}：{o.reply}
              {!o.replyPublic && <Tag style={{ marginInlineStart: 6 }}>{t("opinionsStaff.private")}</Tag>}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
    {
      title: t("opinionsStaff.submittedAt"),
      key: "at",
      width: 140,
      render: (_, o) => dayjs(o.submittedAt).format("MM-DD HH:mm"),
    },
    {
      title: t("opinionsStaff.due"),
      key: "due",
      width: 150,
      render: (_, o) =>
        o.status === "replied" ? (
          <Tag color="green">{label("opinionStatus", "replied")}</Tag>
        ) : (
          <Tag color={o.overdue ? "red" : "gold"}>
            {o.overdue ? t("opinionsStaff.overdue") : dayjs(o.feedbackDueAt).format("MM-DD")}
          </Tag>
        ),
    },
    {
      title: t("inbox.actions"),
      key: "actions",
      width: 100,
      render: (_, o) =>
        o.status === "pending" && (
          <Button type="primary" size="small" onClick={() => setReplying(o)}>
            {t("opinionsStaff.replyButton")}
          </Button>
        ),
    },
  ];
  const table = useColumnSettings<StaffOpinion>("opinions", columns);

  return (
    <StaffPage
      title={t("opinionsStaff.title")}
      subtitle={t("opinionsStaff.subtitle")}
      testId="opinions-page"
      extra={
        <Badge count={list.data?.overdueCount ?? 0} offset={[-4, 0]}>
          <Segmented
            value={status}
            onChange={(v) => params.set({ status: v === "pending" ? null : String(v) })}
            options={[
              { value: "pending", label: label("opinionStatus", "pending") },
              { value: "replied", label: label("opinionStatus", "replied") },
              { value: "all", label: t("wishes.all") },
            ]}
          />
        </Badge>
      }
    >
      <ListToolbar testId="opinion-filters" extra={table.button}>
        <KeywordFilter list={params} placeholder={t("opinionsStaff.keywordPlaceholder")} />
        <DateRangeFilter list={params} label={t("opinionsStaff.submittedAt")} />
        <SwitchFilter
          label={t("opinionsStaff.overdueOnly")}
          checked={overdueOnly}
          onChange={(overdue) => params.set({ overdue })}
        />
      </ListToolbar>
      {list.isError && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
      <Table<StaffOpinion>
        rowKey="id"
        columns={table.columns}
        dataSource={rows}
        loading={list.isPending}
        pagination={tablePagination(params, { total: (n) => t("common.total", { total: n }) })}
        scroll={{ x: 760 }}
        rowClassName={(o) => (o.overdue ? "s-row-overdue" : "")}
        locale={{ emptyText: list.isPending ? " " : <Empty description={t("opinionsStaff.empty")} /> }}
      />
      {replying && (
        <ReplyModal communityId={communityId} opinion={replying} onClose={() => setReplying(null)} />
      )}
    </StaffPage>
  );
}

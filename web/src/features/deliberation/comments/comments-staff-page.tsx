// 评论审核 (staff console): the comments waiting for review (a listed word), reported or hidden, at
// the caller's places (a grid worker: their grids), with search; approve or hide one or many (hiding
// needs a reason, which the author sees and is told of); and the community's word list.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Flex, Form, Input, Modal, Space, Table, Tabs, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, usePageParams, useSelection } from "../../../shared/staff/list-state";
import {
  KeywordFilter,
  ListToolbar,
  SelectionBar,
  type StaffColumn,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  approveComment,
  hideComment,
  moderateBatch,
  type QueueItem,
  type QueueStatus,
  saveWords,
  useQueue,
  useWords,
} from "./comments-api";

const TABS: QueueStatus[] = ["held", "reported", "hidden"];
const TAB_KEY = {
  held: "comments.tabHeld",
  reported: "comments.tabReported",
  hidden: "comments.tabHidden",
} as const;

function HideModal(props: {
  count: number;
  onOk: (reason: string) => void;
  onClose: () => void;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={t("comments.hideTitle")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={props.loading}
      okText={t("comments.hide")}
      cancelText={t("common.cancel")}
      okButtonProps={{ danger: true, "data-testid": "hide-confirm" } as React.ComponentProps<typeof Button>}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => props.onOk(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t("comments.hideReason")}
          rules={[
            { required: true, whitespace: true, message: t("comments.hideReasonRequired") },
            { max: 200 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="hide-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function WordList(props: { communityId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const words = useWords(props.communityId);
  const [text, setText] = useState("");
  useEffect(() => {
    if (words.data) setText(words.data.words.join("\n"));
  }, [words.data]);
  const save = useMutation({
    mutationFn: () =>
      saveWords(
        props.communityId,
        text
          .split(/\n/)
          .map((w) => w.trim())
          .filter(Boolean),
      ),
    onSuccess: (r) => message.success(t("comments.wordsSaved", { count: r.words.length })),
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Card title={t("comments.wordsTitle")} size="small" style={{ marginTop: 16 }} data-testid="word-list">
      <Typography.Paragraph type="secondary">{t("comments.wordsHint")}</Typography.Paragraph>
      {words.isError && <ErrorAlert error={words.error} />}
      <Input.TextArea
        rows={6}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-label={t("comments.wordsTitle")}
        data-testid="words-input"
      />
      <Button
        type="primary"
        style={{ marginTop: 8 }}
        loading={save.isPending}
        onClick={() => save.mutate()}
        data-testid="words-save"
      >
        {t("comments.saveWords")}
      </Button>
    </Card>
  );
}

export function CommentsStaffPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const list = useListParams();
  const paging = usePageParams(list, 20);
  const status = (TABS.find((s) => s === list.str("status")) ?? "held") as QueueStatus;
  const queue = useQueue(communityId, {
    status,
    ...(list.str("q") ? { q: list.str("q") } : {}),
    limit: paging.pageSize,
    offset: (paging.page - 1) * paging.pageSize,
  });
  const selection = useSelection(list);
  const [hiding, setHiding] = useState<number[] | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["comment-queue", communityId] });
  const report = (r: { okCount: number; errorCount: number }) =>
    r.errorCount
      ? message.warning(t("comments.doneWithErrors", { ok: r.okCount, errors: r.errorCount }))
      : message.success(t("comments.done", { ok: r.okCount }));
  const approve = useMutation({
    mutationFn: (ids: number[]) =>
      ids.length === 1
        ? approveComment(communityId, ids[0]!).then(() => ({ okCount: 1, errorCount: 0 }))
        : moderateBatch(communityId, ids, "approve"),
    onSuccess: (r) => {
      report(r);
      selection.clear();
      void refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const hide = useMutation({
    mutationFn: ({ ids, reason }: { ids: number[]; reason: string }) =>
      ids.length === 1
        ? hideComment(communityId, ids[0]!, reason).then(() => ({ okCount: 1, errorCount: 0 }))
        : moderateBatch(communityId, ids, "hide", reason),
    onSuccess: (r) => {
      report(r);
      selection.clear();
      setHiding(null);
      void refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const columns: StaffColumn<QueueItem>[] = [
    {
      key: "body",
      title: t("comments.colBody"),
      render: (_, c) => (
        <span data-testid={`queue-${c.id}`} style={{ whiteSpace: "pre-wrap" }}>
          {c.body}
        </span>
      ),
    },
    {
      key: "subject",
      title: t("comments.colSubject"),
      render: (_, c) => (
        <span>
          {c.subjectKind === "notice" ? t("comments.subjectNotice") : c.subjectKind}：
          {c.subjectTitle ?? `#${c.subjectId}`}
        </span>
      ),
    },
    { key: "author", title: t("comments.colAuthor"), dataIndex: "authorName" },
    {
      key: "why",
      title: t("comments.colWhy"),
      render: (_, c) => (
        <Space size={4} wrap>
          {c.heldWord && <Tag color="orange">{t("comments.heldWord", { word: c.heldWord })}</Tag>}
          {c.reports > 0 && <Tag color="red">{t("comments.reports", { count: c.reports })}</Tag>}
          {c.reportReasons.map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
          {c.hiddenReason && <Tag>{c.hiddenReason}</Tag>}
        </Space>
      ),
    },
    {
      key: "time",
      title: t("comments.colTime"),
      render: (_, c) => (
        <span style={{ whiteSpace: "nowrap" }}>{dayjs(c.createdAt).format("YYYY-MM-DD HH:mm")}</span>
      ),
    },
    {
      key: "actions",
      title: t("comments.colActions"),
      render: (_, c) => (
        <Space size={0}>
          <Button type="link" onClick={() => approve.mutate([c.id])} data-testid={`approve-${c.id}`}>
            {t(
              status === "hidden"
                ? "comments.restore"
                : status === "reported"
                  ? "comments.dismiss"
                  : "comments.approve",
            )}
          </Button>
          {status !== "hidden" && (
            <Button type="link" danger onClick={() => setHiding([c.id])} data-testid={`hide-${c.id}`}>
              {t("comments.hide")}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <StaffPage title={t("comments.staffTitle")} subtitle={t("comments.staffIntro")} testId="comments-staff">
      <Tabs
        activeKey={status}
        onChange={(k) => list.set({ status: k === "held" ? null : k })}
        items={TABS.map((s) => ({ key: s, label: t(TAB_KEY[s]) }))}
      />
      <ListToolbar>
        <KeywordFilter list={list} placeholder={t("comments.searchPlaceholder")} />
      </ListToolbar>
      <SelectionBar count={selection.ids.length} onClear={selection.clear}>
        <Flex gap={8}>
          <Button
            onClick={() => approve.mutate(selection.ids)}
            loading={approve.isPending}
            data-testid="batch-approve"
          >
            {t("comments.batchApprove")}
          </Button>
          {status !== "hidden" && (
            <Button danger onClick={() => setHiding(selection.ids)} data-testid="batch-hide">
              {t("comments.batchHide")}
            </Button>
          )}
        </Flex>
      </SelectionBar>
      {queue.isError && <ErrorAlert error={queue.error} onRetry={() => queue.refetch()} />}
      <Table<QueueItem>
        rowKey="id"
        loading={queue.isPending}
        dataSource={queue.data?.items ?? []}
        columns={columns}
        rowSelection={{ selectedRowKeys: selection.ids, onChange: (keys) => selection.set(keys.map(Number)) }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: queue.data?.total ?? 0,
          onChange: paging.onChange,
          hideOnSinglePage: true,
        }}
        data-testid="queue-table"
      />
      <WordList communityId={communityId} />
      {hiding && (
        <HideModal
          count={hiding.length}
          loading={hide.isPending}
          onClose={() => setHiding(null)}
          onOk={(reason) => hide.mutate({ ids: hiding, reason })}
        />
      )}
    </StaffPage>
  );
}

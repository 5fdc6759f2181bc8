// 我的反映: my problems, needs and wishes, newest first, with the status (once, as a chip), the
// deadline that matters now and the time left — to sign for, to solve, or for me to rate — and 已超期
// when it is past. Reports written without a connection come first, as 待发送, until they are sent.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorBlock, List, Tag, Toast } from "antd-mobile";
import { AddCircleOutline } from "antd-mobile-icons";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { countdown, useNow } from "./countdown";
import {
  QUEUED_KEY,
  type QueuedReport,
  removeQueued,
  sendQueuedReports,
  useQueuedReports,
} from "./offline-queue";
import { categoryName, type MyRequest, type MyRequests } from "./requests-api";
import { KindChip, StatusChip } from "./status-tag";

/** The deadline that matters now: to sign, to solve, or for me to rate; its date, and 已超期 when past. */
function Due(props: { r: MyRequest; now: number }) {
  const { t } = useTranslation();
  const { r } = props;
  let due: number | null = null;
  let what = "";
  if (r.status === "resolved" && r.confirmDueAt) {
    due = Date.parse(r.confirmDueAt);
    what = t("myRequests.confirmBy");
  } else if (r.status === "submitted") {
    due = Date.parse(r.signDueAt);
    what = t("myRequests.signBy");
  } else if (r.status === "signed") {
    due = Date.parse(r.solveDueAt);
    what = t("myRequests.solveBy");
  }
  if (due == null) return null;
  const c = countdown(due, props.now);
  // the server's rule, or the clock passing the deadline while the page is open
  const overdue = (r.status === "submitted" || r.status === "signed") && (r.overdue || c.overdue);
  return (
    <>
      <span
        className={c.overdue ? "m-due is-overdue" : c.soon ? "m-due is-soon" : "m-due"}
        data-testid="countdown"
      >
        {what} · {c.text}
      </span>
      <span className="m-due-date" data-testid="due-date">
        {t("myRequests.dueAt", { date: dayjs(due).format("YYYY-MM-DD HH:mm") })}
      </span>
      {overdue && (
        <Tag color="danger" className="m-chip" data-testid="overdue-tag">
          {t("myRequests.overdue")}
        </Tag>
      )}
    </>
  );
}

/** The reports kept on this phone until there is a connection: 待发送, with 立即发送 and 删除. */
function WaitingReports(props: { userId: number }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const waiting = useQueuedReports(props.userId);
  const [sending, setSending] = useState(false);
  const items = waiting.data ?? [];
  if (items.length === 0) return null;
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: QUEUED_KEY });
    void qc.invalidateQueries({ queryKey: ["me", "requests"] });
  };
  const sendNow = async () => {
    setSending(true);
    try {
      const sent = await sendQueuedReports(props.userId);
      if (sent.length > 0) Toast.show(t("myRequests.sentQueued", { count: sent.length }));
      else if (!navigator.onLine) Toast.show(t("common.networkError"));
    } finally {
      setSending(false);
      refresh();
    }
  };
  const remove = async (r: QueuedReport) => {
    const ok = await Dialog.confirm({
      content: t("myRequests.removeQueuedConfirm"),
      confirmText: t("myRequests.removeQueued"),
      cancelText: t("common.cancel"),
    });
    if (!ok) return;
    await removeQueued(r.key);
    refresh();
  };
  return (
    <section className="m-waiting" aria-labelledby="m-waiting-title" data-testid="queued-reports">
      <h2 id="m-waiting-title" className="m-waiting-title">
        {t("myRequests.queued")} · {items.length}
      </h2>
      <p className="m-muted">{t("myRequests.queuedHint")}</p>
      <List mode="card" style={{ margin: "8px 0" }}>
        {items.map((r) => (
          <List.Item
            key={r.key}
            data-testid="queued-report"
            description={
              <div className="m-req-meta">
                <span>{t("myRequests.queuedAt", { date: dayjs(r.savedAt).format("MM-DD HH:mm") })}</span>
                {r.refused && (
                  <span className="m-error-text" role="alert">
                    {t("myRequests.queuedRefused", {
                      reason: i18n.language.startsWith("en") ? r.refused.en : r.refused.zh,
                    })}
                  </span>
                )}
              </div>
            }
            extra={
              <Tag color="warning" className="m-chip" data-testid="queued-chip">
                {t("myRequests.queued")}
              </Tag>
            }
          >
            <div className="m-req-title">
              <KindChip kind={r.input.kind} />
              <span>{r.input.title}</span>
            </div>
            {r.refused && (
              <Button size="small" fill="outline" color="danger" onClick={() => void remove(r)}>
                {t("myRequests.removeQueued")}
              </Button>
            )}
          </List.Item>
        ))}
      </List>
      <Button
        block
        color="primary"
        fill="outline"
        loading={sending}
        onClick={() => void sendNow()}
        data-testid="send-now"
      >
        {t("myRequests.sendNow")}
      </Button>
    </section>
  );
}

export function MyRequestsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const now = useNow(30_000);
  const list = useInfiniteQuery({
    queryKey: ["me", "requests"],
    queryFn: ({ pageParam }) =>
      api.get<MyRequests>("/me/requests", {
        cursor: pageParam,
        limit: 30,
      }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });

  const newButton = (
    <Button block color="primary" size="large" onClick={() => navigate("/m/report")} data-testid="go-report">
      <AddCircleOutline /> {t("myRequests.new")}
    </Button>
  );

  const waiting = me.data ? <WaitingReports userId={me.data.id} /> : null;
  const waitingCount = useQueuedReports(me.data?.id ?? null).data?.length ?? 0;
  // without a connection the list waits (paused), but what waits on the phone is shown all the same
  if (list.isPending)
    return (
      <div data-testid="my-requests-page">
        {waiting}
        <MobileLoading />
      </div>
    );
  if (list.isError)
    return (
      <div data-testid="my-requests-page">
        {waiting}
        <MobileError error={list.error} onRetry={() => list.refetch()} />
      </div>
    );
  const items = list.data.pages.flatMap((p) => p.items);

  return (
    <div data-testid="my-requests-page">
      <div style={{ marginBottom: 12 }}>{newButton}</div>
      {waiting}
      {items.length === 0 && waitingCount > 0 ? null : items.length === 0 ? (
        <ErrorBlock
          status="empty"
          title={t("myRequests.emptyTitle")}
          description={t("myRequests.emptyText")}
        />
      ) : (
        <List mode="card" style={{ margin: 0 }}>
          {items.map((r) => (
            <List.Item
              key={`${r.communityId}-${r.id}`}
              onClick={() => navigate(`/m/requests/${r.communityId}/${r.id}`)}
              data-testid={`my-request-${r.id}`}
              description={
                <div className="m-req-meta">
                  <span>
                    {categoryName(r.category, i18n.language)} · {dayjs(r.createdAt).format("MM-DD HH:mm")}
                  </span>
                  {r.following && <span>{t("myRequests.following")}</span>}
                  <Due r={r} now={now} />
                </div>
              }
              extra={<StatusChip status={r.status} />}
            >
              <div className="m-req-title">
                <KindChip kind={r.kind} />
                <span>{r.title}</span>
              </div>
            </List.Item>
          ))}
        </List>
      )}
      {list.hasNextPage && (
        <Button block fill="none" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
    </div>
  );
}

// 我的反映: my problems, needs and wishes, newest first, with the status, the deadline and the time
// left — to be signed for, to be solved, or for me to confirm and rate — and 已超期 when it is past.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, ErrorBlock, List, Tag } from "antd-mobile";
import { AddCircleOutline } from "antd-mobile-icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { countdown, useNow } from "./countdown";
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

export function MyRequestsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
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

  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);

  return (
    <div data-testid="my-requests-page">
      <div style={{ marginBottom: 12 }}>{newButton}</div>
      {items.length === 0 ? (
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

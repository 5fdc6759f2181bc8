// 我的认领: the needs and micro-wishes I claimed, in every community — in progress (with the promise
// date, past it in red words, not only colour), fulfilled, withdrawn. From here the claimant marks one
// fulfilled or withdraws it. Big buttons, one action per button, the wish's title repeated in the sheet.
import { useInfiniteQuery } from "@tanstack/react-query";
import { Button, ErrorBlock, NoticeBar, Tabs, Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useLabel } from "../../../shared/i18n/labels";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { FulfilSheet, WithdrawSheet } from "./claim-sheets";
import { CLAIM_STATUSES, type ClaimStatus, type MyClaim, myClaims } from "./claims-api";

type Acting = { claim: MyClaim; action: "fulfil" | "withdraw" } | null;

function ClaimCard(props: { claim: MyClaim; onAct: (action: "fulfil" | "withdraw") => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const navigate = useNavigate();
  const { claim: c } = props;
  const category = i18n.language.startsWith("en") ? c.category.nameEn : c.category.nameZh;
  const as = c.orgName ?? label("claimantKind", c.claimedAs);
  return (
    <article
      className={`m-card m-wish m-wish-${c.status === "active" ? "claimed" : c.status}`}
      data-testid={`my-claim-${c.id}`}
      data-status={c.status}
    >
      <div className="m-req-head">
        <Tag
          color={c.kind === "wish" ? "var(--linli-chip-magenta)" : "var(--linli-chip-blue)"}
          fill="outline"
          className="m-chip"
        >
          {t(c.kind === "wish" ? "reqKind.wish" : "reqKind.need")}
        </Tag>
        <span className="m-muted">
          {c.communityName} · {category}
        </span>
      </div>
      <h3 className="m-wish-title">{c.title}</h3>
      {c.buildingName && <div className="m-muted">{c.buildingName}</div>}
      <div className="m-wish-claim">
        <div data-testid="claimed-as">{t("myClaims.claimedAs", { as })}</div>
        {c.status === "active" && (
          <div data-testid="promise">{t("myClaims.promise", { date: c.promiseDate })}</div>
        )}
      </div>
      {c.overdue && (
        <div className="m-due is-overdue" data-testid="overdue">
          {t("myClaims.overdue")}
        </div>
      )}
      {c.status === "fulfilled" && c.fulfilledAt && (
        <div className="m-wish-done">
          {t("myClaims.fulfilledAt", { date: dayjs(c.fulfilledAt).format("YYYY-MM-DD") })}
        </div>
      )}
      {c.status === "withdrawn" && c.withdrawnAt && (
        <div className="m-muted">
          {t(c.released ? "myClaims.releasedAt" : "myClaims.withdrawnAt", {
            date: dayjs(c.withdrawnAt).format("YYYY-MM-DD"),
          })}
        </div>
      )}
      {c.links.fulfil && (
        <Button block color="success" size="large" onClick={() => props.onAct("fulfil")} data-testid="fulfil">
          {t("wishes.markFulfilled")}
        </Button>
      )}
      {c.links.page && (
        <Button block size="large" onClick={() => navigate(c.links.page!)} data-testid="view">
          {t("myClaims.view")}
        </Button>
      )}
      {c.links.withdraw && (
        <Button
          block
          size="large"
          fill="none"
          color="danger"
          onClick={() => props.onAct("withdraw")}
          data-testid="withdraw"
        >
          {t("myClaims.withdraw")}
        </Button>
      )}
    </article>
  );
}

export function MyClaimsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ClaimStatus>("active");
  const [acting, setActing] = useState<Acting>(null);
  const list = useInfiniteQuery({
    queryKey: ["me", "claims", status],
    queryFn: ({ pageParam }) => myClaims({ status, cursor: pageParam, limit: 30 }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
  });
  const counts = list.data?.pages[0]?.counts;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div data-testid="my-claims-page">
      <p className="m-muted">{t("myClaims.intro")}</p>
      {counts && counts.overdue > 0 && (
        <NoticeBar
          color="error"
          wrap
          content={t("myClaims.overdueCount", { count: counts.overdue })}
          data-testid="overdue-notice"
        />
      )}
      <Tabs activeKey={status} onChange={(k) => setStatus(k as ClaimStatus)} data-testid="claim-tabs">
        {CLAIM_STATUSES.map((s) => (
          <Tabs.Tab key={s} title={`${t(`myClaims.tabs.${s}`)}${counts ? ` ${counts[s]}` : ""}`} />
        ))}
      </Tabs>
      {list.isPending ? (
        <MobileLoading />
      ) : list.isError ? (
        <MobileError error={list.error} onRetry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t(`myClaims.empty.${status}`)} description={null}>
          <Button color="primary" size="large" onClick={() => navigate("/m/wishes")} data-testid="go-board">
            {t("myClaims.goBoard")}
          </Button>
        </ErrorBlock>
      ) : (
        <div className="m-wish-list">
          {items.map((c) => (
            <ClaimCard key={c.id} claim={c} onAct={(action) => setActing({ claim: c, action })} />
          ))}
        </div>
      )}
      {list.hasNextPage && (
        <Button block fill="none" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
      {acting?.action === "fulfil" && (
        <FulfilSheet
          communityId={acting.claim.communityId}
          claimId={acting.claim.id}
          title={acting.claim.title}
          onClose={() => setActing(null)}
        />
      )}
      {acting?.action === "withdraw" && (
        <WithdrawSheet
          communityId={acting.claim.communityId}
          claimId={acting.claim.id}
          title={acting.claim.title}
          onClose={() => setActing(null)}
        />
      )}
    </div>
  );
}

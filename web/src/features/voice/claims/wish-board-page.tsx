// 心愿墙 (V3): the public needs and micro-wishes of a community — open, claimed, fulfilled. Party
// members, volunteers and co-building units claim one with a promise date; the claimant marks it
// fulfilled (here, or in 我的认领). No submitter's name or room is ever shown, and of the claimants
// only the caller's own claim is recognisable (the board's `mine`).
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Button,
  DatePicker,
  ErrorBlock,
  Form,
  Popup,
  Selector,
  Tabs,
  Tag,
  TextArea,
  Toast,
} from "antd-mobile";
import { RightOutline } from "antd-mobile-icons";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  CommunityChooser,
  useCommunityFromLink,
  useResidentCommunity,
} from "../../../shared/ui/resident-community";
import { FulfilSheet } from "./claim-sheets";
import {
  BOARD_STATUSES,
  type BoardItem,
  type BoardStatus,
  boardOf,
  CLAIM_AS,
  type ClaimAs,
  claim,
} from "./claims-api";

type KindFilter = "all" | "need" | "wish";

function ClaimSheet(props: { communityId: number; item: BoardItem; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const [pickDate, setPickDate] = useState(false);
  const [date, setDate] = useState<Date>(() => dayjs().add(7, "day").toDate());
  const [as, setAs] = useState<ClaimAs | null>(null);
  const [note, setNote] = useState("");
  const go = useMutation({
    mutationFn: () =>
      claim(props.communityId, props.item.id, {
        promiseDate: dayjs(date).format("YYYY-MM-DD"),
        note: note.trim() || undefined,
        as: as ?? undefined,
      }),
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("wishes.claimed") });
      void qc.invalidateQueries({ queryKey: ["board"] });
      void qc.invalidateQueries({ queryKey: ["me", "claims"] });
      props.onClose();
    },
  });
  return (
    <Popup visible onMaskClick={props.onClose} bodyClassName="m-sheet" destroyOnClose>
      <div data-testid="claim-sheet">
        <h2 className="m-card-title">{t("wishes.claimTitle")}</h2>
        <p className="m-sheet-subject">{props.item.title}</p>
        <Form layout="vertical">
          <Form.Item label={t("wishes.promiseDate")}>
            <button
              type="button"
              className="m-field-button"
              onClick={() => setPickDate(true)}
              data-testid="promise-date"
            >
              {dayjs(date).format("YYYY-MM-DD")}
            </button>
            <DatePicker
              visible={pickDate}
              precision="day"
              min={dayjs().startOf("day").toDate()}
              max={dayjs().add(1, "year").toDate()}
              value={date}
              title={t("wishes.promiseDate")}
              onClose={() => setPickDate(false)}
              onConfirm={(d) => setDate(d)}
            />
          </Form.Item>
          <Form.Item label={t("wishes.claimAs")} description={t("wishes.claimAsHint")}>
            <Selector<ClaimAs>
              columns={3}
              value={as ? [as] : []}
              onChange={(v) => setAs(v[0] ?? null)}
              options={CLAIM_AS.map((k) => ({ label: label("claimantKind", k), value: k }))}
              data-testid="claim-as"
            />
          </Form.Item>
          <Form.Item label={t("wishes.note")}>
            <TextArea
              rows={2}
              maxLength={500}
              value={note}
              onChange={setNote}
              placeholder={t("wishes.notePlaceholder")}
            />
          </Form.Item>
        </Form>
        <FormError error={go.error} />
        <div className="m-sheet-actions">
          <Button block size="large" onClick={props.onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            block
            size="large"
            color="primary"
            loading={go.isPending}
            onClick={() => go.mutate()}
            data-testid="claim-submit"
          >
            {t("wishes.claimSubmit")}
          </Button>
        </div>
      </div>
    </Popup>
  );
}

function BoardCard(props: {
  communityId: number;
  item: BoardItem;
  onClaim: () => void;
  onFulfil: (claimId: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { item } = props;
  // the board says which live claim is the caller's own, and nothing of anyone else's
  const myClaim = item.status === "claimed" ? item.myClaimId : null;
  const category = i18n.language.startsWith("en") ? item.category.nameEn : item.category.nameZh;
  return (
    <article
      className={`m-card m-wish m-wish-${item.status}`}
      data-testid={`board-item-${item.id}`}
      data-status={item.status}
    >
      <div className="m-req-head">
        <Tag
          color={item.kind === "wish" ? "var(--linli-chip-magenta)" : "var(--linli-chip-blue)"}
          fill="outline"
          className="m-chip"
        >
          {t(item.kind === "wish" ? "reqKind.wish" : "reqKind.need")}
        </Tag>
        <Tag
          color={item.status === "open" ? "warning" : item.status === "claimed" ? "primary" : "success"}
          className="m-chip"
        >
          {label("boardStatus", item.status)}
        </Tag>
        {item.mine && (
          <Tag color="success" fill="solid" className="m-chip" data-testid="mine">
            {t("wishes.mine")}
          </Tag>
        )}
        <span className="m-muted">{category}</span>
      </div>
      <h3 className="m-wish-title">{item.title}</h3>
      {item.description && <p className="m-req-text">{item.description}</p>}
      <div className="m-muted">
        {[item.buildingName, dayjs(item.createdAt).format("YYYY-MM-DD")].filter(Boolean).join(" · ")}
      </div>
      {item.status !== "open" && item.claimantKind && (
        <div className="m-wish-claim" data-testid="claim-info">
          {t("wishes.claimedBy", {
            who: item.claimantOrgName ?? label("claimantKind", item.claimantKind),
          })}
          {item.promiseDate && ` · ${t("wishes.promise", { date: item.promiseDate })}`}
        </div>
      )}
      {item.status === "fulfilled" && item.fulfilledAt && (
        <div className="m-wish-done">
          {t("wishes.fulfilledAt", { date: dayjs(item.fulfilledAt).format("YYYY-MM-DD") })}
        </div>
      )}
      {item.status === "open" && (
        <Button block color="primary" size="large" onClick={props.onClaim} data-testid="claim">
          {t("wishes.claim")}
        </Button>
      )}
      {myClaim != null && (
        <Button
          block
          color="success"
          size="large"
          onClick={() => props.onFulfil(myClaim)}
          data-testid="fulfil"
        >
          {t("wishes.markFulfilled")}
        </Button>
      )}
    </article>
  );
}

export function WishBoardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const community = useResidentCommunity();
  // "my claims" links here with the claim's community: show that one
  useCommunityFromLink(community.setCommunityId);
  const [status, setStatus] = useState<BoardStatus>("open");
  const [kind, setKind] = useState<KindFilter>("all");
  const [claiming, setClaiming] = useState<BoardItem | null>(null);
  const [fulfilling, setFulfilling] = useState<{ item: BoardItem; claimId: number } | null>(null);
  const cid = community.communityId;
  const board = useInfiniteQuery({
    queryKey: ["board", cid, status, kind],
    queryFn: ({ pageParam }) =>
      boardOf(cid!, { status, kind: kind === "all" ? undefined : kind, cursor: pageParam, limit: 30 }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: cid != null,
    staleTime: 0,
  });
  const counts = board.data?.pages[0]?.counts;
  const items = board.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div data-testid="wish-board-page">
      <div className="m-toolbar">
        <CommunityChooser name={community.communityName} onChange={community.setCommunityId} />
        <Selector<KindFilter>
          value={[kind]}
          onChange={(v) => v[0] && setKind(v[0])}
          options={[
            { label: t("wishes.all"), value: "all" },
            { label: t("reqKind.need"), value: "need" },
            { label: t("reqKind.wish"), value: "wish" },
          ]}
          showCheckMark={false}
        />
      </div>
      <p className="m-muted">{t("wishes.intro")}</p>
      {me.data && (
        <Button
          block
          size="large"
          fill="outline"
          color="primary"
          onClick={() => navigate("/m/my-claims")}
          data-testid="go-my-claims"
          style={{ marginBottom: 8 }}
        >
          {t("wishes.myClaims")} <RightOutline />
        </Button>
      )}
      <Tabs activeKey={status} onChange={(k) => setStatus(k as BoardStatus)} data-testid="board-tabs">
        {BOARD_STATUSES.map((s) => (
          <Tabs.Tab key={s} title={`${t(`boardStatus.${s}`)}${counts ? ` ${counts[s]}` : ""}`} />
        ))}
      </Tabs>
      {cid == null ? (
        <ErrorBlock status="empty" title={t("voiceCommon.chooseCommunity")} description={null} />
      ) : board.isPending ? (
        <MobileLoading />
      ) : board.isError ? (
        <MobileError error={board.error} onRetry={() => board.refetch()} />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t(`wishes.empty.${status}`)} description={null} />
      ) : (
        <div className="m-wish-list">
          {items.map((item) => (
            <BoardCard
              key={item.id}
              communityId={cid}
              item={item}
              onClaim={() => {
                if (!me.data) navigate(`/m/sign-in?next=${encodeURIComponent("/m/wishes")}`);
                else setClaiming(item);
              }}
              onFulfil={(claimId) => setFulfilling({ item, claimId })}
            />
          ))}
        </div>
      )}
      {board.hasNextPage && (
        <Button
          block
          fill="none"
          loading={board.isFetchingNextPage}
          onClick={() => void board.fetchNextPage()}
        >
          {t("common.loadMore")}
        </Button>
      )}
      {claiming && cid != null && (
        <ClaimSheet communityId={cid} item={claiming} onClose={() => setClaiming(null)} />
      )}
      {fulfilling && cid != null && (
        <FulfilSheet
          communityId={cid}
          title={fulfilling.item.title}
          claimId={fulfilling.claimId}
          onClose={() => setFulfilling(null)}
        />
      )}
    </div>
  );
}

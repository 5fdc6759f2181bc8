// 我的值守 (resident, antd-mobile): my next shifts — 申请换班 picks a teammate (two taps) — and the open
// shifts of my teams with 认领 (one tap). Big buttons; readable at 360 px and in elderly mode.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ActionSheet, Button, List, Tag, Toast } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { askSwap, type MyShifts, rostersKey, shiftTime, takeShift, useMyShifts } from "./rosters-api";

type Mine = MyShifts["shifts"][number];

export function MyShiftsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const qc = useQueryClient();
  const mine = useMyShifts();
  const [swapFor, setSwapFor] = useState<Mine | null>(null);
  const done = (msg: string) => {
    Toast.show({ content: msg });
    void qc.invalidateQueries({ queryKey: rostersKey });
  };
  const fail = (e: unknown) => Toast.show({ content: describeError(e, i18n.language) });
  const take = useMutation({
    mutationFn: (s: MyShifts["open"][number]) => takeShift(s.communityId, s.rosterId, s.shiftId),
    onSuccess: (r) => done(en ? r.messageEn : r.messageZh),
    onError: fail,
  });
  const swap = useMutation({
    mutationFn: (v: { s: Mine; to: number }) => askSwap(v.s.communityId, v.s.rosterId, v.s.shiftId, v.to),
    onSuccess: () => done(t("rosters.swapAsked")),
    onError: fail,
  });
  if (mine.isLoading) return <MobileLoading />;
  if (mine.error) return <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  const data = mine.data!;
  return (
    <div className="m-page" data-testid="my-shifts">
      <List header={t("rosters.myTitle")} mode="card">
        {data.shifts.length === 0 && <List.Item>{t("rosters.myEmpty")}</List.Item>}
        {data.shifts.map((s) => (
          <List.Item
            key={s.assignmentId}
            data-testid={`my-shift-${s.shiftId}`}
            description={
              <>
                <div>{shiftTime(s.startsAt, s.endsAt, en)}</div>
                <div>
                  {s.place} · {s.teamName}
                </div>
                {s.swap && <Tag color="warning">{t("rosters.swapWaiting", { name: s.swap.toName })}</Tag>}
              </>
            }
            extra={
              !s.swap && s.teammates.length > 0 ? (
                <Button size="middle" onClick={() => setSwapFor(s)} data-testid={`swap-${s.shiftId}`}>
                  {t("rosters.swap")}
                </Button>
              ) : null
            }
          >
            {s.subject}
          </List.Item>
        ))}
      </List>
      <List header={t("rosters.openTitle")} mode="card">
        {data.open.map((s) => (
          <List.Item
            key={`${s.communityId}-${s.shiftId}`}
            description={
              <>
                <div>{shiftTime(s.startsAt, s.endsAt, en)}</div>
                <div>
                  {s.place} · {t("rosters.open", { n: s.open })}
                </div>
              </>
            }
            extra={
              <Button
                color="primary"
                size="middle"
                loading={take.isPending && take.variables?.shiftId === s.shiftId}
                onClick={() => take.mutate(s)}
                data-testid={`take-${s.shiftId}`}
              >
                {t("rosters.take")}
              </Button>
            }
          >
            {s.subject}
          </List.Item>
        ))}
      </List>
      {data.noShows > 0 && (
        <p className="m-muted" style={{ padding: "0 16px" }}>
          {t("rosters.noShows", { n: data.noShows })}
        </p>
      )}
      <ActionSheet
        visible={swapFor != null}
        extra={t("rosters.swapTo")}
        actions={(swapFor?.teammates ?? []).map((m) => ({ key: String(m.userId), text: m.name }))}
        onAction={(a) => {
          if (swapFor) swap.mutate({ s: swapFor, to: Number(a.key) });
          setSwapFor(null);
        }}
        onClose={() => setSwapFor(null)}
        cancelText={t("common.cancel")}
      />
    </div>
  );
}

// 场地预约 (resident, antd-mobile): the community's spaces (聚邻空间, 红色驿站…) → a day's free hours →
// 同意公约并预约: three taps from the list (what for and how many people are filled in, and may be changed).
// 我的预约: my household's bookings with their status (待审核/已通过/未通过/已取消), cancel, rate after use.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorBlock, Input, List, Result, Selector, Tag, Toast } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  type Booking,
  bookSpace,
  cancelBooking,
  dayAfter,
  rateBooking,
  type Space,
  spacesKey,
  today,
  useMySpaces,
  useSpaceDay,
  useSpaces,
} from "./spaces-api";
import "./spaces.css";

const weekday = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

const STATUS_COLOR = {
  pending: "warning",
  approved: "success",
  refused: "danger",
  cancelled: "default",
} as const;

export function StatusTag(props: { status: Booking["status"] }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOR[props.status]} data-testid="space-booking-status">
      {t(`spaces.status.${props.status}`)}
    </Tag>
  );
}

function SpaceDayPanel(props: { communityId: number; space: Space; onDone: (b: Booking) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [day, setDay] = useState(today());
  const [slot, setSlot] = useState<{ from: string; to: string } | null>(null);
  const [purpose, setPurpose] = useState(t("spaces.defaultPurpose"));
  const [attendees, setAttendees] = useState(5);
  const d = useSpaceDay(props.communityId, props.space.id, day);
  const book = useMutation({
    mutationFn: () =>
      bookSpace(props.communityId, props.space.id, {
        day,
        from: slot!.from,
        to: slot!.to,
        purpose,
        attendees,
        conventionVersion: props.space.conventionVersion,
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: spacesKey(props.communityId) });
      void qc.invalidateQueries({ queryKey: ["spaces", "me"] });
      props.onDone(r.booking);
    },
    onError: () => void d.refetch(),
  });
  const days = [today(), dayAfter(today()), dayAfter(today(), 2)];
  return (
    <div className="m-space-day" data-testid="space-day">
      <Selector
        aria-label={t("spaces.day")}
        columns={3}
        value={[day]}
        onChange={(v) => {
          if (v[0]) setDay(v[0]);
          setSlot(null);
        }}
        options={days.map((x, i) => ({
          value: x,
          label: i === 0 ? t("spaces.today") : i === 1 ? t("spaces.tomorrow") : x.slice(5),
        }))}
      />
      {d.isPending ? (
        <MobileLoading />
      ) : d.isError ? (
        <MobileError error={d.error} onRetry={() => d.refetch()} />
      ) : !d.data.open ? (
        <p className="m-muted">{t("spaces.closedThatDay")}</p>
      ) : (
        <>
          <p className="m-muted">{t("spaces.openHours", { hours: d.data.open })}</p>
          {d.data.free.length === 0 ? (
            <p>{t("spaces.noFree")}</p>
          ) : (
            <fieldset className="m-space-slots" aria-label={t("spaces.freeSlots")}>
              {d.data.free.map((f) => (
                <Button
                  key={f.from}
                  size="middle"
                  color={slot?.from === f.from ? "primary" : "default"}
                  onClick={() => setSlot(f)}
                  data-testid={`space-slot-${f.from}`}
                >
                  {f.from}–{f.to}
                </Button>
              ))}
            </fieldset>
          )}
        </>
      )}
      {slot && (
        <section className="m-card" aria-label={t("spaces.confirmTitle")} data-testid="space-confirm">
          <h3 className="m-space-confirm-title">
            {props.space.name} · {day} {slot.from}–{slot.to}
          </h3>
          <div className="m-space-field">
            <label htmlFor="space-purpose-input">{t("spaces.purpose")}</label>
            <Input id="space-purpose-input" value={purpose} onChange={setPurpose} maxLength={200} />
          </div>
          <div className="m-space-field">
            <label htmlFor="space-attendees-input">{t("spaces.attendees")}</label>
            <Input
              id="space-attendees-input"
              type="number"
              inputMode="numeric"
              min={1}
              max={props.space.capacity}
              value={String(attendees)}
              onChange={(v) => {
                const n = Math.trunc(Number(v));
                setAttendees(Number.isFinite(n) && n >= 1 ? Math.min(n, props.space.capacity) : 1);
              }}
            />
          </div>
          <details>
            <summary>{t("spaces.convention", { version: props.space.conventionVersion })}</summary>
            <p className="m-space-convention">{props.space.convention}</p>
          </details>
          <FormError error={book.error} />
          <Button
            block
            size="large"
            color="primary"
            loading={book.isPending}
            disabled={!purpose.trim()}
            onClick={() => book.mutate()}
            data-testid="space-book"
          >
            {t("spaces.agreeAndBook")}
          </Button>
        </section>
      )}
    </div>
  );
}

export function SpacesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { communityId } = useResidentCommunity();
  const spaces = useSpaces(communityId);
  const [open, setOpen] = useState<number | null>(null);
  const [done, setDone] = useState<Booking | null>(null);
  if (done)
    return (
      <div data-testid="space-done">
        <Result
          status={done.status === "approved" ? "success" : "waiting"}
          title={done.status === "approved" ? t("spaces.doneApproved") : t("spaces.donePending")}
          description={`${done.spaceName} · ${done.day} ${done.from}–${done.to}`}
        />
        <Button block size="large" onClick={() => navigate("/m/spaces/mine")} data-testid="space-go-mine">
          {t("spaces.mine")}
        </Button>
        <div style={{ height: 12 }} />
        <Button block size="large" onClick={() => setDone(null)}>
          {t("spaces.back")}
        </Button>
      </div>
    );
  return (
    <div data-testid="spaces-page">
      {!communityId ? (
        <ErrorBlock status="empty" title={t("spaces.none")} description={null} />
      ) : spaces.isPending ? (
        <MobileLoading />
      ) : spaces.isError ? (
        <MobileError error={spaces.error} onRetry={() => spaces.refetch()} />
      ) : spaces.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t("spaces.none")} description={null} />
      ) : (
        spaces.data.items.map((s) => (
          <section
            key={s.id}
            className="m-card m-space-card"
            aria-label={s.name}
            data-testid={`space-${s.name}`}
          >
            <h2 className="m-space-name">{s.name}</h2>
            <p className="m-muted">
              {s.place} · {t("spaces.capacity", { n: s.capacity })} ·{" "}
              {s.hours[weekday(today())] || t("spaces.closedToday")}
            </p>
            {s.description && <p>{s.description}</p>}
            {open === s.id ? (
              <SpaceDayPanel communityId={communityId} space={s} onDone={setDone} />
            ) : (
              spaces.data.canBook && (
                <Button
                  block
                  size="large"
                  color="primary"
                  onClick={() => setOpen(s.id)}
                  data-testid={`space-open-${s.name}`}
                >
                  {t("spaces.book")}
                </Button>
              )
            )}
          </section>
        ))
      )}
      <div style={{ height: 12 }} />
      <Button block size="large" onClick={() => navigate("/m/spaces/mine")} data-testid="spaces-mine">
        {t("spaces.mine")}
      </Button>
    </div>
  );
}

const RATINGS = ["good", "average", "poor"] as const;

export function MySpacesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMySpaces();
  const refresh = () => qc.invalidateQueries({ queryKey: ["spaces"] });
  const cancel = useMutation({
    mutationFn: (b: Booking) => cancelBooking(b.communityId, b.id),
    onSuccess: () => {
      Toast.show({ content: t("spaces.status.cancelled") });
      void refresh();
    },
  });
  const rate = useMutation({
    mutationFn: (v: { b: Booking; rating: (typeof RATINGS)[number] }) =>
      rateBooking(v.b.communityId, v.b.id, { rating: v.rating }),
    onSuccess: () => {
      Toast.show({ content: t("spaces.thanks") });
      void refresh();
    },
  });
  if (mine.isPending) return <MobileLoading />;
  if (mine.isError) return <MobileError error={mine.error} onRetry={() => mine.refetch()} />;
  const now = new Date().toISOString();
  return (
    <div data-testid="spaces-mine-page">
      <FormError error={cancel.error ?? rate.error} />
      <List header={t("spaces.myTitle")} mode="card">
        {mine.data.bookings.length === 0 ? (
          <List.Item>{t("spaces.myEmpty")}</List.Item>
        ) : (
          mine.data.bookings.map((b) => (
            <List.Item
              key={b.id}
              data-testid={`space-booking-${b.id}`}
              description={
                <>
                  <div>{b.details?.purpose}</div>
                  {b.details?.decisionNote && <div>{b.details.decisionNote}</div>}
                  <StatusTag status={b.status} />
                  {b.status === "approved" && b.startsAt <= now && !b.details?.ratedAt && (
                    <div className="m-space-rate">
                      {RATINGS.map((r) => (
                        <Button key={r} size="small" onClick={() => rate.mutate({ b, rating: r })}>
                          {t(`spaces.rating.${r}`)}
                        </Button>
                      ))}
                    </div>
                  )}
                </>
              }
              extra={
                (b.status === "pending" || b.status === "approved") &&
                b.endsAt > now && (
                  <Button
                    size="small"
                    onClick={async () => {
                      if (await Dialog.confirm({ content: t("spaces.cancelConfirm") })) cancel.mutate(b);
                    }}
                    data-testid={`space-cancel-${b.id}`}
                  >
                    {t("spaces.cancel")}
                  </Button>
                )
              }
            >
              {b.spaceName} · {b.day} {b.from}–{b.to}
            </List.Item>
          ))
        )}
      </List>
    </div>
  );
}

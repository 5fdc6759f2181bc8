// 议事会议 (resident): my invitations and the meetings of the places where I live, from 30 days ago on,
// each with a calendar file and, while sign-in is open, a big 签到 button that opens the code page.
import { Button, ErrorBlock, Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { icsHref, type MyMeeting, useMeeting, useMyMeetings } from "./meetings-api";
import { quorumLine, tallyLine } from "./residents-meeting-text";

/** The minutes and resolutions of a meeting, read when the resident opens them. */
function MinutesOf(props: { communityId: number; meetingId: number }) {
  const { t } = useTranslation();
  const q = useMeeting(props.communityId, props.meetingId);
  if (q.isPending) return <MobileLoading />;
  if (q.isError) return <MobileError error={q.error} onRetry={() => q.refetch()} />;
  const m = q.data;
  const rm = m.residentsMeeting;
  const line = rm ? quorumLine(t, rm) : null;
  return (
    <div data-testid={`minutes-${m.id}`}>
      {rm && (
        <div data-testid={`residents-meeting-${m.id}`}>
          <p className="m-req-text">{line ?? t("meetings.residents.notFrozen")}</p>
          {rm.decisions.length > 0 && (
            <>
              <p className="m-req-text">{t("meetings.residents.decisions")}：</p>
              <ol className="m-req-text">
                {rm.decisions.map((d) => (
                  <li key={d.id}>
                    {d.item}（{tallyLine(t, d)}）
                    {d.passed ? t("meetings.residents.passed") : t("meetings.residents.failed")}
                  </li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
      {m.agenda && (
        <p className="m-req-text">
          {t("meetings.agenda")}：{m.agenda}
        </p>
      )}
      <p className="m-req-text">
        {t("meetings.minutes")}：{m.minutes || t("meetings.noMinutes")}
      </p>
      {m.resolutions.length > 0 && (
        <>
          <p className="m-req-text">{t("meetings.resolutions")}：</p>
          <ol className="m-req-text">
            {m.resolutions.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

const DAY = 24 * 3_600_000;
const signInOpen = (m: MyMeeting, now: number) =>
  !m.cancelled &&
  now >= new Date(m.startsAt).getTime() - DAY &&
  now <= new Date(m.endsAt).getTime() + DAY / 2;

export function MyMeetingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useMyMeetings();
  const [open, setOpen] = useState<string | null>(null);
  const now = Date.now();
  return (
    <div data-testid="my-meetings-page">
      <Button block size="large" onClick={() => navigate("/m/me/code")} data-testid="open-my-code">
        {t("meetings.myCode")}
      </Button>
      {q.isPending ? (
        <MobileLoading />
      ) : q.isError ? (
        <MobileError error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t("meetings.myEmpty")} description={null} />
      ) : (
        <div className="m-wish-list">
          {q.data.items.map((m) => (
            <article
              key={`${m.communityId}-${m.id}`}
              className="m-card"
              data-testid={`my-meeting-${m.id}`}
              data-title={m.title}
            >
              <div className="m-req-head">
                <Tag color="primary" fill="outline" className="m-chip">
                  {t(`meetings.kind.${m.kind}`)}
                </Tag>
                {m.invited && (
                  <Tag color="warning" fill="outline" className="m-chip">
                    {t("meetings.invitedTag")}
                  </Tag>
                )}
                {m.signedIn && (
                  <Tag color="success" fill="outline" className="m-chip">
                    {t("meetings.signedInTag")}
                  </Tag>
                )}
              </div>
              <h3 className="m-wish-title">{m.title}</h3>
              <p className="m-req-text">
                {dayjs(m.startsAt).format("M月D日 HH:mm")}–{dayjs(m.endsAt).format("HH:mm")}
              </p>
              <p className="m-muted">
                {[m.communityName, m.place.estateName, m.place.buildingName, m.place.venue]
                  .filter(Boolean)
                  .join(" ")}
              </p>
              {m.cancelled && <p className="m-warn-text">{t("meetings.cancelled")}</p>}
              {signInOpen(m, now) && !m.signedIn && (
                <Button
                  block
                  size="large"
                  color="primary"
                  onClick={() => navigate(`/m/meetings/${m.id}/sign-in?community=${m.communityId}`)}
                  data-testid={`sign-in-${m.id}`}
                >
                  {t("meetings.signIn")}
                </Button>
              )}
              {open === `${m.communityId}-${m.id}` ? (
                <MinutesOf communityId={m.communityId} meetingId={m.id} />
              ) : (
                <Button
                  block
                  size="large"
                  fill="outline"
                  onClick={() => setOpen(`${m.communityId}-${m.id}`)}
                  data-testid={`open-minutes-${m.id}`}
                >
                  {t("meetings.readMinutes")}
                </Button>
              )}
              <a className="m-link-button" href={icsHref(m.communityId, m.id)} download>
                {t("meetings.ics")}
              </a>
            </article>
          ))}
        </div>
      )}
    </div>
  );
}

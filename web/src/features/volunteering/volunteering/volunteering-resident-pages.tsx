// 志愿活动 (resident, antd-mobile): the activities of my community → one activity → 报名 (three taps from
// the home screen); 志愿签到 opened from the organiser's QR code (?c= carries the code: done at once) or
// by typing the 6 digits; 我的志愿: hours, services, certificates to issue and download, consent; and the
// public check of a certificate by its code (no sign-in).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorBlock, Input, List, Result, Switch, Tag, Toast } from "antd-mobile";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  type Activity,
  cancelSignUp,
  certificatePdfUrl,
  checkWithCode,
  dateTime,
  hours,
  issueCertificate,
  requestCorrection,
  setConsent,
  signUp,
  useActivities,
  useActivity,
  useMyRecords,
  useVerify,
  type VolRecord,
  volKey,
} from "./volunteering-api";
import "./volunteering.css";

function ActivityCard(props: { a: Activity; communityId: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { a } = props;
  return (
    <button
      type="button"
      className="m-card m-vol-card"
      onClick={() => navigate(`/m/volunteering/${props.communityId}/${a.id}`)}
      data-testid={`vol-activity-${a.id}`}
    >
      <div className="m-vol-title">{a.title}</div>
      <div className="m-muted">
        {dateTime(a.startsAt)} · {a.place}
      </div>
      <div className="m-vol-tags">
        <Tag color={a.signedUp >= a.capacity ? "warning" : "success"}>
          {t("volunteering.places", { signed: a.signedUp, capacity: a.capacity })}
        </Tag>
        {a.myStatus === "signed" && <Tag color="primary">{t("volunteering.signedTag")}</Tag>}
        {a.myStatus === "waiting" && (
          <Tag color="primary">{t("volunteering.waitingTag", { n: a.myWaitingPosition ?? 0 })}</Tag>
        )}
        {a.teamName && (
          <Tag color="default" fill="outline">
            {a.teamName}
          </Tag>
        )}
      </div>
    </button>
  );
}

export function VolunteeringPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { communityId } = useResidentCommunity();
  const list = useActivities(communityId, { when: "upcoming", limit: 50 });
  return (
    <div data-testid="vol-list-page">
      <p className="m-muted">{t("volunteering.intro")}</p>
      <Button
        block
        size="large"
        onClick={() => navigate("/m/volunteering/mine")}
        data-testid="go-my-volunteering"
      >
        {t("volunteering.mine")}
      </Button>
      <div style={{ height: 12 }} />
      {!communityId ? (
        <ErrorBlock status="empty" title={t("volunteering.empty")} description={null} />
      ) : list.isPending ? (
        <MobileLoading />
      ) : list.isError ? (
        <MobileError error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.activities.length === 0 ? (
        <ErrorBlock status="empty" title={t("volunteering.empty")} description={null} />
      ) : (
        <div className="m-wish-list">
          {list.data.activities.map((a) => (
            <ActivityCard key={a.id} a={a} communityId={communityId} />
          ))}
        </div>
      )}
    </div>
  );
}

export function ActivityPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const communityId = Number(useParams().communityId);
  const activityId = Number(useParams().activityId);
  const a = useActivity(communityId, activityId);
  const refresh = () => qc.invalidateQueries({ queryKey: volKey(communityId) });
  const sign = useMutation({
    mutationFn: () => signUp(communityId, activityId),
    onSuccess: (r) => {
      Toast.show({ content: i18n.language === "en" ? r.messageEn : r.messageZh });
      void refresh();
    },
  });
  const cancel = useMutation({
    mutationFn: () => cancelSignUp(communityId, activityId),
    onSuccess: () => {
      Toast.show({ content: t("volunteering.cancelled") });
      void refresh();
    },
  });
  if (a.isPending) return <MobileLoading />;
  if (a.isError) return <MobileError error={a.error} onRetry={() => a.refetch()} />;
  const d = a.data;
  const att = d.myAttendance;
  const full = d.signedUp >= d.capacity;
  return (
    <div data-testid="vol-activity-page">
      <h2 className="m-vol-heading">{d.title}</h2>
      <List mode="card">
        <List.Item extra={`${dateTime(d.startsAt)} – ${dateTime(d.endsAt).slice(11)}`}>
          {t("volunteering.when")}
        </List.Item>
        <List.Item extra={d.place}>{t("volunteering.where")}</List.Item>
        <List.Item extra={d.organiserName}>{t("volunteering.organiser")}</List.Item>
        {d.teamName && <List.Item extra={d.teamName}>{t("volunteering.team")}</List.Item>}
        {d.skills.length > 0 && <List.Item extra={d.skills.join("、")}>{t("volunteering.skills")}</List.Item>}
        <List.Item
          extra={
            <span data-testid="vol-places">
              {t("volunteering.places", { signed: d.signedUp, capacity: d.capacity })}
              {d.waiting > 0 ? ` · ${t("volunteering.waitingCount", { n: d.waiting })}` : ""}
            </span>
          }
        >
          {t("volunteering.capacity")}
        </List.Item>
      </List>
      {d.description && <p className="m-vol-desc">{d.description}</p>}
      <FormError error={sign.error ?? cancel.error} />
      {d.myStatus === "none" ? (
        <Button
          block
          size="large"
          color="primary"
          loading={sign.isPending}
          onClick={() => sign.mutate()}
          disabled={d.cancelled}
          data-testid="vol-sign-up"
        >
          {full ? t("volunteering.joinWaiting") : t("volunteering.signUp")}
        </Button>
      ) : (
        <>
          <div className="m-vol-status" data-testid="vol-my-status" data-status={d.myStatus}>
            {d.myStatus === "signed"
              ? t("volunteering.signedTag")
              : t("volunteering.waitingTag", { n: d.myWaitingPosition ?? 0 })}
          </div>
          {att && (
            <div className="m-vol-status" data-testid="vol-my-attendance">
              <div>{t("volunteering.checkedIn", { time: dateTime(att.checkInAt) })}</div>
              {att.checkOutAt && (
                <div>{t("volunteering.checkedOut", { time: dateTime(att.checkOutAt) })}</div>
              )}
              <div>
                {att.minutes != null
                  ? t("volunteering.certifiedHours", { hours: hours(att.minutes, i18n.language === "en") })
                  : t("volunteering.notCertified")}
              </div>
            </div>
          )}
          {d.myStatus === "signed" && (!att || !att.checkOutAt) && (
            <Button
              block
              size="large"
              color="primary"
              onClick={() => navigate(`/m/volunteering/${activityId}/check?community=${communityId}`)}
              data-testid="vol-go-check"
            >
              {att ? t("volunteering.checkOut") : t("volunteering.checkIn")}
            </Button>
          )}
          {!att && (
            <Button
              block
              size="large"
              style={{ marginTop: 12 }}
              loading={cancel.isPending}
              onClick={async () => {
                if (await Dialog.confirm({ content: t("volunteering.cancelConfirm") })) cancel.mutate();
              }}
              data-testid="vol-cancel"
            >
              {t("volunteering.cancel")}
            </Button>
          )}
        </>
      )}
    </div>
  );
}

export function CheckPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const activityId = Number(useParams().activityId);
  const [params] = useSearchParams();
  const communityId = Number(params.get("community"));
  const scanned = /^\d{6}$/.test(params.get("c") ?? "") ? params.get("c")! : null;
  const a = useActivity(communityId, activityId);
  const action: "in" | "out" = a.data?.myAttendance ? "out" : "in";
  const [code, setCode] = useState("");
  const check = useMutation({
    mutationFn: (v: { code: string }) => checkWithCode(communityId, activityId, v.code, action),
  });
  const tried = useRef(false);
  useEffect(() => {
    if (scanned && !tried.current && a.isSuccess) {
      tried.current = true;
      check.mutate({ code: scanned });
    }
  }, [scanned, a.isSuccess, check]);
  const back = () => navigate(`/m/volunteering/${communityId}/${activityId}`);
  if (check.isSuccess) {
    const r = check.data;
    return (
      <div data-testid="vol-check-page">
        <Result
          status="success"
          title={i18n.language === "en" ? r.messageEn : r.messageZh}
          description={`${a.data?.title ?? ""} · ${dateTime(r.at)}`}
        />
        <div data-testid="vol-check-result" data-status={r.status} data-action={r.action} hidden />
        <Button block size="large" onClick={back}>
          {t("volunteering.backToActivity")}
        </Button>
      </div>
    );
  }
  if (a.isPending || (check.isPending && scanned)) return <MobileLoading />;
  if (a.isError) return <MobileError error={a.error} onRetry={() => a.refetch()} />;
  return (
    <div data-testid="vol-check-page">
      <p className="m-card-title">{a.data.title}</p>
      <p>{t("volunteering.typeCode")}</p>
      <Input
        className="m-code-input"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(v) => setCode(v.replace(/\D/g, "").slice(0, 6))}
        placeholder="______"
        aria-label={t("volunteering.codeLabel")}
        data-testid="vol-code-input"
      />
      <FormError error={check.error} />
      <Button
        block
        size="large"
        color="primary"
        style={{ marginTop: 16 }}
        disabled={code.length !== 6}
        loading={check.isPending}
        onClick={() => check.mutate({ code })}
        data-testid="vol-code-submit"
      >
        {action === "in" ? t("volunteering.submitIn") : t("volunteering.submitOut")}
      </Button>
      <Button block size="large" style={{ marginTop: 12 }} onClick={back}>
        {t("volunteering.backToActivity")}
      </Button>
    </div>
  );
}

function RecordCard(props: { r: VolRecord; communityName: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const en = i18n.language === "en";
  const { r } = props;
  const refresh = () => qc.invalidateQueries({ queryKey: ["volunteering", "me"] });
  const issue = useMutation({
    mutationFn: () => issueCertificate(r.communityId),
    onSuccess: (c) => {
      Toast.show({ content: t("volunteering.issued", { code: c.code }) });
      void refresh();
    },
  });
  const consent = useMutation({
    mutationFn: (v: boolean) => setConsent(r.communityId, v),
    onSuccess: refresh,
  });
  const correct = useMutation({
    mutationFn: (v: { attendanceId: number; reason: string }) =>
      requestCorrection(r.communityId, v.attendanceId, v.reason),
    onSuccess: () => {
      Toast.show({ content: t("volunteering.correctionSent") });
      void refresh();
    },
  });
  const askCorrection = async (attendanceId: number) => {
    let reason = "";
    const okd = await Dialog.confirm({
      title: t("volunteering.askCorrection"),
      content: (
        <Input
          aria-label={t("volunteering.correctionReason")}
          placeholder={t("volunteering.correctionReason")}
          onChange={(v) => (reason = v)}
        />
      ),
    });
    if (okd && reason.trim()) correct.mutate({ attendanceId, reason: reason.trim() });
  };
  return (
    <div data-testid={`vol-record-${r.communityId}`}>
      <div className="m-card m-vol-total">
        <div className="m-muted">
          {props.communityName} · {t("volunteering.totalHours")}
        </div>
        <div className="m-vol-hours" data-testid="vol-total-hours" data-minutes={r.totalMinutes}>
          {hours(r.totalMinutes, en)}
        </div>
      </div>
      {r.upcoming.length > 0 && (
        <List header={t("volunteering.upcoming")} mode="card">
          {r.upcoming.map((u) => (
            <List.Item key={u.activityId} description={dateTime(u.startsAt)}>
              <Link to={`/m/volunteering/${r.communityId}/${u.activityId}`}>{u.title}</Link>
            </List.Item>
          ))}
        </List>
      )}
      <List header={t("volunteering.services")} mode="card">
        {r.services.length === 0 && <List.Item>{t("volunteering.noServices")}</List.Item>}
        {r.services.map((s) => (
          <List.Item
            key={s.attendanceId}
            description={`${dateTime(s.startsAt)} · ${s.place}${s.correction ? ` · ${t(`volunteering.correction.${s.correction}`)}` : ""}`}
            extra={s.minutes != null ? hours(s.minutes, en) : t("volunteering.notCertified")}
            data-testid={`vol-service-${s.attendanceId}`}
          >
            {s.title}
            {s.minutes != null && s.correction !== "requested" && (
              <Button
                size="mini"
                fill="none"
                style={{ marginInlineStart: 8 }}
                onClick={() => askCorrection(s.attendanceId)}
              >
                {t("volunteering.askCorrection")}
              </Button>
            )}
          </List.Item>
        ))}
      </List>
      {r.teams.length > 0 && (
        <List header={t("volunteering.teams")} mode="card">
          <List.Item>{r.teams.join("、")}</List.Item>
        </List>
      )}
      <List header={t("volunteering.certificates")} mode="card">
        {r.certificates.map((c) => (
          <List.Item
            key={c.id}
            description={`${t("volunteering.code")} ${c.code} · ${dateTime(c.issuedAt).slice(0, 10)}`}
            extra={hours(c.minutes, en)}
            data-testid={`vol-certificate-${c.code}`}
          >
            <a href={certificatePdfUrl(r.communityId, c.id)} download data-testid="vol-download">
              {t("volunteering.download")}
            </a>
            {" · "}
            <Link to={`/verify/volunteer/${c.code}`}>{t("volunteering.verifyLink")}</Link>
          </List.Item>
        ))}
        <List.Item>
          <FormError error={issue.error} />
          <Button
            block
            color="primary"
            disabled={r.totalMinutes === 0}
            loading={issue.isPending}
            onClick={() => issue.mutate()}
            data-testid="vol-issue"
          >
            {t("volunteering.issue")}
          </Button>
        </List.Item>
      </List>
      <List mode="card">
        <List.Item
          description={t("volunteering.consentHint")}
          extra={
            <Switch
              checked={r.consent}
              loading={consent.isPending}
              onChange={(v) => consent.mutate(v)}
              aria-label={t("volunteering.consent")}
            />
          }
        >
          {t("volunteering.consent")}
        </List.Item>
      </List>
    </div>
  );
}

export function MyVolunteeringPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const recs = useMyRecords(!!me.data);
  const names = new Map((me.data?.residencies ?? []).map((r) => [r.communityId, r.communityName]));
  if (recs.isPending) return <MobileLoading />;
  if (recs.isError) return <MobileError error={recs.error} onRetry={() => recs.refetch()} />;
  return (
    <div data-testid="vol-mine-page">
      <List mode="card">
        <List.Item clickable onClick={() => navigate("/m/volunteering/shifts")} data-testid="vol-my-shifts">
          {t("volunteering.myShifts")}
        </List.Item>
        <List.Item
          clickable
          onClick={() => navigate("/m/volunteering/assignments")}
          data-testid="vol-my-assignments"
        >
          {t("volunteering.myAssignments")}
        </List.Item>
      </List>
      {recs.data.records.length === 0 ? (
        <ErrorBlock status="empty" title={t("volunteering.noServices")} description={null} />
      ) : (
        recs.data.records.map((r) => (
          <RecordCard key={r.communityId} r={r} communityName={names.get(r.communityId) ?? ""} />
        ))
      )}
    </div>
  );
}

export function VerifyPage() {
  const { t, i18n } = useTranslation();
  const code = useParams().code ?? "";
  const v = useVerify(code);
  if (v.isPending) return <MobileLoading />;
  if (v.isError)
    return (
      <div data-testid="vol-verify-page">
        <Result status="error" title={t("volunteering.verifyBad")} description={code} />
      </div>
    );
  const d = v.data;
  const en = i18n.language === "en";
  return (
    <div data-testid="vol-verify-page">
      <Result status="success" title={t("volunteering.verifyOk")} />
      <List mode="card">
        <List.Item extra={d.code}>{t("volunteering.code")}</List.Item>
        <List.Item extra={<span data-testid="vol-verify-name">{d.volunteerName}</span>}>
          {t("volunteering.volunteer")}
        </List.Item>
        <List.Item extra={d.issuer}>{t("volunteering.issuer")}</List.Item>
        <List.Item extra={dateTime(d.issuedAt).slice(0, 10)}>{t("volunteering.issuedAt")}</List.Item>
        <List.Item extra={<span data-testid="vol-verify-hours">{hours(d.totalMinutes, en)}</span>}>
          {t("volunteering.totalHours")}
        </List.Item>
      </List>
      <List header={t("volunteering.services")} mode="card">
        {d.services.map((s) => (
          <List.Item
            key={`${s.date}-${s.title}-${s.place}-${s.minutes}`}
            description={`${s.date} · ${s.place}`}
            extra={hours(s.minutes, en)}
          >
            {s.title}
          </List.Item>
        ))}
      </List>
    </div>
  );
}

// 会议签到 (resident): opened from the QR code on the organiser's screen (?c= carries the code: signed in
// at once), or from my meetings to type the 6-digit code on big number keys. One task on the screen;
// the answer says 签到成功 or 已签到, or why not (an expired or wrong code) in plain words.
import { useMutation } from "@tanstack/react-query";
import { Button, Input, Result } from "antd-mobile";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams, useSearchParams } from "react-router-dom";
import { FormError, MobileLoading } from "../../../shared/ui/mobile";
import { signInWithCode } from "./meetings-api";
import "./meetings.css";

export function MeetingSignInPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const meetingId = Number(useParams().meetingId);
  const [params] = useSearchParams();
  const communityId = Number(params.get("community"));
  const scanned = /^\d{6}$/.test(params.get("c") ?? "") ? params.get("c")! : null;
  const [code, setCode] = useState("");
  const sign = useMutation({
    mutationFn: (v: { code: string; via: "scan" | "code" }) =>
      signInWithCode(communityId, meetingId, v.code, v.via),
  });
  const tried = useRef(false);
  useEffect(() => {
    if (scanned && !tried.current && communityId > 0) {
      tried.current = true;
      sign.mutate({ code: scanned, via: "scan" });
    }
  }, [scanned, communityId, sign]);

  if (sign.isSuccess) {
    const r = sign.data;
    return (
      <div data-testid="meeting-sign-in-page">
        <Result
          status="success"
          title={i18n.language === "en" ? r.messageEn : r.messageZh}
          description={`${r.name} · ${r.meetingTitle}`}
        />
        <div data-testid="sign-in-result" data-status={r.status} hidden />
        <Button block size="large" onClick={() => navigate("/m/meetings")}>
          {t("meetings.backToList")}
        </Button>
      </div>
    );
  }
  if (sign.isPending && scanned) return <MobileLoading />;
  return (
    <div data-testid="meeting-sign-in-page">
      <p className="m-card-title">{t("meetings.typeCode")}</p>
      <Input
        className="m-code-input"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={code}
        onChange={(v) => setCode(v.replace(/\D/g, "").slice(0, 6))}
        placeholder="______"
        aria-label={t("meetings.codeLabel")}
        data-testid="code-input"
      />
      <FormError error={sign.error} />
      <Button
        block
        size="large"
        color="primary"
        style={{ marginTop: 16 }}
        disabled={code.length !== 6}
        loading={sign.isPending}
        onClick={() => sign.mutate({ code, via: "code" })}
        data-testid="code-submit"
      >
        {t("meetings.submitCode")}
      </Button>
      <Button block size="large" style={{ marginTop: 12 }} onClick={() => navigate("/m/meetings")}>
        {t("meetings.backToList")}
      </Button>
    </div>
  );
}

// 签到屏幕 (staff console, shown on the big screen at the meeting): a QR code of the resident sign-in page
// carrying this 30-second window's code, the 6-digit code in large type for those who type it, a
// countdown to the next code and the live count. The code changes every 30 s, so a photo of the screen
// sent to someone at home stops working.
import { Card, Flex, Statistic, Typography } from "antd";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import { useMeeting, useSignInCode } from "./meetings-api";

export function MeetingSignInScreen() {
  const { t } = useTranslation();
  const meetingId = Number(useParams().meetingId);
  const { communityId } = useCommunity();
  const meeting = useMeeting(communityId, meetingId);
  const code = useSignInCode(communityId, meetingId);
  const [qr, setQr] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const url = code.data ? `${window.location.origin}${code.data.path}` : null;

  useEffect(() => {
    if (!url) return;
    let live = true;
    void QRCode.toDataURL(url, { width: 360, margin: 1, errorCorrectionLevel: "M" }).then(
      (d) => live && setQr(d),
    );
    return () => {
      live = false;
    };
  }, [url]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);

  const seconds = code.data
    ? Math.max(0, Math.ceil((new Date(code.data.expiresAt).getTime() - now) / 1000))
    : 0;
  return (
    <StaffPage
      title={`${t("meetings.signInScreen")} · ${meeting.data?.title ?? ""}`}
      subtitle={t("meetings.signInScreenHint")}
      testId="meeting-sign-in-screen"
      extra={<Link to={`/staff/meetings/${meetingId}`}>{t("common.back")}</Link>}
    >
      {code.isError && <ErrorAlert error={code.error} onRetry={() => code.refetch()} />}
      {code.isPending ? (
        <Loading />
      ) : code.data ? (
        <Flex wrap gap={24} align="stretch">
          <Card style={{ textAlign: "center" }}>
            {qr && (
              <img
                src={qr}
                width={360}
                height={360}
                alt={t("meetings.signInScreenHint")}
                data-testid="sign-in-qr"
                data-sign-in-url={url ?? ""}
              />
            )}
          </Card>
          <Card style={{ minWidth: 320 }}>
            <Typography.Text type="secondary">{t("meetings.codeLabel")}</Typography.Text>
            <div
              data-testid="sign-in-code"
              aria-live="polite"
              style={{ fontSize: 72, fontWeight: 700, letterSpacing: 12, fontVariantNumeric: "tabular-nums" }}
            >
              {code.data.code}
            </div>
            <Typography.Text type="secondary" data-testid="sign-in-countdown">
              {t("meetings.codeChanges", { seconds })}
            </Typography.Text>
            <Statistic
              style={{ marginTop: 24 }}
              title={t("meetings.liveCount")}
              value={code.data.attended}
              valueStyle={{ fontSize: 56 }}
              data-testid="sign-in-count"
            />
          </Card>
        </Flex>
      ) : null}
    </StaffPage>
  );
}

// 我的码 (resident): a QR code of my short-lived personal code (2 minutes, renewed every minute) that the
// organiser scans to sign me in; its text is shown too, for an organiser who types it.
import { Button } from "antd-mobile";
import QRCode from "qrcode";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { usePersonalCode } from "./meetings-api";

export function MyCodePage() {
  const { t } = useTranslation();
  const q = usePersonalCode();
  const [qr, setQr] = useState<string | null>(null);
  const token = q.data?.token;
  useEffect(() => {
    if (!token) return;
    let live = true;
    void QRCode.toDataURL(token, { width: 280, margin: 2 }).then((d) => live && setQr(d));
    return () => {
      live = false;
    };
  }, [token]);
  if (q.isPending) return <MobileLoading />;
  if (q.isError) return <MobileError error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div data-testid="my-code-page" style={{ textAlign: "center" }}>
      <p className="m-card-title">{q.data.name}</p>
      {qr && (
        <img
          src={qr}
          width={280}
          height={280}
          alt={t("meetings.myCodeTitle")}
          data-testid="my-code-qr"
          data-token={token}
        />
      )}
      <p className="m-muted">{t("meetings.myCodeHint")}</p>
      <p className="m-muted" style={{ wordBreak: "break-all" }} data-testid="my-code-text">
        {token}
      </p>
      <Button block size="large" onClick={() => void q.refetch()}>
        {t("meetings.refresh")}
      </Button>
    </div>
  );
}

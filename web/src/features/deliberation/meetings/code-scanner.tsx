// The organiser's camera: reads a resident's personal code (a QR code) with getUserMedia and jsQR,
// frame by frame on a canvas, and hands the text over once. Stops the camera when closed.
import { Alert, Button } from "antd";
import jsQR from "jsqr";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export function CodeScanner(props: { onCode: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const onCode = useRef(props.onCode);
  onCode.current = props.onCode;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement("canvas");
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    const tick = () => {
      const v = video.current;
      if (stopped || !v || !ctx) return;
      if (v.readyState === v.HAVE_ENOUGH_DATA && v.videoWidth > 0) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        ctx.drawImage(v, 0, 0);
        const found = jsQR(
          ctx.getImageData(0, 0, canvas.width, canvas.height).data,
          canvas.width,
          canvas.height,
        );
        if (found?.data) {
          stopped = true;
          onCode.current(found.data);
          return;
        }
      }
      frame = requestAnimationFrame(tick);
    };
    navigator.mediaDevices
      ?.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then((s) => {
        stream = s;
        if (stopped) {
          for (const tr of s.getTracks()) tr.stop();
          return;
        }
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
        frame = requestAnimationFrame(tick);
      })
      .catch(() => setFailed(true)) ?? setFailed(true);
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      for (const tr of stream?.getTracks() ?? []) tr.stop();
    };
  }, []);

  return (
    <div data-testid="code-scanner">
      {failed ? (
        <Alert type="warning" showIcon message={t("meetings.cameraError")} />
      ) : (
        <video ref={video} muted playsInline style={{ width: "100%", maxWidth: 360, background: "#000" }} />
      )}
      <Button onClick={props.onClose} style={{ marginTop: 8 }}>
        {t("meetings.stopCamera")}
      </Button>
    </div>
  );
}

// Up to 9 photos from the phone camera (or the album): thumbnails, remove with one tap, and a clear
// message for a file that is too large (5 MB) or not a picture — before anything is uploaded.
import { Toast } from "antd-mobile";
import { AddOutline, CloseOutline } from "antd-mobile-icons";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_PHOTO_BYTES, MAX_PHOTOS, photoProblem } from "./requests-api";

export function PhotoPicker(props: { value: File[]; onChange: (files: File[]) => void; testId?: string }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const urls = useMemo(() => props.value.map((f) => URL.createObjectURL(f)), [props.value]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );

  const add = (list: FileList | null) => {
    if (!list) return;
    const picked = [...list];
    const bad: string[] = [];
    const good: File[] = [];
    for (const f of picked) {
      const why = photoProblem(f);
      if (why === "size")
        bad.push(
          t("report.photoTooLarge", {
            name: f.name,
            mb: (f.size / 1024 / 1024).toFixed(1),
            max: MAX_PHOTO_BYTES / 1024 / 1024,
          }),
        );
      else if (why === "type") bad.push(t("report.photoWrongType", { name: f.name }));
      else good.push(f);
    }
    const room = MAX_PHOTOS - props.value.length;
    if (good.length > room) bad.push(t("report.photoTooMany", { max: MAX_PHOTOS }));
    const message = bad.join("\n") || null;
    setProblem(message);
    if (message) Toast.show({ content: bad[0], duration: 2500 });
    if (good.length > 0 && room > 0) props.onChange([...props.value, ...good.slice(0, room)]);
  };

  return (
    <div data-testid={props.testId ?? "photo-picker"}>
      <div className="m-photos">
        {props.value.map((f, i) => (
          <div className="m-photo" key={`${f.name}-${f.size}-${f.lastModified}`}>
            <img src={urls[i]} alt={f.name} />
            <button
              type="button"
              className="m-photo-remove"
              aria-label={t("report.removePhoto")}
              onClick={() => props.onChange(props.value.filter((_, k) => k !== i))}
            >
              <CloseOutline />
            </button>
          </div>
        ))}
        {props.value.length < MAX_PHOTOS && (
          <button
            type="button"
            className="m-photo m-photo-add"
            onClick={() => inputRef.current?.click()}
            data-testid="add-photo"
          >
            <AddOutline fontSize={26} />
            <span>{t("report.takePhoto")}</span>
          </button>
        )}
      </div>
      <input
        ref={inputRef}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        hidden
        data-testid="photo-input"
        onChange={(e) => {
          add(e.target.files);
          e.target.value = "";
        }}
      />
      <div className="m-muted">{t("report.photoHint", { count: props.value.length, max: MAX_PHOTOS })}</div>
      {problem && (
        <div role="alert" className="m-error-text" data-testid="photo-error">
          {problem}
        </div>
      )}
    </div>
  );
}

// 我的数据: everything the platform holds about me (PIPL Art. 45), shown and downloadable.

import type { ZMyData } from "@contract/core/privacy/privacy.schema";
import { useQuery } from "@tanstack/react-query";
import { Button, Collapse, List, Toast } from "antd-mobile";
import { DownlandOutline } from "antd-mobile-icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";

type Doc = Reply<typeof ZMyData>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

function scalar(v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "✓" : "✗";
  if (typeof v === "string" && ISO_DATE.test(v)) return dayjs(v).format("YYYY-MM-DD HH:mm");
  if (Array.isArray(v)) return v.length ? v.map((x) => scalar(x)).join("、") : "—";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A field's name in the reader's language (the export itself keeps the stored names). */
function useFieldLabel() {
  const { t, i18n } = useTranslation();
  return (k: string) => {
    const key = `myData.fields.${camel(k)}`;
    return i18n.exists(key) ? (t as (x: string) => string)(key) : k;
  };
}

function Fields(props: { value: Record<string, unknown> }) {
  const fieldLabel = useFieldLabel();
  return (
    <List style={{ "--border-top": "none", "--padding-left": "0", "--font-size": "inherit" }}>
      {Object.entries(props.value).map(([k, v]) => (
        <List.Item key={k} description={fieldLabel(k)}>
          <span style={{ wordBreak: "break-all", color: "var(--adm-color-text)" }}>{scalar(v)}</span>
        </List.Item>
      ))}
    </List>
  );
}

function Section(props: { value: unknown }) {
  const { t } = useTranslation();
  const { value } = props;
  if (Array.isArray(value)) {
    if (value.length === 0) return <div className="m-muted">{t("myData.empty")}</div>;
    return (
      <>
        {value.map((item, i) =>
          item && typeof item === "object" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the export has no stable ids for every kind
            <div key={i} style={{ borderBottom: "1px solid #eee", paddingBottom: 8, marginBottom: 8 }}>
              <Fields value={item as Record<string, unknown>} />
            </div>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: plain values
            <div key={i}>{scalar(item)}</div>
          ),
        )}
      </>
    );
  }
  if (value && typeof value === "object") return <Fields value={value as Record<string, unknown>} />;
  return <div>{scalar(value)}</div>;
}

function download(doc: Doc) {
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `linli-my-data-${dayjs().format("YYYYMMDD-HHmm")}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function MyDataPage() {
  const { t, i18n } = useTranslation();
  const doc = useQuery({
    queryKey: ["me", "data-export"],
    queryFn: () => api.get<Doc>("/me/data-export"),
    staleTime: 0,
  });

  if (doc.isPending) return <MobileLoading />;
  if (doc.isError) return <MobileError error={doc.error} onRetry={() => doc.refetch()} />;

  const entries = Object.entries(doc.data);
  const sectionLabel = (k: string) =>
    i18n.exists(`myData.sections.${k}`) ? (t as (key: string) => string)(`myData.sections.${k}`) : k;
  const scalars = entries.filter(([, v]) => v === null || typeof v !== "object");
  const sections = entries.filter(([, v]) => v !== null && typeof v === "object");

  return (
    <div data-testid="my-data-page">
      <div className="m-card">
        <p className="m-muted" style={{ marginTop: 0 }}>
          {t("myData.intro")}
        </p>
        {scalars.map(([k, v]) => (
          <div key={k} className="m-muted">
            {sectionLabel(k)}：{scalar(v)}
          </div>
        ))}
        <Button
          block
          color="primary"
          size="large"
          style={{ marginTop: 12 }}
          data-testid="download-my-data"
          onClick={() => {
            download(doc.data);
            Toast.show(t("myData.downloaded"));
          }}
        >
          <DownlandOutline /> {t("myData.download")}
        </Button>
      </div>
      <Collapse defaultActiveKey={sections.slice(0, 2).map(([k]) => k)} data-testid="my-data-sections">
        {sections.map(([k, v]) => (
          <Collapse.Panel
            key={k}
            title={
              <span>
                {sectionLabel(k)}
                {Array.isArray(v) && (
                  <span className="m-muted"> · {t("myData.items", { count: v.length })}</span>
                )}
              </span>
            }
          >
            <Section value={v} />
          </Collapse.Panel>
        ))}
      </Collapse>
    </div>
  );
}

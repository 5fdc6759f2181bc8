// 意见箱 (V8): leave an opinion without a name, keep the tracking code, read the community's reply
// by the code; the suggestion column shows the opinions answered in public.
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  Button,
  ErrorBlock,
  Form,
  Input,
  List,
  Result,
  Selector,
  Tabs,
  Tag,
  TextArea,
  Toast,
} from "antd-mobile";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { CommunityChooser, useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  type OpinionSubmitted,
  rememberCode,
  rememberedCodes,
  submitOpinion,
  suggestionColumn,
  trackOpinion,
} from "./opinions-api";

const TOPICS = ["environment", "parking", "property", "safety", "services", "other"] as const;

function WriteTab(props: { communityId: number; onLookUp: (code: string) => void }) {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const [form] = Form.useForm<{ topic: string[]; text: string }>();
  const [done, setDone] = useState<OpinionSubmitted | null>(null);
  const send = useMutation({
    mutationFn: (v: { topic: string[]; text: string }) =>
      submitOpinion(props.communityId, {
        text: v.text.trim(),
        topic: v.topic?.[0] ? tt(`opinionBox.topics.${v.topic[0]}`) : undefined,
      }),
    onSuccess: (res) => {
      rememberCode({ communityId: props.communityId, code: res.trackingCode, at: res.submittedAt });
      setDone(res);
    },
  });
  if (done)
    return (
      <div data-testid="opinion-done">
        <Result status="success" title={t("opinionBox.doneTitle")} description={t("opinionBox.doneText")} />
        <div className="m-card m-code-card">
          <div className="m-muted">{t("opinionBox.code")}</div>
          <div className="m-code" data-testid="tracking-code">
            {done.trackingCode}
          </div>
          <div className="m-muted">
            {t("opinionBox.replyBy", { date: dayjs(done.feedbackDueAt).format("YYYY-MM-DD") })}
          </div>
          <div className="m-sheet-actions">
            <Button
              block
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(done.trackingCode);
                  Toast.show(t("opinionBox.copied"));
                } catch {
                  Toast.show(t("opinionBox.copyFailed"));
                }
              }}
            >
              {t("opinionBox.copy")}
            </Button>
            <Button block color="primary" onClick={() => props.onLookUp(done.trackingCode)}>
              {t("opinionBox.lookUpNow")}
            </Button>
          </div>
        </div>
        <Button
          block
          fill="none"
          onClick={() => {
            setDone(null);
            form.resetFields();
          }}
        >
          {t("opinionBox.another")}
        </Button>
      </div>
    );
  return (
    <Form
      form={form}
      layout="vertical"
      mode="card"
      initialValues={{ topic: [], text: "" }}
      onFinish={(v) => send.mutate(v)}
      footer={
        <>
          <FormError error={send.error} />
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={send.isPending}
            data-testid="opinion-submit"
          >
            {t("opinionBox.submit")}
          </Button>
        </>
      }
    >
      <Form.Header>{t("opinionBox.anonymous")}</Form.Header>
      <Form.Item name="topic" label={t("opinionBox.topic")}>
        <Selector
          columns={3}
          options={TOPICS.map((k) => ({ label: tt(`opinionBox.topics.${k}`), value: k }))}
        />
      </Form.Item>
      <Form.Item
        name="text"
        label={t("opinionBox.text")}
        rules={[
          { required: true, message: t("opinionBox.textRequired") },
          { min: 5, message: t("opinionBox.textTooShort") },
        ]}
      >
        <TextArea
          rows={5}
          maxLength={2000}
          showCount
          placeholder={t("opinionBox.textPlaceholder")}
          data-testid="opinion-text"
        />
      </Form.Item>
    </Form>
  );
}

function LookUpTab(props: { communityId: number; code: string; onCode: (c: string) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(props.code);
  const found = useQuery({
    queryKey: ["opinions", props.communityId, "track", props.code],
    queryFn: () => trackOpinion(props.communityId, props.code),
    enabled: props.code.length >= 8,
    retry: false,
  });
  const mine = rememberedCodes().filter((c) => c.communityId === props.communityId);
  return (
    <div data-testid="opinion-lookup">
      <div className="m-card">
        <Input
          placeholder={t("opinionBox.codePlaceholder")}
          value={typed}
          onChange={setTyped}
          clearable
          data-testid="lookup-code"
          onEnterPress={() => props.onCode(typed.trim())}
        />
        <Button
          block
          color="primary"
          style={{ marginTop: 12 }}
          onClick={() => props.onCode(typed.trim())}
          disabled={typed.trim().length < 8}
          data-testid="lookup-submit"
        >
          {t("opinionBox.lookUp")}
        </Button>
      </div>
      {props.code && found.isPending && found.fetchStatus !== "idle" && <MobileLoading />}
      {found.isError && <MobileError error={found.error} />}
      {found.data && (
        <section className="m-card" data-testid="opinion-found">
          <div className="m-req-head">
            <Tag
              color={found.data.status === "replied" ? "success" : found.data.overdue ? "danger" : "warning"}
            >
              {found.data.status === "replied"
                ? t("opinionStatus.replied")
                : found.data.overdue
                  ? t("opinionBox.overdue")
                  : t("opinionStatus.pending")}
            </Tag>
            {found.data.topic && <span className="m-muted">{found.data.topic}</span>}
          </div>
          <p className="m-req-text">{found.data.text}</p>
          <div className="m-muted">
            {t("opinionBox.submittedAt", { date: dayjs(found.data.submittedAt).format("YYYY-MM-DD HH:mm") })}{" "}
            · {t("opinionBox.replyBy", { date: dayjs(found.data.feedbackDueAt).format("YYYY-MM-DD") })}
          </div>
          {found.data.reply && (
            <div className="m-reply" data-testid="opinion-reply">
              <strong>{t("opinionBox.reply")}</strong>
              <p className="m-req-text">{found.data.reply}</p>
              {found.data.repliedAt && (
                <div className="m-muted">{dayjs(found.data.repliedAt).format("YYYY-MM-DD HH:mm")}</div>
              )}
            </div>
          )}
        </section>
      )}
      {mine.length > 0 && (
        <List header={t("opinionBox.onThisPhone")} mode="card" style={{ margin: 0 }}>
          {mine.map((c) => (
            <List.Item
              key={c.code}
              onClick={() => {
                setTyped(c.code);
                props.onCode(c.code);
              }}
              extra={dayjs(c.at).format("MM-DD")}
            >
              <span className="m-code-small">{c.code}</span>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

function ColumnTab(props: { communityId: number }) {
  const { t } = useTranslation();
  const column = useQuery({
    queryKey: ["opinions", props.communityId, "column"],
    queryFn: () => suggestionColumn(props.communityId),
  });
  if (column.isPending) return <MobileLoading />;
  if (column.isError) return <MobileError error={column.error} onRetry={() => column.refetch()} />;
  if (column.data.items.length === 0)
    return <ErrorBlock status="empty" title={t("opinionBox.columnEmpty")} description={null} />;
  return (
    <div data-testid="suggestion-column">
      {column.data.items.map((c) => (
        <section className="m-card" key={`${c.repliedAt}-${c.text.slice(0, 10)}`}>
          {c.topic && <Tag fill="outline">{c.topic}</Tag>}
          <p className="m-req-text">{c.text}</p>
          <div className="m-reply">
            <strong>{t("opinionBox.reply")}</strong>
            <p className="m-req-text">{c.reply}</p>
            <div className="m-muted">{dayjs(c.repliedAt).format("YYYY-MM-DD")}</div>
          </div>
        </section>
      ))}
    </div>
  );
}

export function OpinionBoxPage() {
  const { t } = useTranslation();
  const community = useResidentCommunity();
  const [tab, setTab] = useState("write");
  const [code, setCode] = useState("");
  const cid = community.communityId;
  return (
    <div data-testid="opinion-box-page">
      <div className="m-toolbar">
        <CommunityChooser name={community.communityName} onChange={community.setCommunityId} />
      </div>
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab key="write" title={t("opinionBox.write")} />
        <Tabs.Tab key="lookup" title={t("opinionBox.lookUpTab")} />
        <Tabs.Tab key="column" title={t("opinionBox.column")} />
      </Tabs>
      <div style={{ marginTop: 12 }}>
        {cid == null ? (
          <ErrorBlock status="empty" title={t("voiceCommon.chooseCommunity")} description={null} />
        ) : tab === "write" ? (
          <WriteTab
            communityId={cid}
            onLookUp={(c) => {
              setCode(c);
              setTab("lookup");
            }}
          />
        ) : tab === "lookup" ? (
          <LookUpTab communityId={cid} code={code} onCode={setCode} />
        ) : (
          <ColumnTab communityId={cid} />
        )}
      </div>
    </div>
  );
}

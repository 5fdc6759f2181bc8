// The comments on one thing (a notice now; a topic, idea or project later), for a resident: the
// thread one level deep, a box to comment or reply, editing my comment within its window, reporting
// someone else's. My held comment shows 待审核 (only I see it); my hidden one shows why. Other modules'
// pages get this through the app, which passes it to them.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, Tag, TextArea, Toast } from "antd-mobile";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { type Comment, editComment, postComment, reportComment, threadKey, useThread } from "./comments-api";
import "./comments.css";

const MAX = 1000;
const when = (iso: string) => dayjs(iso).format("MM-DD HH:mm");

interface Props {
  communityId: number;
  subjectKind: string;
  subjectId: number;
}

function CommentView(props: Props & { c: Comment; canReply: boolean; onReply: (c: Comment) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { c } = props;
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(c.body ?? "");
  const refresh = () =>
    qc.invalidateQueries({ queryKey: threadKey(props.communityId, props.subjectKind, props.subjectId) });
  const save = useMutation({
    mutationFn: () => editComment(props.communityId, c.id, text.trim()),
    onSuccess: () => {
      setEditing(false);
      void refresh();
    },
  });
  const report = useMutation({
    mutationFn: () => reportComment(props.communityId, c.id),
    onSuccess: (r) => {
      Toast.show({ content: t(r.already ? "comments.reportAgain" : "comments.reportDone") });
      void refresh();
    },
  });
  const canEdit = c.mine && c.editableUntil != null && new Date(c.editableUntil).getTime() > Date.now();
  if (c.body == null)
    return (
      <div className="m-comment" data-testid={`comment-${c.id}`}>
        <span className="m-comment-placeholder">{t("comments.hiddenPlaceholder")}</span>
      </div>
    );
  return (
    <div className="m-comment" data-testid={`comment-${c.id}`} data-status={c.status}>
      <div className="m-comment-head">
        <span className="m-comment-author">{c.mine ? t("comments.me") : c.authorName}</span>
        <span>{when(c.createdAt)}</span>
        {c.editedAt && <span>· {t("comments.edited")}</span>}
        {c.status === "held" && (
          <Tag color="warning" className="m-chip" data-testid="comment-held">
            {t("comments.held")}
          </Tag>
        )}
        {c.status === "hidden" && (
          <Tag color="danger" className="m-chip" data-testid="comment-hidden">
            {t("comments.hidden")}
          </Tag>
        )}
      </div>
      {editing ? (
        <>
          <TextArea
            className="m-textarea"
            rows={3}
            maxLength={MAX}
            value={text}
            onChange={setText}
            aria-label={t("comments.edit")}
          />
          <FormError error={save.error} />
          <div className="m-comment-actions">
            <Button size="middle" onClick={() => setEditing(false)}>
              {t("comments.cancel")}
            </Button>
            <Button
              size="middle"
              color="primary"
              disabled={!text.trim()}
              loading={save.isPending}
              onClick={() => save.mutate()}
            >
              {t("comments.save")}
            </Button>
          </div>
        </>
      ) : (
        <div className="m-comment-body" data-testid="comment-body">
          {c.body}
        </div>
      )}
      {c.status === "held" && <div className="m-comment-held">{t("comments.heldHint")}</div>}
      {c.status === "hidden" && c.hiddenReason && (
        <div className="m-comment-held" data-testid="comment-hidden-reason">
          {t("comments.hiddenReason", { reason: c.hiddenReason })}
        </div>
      )}
      {!editing && (
        <div className="m-comment-actions">
          {props.canReply && c.status === "visible" && (
            <Button
              size="middle"
              fill="none"
              color="primary"
              onClick={() => props.onReply(c)}
              data-testid="comment-reply"
            >
              {t("comments.reply")}
            </Button>
          )}
          {canEdit && (
            <Button
              size="middle"
              fill="none"
              color="primary"
              onClick={() => setEditing(true)}
              data-testid="comment-edit"
            >
              {t("comments.edit")}
            </Button>
          )}
          {!c.mine && c.status === "visible" && (
            <Button
              size="middle"
              fill="none"
              disabled={c.reportedByMe}
              onClick={async () => {
                if (await Dialog.confirm({ content: t("comments.confirmReport") })) report.mutate();
              }}
              data-testid="comment-report"
            >
              {t(c.reportedByMe ? "comments.reported" : "comments.report")}
            </Button>
          )}
        </div>
      )}
      <FormError error={report.error} />
    </div>
  );
}

export function CommentThread(props: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const thread = useThread(props.communityId, props.subjectKind, props.subjectId);
  const [text, setText] = useState("");
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const send = useMutation({
    mutationFn: () =>
      postComment(props.communityId, {
        subjectKind: props.subjectKind,
        subjectId: props.subjectId,
        body: text.trim(),
        ...(replyTo ? { parentId: replyTo.id } : {}),
      }),
    onSuccess: (c) => {
      Toast.show({ content: t(c.status === "held" ? "comments.sentHeld" : "comments.sent"), duration: 3000 });
      setText("");
      setReplyTo(null);
      void qc.invalidateQueries({
        queryKey: threadKey(props.communityId, props.subjectKind, props.subjectId),
      });
    },
  });
  if (thread.isPending) return <MobileLoading />;
  if (thread.isError) return <MobileError error={thread.error} onRetry={() => thread.refetch()} />;
  const { items, canComment } = thread.data;
  return (
    <div data-testid="comment-thread">
      {items.length === 0 && <p className="m-muted">{t("comments.empty")}</p>}
      {items.map((top) => (
        <div key={top.id}>
          <CommentView {...props} c={top} canReply={canComment} onReply={setReplyTo} />
          {top.replies.length > 0 && (
            <div className="m-comment-replies">
              {top.replies.map((r) => (
                <CommentView
                  key={r.id}
                  {...props}
                  c={r}
                  canReply={canComment}
                  onReply={() => setReplyTo(top)}
                />
              ))}
            </div>
          )}
        </div>
      ))}
      {canComment ? (
        <div className="m-comment-box">
          {replyTo && (
            <div className="m-comment-actions">
              <span className="m-muted" style={{ alignSelf: "center" }}>
                {t("comments.replyPlaceholder", {
                  name: replyTo.mine ? t("comments.me") : (replyTo.authorName ?? ""),
                })}
              </span>
              <Button size="middle" fill="none" onClick={() => setReplyTo(null)}>
                {t("comments.cancelReply")}
              </Button>
            </div>
          )}
          <TextArea
            className="m-textarea"
            rows={3}
            maxLength={MAX}
            showCount
            placeholder={t("comments.placeholder")}
            aria-label={t("comments.placeholder")}
            value={text}
            onChange={setText}
            data-testid="comment-input"
          />
          <FormError error={send.error} />
          <Button
            block
            size="large"
            color="primary"
            disabled={!text.trim()}
            loading={send.isPending}
            onClick={() => send.mutate()}
            data-testid="comment-send"
          >
            {t("comments.send")}
          </Button>
        </div>
      ) : (
        <p className="m-muted">{t("comments.cannotComment")}</p>
      )}
    </div>
  );
}

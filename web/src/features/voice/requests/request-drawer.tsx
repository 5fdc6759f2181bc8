// One request in the staff console: facts, photos, history, and what the caller may do next —
// sign (reclassifying), route, resolve with photos, merge into a likely duplicate; for a need or
// micro-wish, its claim (已超期, 释放认领).
import { CheckOutlined, MergeCellsOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Image,
  List,
  Popconfirm,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useLabel } from "../../../shared/i18n/labels";
import { ErrorAlert, Loading } from "../../../shared/ui/staff";
import { countdown, useNow } from "./countdown";
import { eventDetail, eventTitle } from "./events";
import { RequestClaim } from "./request-claim";
import {
  categoryName,
  duplicatesOf,
  mergeRequest,
  type RequestDetail,
  signRequest,
  useCategories,
  useRequestDetail,
  useTopicsOfRequest,
} from "./requests-api";
import { ResolveModal } from "./resolve-modal";
import { RouteMenu } from "./route-menu";
import { StaffKindTag, StaffStatusTag } from "./staff-tags";

function Duplicates(props: { r: RequestDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { r } = props;
  const dups = useQuery({
    queryKey: ["requests", r.communityId, r.id, "duplicates"],
    queryFn: () => duplicatesOf(r.communityId, r.id),
    retry: false,
  });
  const merge = useMutation({
    mutationFn: (intoId: number) => mergeRequest(r.communityId, r.id, intoId),
    onSuccess: (_, intoId) => {
      message.success(t("drawer.merged", { id: intoId }));
      void qc.invalidateQueries({ queryKey: ["requests"] });
      void qc.invalidateQueries({ queryKey: ["inbox"] });
    },
    onError: (err) => message.error(describeError(err)),
  });
  if (dups.isError) return null;
  return (
    <div data-testid="duplicates">
      <Typography.Title level={5}>{t("drawer.duplicates")}</Typography.Title>
      {dups.data && dups.data.length === 0 ? (
        <Typography.Text type="secondary">{t("drawer.noDuplicates")}</Typography.Text>
      ) : (
        <List
          size="small"
          loading={dups.isPending}
          dataSource={dups.data ?? []}
          renderItem={(d) => (
            <List.Item
              actions={[
                <Popconfirm
                  key="merge"
                  title={t("drawer.mergeConfirm", { id: d.id })}
                  okText={t("common.confirm")}
                  cancelText={t("common.cancel")}
                  onConfirm={() => merge.mutate(d.id)}
                >
                  <Button size="small" icon={<MergeCellsOutlined />} loading={merge.isPending}>
                    {t("drawer.mergeInto")}
                  </Button>
                </Popconfirm>,
              ]}
            >
              <List.Item.Meta
                title={`#${d.id} ${d.title}`}
                description={[
                  label("reqStatus", d.status),
                  d.place.address,
                  d.distanceM != null ? t("drawer.distance", { m: Math.round(d.distanceM) }) : null,
                  dayjs(d.createdAt).format("MM-DD HH:mm"),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

function SignBar(props: { r: RequestDetail }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { r } = props;
  const cats = useCategories(r.communityId);
  const [categoryId, setCategoryId] = useState<number>(r.category.id);
  const sign = useMutation({
    mutationFn: () => signRequest(r.communityId, r.id, categoryId !== r.category.id ? { categoryId } : {}),
    onSuccess: () => {
      message.success(t("inbox.signed"));
      void qc.invalidateQueries({ queryKey: ["requests"] });
      void qc.invalidateQueries({ queryKey: ["inbox"] });
    },
    onError: (err) => message.error(describeError(err)),
  });
  return (
    <Space wrap>
      <Select
        style={{ minWidth: 160 }}
        value={categoryId}
        onChange={setCategoryId}
        options={(cats.data ?? [])
          .filter((c) => c.active && c.kinds.includes(r.kind))
          .map((c) => ({ value: c.id, label: categoryName(c, i18n.language) }))}
        aria-label={t("drawer.reclassify")}
      />
      <Button
        type="primary"
        icon={<CheckOutlined />}
        loading={sign.isPending}
        onClick={() => sign.mutate()}
        data-testid="drawer-sign"
      >
        {t("inbox.sign")}
      </Button>
    </Space>
  );
}

/** "转为议题 #…" links to the topics made from it, or 转为议题 for those who handle it (the topics page). */
function TopicLinks(props: { communityId: number; requestId: number; canHandle: boolean }) {
  const { t } = useTranslation();
  const topics = useTopicsOfRequest(props.communityId, props.requestId);
  const items = topics.data?.items ?? [];
  if (items.length === 0 && !props.canHandle) return null;
  return (
    <Flex wrap gap={8} data-testid="drawer-topics">
      {items.map((x) => (
        <Link
          key={x.id}
          to={`/staff/topics/${props.communityId}/${x.id}`}
          data-testid={`drawer-topic-${x.id}`}
        >
          {t("drawer.topicLink", { id: x.id, title: x.title })}
        </Link>
      ))}
      {items.length === 0 && props.canHandle && topics.isSuccess && (
        <Link to={`/staff/topics?fromRequest=${props.requestId}`} data-testid="drawer-to-topic">
          {t("drawer.toTopic")}
        </Link>
      )}
    </Flex>
  );
}

export function RequestDrawer(props: { communityId: number; requestId: number; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const q = useRequestDetail(props.communityId, props.requestId);
  const [resolving, setResolving] = useState(false);
  const now = useNow(1000);
  const r = q.data;
  const open = r && (r.status === "submitted" || r.status === "signed");
  const c =
    r && open ? countdown(Date.parse(r.status === "submitted" ? r.signDueAt : r.solveDueAt), now) : null;

  return (
    <Drawer
      open
      width={Math.min(720, typeof window === "undefined" ? 720 : window.innerWidth)}
      onClose={props.onClose}
      title={r ? `#${r.id} ${r.title}` : t("common.loading")}
      destroyOnHidden
      data-testid="request-drawer"
      extra={r && <StaffStatusTag status={r.status} />}
    >
      {q.isPending && <Loading />}
      {q.isError && <ErrorAlert error={q.error} onRetry={() => q.refetch()} />}
      {r && (
        <Flex vertical gap={20}>
          {(r.can.sign || r.can.route || r.can.resolve) && (
            <Flex wrap gap={8} align="center" data-testid="drawer-actions">
              {r.can.sign && <SignBar r={r} />}
              {r.can.route && (
                <RouteMenu communityId={r.communityId} requestId={r.id} current={r.route?.to} size="middle" />
              )}
              {r.can.resolve && (
                <Button type="primary" onClick={() => setResolving(true)} data-testid="drawer-resolve">
                  {t("drawer.resolve")}
                </Button>
              )}
            </Flex>
          )}
          <TopicLinks
            communityId={r.communityId}
            requestId={r.id}
            canHandle={r.can.sign || r.can.route || r.can.resolve}
          />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("drawer.kind")}>
              <StaffKindTag kind={r.kind} /> {categoryName(r.category, i18n.language)}
            </Descriptions.Item>
            {c && (
              <Descriptions.Item
                label={r.status === "submitted" ? t("drawer.signDue") : t("drawer.solveDue")}
              >
                <Tag color={c.overdue ? "red" : c.soon ? "orange" : "default"} data-testid="drawer-countdown">
                  {c.text}
                </Tag>
                {dayjs(r.status === "submitted" ? r.signDueAt : r.solveDueAt).format("YYYY-MM-DD HH:mm")}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t("drawer.place")}>
              {r.place.address || "—"}
              {r.place.gridName ? ` · ${r.place.gridName}` : ""}
              {r.place.lat != null && r.place.lng != null ? ` (${r.place.lat}, ${r.place.lng})` : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("drawer.submitter")}>
              {[r.submitter.name, r.submitter.phone].filter(Boolean).join(" ") || "—"} ·{" "}
              {label("channel", r.channel)}
            </Descriptions.Item>
            <Descriptions.Item label={t("drawer.createdAt")}>
              {dayjs(r.createdAt).format("YYYY-MM-DD HH:mm")}
            </Descriptions.Item>
            {r.route && (
              <Descriptions.Item label={t("drawer.route")}>
                {label("routeTo", r.route.to)}
                {r.route.orgName ? ` · ${r.route.orgName}` : ""}
              </Descriptions.Item>
            )}
            {r.resolution && (
              <Descriptions.Item label={t("drawer.resolution")}>{r.resolution}</Descriptions.Item>
            )}
            {r.rating && (
              <Descriptions.Item label={t("drawer.rating")}>
                <Tag color={r.rating === "good" ? "green" : r.rating === "poor" ? "red" : "gold"}>
                  {label("rating", r.rating)}
                </Tag>
                {r.ratingComment}
              </Descriptions.Item>
            )}
            {r.reopenCount > 0 && (
              <Descriptions.Item label={t("drawer.reopened")}>
                {t("history.reopenCount", { count: r.reopenCount })}
              </Descriptions.Item>
            )}
            {r.mergedFrom.length > 0 && (
              <Descriptions.Item label={t("drawer.mergedFrom")}>
                {r.mergedFrom.map((id) => `#${id}`).join("、")}
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.description && (
            <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{r.description}</Typography.Paragraph>
          )}
          {r.photos.length > 0 && (
            <div data-testid="drawer-photos">
              <Typography.Title level={5}>{t("drawer.photos")}</Typography.Title>
              <Image.PreviewGroup>
                <Flex wrap gap={8}>
                  {r.photos.map((p, i) => (
                    <div key={p.id} style={{ textAlign: "center" }}>
                      <Image
                        src={p.url}
                        alt={t("drawer.photoAlt", {
                          n: i + 1,
                          stage: p.stage === "submit" ? t("drawer.photoSubmit") : t("drawer.photoResolve"),
                        })}
                        width={96}
                        height={96}
                        style={{ objectFit: "cover", borderRadius: 6 }}
                      />
                      <div>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {p.stage === "submit" ? t("drawer.photoSubmit") : t("drawer.photoResolve")}
                        </Typography.Text>
                      </div>
                    </div>
                  ))}
                </Flex>
              </Image.PreviewGroup>
            </div>
          )}
          {r.kind !== "problem" && (
            <RequestClaim communityId={r.communityId} requestId={r.id} title={r.title} />
          )}
          {r.can.merge && <Duplicates r={r} />}
          <div data-testid="drawer-history">
            <Typography.Title level={5}>{t("request.history")}</Typography.Title>
            {r.events.length === 0 ? (
              <Empty />
            ) : (
              <Timeline
                items={r.events.map((e) => {
                  const detail = eventDetail(e, t, label);
                  return {
                    key: e.id,
                    color:
                      e.kind === "reopened" || e.kind === "escalated"
                        ? "red"
                        : e.kind === "closed"
                          ? "green"
                          : "blue",
                    content: (
                      <div>
                        <Typography.Text strong>{eventTitle(e, label)}</Typography.Text>
                        {detail && <Typography.Text> · {detail}</Typography.Text>}
                        <div>
                          <Typography.Text type="secondary">
                            {dayjs(e.at).format("YYYY-MM-DD HH:mm")}
                            {e.actorName ? ` · ${e.actorName}` : ""}
                            {e.actorRole && !e.actorName ? ` · ${label("role", e.actorRole)}` : ""}
                          </Typography.Text>
                        </div>
                        {e.note && <div>“{e.note}”</div>}
                      </div>
                    ),
                  };
                })}
              />
            )}
          </div>
        </Flex>
      )}
      {resolving && r && (
        <ResolveModal
          communityId={r.communityId}
          requestId={r.id}
          title={r.title}
          onClose={() => setResolving(false)}
        />
      )}
    </Drawer>
  );
}

// The claim of a need or micro-wish in the staff drawer (V3): who claimed it, the promise date, 已超期
// once it has passed (the deadline sweep has then told the claimant and the grid worker), and 释放认领
// with a reason for whoever may handle requests at the place (server: claims module).
import type { ZStaffClaim } from "@contract/voice/claims/claims.schema";
import { useQuery } from "@tanstack/react-query";
import { Button, Descriptions, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { useLabel } from "../../../shared/i18n/labels";
import { ReleaseClaimModal } from "../../../shared/ui/release-claim-modal";
import { ErrorAlert } from "../../../shared/ui/staff";

const claimKey = (communityId: number, requestId: number) => ["requests", communityId, requestId, "claim"];

/** The latest claim of a need or micro-wish, for staff reading its place; nothing when unclaimed. */
export function RequestClaim(props: { communityId: number; requestId: number; title: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const [releasing, setReleasing] = useState(false);
  const q = useQuery({
    queryKey: claimKey(props.communityId, props.requestId),
    queryFn: () =>
      api.get<Reply<typeof ZStaffClaim>>(
        `/communities/${props.communityId}/requests/${props.requestId}/claim`,
      ),
    retry: false,
  });
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data?.claim;
  if (!c) return null;
  const at = (d: string) => dayjs(d).format("MM-DD HH:mm");
  return (
    <div data-testid="drawer-claim">
      <Typography.Title level={5}>{t("drawer.claim.title")}</Typography.Title>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("drawer.claim.claimant")}>
          {label("claimantKind", c.claimantKind)}
          {c.orgName ? ` · ${c.orgName}` : ""} · {[c.claimantName, c.claimantPhone].filter(Boolean).join(" ")}
        </Descriptions.Item>
        <Descriptions.Item label={t("drawer.claim.promise")}>
          {c.promiseDate}{" "}
          {c.status === "active" &&
            (c.overdue ? (
              <Tag color="red" data-testid="claim-overdue">
                {t("drawer.claim.overdue")}
              </Tag>
            ) : (
              <Tag>{t("drawer.claim.onTime")}</Tag>
            ))}
        </Descriptions.Item>
        <Descriptions.Item label={t("drawer.claim.status")}>
          <span data-testid="claim-status">
            {c.released
              ? c.releasedByName
                ? t("drawer.claim.released", { name: c.releasedByName })
                : t("drawer.claim.releasedNoName")
              : t(`drawer.claim.statusName.${c.status}`)}
          </span>
          {c.remindedAt && (
            <div>
              <Typography.Text type="secondary">
                {t("drawer.claim.reminded", { at: at(c.remindedAt) })}
              </Typography.Text>
            </div>
          )}
          {c.overdueNotifiedAt && (
            <div>
              <Typography.Text type="secondary">
                {t("drawer.claim.overdueNotified", { at: at(c.overdueNotifiedAt) })}
              </Typography.Text>
            </div>
          )}
        </Descriptions.Item>
      </Descriptions>
      {c.links.release && (
        <Button
          danger
          style={{ marginTop: 8 }}
          onClick={() => setReleasing(true)}
          data-testid="claim-release"
        >
          {t("drawer.claim.release")}
        </Button>
      )}
      {releasing && (
        <ReleaseClaimModal
          communityId={props.communityId}
          claimId={c.id}
          title={props.title}
          onClose={() => setReleasing(false)}
        />
      )}
    </div>
  );
}

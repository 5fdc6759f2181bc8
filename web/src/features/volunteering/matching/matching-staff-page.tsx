// 志愿需求匹配 (staff console): the community's open needs with their assignment; a need's ranked
// volunteers with the reasons in words and 指派 (audited on the server). A decline shows as "婉拒 n 人"
// and the next suggestion heads the list.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Flex, List, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { assignNeed, matchingKey, type Need, useNeeds, useSuggestions } from "./matching-api";

function SuggestionsCard(props: { communityId: number; requestId: number }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { message } = App.useApp();
  const qc = useQueryClient();
  const s = useSuggestions(props.communityId, props.requestId);
  const assign = useMutation({
    mutationFn: (userId: number) => assignNeed(props.communityId, props.requestId, userId),
    onSuccess: () => {
      void message.success(t("matching.assignedOk"));
      void qc.invalidateQueries({ queryKey: matchingKey });
    },
    onError: (e) => void message.error(describeError(e)),
  });
  if (s.error) return <ErrorAlert error={s.error} onRetry={() => void s.refetch()} />;
  const live = s.data?.need.assignment;
  return (
    <Card
      title={`${t("matching.suggestions")} · ${s.data?.need.title ?? ""}`}
      loading={s.isLoading}
      data-testid="suggestions"
      extra={<Typography.Text type="secondary">{t("matching.proximity")}</Typography.Text>}
    >
      <List
        locale={{ emptyText: t("matching.noSuggestions") }}
        dataSource={s.data?.suggestions ?? []}
        renderItem={(v, i) => (
          <List.Item
            data-testid={`suggestion-${v.userId}`}
            actions={[
              <Button
                key="assign"
                type={i === 0 ? "primary" : "default"}
                disabled={!!live}
                loading={assign.isPending && assign.variables === v.userId}
                onClick={() => assign.mutate(v.userId)}
                data-testid={`assign-${v.userId}`}
              >
                {t("matching.assign")}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <span>
                  {i + 1}. {v.name} <Tag>{`${t("matching.score")} ${v.score}`}</Tag>
                  {v.teams.map((x) => (
                    <Tag key={x} color="blue">
                      {x}
                    </Tag>
                  ))}
                </span>
              }
              description={v.reasons.map((r) => (en ? r.en : r.zh)).join("；")}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export function MatchingStaffPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const { communityId } = useCommunity();
  const needs = useNeeds(communityId);
  const [chosen, setChosen] = useState<number | null>(null);
  const columns = [
    { title: t("matching.need"), dataIndex: "title", key: "title" },
    {
      title: t("matching.category"),
      key: "category",
      render: (_: unknown, n: Need) => (en ? n.categoryEn : n.categoryZh),
    },
    { title: t("matching.place"), dataIndex: "place", key: "place" },
    {
      title: t("matching.status"),
      key: "status",
      render: (_: unknown, n: Need) => (
        <Flex gap={4} wrap>
          {n.assignment ? (
            <Tag
              color={n.assignment.status === "accepted" ? "green" : "gold"}
              data-testid={`need-status-${n.requestId}`}
            >
              {t(n.assignment.status === "accepted" ? "matching.accepted" : "matching.assigned", {
                name: n.assignment.name,
              })}
            </Tag>
          ) : (
            <Tag data-testid={`need-status-${n.requestId}`}>{t("matching.none")}</Tag>
          )}
          {n.declined > 0 && <Tag color="red">{t("matching.declined", { n: n.declined })}</Tag>}
        </Flex>
      ),
    },
    {
      title: "",
      key: "go",
      render: (_: unknown, n: Need) => (
        <Button onClick={() => setChosen(n.requestId)} data-testid={`suggest-${n.requestId}`}>
          {t("matching.suggest")}
        </Button>
      ),
    },
  ];
  return (
    <StaffPage title={t("matching.title")} subtitle={t("matching.subtitle")} testId="matching-page">
      {needs.error && <ErrorAlert error={needs.error} onRetry={() => void needs.refetch()} />}
      <Flex vertical gap={16}>
        <Table<Need>
          rowKey="requestId"
          size="small"
          loading={needs.isLoading}
          dataSource={needs.data?.needs ?? []}
          columns={columns}
          locale={{ emptyText: t("matching.empty") }}
          pagination={{ pageSize: 20 }}
        />
        {chosen != null && <SuggestionsCard communityId={communityId} requestId={chosen} />}
      </Flex>
    </StaffPage>
  );
}

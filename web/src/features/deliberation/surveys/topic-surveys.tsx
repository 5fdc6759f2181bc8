// The surveys of one topic (议题), for the topic's page in the console: the app composes it there
// (app/deliberation-pages.tsx), so topics does not import surveys. Each row: the title (to its
// results), its state and how many answered.
import { Card, List, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../../shared/ui/staff";
import { useSurveys } from "./surveys-api";

export function TopicSurveys(props: { communityId: number; topicId: number }) {
  const { t } = useTranslation();
  const surveys = useSurveys(props.communityId, { topicId: props.topicId, limit: 200, offset: 0 });
  return (
    <Card
      title={t("surveys.ofTopic", { count: surveys.data?.total ?? 0 })}
      style={{ marginBottom: 16 }}
      data-testid="topic-surveys"
    >
      {surveys.isError ? (
        <ErrorAlert error={surveys.error} onRetry={() => surveys.refetch()} />
      ) : (
        <List
          loading={surveys.isLoading}
          dataSource={surveys.data?.items ?? []}
          locale={{
            emptyText: <Typography.Text type="secondary">{t("surveys.noneOfTopic")}</Typography.Text>,
          }}
          renderItem={(s) => (
            <List.Item key={s.id}>
              <Link to={`/staff/surveys/${s.id}`} style={{ flex: 1 }}>
                {s.title}
              </Link>
              <Tag style={{ marginInline: 8 }}>{t(`surveys.state.${s.state}`)}</Tag>
              <span>{t("surveys.responses", { count: s.responses })}</span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

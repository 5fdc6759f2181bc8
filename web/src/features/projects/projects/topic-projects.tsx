// The co-building projects made from one topic (已立项), for the topic's page in the console: the app
// composes it there (app/deliberation-pages.tsx), so topics does not import projects. From its
// resolution on (决议, 公示决议, 实施) the topic can be made a project in one step: 决议立项 opens the
// board's creation form with the topic as the project's origin.
import { Button, Card, List, Tag, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { ErrorAlert } from "../../../shared/ui/staff";
import { useProjectsFrom } from "./projects-api";

const RESOLVED = new Set(["resolve", "publish_resolution", "implement", "evaluate"]);

export function TopicProjects(props: {
  communityId: number;
  topicId: number;
  title: string;
  stageKey: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const list = useProjectsFrom(props.communityId, "topic", props.topicId);
  const canCreate =
    hasPermission(me.data, "projects.manage", props.communityId) && RESOLVED.has(props.stageKey);
  return (
    <Card
      title={t("projects.topicCard")}
      style={{ marginBottom: 16 }}
      data-testid="topic-projects"
      extra={
        canCreate && (
          <Link
            to={`/staff/projects?fromTopic=${props.topicId}&title=${encodeURIComponent(props.title)}`}
            data-testid="topic-make-project"
          >
            <Button type="primary">{t("projects.topicCreate")}</Button>
          </Link>
        )
      }
    >
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <List
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          locale={{
            emptyText: <Typography.Text type="secondary">{t("projects.topicNone")}</Typography.Text>,
          }}
          renderItem={(p) => (
            <List.Item key={p.id}>
              <Link to={`/staff/projects/${props.communityId}/${p.id}`} style={{ flex: 1 }}>
                {p.title}
              </Link>
              <Tag>{t(`projects.status.${p.status}`)}</Tag>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

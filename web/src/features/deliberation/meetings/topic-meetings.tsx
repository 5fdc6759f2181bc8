// The meetings of one topic (议题), for the topic's page in the console: the app composes it there
// (app/deliberation-pages.tsx), so topics does not import meetings. Each row: when, kind, title and
// how many signed in; the title opens the meeting.
import { Card, List, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ErrorAlert } from "../../../shared/ui/staff";
import { useMeetings } from "./meetings-api";

export function TopicMeetings(props: { communityId: number; topicId: number }) {
  const { t } = useTranslation();
  const meetings = useMeetings(props.communityId, { topicId: props.topicId, limit: 200, offset: 0 });
  const items = [...(meetings.data?.items ?? [])].sort(
    (a, b) => +new Date(a.startsAt) - +new Date(b.startsAt),
  );
  return (
    <Card
      title={t("meetings.ofTopic", { count: meetings.data?.total ?? 0 })}
      style={{ marginBottom: 16 }}
      data-testid="topic-meetings"
    >
      {meetings.isError ? (
        <ErrorAlert error={meetings.error} onRetry={() => meetings.refetch()} />
      ) : (
        <List
          loading={meetings.isLoading}
          dataSource={items}
          locale={{
            emptyText: <Typography.Text type="secondary">{t("meetings.noneOfTopic")}</Typography.Text>,
          }}
          renderItem={(m) => (
            <List.Item key={m.id}>
              <Typography.Text type="secondary">
                {dayjs(m.startsAt).format("YYYY-MM-DD HH:mm")}
              </Typography.Text>
              <Tag style={{ marginInline: 8 }}>{t(`meetings.kind.${m.kind}`)}</Tag>
              <Link to={`/staff/meetings/${m.id}`} style={{ flex: 1 }}>
                {m.title}
              </Link>
              <span>{t("meetings.attendedCount", { count: m.attended })}</span>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

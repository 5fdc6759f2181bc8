// Pages the app composes from two features (features do not import each other): the resident home
// with the notices of my places (core/me's home + deliberation/notices' section), and a notice with
// its comments (deliberation/notices' page + deliberation/comments' thread). Topics, ideas and
// projects pass their comment threads the same way.
import { ResidentHomePage } from "../features/core/me/resident-home-page";
import { CommentThread } from "../features/deliberation/comments/comment-thread";
import { HomeNotices } from "../features/deliberation/notices/home-notices";
import { NoticePage } from "../features/deliberation/notices/notice-page";
import { TopicPage } from "../features/deliberation/topics/topic-page";

export function ResidentHome() {
  return <ResidentHomePage sections={<HomeNotices />} />;
}

export function ResidentNoticePage() {
  return (
    <NoticePage
      comments={(communityId, noticeId) => (
        <CommentThread communityId={communityId} subjectKind="notice" subjectId={noticeId} />
      )}
    />
  );
}

export function ResidentTopicPage() {
  return (
    <TopicPage
      comments={(communityId, topicId) => (
        <CommentThread communityId={communityId} subjectKind="topic" subjectId={topicId} />
      )}
    />
  );
}

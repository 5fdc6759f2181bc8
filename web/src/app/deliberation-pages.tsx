// Pages the app composes from two features (features do not import each other): the resident home
// with the notices of my places (core/me's home + deliberation/notices' section), and a notice with
// its comments (deliberation/notices' page + deliberation/comments' thread). Topics, ideas and
// projects pass their comment threads the same way; a topic in the console shows its surveys and meetings.
import { ResidentHomePage } from "../features/core/me/resident-home-page";
import { CommentThread } from "../features/deliberation/comments/comment-thread";
import { TopicMeetings } from "../features/deliberation/meetings/topic-meetings";
import { HomeNotices } from "../features/deliberation/notices/home-notices";
import { NoticePage } from "../features/deliberation/notices/notice-page";
import { TopicSurveys } from "../features/deliberation/surveys/topic-surveys";
import { TopicPage } from "../features/deliberation/topics/topic-page";
import { TopicStaffPage } from "../features/deliberation/topics/topic-staff-page";
import { ProjectPage } from "../features/projects/projects/project-page";
import { TopicProjects } from "../features/projects/projects/topic-projects";

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

/** A topic in the console with its meetings and surveys (each feature's own card). */
export function StaffTopicPage() {
  return (
    <TopicStaffPage
      related={(communityId, topicId, topic) => (
        <>
          <TopicProjects
            communityId={communityId}
            topicId={topicId}
            title={topic.title}
            stageKey={topic.stageKey}
          />
          <TopicSurveys communityId={communityId} topicId={topicId} />
          <TopicMeetings communityId={communityId} topicId={topicId} />
        </>
      )}
    />
  );
}

/** A co-building project on the phone with its comments. */
export function ResidentProjectPage() {
  return (
    <ProjectPage
      comments={(communityId, projectId) => (
        <CommentThread communityId={communityId} subjectKind="project" subjectId={projectId} />
      )}
    />
  );
}

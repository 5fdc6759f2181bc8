// 我的投票 (resident): the owners' votes whose frozen electorate includes a home the resident owns —
// open ones to vote in (待投票), those voted in with the receipt code (已投票), and closed ones with the
// published result. Each opens the one-question-per-screen ballot page; a closed one its result notice.
import { Button, ErrorBlock, Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { type MyVotes, useMyVotes } from "./votes-api";
import "./votes.css";

type Item = MyVotes["items"][number];

const CHANNEL = {
  online: "votes.channelOnline",
  paper: "votes.channelPaper",
  proxy: "votes.channelProxy",
} as const;

function MyVoteCard(props: { v: Item }) {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: object) => string;
  const navigate = useNavigate();
  const { v } = props;
  const open = () => navigate(`/m/votes/${v.communityId}/${v.id}`);
  const mine = v.myBallot
    ? { color: "success" as const, text: t("votes.my.voted") }
    : v.canVote
      ? { color: "warning" as const, text: t("votes.my.toVote") }
      : v.state === "closed" || v.state === "ended"
        ? { color: "default" as const, text: t("votes.my.notVoted") }
        : null;
  return (
    <article className="m-card" data-testid={`my-vote-${v.id}`}>
      <div className="m-vote-tags">
        <Tag fill="outline" className="m-chip">
          {tt(`votes.state.${v.state}`)}
        </Tag>
        {mine && (
          <Tag color={mine.color} className="m-chip" data-testid="my-vote-status">
            {mine.text}
          </Tag>
        )}
      </div>
      <h2 className="m-card-title">{v.title}</h2>
      <p className="m-muted">
        {v.communityName} · {t("votes.matter", { name: v.matterName })}
        <br />
        {v.state === "upcoming"
          ? t("votes.my.upcoming", { at: dayjs(v.opensAt).format("M月D日 HH:mm") })
          : v.state === "ended"
            ? t("votes.my.ended")
            : t("votes.closesAt", { at: dayjs(v.closesAt).format("M月D日 HH:mm") })}
      </p>
      {v.myBallot && (
        <p className="m-vote-my-receipt" data-testid="my-vote-receipt">
          {t("votes.my.receipt", { channel: t(CHANNEL[v.myBallot.channel]), code: v.myBallot.receipt })}
          {!v.myBallot.counted && <span className="m-muted"> · {t("votes.my.pending")}</span>}
        </p>
      )}
      {v.result && (
        <section className="m-vote-result" data-testid="my-vote-result">
          <h3>{t("votes.my.result")}</h3>
          <p>{v.result.quorumMet ? t("votes.my.quorumMet") : t("votes.my.quorumNotMet")}</p>
          <ul>
            {v.result.questions.map((q, i) => (
              <li key={q.text}>
                {t("votes.my.question", { n: i + 1, text: q.text })} —{" "}
                <strong>{q.passed ? t("votes.my.passed") : t("votes.my.notPassed")}</strong>
              </li>
            ))}
          </ul>
        </section>
      )}
      {v.canVote ? (
        <Button block size="large" color="primary" onClick={open} data-testid="my-vote-open">
          {v.myBallot ? t("votes.my.view") : t("votes.my.vote")}
        </Button>
      ) : v.noticeId != null ? (
        <Button
          block
          size="large"
          onClick={() => navigate(`/m/notices/${v.communityId}/${v.noticeId}`)}
          data-testid="my-vote-notice"
        >
          {t("votes.my.notice")}
        </Button>
      ) : v.myBallot ? (
        <Button block size="large" onClick={open} data-testid="my-vote-open">
          {t("votes.my.view")}
        </Button>
      ) : null}
    </article>
  );
}

export function MyVotesPage() {
  const { t } = useTranslation();
  const list = useMyVotes();
  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.items;
  return (
    <div data-testid="my-votes-page">
      <p className="m-muted">{t("votes.my.intro")}</p>
      {items.length === 0 ? (
        <ErrorBlock status="empty" title={t("votes.my.empty")} description={null} />
      ) : (
        <div className="m-vote-list">
          {items.map((v) => (
            <MyVoteCard key={`${v.communityId}-${v.id}`} v={v} />
          ))}
        </div>
      )}
    </div>
  );
}

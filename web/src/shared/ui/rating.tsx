// 好差评 on the resident pages: the three ratings, their faces and the big buttons to choose one.
// Rating a request (features/requests) and rating a space or service (features/ratings) use this one
// picker, as the server's two modules share the vocabulary in requests.schema.ts. The words are the i18n
// `rating` labels (好评 / 一般 / 差评).

import type {
  RATING_COMMENT_MAX as SERVER_COMMENT_MAX,
  ZRating,
} from "@contract/voice/requests/requests.schema";
import { FingerdownOutline, LikeOutline, MinusCircleOutline } from "antd-mobile-icons";
import { useTranslation } from "react-i18next";
import { allValues, type Reply } from "../api/contract";
import { useLabel } from "../i18n/labels";

export type Rating = Reply<typeof ZRating>;
export const RATINGS = allValues<Rating>()(["good", "average", "poor"]);
/** The server's limit (ZRatingComment; its type is the server's number); a comment is never required. */
export const RATING_COMMENT_MAX: typeof SERVER_COMMENT_MAX = 500;

export const RATING_FACE: Record<Rating, React.ReactNode> = {
  good: <LikeOutline />,
  average: <MinusCircleOutline />,
  poor: <FingerdownOutline />,
};

/** Three big buttons, one per rating (`rate-good`, `rate-average`, `rate-poor`). */
export function RatingPicker(props: {
  value: Rating | null;
  onChange: (r: Rating) => void;
  testIdPrefix?: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const prefix = props.testIdPrefix ?? "rate";
  return (
    <fieldset className="m-ratings" aria-label={t("request.ratingLabel")}>
      {RATINGS.map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={props.value === k}
          className={props.value === k ? `m-rating is-on m-rating-${k}` : `m-rating m-rating-${k}`}
          onClick={() => props.onChange(k)}
          data-testid={`${prefix}-${k}`}
        >
          <span aria-hidden="true" className="m-rating-icon">
            {RATING_FACE[k]}
          </span>
          {label("rating", k)}
        </button>
      ))}
    </fieldset>
  );
}

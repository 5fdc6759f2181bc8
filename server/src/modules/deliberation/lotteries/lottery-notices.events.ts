// Each applicant hears their own outcome (issue 11, D8): the `lottery-notices` consumer reacts to
// lottery.drawn by telling every applicant — won with their place in the draw (and the named item),
// their position on the waiting list, or not drawn — and to lottery.place_passed by telling the one
// the declined place passed to. Each application is claimed by a stamp (draw_notified_at,
// passed_notified_at) in the transaction of its notifications, so an event handled again (a retry, a
// resent dead letter) tells nobody twice; the texts go out in batches (notifications' notifyEach).
import { defineConsumer, isEvent } from "../../../events/define.ts";
import { notifyEach, type PersonalNotification } from "../../core/notifications/notifications.service.ts";
import { lotteryDrawn, lotteryPlacePassed } from "./lotteries.events.ts";
import * as q from "./lotteries.queries.ts";

const KIND_ZH = { parking: "车位", garden: "菜地", course: "课程名额", other: "名额" } as const;
const KIND_EN = {
  parking: "parking space",
  garden: "garden plot",
  course: "course seat",
  other: "place",
} as const;

export const lotteryNoticesConsumer = defineConsumer({
  name: "lottery-notices",
  description:
    "tells each applicant of a drawn lottery their outcome (won with position, waiting-list position, not drawn), and the one a declined place passes to",
  events: [lotteryDrawn, lotteryPlacePassed],
  async handle(trx, event) {
    const c = event.communityId;
    const l = await q.findLottery(trx, c, event.aggregateId);
    if (!l) return;
    const link = `/m/lotteries/${c}/${l.id}`;
    const zh = KIND_ZH[l.kind];
    const en = KIND_EN[l.kind];
    if (isEvent(event, lotteryDrawn)) {
      const items: PersonalNotification[] = [];
      for (const a of await q.claimDrawNotices(trx, c, l.id)) {
        if (a.user_id == null) continue;
        const item = a.item ? `（${a.item}）` : "";
        const itemEn = a.item ? ` (${a.item})` : "";
        if (a.outcome === "won" && a.draw_position != null)
          items.push({
            userId: a.user_id,
            titleZh: `摇号中签：${l.title}`,
            titleEn: `You won the lottery: ${l.title}`,
            bodyZh: `您的 ${a.ticket} 号中签，排第 ${a.draw_position} 位${item}，请留意社区通知办理${zh}手续。`,
            bodyEn: `Your ticket ${a.ticket} won, drawn ${ordinal(a.draw_position)}${itemEn}; the community will tell you how to take up the ${en}.`,
            link,
          });
        else if (a.outcome === "waiting" && a.draw_position != null) {
          const w = a.draw_position - event.payload.places;
          items.push({
            userId: a.user_id,
            titleZh: `摇号结果：候补第 ${w} 位`,
            titleEn: `Lottery result: waiting list no. ${w}`,
            bodyZh: `「${l.title}」您的 ${a.ticket} 号在候补名单第 ${w} 位；中签者放弃时按顺序递补，递补到您时会再通知您。`,
            bodyEn: `"${l.title}": your ticket ${a.ticket} is no. ${w} on the waiting list; if winners decline, places pass down the list and you will be told.`,
            link,
          });
        } else
          items.push({
            userId: a.user_id,
            titleZh: `摇号结果：未中签`,
            titleEn: `Lottery result: not drawn`,
            bodyZh: `「${l.title}」您的申请未中签。`,
            bodyEn: `"${l.title}": your application was not drawn.`,
            link,
          });
      }
      await notifyEach(trx, { communityId: c, kind: "lottery.drawn", items });
      return;
    }
    if (isEvent(event, lotteryPlacePassed) && event.payload.passedToTicket != null) {
      const a = await q.claimPassedNotice(trx, c, l.id, event.payload.passedToTicket);
      if (!a || a.user_id == null) return;
      const item = a.item ? `（${a.item}）` : "";
      const itemEn = a.item ? ` (${a.item})` : "";
      await notifyEach(trx, {
        communityId: c,
        kind: "lottery.place_passed",
        items: [
          {
            userId: a.user_id,
            titleZh: `候补递补：${l.title}`,
            titleEn: `A place passed to you: ${l.title}`,
            bodyZh: `有中签者放弃，按候补顺序由您的 ${a.ticket} 号递补${item}，请留意社区通知办理${zh}手续。`,
            bodyEn: `A winner declined; the ${en}${itemEn} passed to your ticket ${a.ticket} from the waiting list.`,
            link,
          },
        ],
      });
    }
  },
});

const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`;

export const LOTTERY_NOTICE_CONSUMERS = [lotteryNoticesConsumer];

// 课程活动 (resident, antd-mobile): the community's courses as cards (weekday and time, place, teacher,
// seats, the waiting list) with 报名 on each — two taps from the home screen; my status on the card
// (enrolled, applied, waiting number n). 我的课程: my courses with my place in the waiting list, cancel.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, ErrorBlock, Tag, Toast } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  type Course,
  cancelEnrolment,
  coursesKey,
  enrol,
  useCourses,
  useMyCourses,
  when,
} from "./courses-api";

function Schedule(props: { c: Course }) {
  const { t } = useTranslation();
  const days = props.c.weekdays.length
    ? props.c.weekdays.map((d) => t(`courses.weekday.${d}` as "courses.weekday.1")).join("、")
    : t("courses.everyDay");
  return (
    <p className="m-muted">
      {days} {props.c.startTime} · {props.c.minutes}′ · {props.c.place}
    </p>
  );
}

function StatusTag(props: { c: Course }) {
  const { t } = useTranslation();
  const m = props.c.mine;
  if (!m) return null;
  return (
    <Tag color={m.status === "enrolled" ? "success" : "warning"} data-testid={`course-status-${props.c.id}`}>
      {t(`courses.status.${m.status}`, { n: m.waitingPosition ?? "" })}
    </Tag>
  );
}

export function CoursesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { communityId } = useResidentCommunity();
  const list = useCourses(communityId);
  const join = useMutation({
    mutationFn: (courseId: number) => enrol(communityId!, courseId),
    onSuccess: (r) => {
      Toast.show({
        content: t(`courses.status.${r.status}`, { n: r.waitingPosition ?? "" }),
        icon: r.status === "enrolled" ? "success" : undefined,
      });
      void qc.invalidateQueries({ queryKey: coursesKey(communityId ?? 0) });
      void qc.invalidateQueries({ queryKey: ["courses", "me"] });
    },
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} />;
  return (
    <div data-testid="courses-page">
      <Button block onClick={() => navigate("/m/courses/mine")} data-testid="courses-go-mine">
        {t("courses.mine")}
      </Button>
      <div style={{ height: 12 }} />
      {list.data.items.length === 0 && <ErrorBlock status="empty" title={t("courses.none")} description="" />}
      {list.data.items.map((c) => (
        <section key={c.id} className="m-card" aria-label={c.title} data-testid={`course-${c.id}`}>
          <h2 style={{ fontSize: 18, margin: "0 0 4px" }}>{c.title}</h2>
          <Schedule c={c} />
          <p className="m-muted">
            {t("courses.teacher", {
              name: c.teacherOrg ? `${c.teacherName}（${c.teacherOrg}）` : c.teacherName,
            })}
          </p>
          <p>
            {t("courses.seats", { enrolled: c.enrolled, seats: c.seats })}
            {c.waiting ? ` · ${t("courses.waitingCount", { n: c.waiting })}` : ""}
          </p>
          {c.applyUntil && !c.allocated && (
            <p className="m-muted">{t("courses.applyUntil", { time: when(c.applyUntil) })}</p>
          )}
          {c.mine ? (
            <StatusTag c={c} />
          ) : (
            <Button
              color="primary"
              size="large"
              block
              loading={join.isPending && join.variables === c.id}
              onClick={() => join.mutate(c.id)}
              data-testid={`course-enrol-${c.id}`}
            >
              {c.enrolled >= c.seats && !c.applyUntil ? t("courses.enrolWait") : t("courses.enrol")}
            </Button>
          )}
        </section>
      ))}
    </div>
  );
}

export function MyCoursesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const mine = useMyCourses();
  const cancel = useMutation({
    mutationFn: (c: Course) => cancelEnrolment(c.communityId, c.mine!.enrolmentId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["courses"] }),
    onError: (e) => Toast.show({ content: describeError(e) }),
  });
  if (mine.isPending) return <MobileLoading />;
  if (mine.isError) return <MobileError error={mine.error} />;
  return (
    <div data-testid="my-courses-page">
      {mine.data.items.length === 0 && (
        <ErrorBlock status="empty" title={t("courses.noMine")} description="" />
      )}
      {mine.data.items.map((c) => (
        <section key={c.id} className="m-card" aria-label={c.title} data-testid={`my-course-${c.id}`}>
          <h2 style={{ fontSize: 18, margin: "0 0 4px" }}>{c.title}</h2>
          <Schedule c={c} />
          {c.nextSessionAt && <p className="m-muted">{t("courses.next", { time: when(c.nextSessionAt) })}</p>}
          <StatusTag c={c} />
          <div style={{ height: 8 }} />
          <Button
            size="small"
            onClick={async () => {
              if (await Dialog.confirm({ content: t("courses.cancelConfirm") })) cancel.mutate(c);
            }}
          >
            {t("courses.cancel")}
          </Button>
        </section>
      ))}
    </div>
  );
}

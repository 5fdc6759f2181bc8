// 家人报平安 (C5, resident pages): a family member's view of the relatives they are a check-in contact for —
// today's state, the last week's check-ins, and one big button to check in for them after a call.

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, List, Tag, Toast } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { checkIn, type MyCare, useMyCare } from "./care-api";

function Relative(props: { r: MyCare["relatives"][number] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { r } = props;
  const check = useMutation({
    mutationFn: () => checkIn(r.communityId, r.residentId),
    onSuccess: () => {
      Toast.show({ content: t("care.checkedIn") });
      void qc.invalidateQueries({ queryKey: ["care", "me"] });
    },
    onError: (err) => Toast.show({ content: describeError(err) }),
  });
  const color = r.today === "missed" ? "danger" : r.today === "checked_in" ? "success" : "warning";
  const method = (m: string) => (t as (k: string) => string)(`care.method_${m}`);
  return (
    <section className="m-card" data-testid={`relative-${r.residentId}`}>
      <h2 style={{ margin: "0 0 8px" }}>
        {r.name} {r.relation && <span className="m-muted">（{r.relation}）</span>}{" "}
        <Tag color={color}>{(t as (k: string) => string)(`care.today_${r.today}`)}</Tag>
      </h2>
      <p className="m-muted">
        {t("care.deadline")} {r.deadline}
      </p>
      {r.today !== "checked_in" && (
        <Button block size="large" color="primary" loading={check.isPending} onClick={() => check.mutate()}>
          {t("care.familyCheckin")}
        </Button>
      )}
      <List header={t("care.checkins")}>
        {r.checkins.length === 0 ? (
          <List.Item>{t("care.noCheckins")}</List.Item>
        ) : (
          r.checkins.map((c) => (
            <List.Item
              key={c.id}
              description={t("care.checkinBy", { by: c.by ?? "—", method: method(c.method) })}
            >
              {dayjs(c.at).format("MM-DD HH:mm")}
            </List.Item>
          ))
        )}
      </List>
    </section>
  );
}

export function FamilyCarePage() {
  const { t } = useTranslation();
  const mine = useMyCare();
  if (mine.isPending) return <MobileLoading />;
  if (mine.isError) return <MobileError error={mine.error} onRetry={() => mine.refetch()} />;
  return (
    <div data-testid="family-care-page">
      <h1 className="m-page-title">{t("care.familyTitle")}</h1>
      <p className="m-muted">{t("care.familyIntro")}</p>
      {mine.data.relatives.length === 0 ? (
        <p className="m-card">{t("care.familyEmpty")}</p>
      ) : (
        mine.data.relatives.map((r) => <Relative key={`${r.communityId}-${r.residentId}`} r={r} />)
      )}
    </div>
  );
}

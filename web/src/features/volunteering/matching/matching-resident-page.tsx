// 请我帮忙的需求 (resident, antd-mobile): the needs staff assigned to me, each with why I was asked,
// 接受 / 婉拒 in one tap; and my stated availability (weekdays, time bands) for matching.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, List, Selector, Tag, Toast } from "antd-mobile";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useResidentCommunity } from "../../../shared/ui/resident-community";
import {
  answerNeed,
  matchingKey,
  saveAvailability,
  useMyAssignments,
  useMyAvailability,
} from "./matching-api";

type Band = "morning" | "afternoon" | "evening";

function Availability(props: { communityId: number }) {
  const { t, i18n } = useTranslation();
  const av = useMyAvailability(props.communityId);
  const [days, setDays] = useState<number[]>([]);
  const [bands, setBands] = useState<Band[]>([]);
  useEffect(() => {
    if (av.data) {
      setDays(av.data.weekdays);
      setBands(av.data.bands);
    }
  }, [av.data]);
  const save = useMutation({
    mutationFn: () =>
      saveAvailability(props.communityId, { weekdays: days, bands, skills: av.data?.skills ?? [] }),
    onSuccess: () => Toast.show({ content: t("matching.saved") }),
    onError: (e) => Toast.show({ content: describeError(e, i18n.language) }),
  });
  if (!av.data) return null;
  if (!av.data.volunteer)
    return (
      <p className="m-muted" style={{ padding: "0 16px" }}>
        {t("matching.notVolunteer")}
      </p>
    );
  return (
    <List header={t("matching.availability")} mode="card">
      <List.Item title={t("matching.weekdays")}>
        <Selector
          multiple
          columns={4}
          value={days}
          onChange={setDays}
          options={([1, 2, 3, 4, 5, 6, 7] as const).map((d) => ({ value: d, label: t(`matching.wd${d}`) }))}
        />
      </List.Item>
      <List.Item title={t("matching.bands")}>
        <Selector
          multiple
          columns={3}
          value={bands}
          onChange={(v) => setBands(v as Band[])}
          options={(["morning", "afternoon", "evening"] as const).map((b) => ({
            value: b,
            label: t(`matching.${b}`),
          }))}
        />
      </List.Item>
      <List.Item>
        <Button block color="primary" loading={save.isPending} onClick={() => save.mutate()}>
          {t("matching.save")}
        </Button>
      </List.Item>
    </List>
  );
}

export function MyAssignmentsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const qc = useQueryClient();
  const mine = useMyAssignments();
  const { communityId } = useResidentCommunity();
  const answer = useMutation({
    mutationFn: (v: { communityId: number; id: number; accept: boolean }) =>
      answerNeed(v.communityId, v.id, v.accept),
    onSuccess: (_r, v) => {
      if (v.accept) Toast.show({ content: t("matching.thanks") });
      void qc.invalidateQueries({ queryKey: matchingKey });
    },
    onError: (e) => Toast.show({ content: describeError(e, i18n.language) }),
  });
  if (mine.isLoading) return <MobileLoading />;
  if (mine.error) return <MobileError error={mine.error} onRetry={() => void mine.refetch()} />;
  const rows = mine.data!.assignments;
  return (
    <div className="m-page" data-testid="my-assignments">
      <List header={t("matching.myTitle")} mode="card">
        {rows.length === 0 && <List.Item>{t("matching.myEmpty")}</List.Item>}
        {rows.map((a) => (
          <List.Item
            key={a.id}
            data-testid={`assignment-${a.id}`}
            description={
              <>
                <div>
                  {en ? a.categoryEn : a.categoryZh} · {a.place}
                </div>
                <div>{a.reasons.map((r) => (en ? r.en : r.zh)).join("；")}</div>
                {a.status === "assigned" ? (
                  <div style={{ display: "flex", gap: 12, marginTop: 8 }}>
                    <Button
                      color="primary"
                      size="large"
                      style={{ flex: 1 }}
                      data-testid={`accept-${a.id}`}
                      onClick={() => answer.mutate({ communityId: a.communityId, id: a.id, accept: true })}
                    >
                      {t("matching.accept")}
                    </Button>
                    <Button
                      size="large"
                      style={{ flex: 1 }}
                      onClick={() => answer.mutate({ communityId: a.communityId, id: a.id, accept: false })}
                    >
                      {t("matching.decline")}
                    </Button>
                  </div>
                ) : (
                  <Tag color={a.status === "accepted" ? "success" : "default"}>
                    {t(a.status === "accepted" ? "matching.acceptedTag" : "matching.declinedTag")}
                  </Tag>
                )}
              </>
            }
          >
            {a.title}
          </List.Item>
        ))}
      </List>
      {communityId != null && <Availability communityId={communityId} />}
    </div>
  );
}

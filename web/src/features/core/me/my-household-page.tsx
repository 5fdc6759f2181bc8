import { useQueryClient } from "@tanstack/react-query";
import { Button, ErrorBlock, List, NoticeBar, Result, Tag } from "antd-mobile";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { ME_KEY, useMe } from "../../../shared/api/session";
import type { MyHousehold } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useMyHouseholds } from "./me-api";

function HouseholdCard(props: { h: MyHousehold }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { household: hh, communityName } = props.h;
  return (
    <section className="m-card" data-testid="my-household-card">
      <div className="m-muted">{communityName}</div>
      <h2 style={{ margin: "4px 0 12px", fontSize: "1.25em" }} data-testid="my-household-address">
        {hh.address}
      </h2>
      <List style={{ "--border-top": "none", "--padding-left": "0" }}>
        {hh.estateName && <List.Item extra={hh.estateName}>{t("household.estate")}</List.Item>}
        {hh.buildingName && <List.Item extra={hh.buildingName}>{t("household.building")}</List.Item>}
        {hh.unitName && <List.Item extra={hh.unitName}>{t("household.unit")}</List.Item>}
        <List.Item extra={hh.room}>{t("household.room")}</List.Item>
        {hh.floor != null && <List.Item extra={hh.floor}>{t("household.floor")}</List.Item>}
        {hh.areaM2 != null && (
          <List.Item extra={t("household.areaValue", { area: hh.areaM2 })}>{t("household.area")}</List.Item>
        )}
        {hh.gridName && <List.Item extra={hh.gridName}>{t("household.grid")}</List.Item>}
      </List>
      <h3 className="m-card-title" style={{ marginTop: 16 }}>
        {t("household.members")}
      </h3>
      <List style={{ "--border-top": "none", "--padding-left": "0" }} data-testid="my-household-members">
        {hh.members.map((m) => (
          <List.Item
            key={m.id}
            description={[
              m.phone,
              m.age != null ? t("household.age", { age: m.age }) : null,
              m.gender ? label("gender", m.gender) : null,
            ]
              .filter(Boolean)
              .join(" · ")}
            extra={
              <Tag color="primary" fill="outline">
                {label("relation", m.relation)}
              </Tag>
            }
          >
            {m.name}
            {m.careTags.map((c) => (
              <Tag key={c} color="warning" style={{ marginLeft: 6 }}>
                {label("careTag", c)}
              </Tag>
            ))}
          </List.Item>
        ))}
      </List>
    </section>
  );
}

export function MyHouseholdPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const households = useMyHouseholds();
  const qc = useQueryClient();
  // a request may have been decided since the app opened: ask again on every visit
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: ME_KEY });
  }, [qc]);

  if (households.isPending) return <MobileLoading />;
  if (households.isError)
    return <MobileError error={households.error} onRetry={() => households.refetch()} />;

  const waiting = (me.data?.residencies ?? []).filter((r) => r.status === "pending");
  const rejected = (me.data?.residencies ?? []).filter((r) => r.status === "rejected");

  return (
    <div data-testid="my-household-page">
      {waiting.map((r) => (
        <div key={r.residentId} className="m-card" data-testid="residency-pending">
          <Result
            status="waiting"
            title={t("household.pendingTitle")}
            description={t("household.pendingText", { community: r.communityName })}
          />
        </div>
      ))}
      {rejected.map((r) => (
        <NoticeBar
          key={r.residentId}
          color="error"
          wrap
          style={{ marginBottom: 12, borderRadius: 8 }}
          content={t("household.rejectedText", { community: r.communityName })}
        />
      ))}
      {households.data.length === 0 && waiting.length === 0 && (
        <div className="m-card">
          <ErrorBlock
            status="empty"
            title={t("household.notBoundTitle")}
            description={t("household.notBoundText")}
          >
            <Button color="primary" size="large" onClick={() => navigate("/m/bind")} data-testid="go-bind">
              {t("resident.bindHousehold")}
            </Button>
          </ErrorBlock>
        </div>
      )}
      {households.data.map((h) => (
        <HouseholdCard key={`${h.communityName}-${h.household.id}`} h={h} />
      ))}
      {(households.data.length > 0 || waiting.length > 0) && (
        <Button block fill="outline" onClick={() => navigate("/m/bind")} data-testid="go-bind">
          {t("household.applyAnother")}
        </Button>
      )}
    </div>
  );
}

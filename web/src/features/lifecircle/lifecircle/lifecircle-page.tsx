// 从我家步行到… (resident, /m/lifecircle): the community's buildings on a map coloured by the walk to
// the chosen kind; tapping a building shows its walking time to every kind, and the same in one
// sentence ("到便利店 1 分钟，到菜市场 2 分钟…"). Public: no sign-in, no personal data.
import { ErrorBlock, Selector } from "antd-mobile";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  CommunityChooser,
  useCommunityFromLink,
  useResidentCommunity,
} from "../../../shared/ui/resident-community";
import {
  useBilingual,
  useBuildingReading,
  useIsochrones,
  useLifecircle,
  useMapData,
  useMyBuilding,
} from "./lifecircle-api";
import { LifecircleLegend } from "./lifecircle-legend";
import { LifecircleMap } from "./lifecircle-map";
import "./lifecircle.css";

export function LifecirclePage() {
  const { t } = useTranslation();
  const label = useBilingual();
  const community = useResidentCommunity();
  useCommunityFromLink(community.setCommunityId);
  const cid = community.communityId;
  const figures = useLifecircle(cid);
  const [kind, setKind] = useState<string>("convenience");
  const map = useMapData(cid, kind);
  const bands = useIsochrones(figures.data?.network ? cid : null, kind);
  const [picked, setPicked] = useState<number | null>(null);
  // a signed-in resident whose building staff matched opens at "my home" directly
  const me = useMe();
  const mine = useMyBuilding(cid, !!me.data).data?.lcBuildingId ?? null;
  useEffect(() => {
    if (mine != null) setPicked((p) => p ?? mine);
  }, [mine]);
  const reading = useBuildingReading(cid, picked);
  const kinds = figures.data?.kinds ?? [];

  return (
    <div data-testid="lifecircle-page">
      <div className="m-toolbar">
        <CommunityChooser name={community.communityName} onChange={community.setCommunityId} />
      </div>
      <p className="m-muted">{t("lifecircle.intro")}</p>
      {cid == null ? (
        <ErrorBlock status="empty" title={t("voiceCommon.chooseCommunity")} description={null} />
      ) : figures.isPending ? (
        <MobileLoading />
      ) : figures.isError ? (
        <MobileError error={figures.error} onRetry={() => figures.refetch()} />
      ) : !figures.data.network ? (
        <ErrorBlock status="empty" title={t("lifecircle.noNetwork")} description={null} />
      ) : (
        <>
          <Selector
            aria-label={t("lifecircle.kind")}
            value={[kind]}
            onChange={(v) => v[0] && setKind(v[0])}
            options={kinds.map((k) => ({ label: label(k.nameZh, k.nameEn), value: k.code }))}
            showCheckMark={false}
          />
          {map.data && (
            <LifecircleMap
              data={map.data}
              isochrones={bands.data}
              height={320}
              selected={picked}
              onPickBuilding={setPicked}
              label={t("lifecircle.title")}
            />
          )}
          <LifecircleLegend bands />
          <section className="m-card" data-testid="lifecircle-reading" aria-live="polite">
            {picked == null ? (
              <p className="m-muted">{t("lifecircle.pickBuilding")}</p>
            ) : reading.data ? (
              <>
                <h2 className="m-card-title">
                  {reading.data.id === mine ? `${t("lifecircle.myBuilding")} · ` : ""}
                  {reading.data.label}
                </h2>
                <p className="lc-reading">{label(reading.data.sentenceZh, reading.data.sentenceEn)}</p>
                <ul className="lc-readings">
                  {reading.data.readings.map((r) => (
                    <li key={r.code}>
                      <span>{label(r.nameZh, r.nameEn)}</span>
                      <span className={r.withinTarget ? undefined : "lc-far"}>
                        {r.minutes == null
                          ? t("lifecircle.unreachable")
                          : t("lifecircle.minutes", { count: Math.max(1, Math.round(r.minutes)) })}
                      </span>
                    </li>
                  ))}
                </ul>
                {reading.data.id === mine && <p className="m-muted">{t("lifecircle.otherBuilding")}</p>}
              </>
            ) : (
              <MobileLoading />
            )}
          </section>
          <p className="lc-note">{t("lifecircle.demoNote")}</p>
          <p className="lc-note">{t("lifecircle.attribution")}</p>
        </>
      )}
    </div>
  );
}

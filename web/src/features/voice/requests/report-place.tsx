// Where the problem is, asked first on the report page (issue 9): 我家 / 某栋楼 / 在地图上 / 我附近.
// The category decides the likely answer (a street light or rubbish is at a building or a spot, not in
// the flat). This network has no map tiles, and the community's buildings carry no coordinates yet, so
// 在地图上 draws what there is — the estates and their buildings as a plan (a sketch, not to scale) —
// and the resident taps the nearest building and says where exactly; 我附近 uses the phone's position,
// kept only when the resident taps 用我现在的位置 (and removable before sending).
import { Button, Input, Toast } from "antd-mobile";
import {
  AppOutline,
  AppstoreOutline,
  EnvironmentOutline,
  GlobalOutline,
  LocationFill,
  LocationOutline,
} from "antd-mobile-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { BuildingChoices, PlaceInput } from "./requests-api";

export type WhereType = "household" | "building" | "map" | "nearby";

export interface PlaceValue {
  type: WhereType;
  buildingId?: number;
  address?: string;
  lat?: number;
  lng?: number;
  /** metres, as the phone said */
  accuracy?: number;
}

/** Categories about shared places: reported at a building or a spot, not at the resident's flat. */
const SHARED_PLACE_CATEGORIES = new Set([
  "environment",
  "public_facilities",
  "safety",
  "parking",
  "renovation",
]);

/** The likely place for a category: a building (or a spot) for shared things, else home. */
export function likelyWhere(
  categoryCode: string | undefined,
  hasHousehold: boolean,
  hasBuildings: boolean,
): WhereType {
  if (categoryCode && SHARED_PLACE_CATEGORIES.has(categoryCode)) return hasBuildings ? "building" : "map";
  return hasHousehold ? "household" : hasBuildings ? "building" : "map";
}

/** The place as the server takes it, or the key of what is missing. */
export function placeInput(p: PlaceValue): PlaceInput | string {
  if (p.type === "household") return { type: "household" };
  if (p.type === "building")
    return p.buildingId ? { type: "building", buildingId: p.buildingId } : "report.buildingRequired";
  const address = p.address?.trim() || undefined;
  if (p.type === "nearby") {
    if (p.lat == null || p.lng == null) return "report.positionRequired";
    if (address && address.length < 2) return "report.addressRequired";
    return { type: "point", lat: p.lat, lng: p.lng, address };
  }
  if (!address || address.length < 2) return "report.addressRequired";
  return { type: "point", address };
}

const WHERE_ICON: Record<WhereType, React.ReactNode> = {
  household: <AppOutline />,
  building: <AppstoreOutline />,
  map: <GlobalOutline />,
  nearby: <LocationOutline />,
};

function WhereButtons(props: { types: WhereType[]; value: WhereType; onChange: (t: WhereType) => void }) {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  return (
    <fieldset className="m-where" aria-label={t("report.place")} data-testid="where">
      {props.types.map((w) => (
        <button
          key={w}
          type="button"
          aria-pressed={props.value === w}
          className={props.value === w ? "m-where-choice is-on" : "m-where-choice"}
          onClick={() => props.onChange(w)}
          data-testid={`where-${w}`}
        >
          <span aria-hidden="true" className="m-where-icon">
            {WHERE_ICON[w]}
          </span>
          <span className="m-where-name">{tt(`report.where.${w}`)}</span>
        </button>
      ))}
    </fieldset>
  );
}

/**
 * The estate (skipped when there is one), then the building, as big buttons that never break a name
 * ("3栋" stays on one line; a long name takes a wider button, the row wraps between buttons).
 */
function BuildingPicker(props: {
  estates: BuildingChoices["estates"];
  value?: number;
  onChange: (buildingId: number | undefined) => void;
  /** the resident's own estate, open first (most things are reported near home) */
  homeEstate?: string | null;
}) {
  const { t } = useTranslation();
  const holding = props.estates.find((e) => e.buildings.some((b) => b.id === props.value));
  const home = props.estates.find((e) => e.name === props.homeEstate);
  const [estateId, setEstateId] = useState<number | null>(
    holding?.id ?? home?.id ?? (props.estates.length === 1 ? props.estates[0]!.id : null),
  );
  const estate = props.estates.find((e) => e.id === estateId);
  const chosen = estate?.buildings.find((b) => b.id === props.value);
  return (
    <div className="m-building-picker" data-testid="building-picker">
      {props.estates.length > 1 && (
        <fieldset className="m-choice-group" aria-label={t("report.chooseEstate")}>
          <legend className="m-step-label">{t("report.chooseEstate")}</legend>
          <div className="m-big-choices">
            {props.estates.map((e) => (
              <button
                key={e.id}
                type="button"
                aria-pressed={e.id === estateId}
                className={e.id === estateId ? "m-big-choice is-on" : "m-big-choice"}
                onClick={() => {
                  setEstateId(e.id);
                  props.onChange(undefined);
                }}
              >
                {e.name}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {estate && (
        <fieldset
          className="m-choice-group"
          aria-label={t("report.chooseBuilding", { estate: estate.name })}
          data-testid="building-choices"
        >
          <legend className="m-step-label">{t("report.chooseBuilding", { estate: estate.name })}</legend>
          <div className="m-big-choices">
            {estate.buildings.map((b) => (
              <button
                key={b.id}
                type="button"
                aria-pressed={b.id === props.value}
                className={b.id === props.value ? "m-big-choice is-on" : "m-big-choice"}
                onClick={() => props.onChange(b.id)}
              >
                {b.name}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      {estate && chosen && (
        <div className="m-place-note" data-testid="place-building">
          {t("report.buildingChosen", { place: `${estate.name} ${chosen.name}` })}
        </div>
      )}
    </div>
  );
}

/**
 * 在地图上 without map tiles: the estates and their buildings drawn as a plan (a sketch, not to scale);
 * a tap on a building starts the description ("绿洲一小区 3栋 附近"), which the resident completes.
 */
function PlanPicker(props: {
  estates: BuildingChoices["estates"];
  address: string;
  onAddress: (a: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="m-plan-picker" data-testid="plan-picker">
      <p className="m-muted">{t("report.planHint")}</p>
      {props.estates.map((e) => (
        <fieldset key={e.id} className="m-plan" aria-label={e.name}>
          <legend className="m-plan-estate">{e.name}</legend>
          <div className="m-plan-blocks">
            {e.buildings.map((b) => {
              const near = t("report.nearBuilding", { place: `${e.name} ${b.name}` });
              return (
                <button
                  key={b.id}
                  type="button"
                  className={props.address.startsWith(near) ? "m-plan-block is-on" : "m-plan-block"}
                  aria-pressed={props.address.startsWith(near)}
                  onClick={() => props.onAddress(near)}
                >
                  {b.name}
                </button>
              );
            })}
          </div>
        </fieldset>
      ))}
      <label className="m-step-label" htmlFor="m-place-address">
        {t("report.address")}
      </label>
      <Input
        id="m-place-address"
        className="m-place-input"
        placeholder={t("report.addressPlaceholder")}
        value={props.address}
        onChange={props.onAddress}
        data-testid="place-address"
        clearable
        maxLength={200}
      />
    </div>
  );
}

/** 我附近: the phone's position, asked for only when the resident taps, and removable. */
function NearbyPicker(props: { value: PlaceValue; set: (patch: Partial<PlaceValue>) => void }) {
  const { t } = useTranslation();
  const [locating, setLocating] = useState(false);
  const has = props.value.lat != null && props.value.lng != null;
  const locate = () => {
    if (!navigator.geolocation) {
      Toast.show(t("report.noGeolocation"));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        props.set({
          lat: Number(pos.coords.latitude.toFixed(6)),
          lng: Number(pos.coords.longitude.toFixed(6)),
          accuracy: Math.round(pos.coords.accuracy),
        });
      },
      () => {
        setLocating(false);
        Toast.show({ content: t("report.noGeolocation"), duration: 4000 });
      },
      { timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return (
    <div className="m-nearby" data-testid="nearby">
      {has ? (
        <div className="m-place-note" data-testid="place-position">
          <LocationFill aria-hidden="true" />{" "}
          {t("report.positionKept", {
            lat: props.value.lat!.toFixed(5),
            lng: props.value.lng!.toFixed(5),
            accuracy: props.value.accuracy ?? "?",
          })}
          <Button
            size="small"
            fill="outline"
            className="m-nearby-forget"
            onClick={() => props.set({ lat: undefined, lng: undefined, accuracy: undefined })}
            data-testid="forget-position"
          >
            {t("report.forgetPosition")}
          </Button>
        </div>
      ) : (
        <>
          <p className="m-muted">{t("report.nearbyHint")}</p>
          <Button
            block
            color="primary"
            fill="outline"
            loading={locating}
            onClick={locate}
            data-testid="use-position"
          >
            <EnvironmentOutline aria-hidden="true" /> {t("report.useMyPosition")}
          </Button>
        </>
      )}
      <label className="m-step-label" htmlFor="m-nearby-address">
        {t("report.landmark")}
      </label>
      <Input
        id="m-nearby-address"
        className="m-place-input"
        placeholder={t("report.addressPlaceholder")}
        value={props.value.address ?? ""}
        onChange={(address) => props.set({ address })}
        data-testid="nearby-address"
        clearable
        maxLength={200}
      />
    </div>
  );
}

export function PlaceField(props: {
  value?: PlaceValue;
  onChange?: (v: PlaceValue) => void;
  /** the resident chose the kind of place themselves (the category no longer moves it) */
  onTouched?: () => void;
  householdAddress: string | null;
  /** the estate of the resident's household: the building picker opens there */
  homeEstate?: string | null;
  choices: BuildingChoices | undefined;
  /** why the place was set for them, shown under the choices */
  note?: string | null;
}) {
  const v = props.value ?? { type: "household" };
  const set = (patch: Partial<PlaceValue>) => props.onChange?.({ ...v, ...patch });
  const estates = (props.choices?.estates ?? []).filter((e) => e.buildings.length > 0);
  const types: WhereType[] = [];
  if (props.householdAddress) types.push("household");
  if (estates.length > 0) types.push("building");
  types.push("map", "nearby");
  return (
    <div data-testid="place">
      <WhereButtons
        types={types}
        value={v.type}
        onChange={(type) => {
          props.onTouched?.();
          props.onChange?.({ type, buildingId: v.buildingId });
        }}
      />
      {props.note && (
        <p className="m-where-note" data-testid="where-note">
          {props.note}
        </p>
      )}
      {v.type === "household" && props.householdAddress && (
        <div className="m-place-note" data-testid="place-household">
          {props.householdAddress}
        </div>
      )}
      {v.type === "building" && (
        <BuildingPicker
          estates={estates}
          value={v.buildingId}
          homeEstate={props.homeEstate}
          onChange={(buildingId) => set({ buildingId })}
        />
      )}
      {v.type === "map" && (
        <PlanPicker estates={estates} address={v.address ?? ""} onAddress={(address) => set({ address })} />
      )}
      {v.type === "nearby" && <NearbyPicker value={v} set={set} />}
    </div>
  );
}

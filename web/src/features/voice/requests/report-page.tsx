// 我要反映 (V1): a problem, a need or a micro-wish — kind as three big buttons, the category, a
// short title and the details, up to 9 photos from the camera, and the place (my household by
// default, a building — the estate, then the building, as big buttons — or a point with an address).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Checkbox, Form, Input, Result, Selector, Switch, TextArea, Toast } from "antd-mobile";
import { ExclamationTriangleOutline, HeartOutline, TeamOutline } from "antd-mobile-icons";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useMe } from "../../../shared/api/session";
import type { MyHousehold } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { PhotoPicker } from "./photo-picker";
import {
  type BuildingChoices,
  categoryName,
  KINDS,
  type Kind,
  type PlaceInput,
  type Submitted,
  submitRequest,
  useBuildingChoices,
  useCategories,
} from "./requests-api";

const KIND_ICON: Record<Kind, React.ReactNode> = {
  problem: <ExclamationTriangleOutline />,
  need: <TeamOutline />,
  wish: <HeartOutline />,
};

function KindButtons(props: { value?: Kind; onChange?: (k: Kind) => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const tt = t as (k: string) => string;
  return (
    <fieldset className="m-kinds" aria-label={t("report.kind")} data-testid="kind">
      {KINDS.map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={props.value === k}
          className={props.value === k ? `m-kind is-on m-kind-${k}` : `m-kind m-kind-${k}`}
          onClick={() => props.onChange?.(k)}
          data-testid={`kind-${k}`}
        >
          <span className="m-kind-icon" aria-hidden="true">
            {KIND_ICON[k]}
          </span>
          <span className="m-kind-name">{label("reqKind", k)}</span>
          <span className="m-kind-desc">{tt(`report.kindDesc.${k}`)}</span>
        </button>
      ))}
    </fieldset>
  );
}

type PlaceType = PlaceInput["type"];

interface PlaceValue {
  type: PlaceType;
  buildingId?: number;
  address?: string;
  lat?: string;
  lng?: string;
}

/**
 * Two steps of big buttons (large enough for a 70-year-old finger, larger still in elderly mode):
 * the estate (skipped when there is one), then the building. No scrolling wheel, no typing.
 */
function BuildingPicker(props: {
  estates: BuildingChoices["estates"];
  value?: number;
  onChange: (buildingId: number | undefined) => void;
}) {
  const { t } = useTranslation();
  const holding = props.estates.find((e) => e.buildings.some((b) => b.id === props.value));
  const [estateId, setEstateId] = useState<number | null>(
    holding?.id ?? (props.estates.length === 1 ? props.estates[0]!.id : null),
  );
  const estate = props.estates.find((e) => e.id === estateId);
  const chosen = estate?.buildings.find((b) => b.id === props.value);
  return (
    <div className="m-building-picker" data-testid="building-picker">
      {props.estates.length > 1 && (
        <>
          <div className="m-step-label">{t("report.chooseEstate")}</div>
          <Selector<number>
            className="m-big-choices"
            columns={2}
            options={props.estates.map((e) => ({ label: e.name, value: e.id }))}
            value={estateId != null ? [estateId] : []}
            onChange={(x) => {
              setEstateId(x[0] ?? null);
              props.onChange(undefined);
            }}
          />
        </>
      )}
      {estate && (
        <>
          <div className="m-step-label">{t("report.chooseBuilding", { estate: estate.name })}</div>
          <Selector<number>
            className="m-big-choices"
            columns={3}
            options={estate.buildings.map((b) => ({ label: b.name, value: b.id }))}
            value={props.value ? [props.value] : []}
            onChange={(x) => props.onChange(x[0])}
          />
        </>
      )}
      {estate && chosen && (
        <div className="m-place-note" data-testid="place-building">
          {t("report.buildingChosen", { place: `${estate.name} ${chosen.name}` })}
        </div>
      )}
    </div>
  );
}

function PlaceField(props: {
  value?: PlaceValue;
  onChange?: (v: PlaceValue) => void;
  householdAddress: string | null;
  choices: BuildingChoices | undefined;
}) {
  const { t } = useTranslation();
  const v = props.value ?? { type: "household" };
  const set = (patch: Partial<PlaceValue>) => props.onChange?.({ ...v, ...patch });
  const estates = (props.choices?.estates ?? []).filter((e) => e.buildings.length > 0);
  const types: { label: string; value: PlaceType }[] = [];
  if (props.householdAddress) types.push({ label: t("report.placeHousehold"), value: "household" });
  if (estates.length > 0) types.push({ label: t("report.placeBuilding"), value: "building" });
  types.push({ label: t("report.placePoint"), value: "point" });
  const [locating, setLocating] = useState(false);
  return (
    <div data-testid="place">
      <Selector<PlaceType>
        columns={types.length}
        options={types}
        value={[v.type]}
        onChange={(x) => x[0] && set({ type: x[0] })}
      />
      {v.type === "household" && props.householdAddress && (
        <div className="m-place-note" data-testid="place-household">
          {props.householdAddress}
        </div>
      )}
      {v.type === "building" && (
        <BuildingPicker
          estates={estates}
          value={v.buildingId}
          onChange={(buildingId) => set({ buildingId })}
        />
      )}
      {v.type === "point" && (
        <div className="m-place-point">
          <Input
            placeholder={t("report.addressPlaceholder")}
            value={v.address ?? ""}
            onChange={(address) => set({ address })}
            data-testid="place-address"
            clearable
          />
          <div className="m-latlng">
            <Input
              inputMode="decimal"
              placeholder={t("report.lat")}
              value={v.lat ?? ""}
              onChange={(lat) => set({ lat })}
              aria-label={t("report.lat")}
            />
            <Input
              inputMode="decimal"
              placeholder={t("report.lng")}
              value={v.lng ?? ""}
              onChange={(lng) => set({ lng })}
              aria-label={t("report.lng")}
            />
          </div>
          <Button
            size="small"
            fill="outline"
            loading={locating}
            onClick={() => {
              if (!navigator.geolocation) {
                Toast.show(t("report.noGeolocation"));
                return;
              }
              setLocating(true);
              navigator.geolocation.getCurrentPosition(
                (pos) => {
                  setLocating(false);
                  set({ lat: pos.coords.latitude.toFixed(6), lng: pos.coords.longitude.toFixed(6) });
                },
                () => {
                  setLocating(false);
                  Toast.show(t("report.noGeolocation"));
                },
                { timeout: 10_000 },
              );
            }}
          >
            {t("report.useMyPosition")}
          </Button>
          <div className="m-muted">{t("report.pointHint")}</div>
        </div>
      )}
    </div>
  );
}

const NEVER_PUBLIC = {
  problem: "report.neverPublicProblem",
  need: "report.neverPublicNeed",
  wish: "report.neverPublicWish",
} as const;

interface Values {
  kind: Kind;
  categoryId: number[];
  title: string;
  description?: string;
  photos: File[];
  keepLocation: boolean;
  isPublic: boolean;
  place: PlaceValue;
}

function placeInput(p: PlaceValue): PlaceInput | string {
  if (p.type === "household") return { type: "household" };
  if (p.type === "building")
    return p.buildingId ? { type: "building", buildingId: p.buildingId } : "report.buildingRequired";
  const lat = p.lat?.trim() ? Number(p.lat) : undefined;
  const lng = p.lng?.trim() ? Number(p.lng) : undefined;
  if ((lat === undefined) !== (lng === undefined) || Number.isNaN(lat) || Number.isNaN(lng))
    return "report.latLngInvalid";
  const address = p.address?.trim() || undefined;
  if (!address && lat === undefined) return "report.addressRequired";
  if (address && address.length < 2) return "report.addressRequired";
  return { type: "point", address, lat, lng };
}

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const verified = (me.data?.residencies ?? []).filter((r) => r.status === "verified");
  const [communityId, setCommunityId] = useState<number | null>(null);
  const cid = communityId ?? verified[0]?.communityId ?? null;
  const households = useQuery({
    queryKey: ["me", "households"],
    queryFn: () => api.get<MyHousehold[]>("/me/households"),
    enabled: verified.length > 0,
  });
  const categories = useCategories(cid);
  const buildingChoices = useBuildingChoices(cid);
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form) as Kind | undefined;
  const categoryId = Form.useWatch("categoryId", form) as number[] | undefined;
  const [done, setDone] = useState<Submitted | null>(null);

  const submit = useMutation({
    mutationFn: (v: Values) => {
      const place = placeInput(v.place);
      if (typeof place === "string") throw new Error(place);
      const category = categories.data?.find((c) => c.id === v.categoryId[0]);
      return submitRequest(
        cid!,
        {
          kind: v.kind,
          categoryId: v.categoryId[0]!,
          title: v.title.trim(),
          description: (v.description ?? "").trim(),
          place,
          // private unless the resident turns the switch on; a never-public category stays private
          isPublic: v.isPublic && !category?.neverPublic,
          keepLocation: v.keepLocation,
        },
        v.photos ?? [],
      );
    },
    onSuccess: (res) => {
      setDone(res);
      void qc.invalidateQueries({ queryKey: ["me", "requests"] });
      window.scrollTo(0, 0);
    },
    onError: (err) => {
      if (err instanceof Error && err.message.startsWith("report.")) {
        form.setFields([{ name: "place", errors: [(t as (k: string) => string)(err.message)] }]);
        return;
      }
      showFieldErrors(form, err, ["title", "description", "categoryId", "photos", "place"]);
    },
  });

  if (me.isPending || (verified.length > 0 && households.isPending)) return <MobileLoading />;
  if (households.isError)
    return <MobileError error={households.error} onRetry={() => households.refetch()} />;
  if (verified.length === 0 || cid == null)
    return (
      <Result
        status="info"
        title={t("report.needHouseholdTitle")}
        description={t("report.needHouseholdText")}
        data-testid="report-need-household"
      />
    );

  if (done)
    return (
      <div data-testid="report-done">
        <Result
          status="success"
          title={t("report.doneTitle")}
          description={`${t("report.doneText", { number: done.id })} ${t(done.isPublic ? "report.donePublic" : "report.donePrivate")}`}
        />
        <div className="m-form-actions" style={{ display: "grid", gap: 12 }}>
          <Button
            block
            size="large"
            color="primary"
            onClick={() => navigate(`/m/requests/${cid}/${done.id}`)}
            data-testid="report-view"
          >
            {t("report.viewIt")}
          </Button>
          <Button
            block
            size="large"
            onClick={() => {
              setDone(null);
              form.resetFields();
            }}
          >
            {t("report.another")}
          </Button>
        </div>
      </div>
    );

  const household = households.data?.find((h) => h.communityId === cid) ?? households.data?.[0];
  const cats = (categories.data ?? []).filter((c) => c.active && (!kind || c.kinds.includes(kind)));
  const chosen = cats.find((c) => c.id === categoryId?.[0]);
  const forBoard = kind === "need" || kind === "wish";

  return (
    <div data-testid="report-page">
      {verified.length > 1 && (
        <Selector
          columns={2}
          options={verified.map((r) => ({ label: r.communityName, value: r.communityId }))}
          value={[cid]}
          onChange={(v) => v[0] && setCommunityId(v[0])}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{
          kind: "problem",
          categoryId: [],
          photos: [],
          keepLocation: false,
          isPublic: false,
          place: { type: household ? "household" : "point" },
        }}
        onFinish={(v) => submit.mutate(v)}
        footer={
          <>
            <FormError
              error={
                submit.error && !(submit.error.message ?? "").startsWith("report.") ? submit.error : null
              }
            />
            <Button
              block
              type="submit"
              color="primary"
              size="large"
              loading={submit.isPending}
              data-testid="report-submit"
            >
              {t("report.submit")}
            </Button>
          </>
        }
      >
        <Form.Item name="kind" label={t("report.kind")}>
          <KindButtons
            onChange={() => {
              form.setFieldValue("categoryId", []);
              form.setFieldValue("isPublic", false);
            }}
          />
        </Form.Item>
        <Form.Item
          name="categoryId"
          label={t("report.category")}
          rules={[{ required: true, type: "array", min: 1, message: t("report.categoryRequired") }]}
        >
          {categories.isError ? (
            <MobileError error={categories.error} onRetry={() => categories.refetch()} />
          ) : (
            <Selector<number>
              columns={2}
              data-testid="category"
              options={cats.map((c) => ({ label: categoryName(c, i18n.language), value: c.id }))}
            />
          )}
        </Form.Item>
        <Form.Item
          name="title"
          label={t("report.title")}
          rules={[
            { required: true, message: t("report.titleRequired") },
            { min: 2, max: 80, message: t("report.titleLength") },
          ]}
        >
          <Input
            placeholder={t("report.titlePlaceholder")}
            maxLength={80}
            clearable
            data-testid="report-title"
          />
        </Form.Item>
        <Form.Item name="description" label={t("report.description")}>
          <TextArea
            placeholder={t("report.descriptionPlaceholder")}
            maxLength={2000}
            rows={4}
            showCount
            data-testid="report-description"
          />
        </Form.Item>
        <Form.Item name="photos" label={t("report.photos")}>
          <PhotoPickerField />
        </Form.Item>
        <Form.Item name="keepLocation" valuePropName="checked" description={t("report.keepLocationHint")}>
          <Checkbox data-testid="keep-location">{t("report.keepLocation")}</Checkbox>
        </Form.Item>
        <Form.Item name="place" label={t("report.place")}>
          <PlaceField
            householdAddress={household?.household.address ?? null}
            choices={buildingChoices.data}
          />
        </Form.Item>
        {chosen?.neverPublic ? (
          <Form.Item description={t(forBoard ? "report.neverPublicWishHint" : "report.neverPublicHint")}>
            <div className="m-never-public" data-testid="never-public">
              {t(NEVER_PUBLIC[kind ?? "problem"])}
            </div>
          </Form.Item>
        ) : (
          <Form.Item
            name="isPublic"
            valuePropName="checked"
            label={t(forBoard ? "report.isPublicWish" : "report.isPublic")}
            description={t(forBoard ? "report.isPublicWishHint" : "report.isPublicHint")}
          >
            <Switch
              data-testid="is-public"
              checkedText={t("report.publicOn")}
              uncheckedText={t("report.publicOff")}
            />
          </Form.Item>
        )}
      </Form>
    </div>
  );
}

function PhotoPickerField(props: { value?: File[]; onChange?: (f: File[]) => void }) {
  return <PhotoPicker value={props.value ?? []} onChange={(f) => props.onChange?.(f)} />;
}

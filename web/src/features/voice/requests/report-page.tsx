// 我要反映 (V1): where first (我家 / 某栋楼 / 在地图上 / 我附近, report-place.tsx; the category moves it
// to a building for shared things until the resident chooses), then a problem, a need or a
// micro-wish as three big buttons, the category, a short title and the details, and up to 9 photos
// from the camera. Without a connection the report is kept on the phone and sent when it returns
// (offline-queue.ts), shown as 待发送 in 我的反映; its key makes sure it arrives once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Checkbox, Form, Input, Result, Selector, Switch, TextArea } from "antd-mobile";
import { ExclamationTriangleOutline, HeartOutline, TeamOutline } from "antd-mobile-icons";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { useMe } from "../../../shared/api/session";
import type { MyHousehold } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  isOfflineError,
  newClientKey,
  photosTooLarge,
  QUEUED_KEY,
  type QueuedReport,
  queueReport,
} from "./offline-queue";
import { PhotoPicker } from "./photo-picker";
import { likelyWhere, PlaceField, type PlaceValue, placeInput } from "./report-place";
import {
  categoryName,
  KINDS,
  type Kind,
  type SubmitInput,
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

/** What the page shows after 提交: sent (its number) or kept on the phone until there is a connection. */
type Done = { sent: Submitted } | { queued: QueuedReport };

export function ReportPage() {
  const { t, i18n } = useTranslation();
  const tt = t as (k: string) => string;
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
  const [done, setDone] = useState<Done | null>(null);
  // the place follows the category until the resident chooses it themselves
  const [placeTouched, setPlaceTouched] = useState(false);
  const [whereNote, setWhereNote] = useState<string | null>(null);
  // one key per report written: a second tap, a retry or the queue sends the same key
  const clientKey = useRef(newClientKey());
  const placeRef = useRef<HTMLDivElement>(null);

  const household = households.data?.find((h) => h.communityId === cid) ?? households.data?.[0];
  const hasBuildings = (buildingChoices.data?.estates ?? []).some((e) => e.buildings.length > 0);

  const submit = useMutation({
    mutationFn: async (v: Values): Promise<Done> => {
      const place = placeInput(v.place);
      if (typeof place === "string") throw new Error(place);
      const category = categories.data?.find((c) => c.id === v.categoryId[0]);
      const input: SubmitInput & { clientKey: string } = {
        kind: v.kind,
        categoryId: v.categoryId[0]!,
        title: v.title.trim(),
        description: (v.description ?? "").trim(),
        place,
        // private unless the resident turns the switch on; a never-public category stays private
        isPublic: v.isPublic && !category?.neverPublic,
        keepLocation: v.keepLocation,
        clientKey: clientKey.current,
      };
      const photos = v.photos ?? [];
      const keep = async () => {
        if (photosTooLarge(photos)) throw new Error("report.offlineTooLarge");
        return { queued: await queueReport(me.data!.id, cid!, input, photos) };
      };
      if (!navigator.onLine) return keep();
      try {
        return { sent: await submitRequest(cid!, input, photos) };
      } catch (err) {
        if (isOfflineError(err)) return keep();
        throw err;
      }
    },
    networkMode: "always",
    onSuccess: (res) => {
      setDone(res);
      clientKey.current = newClientKey();
      void qc.invalidateQueries({ queryKey: ["me", "requests"] });
      void qc.invalidateQueries({ queryKey: QUEUED_KEY });
      window.scrollTo(0, 0);
    },
    onError: (err) => {
      if (err instanceof Error && err.message.startsWith("report.")) {
        const field = err.message === "report.offlineTooLarge" ? "photos" : "place";
        form.setFields([{ name: field, errors: [tt(err.message)] }]);
        if (field === "place") placeRef.current?.scrollIntoView({ block: "center" });
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

  if (done) {
    const again = () => {
      setDone(null);
      setPlaceTouched(false);
      setWhereNote(null);
      form.resetFields();
    };
    if ("queued" in done)
      return (
        <div data-testid="report-queued">
          <Result status="waiting" title={t("report.queuedTitle")} description={t("report.queuedText")} />
          <div className="m-form-actions" style={{ display: "grid", gap: 12 }}>
            <Button
              block
              size="large"
              color="primary"
              onClick={() => navigate("/m/requests")}
              data-testid="report-queued-list"
            >
              {t("report.queuedList")}
            </Button>
            <Button block size="large" onClick={again}>
              {t("report.another")}
            </Button>
          </div>
        </div>
      );
    const sent = done.sent;
    return (
      <div data-testid="report-done">
        <Result
          status="success"
          title={t("report.doneTitle")}
          description={`${t("report.doneText", { number: sent.id })} ${t(sent.isPublic ? "report.donePublic" : "report.donePrivate")}`}
        />
        <div className="m-form-actions" style={{ display: "grid", gap: 12 }}>
          <Button
            block
            size="large"
            color="primary"
            onClick={() => navigate(`/m/requests/${cid}/${sent.id}`)}
            data-testid="report-view"
          >
            {t("report.viewIt")}
          </Button>
          <Button block size="large" onClick={again}>
            {t("report.another")}
          </Button>
        </div>
      </div>
    );
  }

  const cats = (categories.data ?? []).filter((c) => c.active && (!kind || c.kinds.includes(kind)));
  const chosen = cats.find((c) => c.id === categoryId?.[0]);
  const forBoard = kind === "need" || kind === "wish";

  /** A category about shared places moves an untouched place to a building (and back), saying so. */
  const followCategory = (code: string | undefined) => {
    if (placeTouched) return;
    const where = likelyWhere(code, !!household, hasBuildings);
    const now = (form.getFieldValue("place") as PlaceValue | undefined)?.type;
    if (where === now) return;
    form.setFieldValue("place", { type: where });
    setWhereNote(where === "household" ? null : tt(`report.whereMoved.${where}`));
  };

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
          place: { type: likelyWhere(undefined, !!household, hasBuildings) },
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
        <div ref={placeRef}>
          <Form.Item name="place" label={t("report.whereFirst")}>
            <PlaceField
              householdAddress={household?.household.address ?? null}
              homeEstate={household?.household.estateName ?? null}
              choices={buildingChoices.data}
              note={whereNote}
              onTouched={() => {
                setPlaceTouched(true);
                setWhereNote(null);
              }}
            />
          </Form.Item>
        </div>
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
              onChange={(ids) => followCategory(cats.find((c) => c.id === ids[0])?.code)}
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
            aria-label={t("report.title")}
          />
        </Form.Item>
        <Form.Item name="description" label={t("report.description")}>
          <TextArea
            placeholder={t("report.descriptionPlaceholder")}
            maxLength={2000}
            rows={4}
            showCount
            data-testid="report-description"
            aria-label={t("report.description")}
          />
        </Form.Item>
        <Form.Item name="photos" label={t("report.photos")}>
          <PhotoPickerField />
        </Form.Item>
        <Form.Item name="keepLocation" valuePropName="checked" description={t("report.keepLocationHint")}>
          <Checkbox data-testid="keep-location">{t("report.keepLocation")}</Checkbox>
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
              aria-label={t(forBoard ? "report.isPublicWish" : "report.isPublic")}
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

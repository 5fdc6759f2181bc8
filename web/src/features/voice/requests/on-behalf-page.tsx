// 代办: a grid worker or a building head records a resident's problem, need or wish heard at the
// door, on the phone, from the opinion box or at a meeting — the channel is kept with it.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Switch,
  Upload,
  type UploadFile,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { usePlaceTree } from "../../../shared/api/place-tree";
import type { HouseholdList, ResidentList } from "../../../shared/api/types";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  categoryName,
  KINDS,
  type Kind,
  MAX_PHOTOS,
  ON_BEHALF_CHANNELS,
  type OnBehalfChannel,
  type PlaceInput,
  photoProblem,
  type Submitted,
  submitRequest,
  useCategories,
} from "./requests-api";

interface Values {
  channel: OnBehalfChannel;
  registered: boolean;
  residentId?: number;
  name?: string;
  phone?: string;
  kind: Kind;
  categoryId: number;
  title: string;
  description?: string;
  placeType: "household" | "building" | "point";
  householdId?: number;
  buildingId?: number;
  address?: string;
  lat?: number;
  lng?: number;
  gridId?: number;
  isPublic: boolean;
}

function useSearch<T extends HouseholdList | ResidentList>(path: string, text: string, enabled = true) {
  return useQuery({
    queryKey: ["search", path, text],
    queryFn: () => api.get<T>(path, { q: text || undefined, pageSize: 20 }),
    enabled,
    staleTime: 30_000,
  });
}

export function OnBehalfPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { communityId } = useCommunity();
  const [form] = Form.useForm<Values>();
  const tree = usePlaceTree(communityId);
  const categories = useCategories(communityId);
  const kind = Form.useWatch("kind", form) ?? "problem";
  const categoryId = Form.useWatch("categoryId", form) as number | undefined;
  const neverPublic = !!categories.data?.find((c) => c.id === categoryId)?.neverPublic;
  const forBoard = kind === "need" || kind === "wish";
  const registered = Form.useWatch("registered", form) ?? true;
  const placeType = Form.useWatch("placeType", form) ?? "household";
  const [residentText, setResidentText] = useState("");
  const [householdText, setHouseholdText] = useState("");
  const residents = useSearch<ResidentList>(
    `/communities/${communityId}/residents`,
    residentText,
    registered,
  );
  const households = useSearch<HouseholdList>(
    `/communities/${communityId}/households`,
    householdText,
    placeType === "household",
  );
  // the household of the resident picked above, shown even before a search lists it
  const [picked, setPicked] = useState<{ id: number; address: string } | null>(null);
  const householdOptions = (households.data?.items ?? []).map((h) => ({ value: h.id, label: h.address }));
  if (picked && !householdOptions.some((o) => o.value === picked.id))
    householdOptions.unshift({ value: picked.id, label: picked.address });
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [done, setDone] = useState<Submitted | null>(null);

  const submit = useMutation({
    mutationFn: (v: Values) => {
      const place: PlaceInput =
        v.placeType === "household"
          ? { type: "household", householdId: v.householdId }
          : v.placeType === "building"
            ? { type: "building", buildingId: v.buildingId! }
            : {
                type: "point",
                address: v.address?.trim() || undefined,
                lat: v.lat,
                lng: v.lng,
                gridId: v.gridId,
              };
      return submitRequest(
        communityId,
        {
          kind: v.kind,
          categoryId: v.categoryId,
          title: v.title.trim(),
          description: (v.description ?? "").trim(),
          place,
          // the resident's own choice, asked at the visit; a never-public category stays private
          isPublic: !!v.isPublic && !neverPublic,
          keepLocation: false,
          onBehalf: v.registered
            ? { channel: v.channel, residentId: v.residentId }
            : { channel: v.channel, name: v.name?.trim(), phone: v.phone?.trim() || undefined },
        },
        files.map((f) => f.originFileObj as File).filter(Boolean),
      );
    },
    onSuccess: (res) => {
      message.success(t("onBehalf.done", { id: res.id }));
      setDone(res);
    },
    onError: (err) =>
      showFieldErrors(form, err, ["title", "description", "categoryId", "residentId", "name", "phone"]),
  });

  if (done)
    return (
      <StaffPage title={t("onBehalf.title")} testId="on-behalf-page">
        <Result
          status="success"
          title={t("onBehalf.done", { id: done.id })}
          extra={
            <Space>
              <Button type="primary" onClick={() => navigate(`/staff/requests/${communityId}/${done.id}`)}>
                {t("onBehalf.view")}
              </Button>
              <Button
                onClick={() => {
                  setDone(null);
                  setFiles([]);
                  form.resetFields();
                }}
              >
                {t("onBehalf.another")}
              </Button>
            </Space>
          }
        />
      </StaffPage>
    );

  return (
    <StaffPage title={t("onBehalf.title")} subtitle={t("onBehalf.subtitle")} testId="on-behalf-page">
      <Card style={{ maxWidth: 760 }}>
        {submit.isError && <ErrorAlert error={submit.error} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            channel: "door_visit",
            registered: true,
            kind: "problem",
            placeType: "household",
            isPublic: false,
          }}
          onFinish={(v) => submit.mutate(v)}
        >
          <Form.Item name="channel" label={t("onBehalf.channel")} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={ON_BEHALF_CHANNELS.map((c) => ({ value: c, label: label("channel", c) }))}
            />
          </Form.Item>
          <Form.Item name="registered" label={t("onBehalf.registered")} valuePropName="checked">
            <Switch checkedChildren={t("onBehalf.yes")} unCheckedChildren={t("onBehalf.no")} />
          </Form.Item>
          {registered ? (
            <Form.Item
              name="residentId"
              label={t("onBehalf.resident")}
              rules={[{ required: true, message: t("onBehalf.residentRequired") }]}
            >
              <Select
                showSearch={{ filterOption: false, onSearch: (v) => setResidentText(v.trim()) }}
                placeholder={t("onBehalf.residentPlaceholder")}
                data-testid="resident-select"
                loading={residents.isFetching}
                options={(residents.data?.items ?? []).map((r) => ({
                  value: r.id,
                  label: [r.name, r.phone, r.address].filter(Boolean).join(" · "),
                }))}
                onChange={(id: number) => {
                  const r = residents.data?.items.find((x) => x.id === id);
                  if (r?.householdId && form.getFieldValue("placeType") === "household") {
                    form.setFieldValue("householdId", r.householdId);
                    setPicked({ id: r.householdId, address: r.address ?? `#${r.householdId}` });
                  }
                }}
              />
            </Form.Item>
          ) : (
            <Space.Compact block>
              <Form.Item
                name="name"
                label={t("onBehalf.name")}
                rules={[{ required: true, message: t("onBehalf.nameRequired") }]}
                style={{ flex: 1 }}
              >
                <Input maxLength={40} />
              </Form.Item>
              <Form.Item
                name="phone"
                label={t("onBehalf.phone")}
                rules={[{ pattern: /^1[3-9]\d{9}$/, message: t("staff.phoneInvalid") }]}
                style={{ flex: 1, marginInlineStart: 12 }}
              >
                <Input maxLength={11} inputMode="numeric" />
              </Form.Item>
            </Space.Compact>
          )}
          <Form.Item name="kind" label={t("report.kind")}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={KINDS.map((k) => ({ value: k, label: label("reqKind", k) }))}
              onChange={() => {
                form.setFieldValue("categoryId", undefined);
                form.setFieldValue("isPublic", false);
              }}
            />
          </Form.Item>
          <Form.Item
            name="categoryId"
            label={t("report.category")}
            rules={[{ required: true, message: t("report.categoryRequired") }]}
          >
            <Select
              data-testid="category-select"
              options={(categories.data ?? [])
                .filter((c) => c.active && c.kinds.includes(kind))
                .map((c) => ({ value: c.id, label: categoryName(c, i18n.language) }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t("report.title")}
            rules={[
              { required: true, message: t("report.titleRequired") },
              { min: 2, max: 80, message: t("report.titleLength") },
            ]}
          >
            <Input maxLength={80} placeholder={t("report.titlePlaceholder")} data-testid="on-behalf-title" />
          </Form.Item>
          <Form.Item name="description" label={t("report.description")}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="placeType" label={t("report.place")}>
            <Radio.Group
              optionType="button"
              options={[
                { value: "household", label: t("onBehalf.household") },
                { value: "building", label: t("report.placeBuilding") },
                { value: "point", label: t("report.placePoint") },
              ]}
            />
          </Form.Item>
          {placeType === "household" && (
            <Form.Item
              name="householdId"
              label={t("onBehalf.household")}
              rules={[{ required: true, message: t("onBehalf.householdRequired") }]}
            >
              <Select
                showSearch={{ filterOption: false, onSearch: (v) => setHouseholdText(v.trim()) }}
                placeholder={t("verification.householdPlaceholder")}
                data-testid="household-select"
                loading={households.isFetching}
                options={householdOptions}
              />
            </Form.Item>
          )}
          {placeType === "building" && (
            <Form.Item
              name="buildingId"
              label={t("report.placeBuilding")}
              rules={[{ required: true, message: t("report.buildingRequired") }]}
            >
              <Select
                showSearch={{ optionFilterProp: "label" }}
                options={(tree.data?.estates ?? []).flatMap((e) =>
                  e.buildings.map((b) => ({ value: b.id, label: `${e.name} ${b.name}` })),
                )}
              />
            </Form.Item>
          )}
          {placeType === "point" && (
            <>
              <Form.Item name="address" label={t("report.address")}>
                <Input maxLength={200} placeholder={t("report.addressPlaceholder")} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="lat" label={t("report.lat")}>
                  <InputNumber min={-90} max={90} step={0.000001} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="lng" label={t("report.lng")}>
                  <InputNumber min={-180} max={180} step={0.000001} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="gridId" label={t("reqList.grid")}>
                  <Select
                    allowClear
                    style={{ width: 160 }}
                    options={(tree.data?.grids ?? []).map((g) => ({ value: g.id, label: g.name }))}
                  />
                </Form.Item>
              </Space>
            </>
          )}
          {neverPublic ? (
            <Form.Item
              label={t(forBoard ? "report.isPublicWish" : "report.isPublic")}
              extra={t(forBoard ? "report.neverPublicWishHint" : "report.neverPublicHint")}
            >
              <span data-testid="never-public">
                {t(
                  kind === "wish"
                    ? "report.neverPublicWish"
                    : kind === "need"
                      ? "report.neverPublicNeed"
                      : "report.neverPublicProblem",
                )}
              </span>
            </Form.Item>
          ) : (
            <Form.Item
              name="isPublic"
              label={t(forBoard ? "report.isPublicWish" : "report.isPublic")}
              valuePropName="checked"
              extra={t(forBoard ? "report.isPublicWishHint" : "report.isPublicHint")}
            >
              <Switch data-testid="is-public" />
            </Form.Item>
          )}
          <Form.Item label={t("report.photos")} extra={t("drawer.photoHint", { max: MAX_PHOTOS })}>
            <Upload
              listType="picture-card"
              accept="image/jpeg,image/png,image/webp"
              multiple
              maxCount={MAX_PHOTOS}
              fileList={files}
              beforeUpload={(file) => {
                const why = photoProblem(file);
                if (why) {
                  message.error(
                    why === "size"
                      ? t("report.photoTooLarge", {
                          name: file.name,
                          mb: (file.size / 1048576).toFixed(1),
                          max: 5,
                        })
                      : t("report.photoWrongType", { name: file.name }),
                  );
                  return Upload.LIST_IGNORE;
                }
                return false;
              }}
              onChange={(info) => setFiles(info.fileList)}
            >
              {files.length < MAX_PHOTOS && (
                <div>
                  <PlusOutlined />
                  <div style={{ marginTop: 8 }}>{t("drawer.addPhoto")}</div>
                </div>
              )}
            </Upload>
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={submit.isPending}
            size="large"
            data-testid="on-behalf-submit"
          >
            {t("onBehalf.submit")}
          </Button>
        </Form>
      </Card>
    </StaffPage>
  );
}

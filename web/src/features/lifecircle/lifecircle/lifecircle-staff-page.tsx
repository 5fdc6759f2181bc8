// 完整社区与生活圈 (staff console, /staff/lifecircle): import the community's walking network from an
// OpenStreetMap extract, see the buildings coloured by the walk to a kind, the coverage of every kind
// and the complete-community checklist, the gap list, and add a facility (tap the map for its place);
// the map and the gaps follow at once.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  addFacility,
  DEMO_EXTRACTS,
  type FacilityInput,
  type Gap,
  importExtract,
  type KindFigures,
  projectFromGap,
  requestFromGap,
  setWalkSpeed,
  uploadExtract,
  useBilingual,
  useGaps,
  useHouseholdCoverage,
  useIsochrones,
  useLifecircle,
  useMapData,
  useWays,
} from "./lifecircle-api";
import { KindEditor, LifecircleFacilities } from "./lifecircle-facilities";
import { LifecircleLegend } from "./lifecircle-legend";
import { LifecircleMap } from "./lifecircle-map";
import { LifecircleMatches } from "./lifecircle-matches";
import { LifecircleClosed, LifecircleSheet } from "./lifecircle-sheet";
import "./lifecircle.css";

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function LifecircleStaffPage() {
  const { t } = useTranslation();
  const label = useBilingual();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId: cid } = useCommunity();
  const figures = useLifecircle(cid);
  const [kind, setKind] = useState("market");
  const map = useMapData(cid, kind);
  const gaps = useGaps(cid, kind);
  const [file, setFile] = useState<string>(DEMO_EXTRACTS[0]);
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [pickedBuilding, setPickedBuilding] = useState<number | null>(null);
  const [kindEditing, setKindEditing] = useState<KindFigures | null>(null);
  const me = useMe();
  const [form] = Form.useForm<FacilityInput>();
  const refresh = () => qc.invalidateQueries({ queryKey: ["lifecircle", cid] });

  const doImport = useMutation({
    mutationFn: () => importExtract(cid as number, file),
    onSuccess: (r) => {
      void message.success(t("lifecircle.imported", { nodes: r.network?.nodes, edges: r.network?.edges }));
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const doUpload = useMutation({
    mutationFn: (f: File) => uploadExtract(cid as number, f),
    onSuccess: (r) => {
      void message.success(t("lifecircle.imported", { nodes: r.network?.nodes, edges: r.network?.edges }));
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const navigate = useNavigate();
  const toProject = useMutation({
    mutationFn: (g: Gap) => projectFromGap(cid as number, g),
    onSuccess: (p) => navigate(`/staff/projects/${cid}/${p.id}`),
    onError: (e) => void message.error(describeError(e)),
  });
  const toRequest = useMutation({
    mutationFn: (g: Gap) => requestFromGap(cid as number, g),
    onSuccess: (r) => navigate(`/staff/requests/${cid}/${r.id}`),
    onError: (e) => void message.error(describeError(e)),
  });
  const speed = useMutation({
    mutationFn: (v: number) => setWalkSpeed(cid as number, v),
    onSuccess: () => void refresh(),
    onError: (e) => void message.error(describeError(e)),
  });
  const add = useMutation({
    mutationFn: (v: FacilityInput) => addFacility(cid as number, { ...v, kind }),
    onSuccess: () => {
      void message.success(t("lifecircle.facilityAdded"));
      form.resetFields(["name", "hours"]);
      setPoint(null);
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const pick = (p: { lat: number; lon: number }) => {
    setPoint(p);
    form.setFieldsValue({ lat: Number(p.lat.toFixed(6)), lon: Number(p.lon.toFixed(6)) });
  };

  const net = figures.data?.network;
  const kinds = figures.data?.kinds ?? [];
  const households = useHouseholdCoverage(cid, net != null);
  const ways = useWays(cid, net?.importedAt ?? null);
  const bands = useIsochrones(net ? cid : null, kind);
  const canEditKinds = cid != null && hasPermission(me.data, "lifecircle.kinds", cid);
  const byHousehold = new Map((households.data?.kinds ?? []).map((k) => [k.code, k]));
  return (
    <StaffPage
      title={t("lifecircle.staffTitle")}
      subtitle={t("lifecircle.staffSubtitle")}
      testId="lifecircle-staff-page"
    >
      {figures.isError && <ErrorAlert error={figures.error} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={12} align="center">
          <Typography.Text>{t("lifecircle.importFile")}</Typography.Text>
          <Select
            aria-label={t("lifecircle.importFile")}
            value={file}
            onChange={setFile}
            options={DEMO_EXTRACTS.map((f) => ({ value: f, label: f }))}
            style={{ width: 200 }}
          />
          <Button
            type="primary"
            loading={doImport.isPending}
            onClick={() => doImport.mutate()}
            data-testid="lifecircle-import"
          >
            {t("lifecircle.import")}
          </Button>
          <Upload
            accept=".pbf"
            showUploadList={false}
            beforeUpload={(f) => {
              doUpload.mutate(f);
              return false;
            }}
          >
            <Button loading={doUpload.isPending} data-testid="lifecircle-upload">
              {t("lifecircle.upload")}
            </Button>
          </Upload>
          {(doImport.isPending || doUpload.isPending) && (
            <Typography.Text type="secondary">{t("lifecircle.importing")}</Typography.Text>
          )}
        </Flex>
        <Typography.Paragraph style={{ margin: "8px 0 0" }} data-testid="lifecircle-network">
          {net
            ? t("lifecircle.network", {
                source: net.source,
                nodes: net.nodes,
                edges: net.edges,
                buildings: net.buildings,
                speed: net.walkSpeed,
              })
            : t("lifecircle.noNetwork")}
        </Typography.Paragraph>
        {net && (
          <Space style={{ margin: "0 0 8px" }}>
            <Typography.Text>{t("lifecircle.walkSpeed")}</Typography.Text>
            <Radio.Group
              aria-label={t("lifecircle.walkSpeed")}
              value={net.walkSpeed < 1.1 ? 1 : 1.2}
              onChange={(e) => speed.mutate(e.target.value as number)}
              disabled={speed.isPending}
              options={[
                { value: 1, label: t("lifecircle.speedElderly") },
                { value: 1.2, label: t("lifecircle.speedStandard") },
              ]}
            />
          </Space>
        )}
        <br />
        {figures.data && (
          <Typography.Text strong data-testid="lifecircle-checklist">
            {t("lifecircle.checklist", figures.data.checklist)}
          </Typography.Text>
        )}
      </Card>
      {net && (
        <Flex gap={16} wrap align="flex-start">
          <div style={{ flex: "2 1 520px", minWidth: 320 }}>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Text>{t("lifecircle.kind")}</Typography.Text>
              <Select
                aria-label={t("lifecircle.kind")}
                value={kind}
                onChange={setKind}
                options={kinds.map((k) => ({ value: k.code, label: label(k.nameZh, k.nameEn) }))}
                style={{ width: 220 }}
                data-testid="lifecircle-kind"
              />
            </Space>
            {map.data && (
              <LifecircleMap
                data={map.data}
                ways={ways.data}
                isochrones={bands.data}
                height={520}
                point={point}
                selected={pickedBuilding}
                onPickPoint={pick}
                onPickBuilding={setPickedBuilding}
                label={t("lifecircle.staffTitle")}
              />
            )}
            {pickedBuilding != null && (
              <Typography.Text data-testid="lifecircle-picked">
                {t("lifecircle.mapPicked", { id: pickedBuilding })}
              </Typography.Text>
            )}
            <LifecircleLegend bands />
            <Typography.Text className="lc-note">
              {t("lifecircle.demoNote")} {t("lifecircle.attribution")}
            </Typography.Text>
          </div>
          <div style={{ flex: "1 1 360px", minWidth: 300 }}>
            <Card size="small" title={t("lifecircle.addFacility")} style={{ marginBottom: 16 }}>
              <Form
                form={form}
                layout="vertical"
                initialValues={{ coordSystem: "wgs84", hours: "" }}
                onFinish={(v) => add.mutate(v)}
              >
                <Form.Item
                  name="name"
                  label={t("lifecircle.facilityName")}
                  rules={[{ required: true, max: 80 }]}
                >
                  <Input />
                </Form.Item>
                <Space>
                  <Form.Item name="lat" label={t("lifecircle.lat")} rules={[{ required: true }]}>
                    <InputNumber min={-90} max={90} step={0.0001} />
                  </Form.Item>
                  <Form.Item name="lon" label={t("lifecircle.lon")} rules={[{ required: true }]}>
                    <InputNumber min={-180} max={180} step={0.0001} />
                  </Form.Item>
                </Space>
                <Typography.Paragraph type="secondary">{t("lifecircle.pickOnMap")}</Typography.Paragraph>
                <Form.Item name="coordSystem" label={t("lifecircle.coordSystem")}>
                  <Radio.Group
                    options={[
                      { value: "wgs84", label: t("lifecircle.wgs84") },
                      { value: "gcj02", label: t("lifecircle.gcj02") },
                    ]}
                  />
                </Form.Item>
                <Form.Item name="hours" label={t("lifecircle.facilityHours")}>
                  <Input maxLength={80} />
                </Form.Item>
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={add.isPending}
                  data-testid="lifecircle-add-facility"
                >
                  {t("lifecircle.save")}
                </Button>
              </Form>
            </Card>
            <Card
              size="small"
              title={t("lifecircle.gaps")}
              extra={gaps.data && t("lifecircle.gapsTotal", { count: gaps.data.total })}
            >
              <List
                data-testid="lifecircle-gaps"
                size="small"
                dataSource={gaps.data?.items.slice(0, 12) ?? []}
                locale={{ emptyText: t("lifecircle.noGaps") }}
                renderItem={(g) => (
                  <List.Item
                    actions={[
                      <Button
                        key="project"
                        size="small"
                        loading={toProject.isPending && toProject.variables === g}
                        onClick={() => toProject.mutate(g)}
                        data-testid={`gap-project-${g.buildingId}`}
                      >
                        {t("lifecircle.openProject")}
                      </Button>,
                      <Button
                        key="request"
                        size="small"
                        loading={toRequest.isPending && toRequest.variables === g}
                        onClick={() => toRequest.mutate(g)}
                        data-testid={`gap-request-${g.buildingId}`}
                      >
                        {t("lifecircle.openRequest")}
                      </Button>,
                    ]}
                  >
                    {label(g.textZh, g.textEn)}
                  </List.Item>
                )}
              />
            </Card>
          </div>
        </Flex>
      )}
      {net && (
        <Card size="small" title={t("lifecircle.figures")} style={{ marginTop: 16 }}>
          {households.data && (
            <Typography.Paragraph data-testid="lifecircle-households">
              {t("lifecircle.householdCoverage", households.data)}
            </Typography.Paragraph>
          )}
          <Table<KindFigures>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={kinds}
            data-testid="lifecircle-figures"
            columns={[
              { title: t("lifecircle.colKind"), render: (_, k) => label(k.nameZh, k.nameEn) },
              {
                title: t("lifecircle.colTarget"),
                render: (_, k) => (
                  <Space size={4}>
                    {t("lifecircle.minutes", { count: k.targetMinutes })}
                    {canEditKinds && (
                      <Button size="small" type="link" onClick={() => setKindEditing(k)}>
                        {t("lifecircle.editTarget")}
                      </Button>
                    )}
                  </Space>
                ),
              },
              { title: t("lifecircle.colFacilities"), dataIndex: "facilities" },
              { title: t("lifecircle.colWithin5"), render: (_, k) => pct(k.within[0] ?? 0) },
              { title: t("lifecircle.colWithin10"), render: (_, k) => pct(k.within[1] ?? 0) },
              { title: t("lifecircle.colWithin15"), render: (_, k) => pct(k.within[2] ?? 0) },
              {
                title: t("lifecircle.colHouseholds10"),
                render: (_, k) => {
                  const h = byHousehold.get(k.code);
                  return households.data && households.data.counted > 0 && h ? pct(h.within[1] ?? 0) : "—";
                },
              },
              {
                title: t("lifecircle.colMet"),
                render: (_, k) =>
                  !k.required ? (
                    <Tag>{t("lifecircle.optional")}</Tag>
                  ) : k.met ? (
                    <Tag color="green">{t("lifecircle.met")}</Tag>
                  ) : (
                    <Tag color="red">{t("lifecircle.notMet")}</Tag>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {net && cid != null && (
        <LifecircleFacilities
          cid={cid}
          kind={kind}
          kindName={(() => {
            const k = kinds.find((x) => x.code === kind);
            return k ? label(k.nameZh, k.nameEn) : kind;
          })()}
        />
      )}
      {net && cid != null && <LifecircleSheet cid={cid} />}
      {net && cid != null && <LifecircleClosed cid={cid} kinds={kinds} />}
      {net && cid != null && <LifecircleMatches cid={cid} pickedLcBuilding={pickedBuilding} />}
      {cid != null && <KindEditor cid={cid} kind={kindEditing} onClose={() => setKindEditing(null)} />}
    </StaffPage>
  );
}

// 月报 (E2, staff console): the archived monthly reports of the person's places and those below, with
// month, place and kind filters; each report's PDF and figure table (Excel) to download; regeneration of
// one report, of the selected ones, or of any past month and place (the numbers come out the same).
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Flex,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useMe } from "../../../shared/api/session";
import type { Me } from "../../../shared/api/types";
import { useCommunity } from "../../../shared/staff/community";
import { ExportButton, ListToolbar, SelectFilter, SelectionBar } from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { type ReportMeta, useGenerateReport, usePlaceChildren, useReports } from "./reports-api";

const RANK = { global: 0, district: 1, street: 2, community: 3 } as Record<string, number>;

/** The widest place the person's insight.reports.read grants reach (global: the console's community). */
function startPlace(me: Me | null | undefined, communityId: number): string | null {
  const g = (me?.roles ?? [])
    .filter((r) => r.permissions.includes("insight.reports.read") && r.scopeType in RANK)
    .sort((a, b) => (RANK[a.scopeType] ?? 9) - (RANK[b.scopeType] ?? 9))[0];
  if (!g) return null;
  if (g.scopeType === "global") return `community:${communityId}`;
  return `${g.scopeType}:${g.scopeId}`;
}

const lastMonth = () => dayjs().subtract(1, "month").format("YYYY-MM");

export function InsightReportsStaffPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const me = useMe();
  const { communityId } = useCommunity();
  const [params, setParams] = useSearchParams();
  const start = startPlace(me.data, communityId);
  const place = params.get("place") ?? start;
  const month = params.get("month") ?? undefined;
  const level = (params.get("level") as "community" | "street" | null) ?? undefined;
  const page = Number(params.get("page") ?? 1);
  const list = useReports(place ? { place, month, level, page, pageSize: 20 } : null);
  const places = usePlaceChildren(start, lastMonth());
  const generate = useGenerateReport();
  const [selected, setSelected] = useState<ReportMeta[]>([]);
  const [genMonth, setGenMonth] = useState(lastMonth());
  const [genPlace, setGenPlace] = useState<string | null>(null);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v == null ? next.delete(k) : next.set(k, v);
    if (!("page" in changes)) next.delete("page");
    setParams(next);
  };

  if (!start || !place)
    return (
      <StaffPage title={t("insightReports.title")}>
        <Typography.Text>{t("insightReports.noPlace")}</Typography.Text>
      </StaffPage>
    );

  const placeOptions = [
    ...(places.data ? [{ value: places.data.place.place, label: places.data.place.name }] : []),
    ...(places.data?.children ?? [])
      .filter((c) => c.place.level === "street" || c.place.level === "community")
      .map((c) => ({ value: c.place.place, label: c.place.name })),
  ];
  const reportable = placeOptions.filter((o) => /^(street|community):/.test(o.value));
  const target = genPlace ?? reportable[0]?.value ?? null;

  const run = async (items: { place: string; month: string; name: string }[]) => {
    try {
      for (const i of items) await generate.mutateAsync({ place: i.place, month: i.month });
      if (items.length === 1)
        message.success(t("insightReports.regenerated", { place: items[0]!.name, month: items[0]!.month }));
      else message.success(t("insightReports.regeneratedMany", { count: items.length }));
      setSelected([]);
    } catch (err) {
      message.error(describeError(err));
    }
  };

  const columns: ColumnsType<ReportMeta> = [
    { key: "month", title: t("insightReports.month"), render: (_, r) => r.month },
    {
      key: "place",
      title: t("insightReports.place"),
      render: (_, r) => (
        <Flex gap={4} align="center">
          <Tag>{t(`insightReports.levels.${r.level}`)}</Tag>
          {r.placeName}
        </Flex>
      ),
    },
    {
      key: "generatedAt",
      title: t("insightReports.generatedAt"),
      render: (_, r) => dayjs(r.generatedAt).format("YYYY-MM-DD HH:mm"),
    },
    {
      key: "by",
      title: t("insightReports.generatedBy"),
      render: (_, r) => t(`insightReports.by.${r.generatedBy}`),
    },
    {
      key: "size",
      title: t("insightReports.size"),
      align: "right",
      render: (_, r) => `${Math.max(1, Math.round(r.pdfBytes / 1024))} KB`,
    },
    {
      key: "sha256",
      title: t("insightReports.sha256"),
      render: (_, r) => (
        <Typography.Text code title={r.sha256}>
          {r.sha256.slice(0, 12)}
        </Typography.Text>
      ),
    },
    {
      key: "actions",
      title: t("insightReports.actions"),
      render: (_, r) => (
        <Flex gap={4} wrap>
          <ExportButton
            path={`/insight/reports/${r.id}/report.pdf`}
            fallbackName={`report-${r.month}.pdf`}
            label={t("insightReports.pdf")}
            testId={`pdf-${r.place}-${r.month}`}
          />
          <ExportButton
            path={`/insight/reports/${r.id}/figures.xlsx`}
            fallbackName={`report-${r.month}.xlsx`}
            label={t("insightReports.excel")}
            testId={`xlsx-${r.place}-${r.month}`}
          />
          <Popconfirm
            title={t("insightReports.regenerateConfirm", { place: r.placeName, month: r.month })}
            onConfirm={() => run([{ place: r.place, month: r.month, name: r.placeName }])}
          >
            <Button loading={generate.isPending} data-testid={`regenerate-${r.place}-${r.month}`}>
              {t("insightReports.regenerate")}
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <StaffPage
      title={t("insightReports.title")}
      subtitle={t("insightReports.subtitle")}
      testId="insight-reports-page"
    >
      <Flex vertical gap={16}>
        <Card title={t("insightReports.generateTitle")} size="small">
          <Typography.Paragraph type="secondary">{t("insightReports.generateHint")}</Typography.Paragraph>
          <Flex gap={8} wrap align="center">
            <DatePicker
              picker="month"
              aria-label={t("insightReports.month")}
              allowClear={false}
              value={dayjs(`${genMonth}-01`)}
              disabledDate={(d) => !d.isBefore(dayjs().startOf("month"))}
              onChange={(d) => d && setGenMonth(d.format("YYYY-MM"))}
              data-testid="generate-month"
            />
            <Select
              aria-label={t("insightReports.place")}
              style={{ minWidth: 180 }}
              value={target}
              options={reportable}
              onChange={(v) => setGenPlace(v)}
              data-testid="generate-place"
            />
            <Button
              type="primary"
              disabled={!target}
              loading={generate.isPending}
              onClick={() =>
                target &&
                run([
                  {
                    place: target,
                    month: genMonth,
                    name: reportable.find((o) => o.value === target)?.label ?? target,
                  },
                ])
              }
              data-testid="generate-report"
            >
              {t("insightReports.generate")}
            </Button>
          </Flex>
        </Card>
        <ListToolbar>
          <SelectFilter
            label={t("insightReports.place")}
            value={params.get("place") ?? undefined}
            onChange={(v) => set({ place: v ?? null })}
            options={placeOptions}
            width={180}
            testId="filter-place"
          />
          <DatePicker
            picker="month"
            aria-label={t("insightReports.month")}
            placeholder={t("insightReports.allMonths")}
            value={month ? dayjs(`${month}-01`) : null}
            onChange={(d) => set({ month: d ? d.format("YYYY-MM") : null })}
            data-testid="filter-month"
          />
          <SelectFilter
            label={t("insightReports.level")}
            value={level}
            onChange={(v) => set({ level: v ?? null })}
            options={(["community", "street"] as const).map((l) => ({
              value: l,
              label: t(`insightReports.levels.${l}`),
            }))}
            width={120}
            testId="filter-level"
          />
        </ListToolbar>
        {selected.length > 0 && (
          <SelectionBar count={selected.length} onClear={() => setSelected([])}>
            <Button
              loading={generate.isPending}
              onClick={() =>
                run(selected.map((r) => ({ place: r.place, month: r.month, name: r.placeName })))
              }
              data-testid="regenerate-selected"
            >
              {t("insightReports.regenerateSelected")}
            </Button>
          </SelectionBar>
        )}
        {list.error && <ErrorAlert error={list.error} onRetry={() => list.refetch()} />}
        <Table
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isLoading}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("insightReports.empty") }}
          rowSelection={{
            selectedRowKeys: selected.map((r) => r.id),
            onChange: (_, rows) => setSelected(rows),
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: (p) => set({ page: String(p) }),
          }}
          data-testid="insight-reports"
        />
      </Flex>
    </StaffPage>
  );
}

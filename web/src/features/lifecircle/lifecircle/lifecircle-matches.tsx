// 楼栋匹配 (staff console, part of /staff/lifecircle): the register's buildings beside the imported
// buildings proposed for them (by name or number, then the nearest point). Staff accept or reject in a
// batch, or re-assign a building to the one they tapped on the map; each item's refusal is listed.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Flex, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { downloadFile } from "../../../shared/staff/download";
import {
  type Match,
  matchesExportPath,
  proposeMatches,
  type ReviewItem,
  reviewMatches,
  useBilingual,
  useMatches,
} from "./lifecircle-api";

const STATUS_COLOR = { none: "default", proposed: "gold", confirmed: "green", rejected: "red" } as const;

export function LifecircleMatches(props: { cid: number; pickedLcBuilding: number | null }) {
  const { cid, pickedLcBuilding } = props;
  const { t } = useTranslation();
  const label = useBilingual();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState<number[]>([]);
  const matches = useMatches(cid, status, q);
  const refresh = () => qc.invalidateQueries({ queryKey: ["lifecircle", cid] });

  const propose = useMutation({
    mutationFn: () => proposeMatches(cid),
    onSuccess: (r) => {
      void message.success(t("lifecircle.proposed", r));
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const review = useMutation({
    mutationFn: (items: ReviewItem[]) => reviewMatches(cid, items),
    onSuccess: (r) => {
      const refused = r.results.filter((x) => !x.ok);
      if (refused.length === 0) void message.success(t("lifecircle.reviewed", r));
      else
        void message.warning(
          `${t("lifecircle.reviewed", r)} ${refused
            .map((x) => label(x.messageZh ?? "", x.messageEn ?? ""))
            .join("；")}`,
        );
      setSelected([]);
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const exportXlsx = useMutation({
    mutationFn: () =>
      downloadFile(
        matchesExportPath(cid),
        { ...(status ? { status } : {}), ...(q ? { q } : {}) },
        "lifecircle-matches.xlsx",
      ),
    onError: (e) => void message.error(describeError(e)),
  });
  const batch = (decision: "accept" | "reject") =>
    review.mutate(selected.map((buildingId) => ({ buildingId, decision })));

  return (
    <Card size="small" title={t("lifecircle.matches")} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("lifecircle.matchesHelp")}</Typography.Paragraph>
      <Flex wrap gap={8} align="center" style={{ marginBottom: 8 }}>
        <Button
          type="primary"
          loading={propose.isPending}
          onClick={() => propose.mutate()}
          data-testid="lifecircle-propose"
        >
          {t("lifecircle.propose")}
        </Button>
        <Input.Search
          aria-label={t("lifecircle.matchSearch")}
          placeholder={t("lifecircle.matchSearch")}
          allowClear
          onSearch={setQ}
          style={{ width: 220 }}
        />
        <Select
          aria-label={t("lifecircle.matchStatus")}
          allowClear
          placeholder={t("lifecircle.matchStatus")}
          value={status}
          onChange={(v) => setStatus(v ?? null)}
          style={{ width: 160 }}
          data-testid="lifecircle-match-status"
          options={(["proposed", "confirmed", "none"] as const).map((s) => ({
            value: s,
            label: t(`lifecircle.status_${s}`),
          }))}
        />
        <Button
          onClick={() => exportXlsx.mutate()}
          loading={exportXlsx.isPending}
          data-testid="lifecircle-matches-export"
        >
          {t("lifecircle.matchesExport")}
        </Button>
        {matches.data && (
          <Typography.Text data-testid="lifecircle-match-counts">
            {t("lifecircle.matchCounts", matches.data)}
          </Typography.Text>
        )}
      </Flex>
      {selected.length > 0 && (
        <Space style={{ marginBottom: 8 }} data-testid="lifecircle-match-batch">
          <Typography.Text>{t("lifecircle.selected", { count: selected.length })}</Typography.Text>
          <Button
            type="primary"
            onClick={() => batch("accept")}
            loading={review.isPending}
            data-testid="lifecircle-accept-selected"
          >
            {t("lifecircle.acceptSelected")}
          </Button>
          <Button danger onClick={() => batch("reject")} loading={review.isPending}>
            {t("lifecircle.rejectSelected")}
          </Button>
        </Space>
      )}
      <Table<Match>
        size="small"
        rowKey="buildingId"
        data-testid="lifecircle-matches"
        loading={matches.isPending}
        dataSource={matches.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
          getCheckboxProps: (m) => ({
            disabled: m.status === "none",
            "aria-label": `${m.estateName} ${m.buildingName}`,
          }),
        }}
        scroll={{ x: 640 }}
        columns={[
          { title: t("lifecircle.colEstate"), dataIndex: "estateName" },
          { title: t("lifecircle.colRegisterBuilding"), dataIndex: "buildingName" },
          { title: t("lifecircle.colHouseholds"), dataIndex: "households" },
          {
            title: t("lifecircle.colMapBuilding"),
            render: (_, m) => m.lcLabel ?? "—",
          },
          {
            title: t("lifecircle.colStatus"),
            render: (_, m) => <Tag color={STATUS_COLOR[m.status]}>{t(`lifecircle.status_${m.status}`)}</Tag>,
          },
          {
            title: t("lifecircle.colActions"),
            render: (_, m) => (
              <Space size={4} wrap>
                {m.status === "proposed" && (
                  <Button
                    size="small"
                    onClick={() => review.mutate([{ buildingId: m.buildingId, decision: "accept" }])}
                  >
                    {t("lifecircle.accept")}
                  </Button>
                )}
                {(m.status === "proposed" || m.status === "confirmed") && (
                  <Button
                    size="small"
                    danger
                    onClick={() => review.mutate([{ buildingId: m.buildingId, decision: "reject" }])}
                  >
                    {t("lifecircle.reject")}
                  </Button>
                )}
                <Button
                  size="small"
                  disabled={pickedLcBuilding == null}
                  title={pickedLcBuilding == null ? t("lifecircle.pickFirst") : undefined}
                  onClick={() =>
                    review.mutate([
                      {
                        buildingId: m.buildingId,
                        decision: "accept",
                        lcBuildingId: pickedLcBuilding as number,
                      },
                    ])
                  }
                  data-testid={`match-reassign-${m.buildingId}`}
                >
                  {t("lifecircle.reassign")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

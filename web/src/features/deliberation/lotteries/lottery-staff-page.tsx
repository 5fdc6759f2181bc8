// One lottery (staff): its facts and commitment, the applications (search, outcome filter, Excel export),
// closing early, freezing the list, the way to the big-screen draw, and recording a winner's decline.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Descriptions,
  Empty,
  Flex,
  Input,
  Modal,
  Popconfirm,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useCommunity } from "../../../shared/staff/community";
import { useListParams, usePageParams } from "../../../shared/staff/list-state";
import {
  ExportButton,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, Loading, StaffPage } from "../../../shared/ui/staff";
import {
  type Application,
  closeApplications,
  declineWin,
  freezeLottery,
  lotteriesPath,
  useApplications,
  useLottery,
} from "./lotteries-api";
import "./lotteries.css";

type OutcomeFilter = "applied" | "won" | "waiting" | "declined";
const OUTCOMES: OutcomeFilter[] = ["applied", "won", "waiting", "declined"];
const OUTCOME_COLOR = { won: "green", waiting: "blue", declined: "default" } as const;

export function LotteryStaffPage() {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: object) => string;
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const lotteryId = Number(useParams().lotteryId);
  const me = useMe();
  const canManage = hasPermission(me.data, "requests.handle", communityId);
  const lottery = useLottery(communityId, lotteryId);
  const params = useListParams();
  const paging = usePageParams(params, 50);
  const q = params.str("q");
  const outcome = OUTCOMES.find((o) => o === params.str("outcome"));
  const apps = useApplications(communityId, lotteryId, {
    q,
    outcome,
    limit: paging.pageSize,
    offset: (paging.page - 1) * paging.pageSize,
  });
  const [declining, setDeclining] = useState<Application | null>(null);
  const [reason, setReason] = useState("");
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ["lottery", communityId, lotteryId] });
    void qc.invalidateQueries({ queryKey: ["lottery-applications", communityId, lotteryId] });
    void qc.invalidateQueries({ queryKey: ["lotteries"] });
  };
  const step = useMutation({
    mutationFn: (what: "close" | "freeze") =>
      what === "close" ? closeApplications(communityId, lotteryId) : freezeLottery(communityId, lotteryId),
    onSuccess: (_, what) => {
      message.success(what === "close" ? t("lotteries.closedNow") : t("lotteries.frozen"));
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });
  const decline = useMutation({
    mutationFn: (a: Application) =>
      declineWin(communityId, lotteryId, { applicationId: a.id, reason: reason.trim() }),
    onSuccess: (r) => {
      message.success(
        r.passedTo ? t("lotteries.declined", { ticket: r.passedTo.ticket }) : t("lotteries.declinedNone"),
      );
      setDeclining(null);
      setReason("");
      refresh();
    },
    onError: (err) => message.error(describeError(err)),
  });

  const columns: StaffColumn<Application>[] = [
    { title: t("lotteries.colTicket"), key: "ticket", width: 80, render: (_, a) => a.ticket ?? "—" },
    { title: t("lotteries.colName"), key: "name", width: 110, dataIndex: "name" },
    { title: t("lotteries.colLabel"), key: "label", width: 130, render: (_, a) => a.label ?? "—" },
    { title: t("lotteries.colPhone"), key: "phone", width: 130, render: (_, a) => a.phone ?? "—" },
    { title: t("lotteries.colAddress"), key: "address", dataIndex: "address" },
    {
      title: t("lotteries.colPosition"),
      key: "position",
      width: 70,
      render: (_, a) => a.drawPosition ?? "—",
    },
    {
      title: t("lotteries.colOutcome"),
      key: "outcome",
      width: 100,
      render: (_, a) =>
        a.outcome ? (
          <Tag color={OUTCOME_COLOR[a.outcome]}>{tt(`lotteries.outcome.${a.outcome}`)}</Tag>
        ) : (
          t("lotteries.applied")
        ),
    },
    { title: t("lotteries.colItem"), key: "item", width: 90, render: (_, a) => a.item ?? "—" },
    {
      title: t("lotteries.colActions"),
      key: "actions",
      width: 110,
      render: (_, a) =>
        canManage &&
        a.outcome === "won" && (
          <Button size="small" danger onClick={() => setDeclining(a)} data-testid={`decline-${a.ticket}`}>
            {t("lotteries.decline")}
          </Button>
        ),
    },
  ];
  const table = useColumnSettings<Application>("lottery-applications", columns);

  if (lottery.isPending) return <Loading />;
  if (lottery.isError) return <ErrorAlert error={lottery.error} onRetry={() => lottery.refetch()} />;
  const l = lottery.data;
  return (
    <StaffPage
      title={l.title}
      subtitle={tt("lotteries.detailSubtitle", {
        place: l.placeName,
        kind: tt(`lotteries.kind.${l.kind}`),
        count: l.places,
      })}
      testId="lottery-staff-page"
      extra={
        canManage && (
          <Flex gap={8} wrap>
            {l.state === "open" && (
              <Popconfirm title={t("lotteries.closeConfirm")} onConfirm={() => step.mutate("close")}>
                <Button data-testid="close-applications">{t("lotteries.closeNow")}</Button>
              </Popconfirm>
            )}
            {l.state === "closed" && (
              <Popconfirm title={t("lotteries.freezeConfirm")} onConfirm={() => step.mutate("freeze")}>
                <Button type="primary" data-testid="freeze">
                  {t("lotteries.freeze")}
                </Button>
              </Popconfirm>
            )}
            {(l.state === "frozen" || l.state === "drawn") && (
              <Link to={`/staff/lotteries/${l.id}/draw`} data-testid="to-draw">
                <Button type="primary">{t("lotteries.toDraw")}</Button>
              </Link>
            )}
          </Flex>
        )
      }
    >
      <Descriptions
        bordered
        size="small"
        column={1}
        title={t("lotteries.facts")}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: "state",
            label: t("lotteries.colState"),
            children: <span data-testid="staff-lottery-state">{tt(`lotteries.state.${l.state}`)}</span>,
          },
          {
            key: "window",
            label: t("lotteries.colDates"),
            children: `${dayjs(l.opensAt).format("YYYY-MM-DD HH:mm")} – ${dayjs(l.closesAt).format("YYYY-MM-DD HH:mm")}`,
          },
          {
            key: "rules",
            label: t("lotteries.rulesTitle"),
            children: `${tt(`lotteries.audience.${l.audience}`)} · ${tt(`lotteries.per.${l.per}`)}${
              l.items.length ? ` · ${l.items.join("、")}` : ""
            }`,
          },
          {
            key: "commitment",
            label: t("lotteries.commitment"),
            children: <Typography.Text code>{l.commitment}</Typography.Text>,
          },
          ...(l.listHash
            ? [
                {
                  key: "hash",
                  label: t("lotteries.listHash"),
                  children: <Typography.Text code>{l.listHash}</Typography.Text>,
                },
              ]
            : []),
          ...(l.drawnAt
            ? [
                {
                  key: "drawn",
                  label: t("lotteries.drawnAt"),
                  children: dayjs(l.drawnAt).format("YYYY-MM-DD HH:mm"),
                },
                {
                  key: "secret",
                  label: t("lotteries.secret"),
                  children: <Typography.Text code>{l.secret}</Typography.Text>,
                },
                {
                  key: "input",
                  label: t("lotteries.publicInput"),
                  children: l.publicInput || t("lotteries.none"),
                },
              ]
            : []),
        ]}
      />
      <Typography.Title level={4}>{t("lotteries.appsTitle")}</Typography.Title>
      <ListToolbar
        testId="application-filters"
        extra={
          <>
            <ExportButton
              path={`${lotteriesPath(communityId)}/${lotteryId}/applications/export`}
              query={{ q, outcome }}
              fallbackName="lottery-applications.xlsx"
              label={t("lotteries.export")}
              testId="export-applications"
            />
            {table.button}
          </>
        }
      >
        <KeywordFilter list={params} placeholder={t("lotteries.appsKeyword")} />
        <SelectFilter<OutcomeFilter>
          label={t("lotteries.outcomeLabel")}
          value={outcome}
          onChange={(v) => params.set({ outcome: v ?? null })}
          options={OUTCOMES.map((o) => ({
            value: o,
            label: o === "applied" ? t("lotteries.outcomeApplied") : tt(`lotteries.outcome.${o}`),
          }))}
          testId="filter-outcome"
        />
      </ListToolbar>
      {apps.isError && <ErrorAlert error={apps.error} onRetry={() => apps.refetch()} />}
      <Table<Application>
        rowKey="id"
        columns={table.columns}
        dataSource={apps.data?.items ?? []}
        loading={apps.isPending}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: apps.data?.total ?? 0,
          onChange: paging.onChange,
          showTotal: (n) => t("common.total", { total: n }),
        }}
        scroll={{ x: 1000 }}
        locale={{ emptyText: apps.isPending ? " " : <Empty /> }}
        data-testid="applications"
      />
      {declining && (
        <Modal
          open
          title={t("lotteries.declineTitle", { ticket: declining.ticket })}
          okText={t("lotteries.declineOk")}
          okButtonProps={
            { danger: true, loading: decline.isPending, "data-testid": "decline-ok" } as React.ComponentProps<
              typeof Button
            >
          }
          onOk={() => decline.mutate(declining)}
          onCancel={() => setDeclining(null)}
        >
          <Input.TextArea
            rows={2}
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t("lotteries.declineReason")}
            aria-label={t("lotteries.declineReason")}
            data-testid="decline-reason"
          />
        </Modal>
      )}
    </StaffPage>
  );
}

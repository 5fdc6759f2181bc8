import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from "@ant-design/icons";
import type {
  ZImportAccepted,
  ZImportJob,
  ZImportList,
  ZImportMode,
} from "@contract/core/imports/imports.schema";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Progress,
  Radio,
  Row,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { useCommunity } from "../../../shared/staff/community";
import { filterRows, tablePagination, useListParams } from "../../../shared/staff/list-state";
import {
  DateRangeFilter,
  KeywordFilter,
  ListToolbar,
  SelectFilter,
  type StaffColumn,
  useColumnSettings,
} from "../../../shared/staff/list-toolbar";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";

type Mode = Reply<typeof ZImportMode>;
type ImportJob = Reply<typeof ZImportJob>;
const RUNNING = new Set(["queued", "running"]);
const ACCEPT = [".xlsx", ".csv"];

function startImport(communityId: number, file: File, mode: Mode) {
  const body = new FormData();
  // fields first: the server reads them before the file stream
  body.append("kind", "residents");
  body.append("mode", mode);
  body.append("file", file, file.name);
  return api.post<Reply<typeof ZImportJob> | Reply<typeof ZImportAccepted>>(
    `/communities/${communityId}/imports`,
    body,
  );
}

export function ImportExportPage() {
  const { t } = useTranslation();
  const { communityId } = useCommunity();
  return (
    <StaffPage title={t("imports.title")} testId="imports-page">
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <ImportCard communityId={communityId} />
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t("imports.exportTitle")}>
            <Typography.Paragraph type="secondary">{t("imports.exportHelp")}</Typography.Paragraph>
            <Space orientation="vertical" style={{ width: "100%" }}>
              <Button
                block
                icon={<FileExcelOutlined />}
                href={`/api/communities/${communityId}/exports/residents.xlsx`}
                download
                data-testid="export-xlsx"
              >
                {t("imports.exportXlsx")}
              </Button>
              <Button
                block
                icon={<DownloadOutlined />}
                href={`/api/communities/${communityId}/exports/residents.csv`}
                download
                data-testid="export-csv"
              >
                {t("imports.exportCsv")}
              </Button>
            </Space>
          </Card>
        </Col>
        <Col span={24}>
          <ImportHistory communityId={communityId} />
        </Col>
      </Row>
    </StaffPage>
  );
}

type JobSummary = Reply<typeof ZImportList>["items"][number];
const JOB_STATUSES = ["queued", "running", "succeeded", "failed", "rejected"] as const;

/** 导入记录: the community's last imports, searched by file name, day and status (kept in the URL). */
function ImportHistory(props: { communityId: number }) {
  const { t, i18n } = useTranslation();
  const tt = t as (k: string) => string;
  const list = useListParams();
  const jobs = useQuery({
    queryKey: ["imports", props.communityId, "list"],
    queryFn: () =>
      api.get<Reply<typeof ZImportList>>(`/communities/${props.communityId}/imports`, { limit: 100 }),
    retry: false,
  });
  const status = JOB_STATUSES.find((s) => s === list.str("status"));
  const rows = filterRows(jobs.data?.items ?? [], list, {
    text: (j) => j.filename ?? "",
    date: (j) => j.createdAt,
  }).filter((j) => !status || j.status === status);
  const statusText = (s: string) =>
    i18n.exists(`imports.jobStatus.${s}`) ? tt(`imports.jobStatus.${s}`) : s;
  const columns: StaffColumn<JobSummary>[] = [
    {
      title: t("imports.startedAt"),
      key: "createdAt",
      width: 170,
      render: (_, j) => dayjs(j.createdAt).format("YYYY-MM-DD HH:mm"),
    },
    { title: t("imports.file"), key: "filename", render: (_, j) => j.filename ?? "—" },
    {
      title: t("imports.mode"),
      key: "mode",
      width: 150,
      render: (_, j) => (j.mode === "valid_rows" ? t("imports.validRows") : t("imports.allOrNothing")),
    },
    {
      title: t("imports.statusColumn"),
      key: "status",
      width: 160,
      render: (_, j) => (
        <Tag
          color={
            j.status === "succeeded"
              ? "green"
              : j.status === "failed" || j.status === "rejected"
                ? "red"
                : "blue"
          }
        >
          {statusText(j.status)}
        </Tag>
      ),
    },
    {
      title: t("imports.imported"),
      key: "imported",
      width: 100,
      align: "right",
      render: (_, j) => j.importedRows ?? 0,
    },
    {
      title: t("imports.errorCount"),
      key: "errors",
      width: 90,
      align: "right",
      render: (_, j) => j.errorCount ?? 0,
    },
  ];
  const table = useColumnSettings<JobSummary>("imports", columns);
  // the import jobs need data.import; those who only export see no history
  if (jobs.isError) return null;
  return (
    <Card title={t("imports.historyTitle")} data-testid="import-history">
      <ListToolbar testId="import-filters" extra={table.button}>
        <KeywordFilter list={list} placeholder={t("imports.historyKeyword")} width={240} />
        <DateRangeFilter list={list} label={t("imports.startedAt")} />
        <SelectFilter
          label={t("imports.statusColumn")}
          width={180}
          value={status}
          onChange={(v) => list.set({ status: v })}
          options={JOB_STATUSES.map((s) => ({ value: s, label: statusText(s) }))}
        />
      </ListToolbar>
      <Table<JobSummary>
        rowKey="id"
        size="middle"
        columns={table.columns}
        dataSource={rows}
        loading={jobs.isPending}
        pagination={tablePagination(list, { defaultSize: 10 })}
        scroll={{ x: 860 }}
      />
    </Card>
  );
}

function ImportCard(props: { communityId: number }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [mode, setMode] = useState<Mode>("all_or_nothing");
  const [fileError, setFileError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => {
      const f = files[0]?.originFileObj;
      if (!f) throw new Error("no file");
      return startImport(props.communityId, f, mode);
    },
  });
  const jobId = start.data?.id;

  if (jobId != null) {
    return (
      <JobCard
        communityId={props.communityId}
        jobId={jobId}
        onAgain={() => {
          start.reset();
          setFiles([]);
        }}
      />
    );
  }

  return (
    <Card title={t("imports.importTitle")}>
      <Typography.Paragraph type="secondary">{t("imports.importHelp")}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t("imports.templateTitle")}
        description={t("imports.templateHelp")}
        action={
          <Button
            icon={<FileExcelOutlined />}
            href={`/api/communities/${props.communityId}/imports/template.xlsx?kind=residents`}
            download
            data-testid="import-template"
          >
            {t("imports.templateDownload")}
          </Button>
        }
      />
      <Upload.Dragger
        accept={ACCEPT.join(",")}
        maxCount={1}
        fileList={files}
        beforeUpload={(file) => {
          const ok = ACCEPT.some((ext) => file.name.toLowerCase().endsWith(ext));
          setFileError(ok ? null : t("imports.fileTypeError"));
          if (ok)
            setFiles([
              { uid: file.uid, name: file.name, size: file.size, originFileObj: file, status: "done" },
            ]);
          return false;
        }}
        onRemove={() => setFiles([])}
        data-testid="import-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t("imports.dropText")}</p>
        <p className="ant-upload-hint">{t("imports.dropHint")}</p>
      </Upload.Dragger>
      {fileError && <Alert type="error" showIcon title={fileError} style={{ marginTop: 12 }} />}
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        {t("imports.mode")}
      </Typography.Title>
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} data-testid="import-mode">
        <Space orientation="vertical">
          <Radio value="all_or_nothing">
            <Typography.Text strong>{t("imports.allOrNothing")}</Typography.Text>
            <Typography.Text type="secondary"> — {t("imports.allOrNothingHelp")}</Typography.Text>
          </Radio>
          <Radio value="valid_rows">
            <Typography.Text strong>{t("imports.validRows")}</Typography.Text>
            <Typography.Text type="secondary"> — {t("imports.validRowsHelp")}</Typography.Text>
          </Radio>
        </Space>
      </Radio.Group>
      {start.isError && <ErrorAlert error={start.error} style={{ marginTop: 16, marginBottom: 0 }} />}
      <Flex justify="flex-end" style={{ marginTop: 20 }}>
        <Button
          type="primary"
          size="large"
          disabled={files.length === 0}
          loading={start.isPending}
          onClick={() => start.mutate()}
          data-testid="import-start"
        >
          {files.length === 0 ? t("imports.chooseFile") : t("imports.start")}
        </Button>
      </Flex>
    </Card>
  );
}

function JobCard(props: { communityId: number; jobId: number; onAgain: () => void }) {
  const { t, i18n } = useTranslation();
  const tt = t as (k: string) => string;
  const job = useQuery({
    queryKey: ["communities", props.communityId, "imports", props.jobId],
    queryFn: () => api.get<ImportJob>(`/communities/${props.communityId}/imports/${props.jobId}`),
    refetchInterval: (q) => (q.state.data && !RUNNING.has(q.state.data.status) ? false : 1000),
  });
  const j = job.data;
  const running = !j || RUNNING.has(j.status);
  const percent =
    j && j.totalRows > 0 ? Math.round((j.processedRows / j.totalRows) * 100) : running ? 0 : 100;
  const statusColor =
    j?.status === "succeeded"
      ? "success"
      : j?.status === "failed" || j?.status === "rejected"
        ? "error"
        : "processing";
  const english = i18n.language === "en";

  return (
    <Card
      title={t("imports.importTitle")}
      extra={
        !running && (
          <Button onClick={props.onAgain} data-testid="import-again">
            {t("imports.again")}
          </Button>
        )
      }
      data-testid="import-job"
    >
      {job.isError && <ErrorAlert error={job.error} onRetry={() => job.refetch()} />}
      <Flex align="center" gap={12} style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t("imports.progress")}</Typography.Text>
        {j && (
          <Tag color={statusColor} data-testid="import-status">
            {i18n.exists(`imports.jobStatus.${j.status}`) ? tt(`imports.jobStatus.${j.status}`) : j.status}
          </Tag>
        )}
      </Flex>
      <Progress
        percent={percent}
        status={
          j?.status === "failed" || j?.status === "rejected" ? "exception" : running ? "active" : "success"
        }
        data-testid="import-progress"
        aria-label={t("imports.progress")}
      />
      {j && (
        <Descriptions
          size="small"
          column={3}
          style={{ marginTop: 12 }}
          items={[
            {
              key: "rows",
              label: t("imports.processed"),
              children: t("imports.rowsOf", { processed: j.processedRows, total: j.totalRows }),
            },
            {
              key: "imported",
              label: t("imports.imported"),
              children: (
                <span data-testid="import-imported">{t("imports.rowCount", { count: j.importedRows })}</span>
              ),
            },
            {
              key: "errors",
              label: t("imports.errorCount"),
              children: (
                <span data-testid="import-error-count">{t("imports.errorsOf", { count: j.errorCount })}</span>
              ),
            },
          ]}
        />
      )}
      {j && j.errors.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("imports.errorsTitle")}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.column ?? ""}-${e.message_zh}`}
            dataSource={j.errors}
            pagination={{
              pageSize: 20,
              hideOnSinglePage: true,
              showTotal: (total) => t("common.total", { total }),
            }}
            columns={[
              { title: t("imports.row"), dataIndex: "row", width: 80 },
              {
                title: t("imports.column"),
                dataIndex: "column",
                width: 160,
                render: (v: string | null) => v ?? "—",
              },
              {
                title: t("imports.message"),
                key: "message",
                render: (_, e) => (english ? e.message_en || e.message_zh : e.message_zh || e.message_en),
              },
            ]}
            data-testid="import-errors"
          />
        </>
      )}
    </Card>
  );
}

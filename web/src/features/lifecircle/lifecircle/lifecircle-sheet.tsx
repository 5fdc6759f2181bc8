// The facilities sheet and the closed facilities (staff console, part of /staff/lifecircle): download
// the template, upload the filled sheet (all rows or none; a refused sheet lists each bad row), and the
// facilities closed so far with the day each closed and why.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Flex, Table, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, describeError } from "../../../shared/api/client";
import { downloadFile } from "../../../shared/staff/download";
import {
  type ClosedFacility,
  facilitiesTemplatePath,
  type KindFigures,
  type SheetError,
  uploadFacilitiesSheet,
  useBilingual,
  useClosedFacilities,
} from "./lifecircle-api";

export function LifecircleSheet(props: { cid: number }) {
  const { cid } = props;
  const { t } = useTranslation();
  const label = useBilingual();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rowErrors, setRowErrors] = useState<SheetError[] | null>(null);
  const template = useMutation({
    mutationFn: () => downloadFile(facilitiesTemplatePath(cid), {}, "facilities-template.xlsx"),
    onError: (e) => void message.error(describeError(e)),
  });
  const upload = useMutation({
    mutationFn: (f: File) => uploadFacilitiesSheet(cid, f),
    onMutate: () => setRowErrors(null),
    onSuccess: (r) => {
      void message.success(t("lifecircle.sheetImported", { count: r.imported }));
      void qc.invalidateQueries({ queryKey: ["lifecircle", cid] });
    },
    onError: (e) => {
      if (e instanceof ApiError && Array.isArray(e.details) && e.code === "LIFECIRCLE_SHEET_INVALID")
        setRowErrors(e.details as SheetError[]);
      else void message.error(describeError(e));
    },
  });
  return (
    <Card size="small" title={t("lifecircle.sheetTitle")} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t("lifecircle.sheetHelp")}</Typography.Paragraph>
      <Flex wrap gap={8} align="center">
        <Button
          onClick={() => template.mutate()}
          loading={template.isPending}
          data-testid="lifecircle-sheet-template"
        >
          {t("lifecircle.sheetTemplate")}
        </Button>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(f) => {
            upload.mutate(f);
            return false;
          }}
        >
          <Button type="primary" loading={upload.isPending} data-testid="lifecircle-sheet-upload">
            {t("lifecircle.sheetUpload")}
          </Button>
        </Upload>
      </Flex>
      {rowErrors && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="lifecircle-sheet-errors"
          message={t("lifecircle.sheetRefused", { count: rowErrors.length })}
          description={
            <ul className="lc-sheet-errors">
              {rowErrors.map((e) => (
                <li key={`${e.row}-${e.column}-${e.message_en}`}>{label(e.message_zh, e.message_en)}</li>
              ))}
            </ul>
          }
        />
      )}
    </Card>
  );
}

export function LifecircleClosed(props: { cid: number; kinds: KindFigures[] }) {
  const { t } = useTranslation();
  const label = useBilingual();
  const list = useClosedFacilities(props.cid);
  const kindName = (code: string) => {
    const k = props.kinds.find((x) => x.code === code);
    return k ? label(k.nameZh, k.nameEn) : code;
  };
  return (
    <Card size="small" title={t("lifecircle.closedTitle")} style={{ marginTop: 16 }}>
      <Table<ClosedFacility>
        size="small"
        rowKey="id"
        data-testid="lifecircle-closed"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        locale={{ emptyText: <span className="lc-empty">{t("lifecircle.closedNone")}</span> }}
        columns={[
          { title: t("lifecircle.facilityName"), dataIndex: "name" },
          { title: t("lifecircle.kind"), render: (_, f) => kindName(f.kind) },
          { title: t("lifecircle.closedOn"), render: (_, f) => f.closedOn ?? "—" },
          { title: t("lifecircle.closedReason"), render: (_, f) => f.closedReason || "—" },
          {
            title: t("lifecircle.colSource"),
            render: (_, f) => <Tag>{t(`lifecircle.source_${f.source}`)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}

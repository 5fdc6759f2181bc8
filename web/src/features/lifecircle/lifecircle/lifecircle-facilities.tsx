// The facilities of the chosen kind (staff console, part of /staff/lifecircle): edit one staff entered
// (name, opening hours) or close any (soft: the day it closed and why); the map, the gaps and the
// coverage follow. And the kind editor: the target walk and whether the checklist requires it (the
// secretary or the district).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import {
  closeFacility,
  editFacility,
  editKind,
  type Facility,
  type KindFigures,
  useBilingual,
  useFacilities,
} from "./lifecircle-api";

export function LifecircleFacilities(props: { cid: number; kind: string; kindName: string }) {
  const { cid, kind } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useFacilities(cid);
  const [editing, setEditing] = useState<Facility | null>(null);
  const [closing, setClosing] = useState<Facility | null>(null);
  const [editForm] = Form.useForm<{ name: string; hours: string }>();
  const [closeForm] = Form.useForm<{ closedOn?: Dayjs; reason: string }>();
  const refresh = () => qc.invalidateQueries({ queryKey: ["lifecircle", cid] });
  const save = useMutation({
    mutationFn: (v: { name: string; hours: string }) =>
      editFacility(cid, (editing as Facility).id, { name: v.name, hours: v.hours ?? "" }),
    onSuccess: () => {
      void message.success(t("lifecircle.facilitySaved"));
      setEditing(null);
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  const close = useMutation({
    mutationFn: (v: { closedOn?: Dayjs; reason: string }) =>
      closeFacility(cid, (closing as Facility).id, {
        reason: v.reason ?? "",
        ...(v.closedOn ? { closedOn: v.closedOn.format("YYYY-MM-DD") } : {}),
      }),
    onSuccess: () => {
      void message.success(t("lifecircle.facilityClosed"));
      setClosing(null);
      void refresh();
    },
    onError: (e) => void message.error(describeError(e)),
  });
  // the newest first: what staff just entered is on top
  const items = (list.data?.items ?? []).filter((f) => f.kind === kind).sort((x, y) => y.id - x.id);

  return (
    <Card
      size="small"
      title={t("lifecircle.facilitiesOf", { kind: props.kindName })}
      style={{ marginTop: 16 }}
    >
      <Table<Facility>
        size="small"
        rowKey="id"
        data-testid="lifecircle-facilities"
        loading={list.isPending}
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        columns={[
          { title: t("lifecircle.facilityName"), dataIndex: "name" },
          { title: t("lifecircle.facilityHours"), render: (_, f) => f.hours || "—" },
          {
            title: t("lifecircle.colSource"),
            render: (_, f) => <Tag>{t(`lifecircle.source_${f.source}`)}</Tag>,
          },
          {
            title: t("lifecircle.colActions"),
            render: (_, f) => (
              <Space size={4}>
                {f.source !== "osm" && (
                  <Button
                    size="small"
                    onClick={() => {
                      setEditing(f);
                      editForm.setFieldsValue({ name: f.name, hours: f.hours });
                    }}
                  >
                    {t("lifecircle.edit")}
                  </Button>
                )}
                <Button
                  size="small"
                  danger
                  onClick={() => {
                    setClosing(f);
                    closeForm.resetFields();
                  }}
                  data-testid={`facility-close-${f.id}`}
                >
                  {t("lifecircle.close")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing != null}
        title={t("lifecircle.editFacility")}
        onCancel={() => setEditing(null)}
        onOk={() => editForm.submit()}
        confirmLoading={save.isPending}
        okText={t("lifecircle.save")}
        destroyOnHidden
      >
        <Form form={editForm} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Form.Item name="name" label={t("lifecircle.facilityName")} rules={[{ required: true, max: 80 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="hours" label={t("lifecircle.facilityHours")}>
            <Input maxLength={80} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={closing != null}
        title={t("lifecircle.closeFacility", { name: closing?.name ?? "" })}
        onCancel={() => setClosing(null)}
        onOk={() => closeForm.submit()}
        confirmLoading={close.isPending}
        okText={t("lifecircle.close")}
        okButtonProps={
          { danger: true, "data-testid": "facility-close-confirm" } as React.ComponentProps<typeof Button>
        }
        destroyOnHidden
      >
        <Form form={closeForm} layout="vertical" onFinish={(v) => close.mutate(v)}>
          <Form.Item name="closedOn" label={t("lifecircle.closedOn")} extra={t("lifecircle.closedOnHelp")}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="reason" label={t("lifecircle.closedReason")}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** The kind editor: target walk and whether the checklist requires the kind. */
export function KindEditor(props: { cid: number; kind: KindFigures | null; onClose: () => void }) {
  const { cid, kind } = props;
  const { t } = useTranslation();
  const label = useBilingual();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ targetMinutes: number; required: boolean }>();
  const save = useMutation({
    mutationFn: (v: { targetMinutes: number; required: boolean }) =>
      editKind(cid, (kind as KindFigures).code, v),
    onSuccess: () => {
      void message.success(t("lifecircle.kindSaved"));
      props.onClose();
      void qc.invalidateQueries({ queryKey: ["lifecircle", cid] });
    },
    onError: (e) => void message.error(describeError(e)),
  });
  return (
    <Modal
      open={kind != null}
      title={kind ? t("lifecircle.editKind", { kind: label(kind.nameZh, kind.nameEn) }) : ""}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t("lifecircle.save")}
      destroyOnHidden
    >
      {kind && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ targetMinutes: kind.targetMinutes, required: kind.required }}
          onFinish={(v) => save.mutate(v)}
        >
          <Form.Item
            name="targetMinutes"
            label={t("lifecircle.targetMinutes")}
            rules={[{ required: true, type: "integer", min: 1, max: 60 }]}
          >
            <InputNumber min={1} max={60} />
          </Form.Item>
          <Form.Item name="required" valuePropName="checked">
            <Checkbox>{t("lifecircle.requiredKind")}</Checkbox>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

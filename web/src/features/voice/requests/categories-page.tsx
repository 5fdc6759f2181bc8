// 诉求类别: a community's categories and their time limits — days to sign and to solve (working
// days, following the holiday calendar) and days for the resident to confirm.
import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import { type Category, KINDS, type Kind, useCategories } from "./requests-api";

interface Values {
  code?: string;
  nameZh: string;
  nameEn: string;
  kinds: Kind[];
  signDays: number;
  solveDays: number;
  confirmDays: number;
  sort?: number;
  active?: boolean;
  neverPublic?: boolean;
}

function CategoryModal(props: { communityId: number; category: Category | null; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const editing = props.category;
  const save = useMutation({
    mutationFn: (v: Values) =>
      editing
        ? api.patch<Category>(`/communities/${props.communityId}/categories/${editing.id}`, {
            nameZh: v.nameZh,
            nameEn: v.nameEn,
            kinds: v.kinds,
            signDays: v.signDays,
            solveDays: v.solveDays,
            confirmDays: v.confirmDays,
            sort: v.sort,
            active: v.active,
            neverPublic: v.neverPublic,
          })
        : api.post<Category>(`/communities/${props.communityId}/categories`, v),
    onSuccess: () => {
      message.success(t("categories.saved"));
      void qc.invalidateQueries({ queryKey: ["categories", props.communityId] });
      props.onClose();
    },
    onError: (err) =>
      showFieldErrors(form, err, [
        "code",
        "nameZh",
        "nameEn",
        "kinds",
        "signDays",
        "solveDays",
        "confirmDays",
        "sort",
      ]),
  });
  return (
    <Modal
      open
      title={editing ? t("categories.edit", { name: editing.nameZh }) : t("categories.add")}
      okText={t("common.confirm")}
      cancelText={t("common.cancel")}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {save.isError && <ErrorAlert error={save.error} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={
          editing ?? {
            kinds: ["problem", "need"],
            signDays: 1,
            solveDays: 5,
            confirmDays: 7,
            sort: 100,
            active: true,
            neverPublic: false,
          }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {!editing && (
          <Form.Item
            name="code"
            label={t("categories.code")}
            extra={t("categories.codeHint")}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t("categories.codeHint") }]}
          >
            <Input maxLength={40} />
          </Form.Item>
        )}
        <Space.Compact block>
          <Form.Item
            name="nameZh"
            label={t("categories.nameZh")}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={20} />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t("categories.nameEn")}
            rules={[{ required: true }]}
            style={{ flex: 1, marginInlineStart: 12 }}
          >
            <Input maxLength={60} />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="kinds"
          label={t("categories.kinds")}
          // a validator, not `required`: antd would set aria-required on the checkbox group's <div>,
          // which ARIA does not allow there (axe: aria-allowed-attr)
          rules={[
            {
              validator: (_, v: unknown[] | undefined) =>
                v && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t("staffList.chooseOne"))),
            },
          ]}
        >
          <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: label("reqKind", k) }))} />
        </Form.Item>
        <Space wrap size={16}>
          <Form.Item
            name="signDays"
            label={t("categories.signDays")}
            rules={[{ required: true }]}
            extra={t("categories.workingDays")}
          >
            <InputNumber min={0} max={60} />
          </Form.Item>
          <Form.Item
            name="solveDays"
            label={t("categories.solveDays")}
            rules={[{ required: true }]}
            extra={t("categories.workingDays")}
          >
            <InputNumber min={0} max={365} />
          </Form.Item>
          <Form.Item
            name="confirmDays"
            label={t("categories.confirmDays")}
            rules={[{ required: true }]}
            extra={t("categories.calendarDays")}
          >
            <InputNumber min={1} max={90} />
          </Form.Item>
          <Form.Item name="sort" label={t("categories.sort")}>
            <InputNumber min={0} max={100000} />
          </Form.Item>
        </Space>
        <Form.Item
          name="neverPublic"
          label={t("categories.neverPublic")}
          valuePropName="checked"
          extra={t("categories.neverPublicHint")}
        >
          <Switch data-testid="never-public-switch" />
        </Form.Item>
        {editing && (
          <Form.Item name="active" label={t("categories.active")} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

export function CategoriesPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const me = useMe();
  const { communityId } = useCommunity();
  const categories = useCategories(communityId, true);
  const canEdit = hasPermission(me.data, "requests.configure", communityId);
  const [editing, setEditing] = useState<Category | null | "new">(null);
  const columns: ColumnsType<Category> = [
    { title: t("categories.nameZh"), dataIndex: "nameZh", width: 130 },
    { title: t("categories.nameEn"), dataIndex: "nameEn" },
    {
      title: t("categories.kinds"),
      key: "kinds",
      width: 180,
      render: (_, c) => c.kinds.map((k) => <Tag key={k}>{label("reqKind", k)}</Tag>),
    },
    { title: t("categories.signDays"), dataIndex: "signDays", width: 100 },
    { title: t("categories.solveDays"), dataIndex: "solveDays", width: 100 },
    { title: t("categories.confirmDays"), dataIndex: "confirmDays", width: 100 },
    {
      title: t("categories.neverPublic"),
      key: "neverPublic",
      width: 100,
      render: (_, c) =>
        c.neverPublic ? (
          <Tag color="orange" data-testid={`never-public-${c.code}`}>
            {t("categories.neverPublicTag")}
          </Tag>
        ) : null,
    },
    {
      title: t("categories.active"),
      key: "active",
      width: 90,
      render: (_, c) =>
        c.active ? <Tag color="green">{t("categories.inUse")}</Tag> : <Tag>{t("categories.stopped")}</Tag>,
    },
    ...(canEdit
      ? [
          {
            title: t("inbox.actions"),
            key: "edit",
            width: 90,
            render: (_: unknown, c: Category) => (
              <Button size="small" onClick={() => setEditing(c)} data-testid={`edit-category-${c.code}`}>
                {t("categories.editShort")}
              </Button>
            ),
          },
        ]
      : []),
  ];
  return (
    <StaffPage
      title={t("categories.title")}
      subtitle={t("categories.subtitle")}
      testId="categories-page"
      extra={
        canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
            {t("categories.add")}
          </Button>
        )
      }
    >
      {categories.isError && <ErrorAlert error={categories.error} onRetry={() => categories.refetch()} />}
      <Table<Category>
        rowKey="id"
        columns={columns}
        dataSource={categories.data ?? []}
        loading={categories.isPending}
        pagination={false}
        scroll={{ x: 1000 }}
      />
      {editing && (
        <CategoryModal
          communityId={communityId}
          category={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </StaffPage>
  );
}

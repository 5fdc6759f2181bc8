import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Cascader, type CascaderOption, Form, Input, Result } from "antd-mobile";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useDivisions } from "../../../shared/api/divisions";
import { showFieldErrors } from "../../../shared/api/form-errors";
import { ME_KEY, useMe } from "../../../shared/api/session";
import type { Division, Relation } from "../../../shared/api/types";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { askForResidency, MY_HOUSEHOLDS_KEY } from "./me-api";

interface Values {
  area: string[];
  claimedAddress: string;
  relation: Relation[];
  name: string;
  idNumber?: string;
}

/** District → street → community, leaving out places with no community under them. */
function areaOptions(divisions: Division[]): CascaderOption[] {
  return divisions
    .map((d) => ({
      label: d.name,
      value: `d${d.id}`,
      children: d.streets
        .filter((s) => s.communities.length > 0)
        .map((s) => ({
          label: s.name,
          value: `s${s.id}`,
          children: s.communities.map((c) => ({ label: c.name, value: `c${c.id}` })),
        })),
    }))
    .filter((d) => d.children.length > 0);
}

function AreaField(props: { value?: string[]; onChange?: (v: string[]) => void; options: CascaderOption[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Cascader
      options={props.options}
      value={props.value ?? []}
      visible={open}
      title={t("bind.area")}
      onClose={() => setOpen(false)}
      onConfirm={(v) => props.onChange?.(v.map(String))}
    >
      {(items) => {
        const chosen = items.filter((i): i is CascaderOption => !!i);
        return (
          <button
            type="button"
            data-testid="area-picker"
            onClick={() => setOpen(true)}
            style={{
              all: "unset",
              display: "block",
              width: "100%",
              minHeight: 24,
              cursor: "pointer",
              color: chosen.length ? "var(--adm-color-text)" : "var(--adm-color-light)",
            }}
          >
            {chosen.length ? chosen.map((i) => i.label).join(" / ") : t("bind.areaPlaceholder")}
          </button>
        );
      }}
    </Cascader>
  );
}

/** One of owner / tenant / family, as three big buttons (one is always chosen). */
function RelationSelector(props: { value?: Relation[]; onChange?: (v: Relation[]) => void }) {
  const { t } = useTranslation();
  const chosen = props.value?.[0];
  return (
    <div data-testid="relation" style={{ display: "grid", gridTemplateColumns: "repeat(3, 1fr)", gap: 8 }}>
      {(["owner", "tenant", "family"] as const).map((r) => (
        <Button
          key={r}
          aria-pressed={chosen === r}
          color={chosen === r ? "primary" : "default"}
          fill={chosen === r ? "solid" : "outline"}
          onClick={() => props.onChange?.([r])}
          data-testid={`relation-${r}`}
        >
          {t(`relation.${r}`)}
        </Button>
      ))}
    </div>
  );
}

export function BindHouseholdPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const divisions = useDivisions();
  const [form] = Form.useForm<Values>();
  const options = useMemo(() => areaOptions(divisions.data ?? []), [divisions.data]);
  const [done, setDone] = useState<string | null>(null);

  const submit = useMutation({
    mutationFn: (v: Values) => {
      const communityId = Number(v.area[2].slice(1));
      return askForResidency({
        communityId,
        name: v.name.trim(),
        claimedAddress: v.claimedAddress.trim(),
        relation: v.relation[0],
        idNumber: v.idNumber?.trim() || undefined,
      }).then(() => communityId);
    },
    onSuccess: (communityId) => {
      const name =
        divisions.data
          ?.flatMap((d) => d.streets.flatMap((s) => s.communities))
          .find((c) => c.id === communityId)?.name ?? "";
      setDone(name);
      void qc.invalidateQueries({ queryKey: ME_KEY });
      void qc.invalidateQueries({ queryKey: MY_HOUSEHOLDS_KEY });
    },
    onError: (err) => showFieldErrors(form, err, ["claimedAddress", "name", "idNumber", "relation"]),
  });

  if (divisions.isPending) return <MobileLoading />;
  if (divisions.isError) return <MobileError error={divisions.error} onRetry={() => divisions.refetch()} />;

  if (done !== null) {
    return (
      <div className="m-card" data-testid="bind-submitted">
        <Result
          status="waiting"
          title={t("bind.submittedTitle")}
          description={t("bind.submittedText", { community: done })}
        />
        <Button
          block
          color="primary"
          size="large"
          onClick={() => navigate("/m/household")}
          data-testid="go-household"
        >
          {t("bind.viewHousehold")}
        </Button>
      </div>
    );
  }

  return (
    <div data-testid="bind-page">
      <p className="m-muted" style={{ padding: "0 4px" }}>
        {t("bind.intro")}
      </p>
      <div className="m-card" style={{ padding: 0, overflow: "hidden" }}>
        <Form
          form={form}
          layout="vertical"
          requiredMarkStyle="none"
          initialValues={{ name: me.data?.name ?? "", relation: ["owner"] }}
          onFinish={(v: Values) => submit.mutate(v)}
          footer={
            <>
              <FormError error={submit.error} />
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={submit.isPending}
                data-testid="bind-submit"
              >
                {t("bind.submit")}
              </Button>
            </>
          }
        >
          <Form.Item
            name="area"
            label={t("bind.area")}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  v && v.length === 3 ? Promise.resolve() : Promise.reject(new Error(t("bind.areaRequired"))),
              },
            ]}
          >
            <AreaField options={options} />
          </Form.Item>
          <Form.Item
            name="claimedAddress"
            label={t("bind.address")}
            rules={[{ required: true, whitespace: true, message: t("bind.addressRequired") }]}
          >
            <Input
              placeholder={t("bind.addressPlaceholder")}
              maxLength={100}
              clearable
              data-testid="claimed-address"
            />
          </Form.Item>
          <Form.Item
            name="relation"
            label={t("bind.relation")}
            rules={[
              {
                validator: (_, v: Relation[] | undefined) =>
                  v?.length ? Promise.resolve() : Promise.reject(new Error(t("bind.relationRequired"))),
              },
            ]}
          >
            <RelationSelector />
          </Form.Item>
          <Form.Item
            name="name"
            label={t("bind.name")}
            rules={[{ required: true, whitespace: true, message: t("bind.namePlaceholder") }]}
          >
            <Input placeholder={t("bind.namePlaceholder")} maxLength={40} data-testid="bind-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t("bind.idNumber")}>
            <Input placeholder={t("bind.idNumberPlaceholder")} maxLength={18} data-testid="id-number" />
          </Form.Item>
        </Form>
      </div>
    </div>
  );
}

// 分派: one tap opens the list of who must act, a second tap routes it — without opening the item.
// The property company of the estate is found by the server; a co-building unit or a department
// is picked from the community's organisations when the worker may read them.
import { DownOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Dropdown, type MenuProps } from "antd";
import { useTranslation } from "react-i18next";
import { describeError } from "../../shared/api/client";
import { hasPermission } from "../../shared/api/permissions";
import { useMe } from "../../shared/api/session";
import { useLabel } from "../../shared/i18n/labels";
import { ROUTES, type RouteTo, routeRequest, useRouteOrganisations } from "./requests-api";

const ORG_KIND: Partial<Record<RouteTo, string>> = {
  co_building_unit: "co_building_unit",
  department: "government_department",
  owners_committee: "owners_committee",
};

export function RouteMenu(props: {
  communityId: number;
  requestId: number;
  current?: RouteTo | null;
  size?: "small" | "middle" | "large";
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useMe();
  const orgs = useRouteOrganisations(
    props.communityId,
    hasPermission(me.data, "organisations.read", props.communityId),
  );
  const route = useMutation({
    mutationFn: (v: { to: RouteTo; orgId?: number }) => routeRequest(props.communityId, props.requestId, v),
    onSuccess: (_, v) => {
      message.success(t("inbox.routed", { to: label("routeTo", v.to) }));
      void qc.invalidateQueries({ queryKey: ["inbox"] });
      void qc.invalidateQueries({ queryKey: ["requests"] });
      props.onDone?.();
    },
    onError: (err) => message.error(describeError(err)),
  });

  const items: MenuProps["items"] = ROUTES.map((to) => {
    const kind = ORG_KIND[to];
    const candidates = kind ? (orgs.data ?? []).filter((o) => o.kind === kind) : [];
    const base = {
      key: to,
      label: label("routeTo", to),
      "data-testid": `route-${to}`,
      disabled: props.current === to && to !== "co_building_unit" && to !== "department",
    };
    if (to === "co_building_unit") {
      if (candidates.length === 0)
        return { ...base, disabled: true, label: `${label("routeTo", to)}（${t("inbox.noUnits")}）` };
      return {
        ...base,
        children: candidates.map((o) => ({
          key: `${to}:${o.id}`,
          label: o.name,
          "data-testid": `route-org-${o.id}`,
        })),
      };
    }
    if ((to === "department" || to === "owners_committee") && candidates.length > 0)
      return {
        ...base,
        children: [
          { key: to, label: t("inbox.anyOrg") },
          ...candidates.map((o) => ({ key: `${to}:${o.id}`, label: o.name })),
        ],
      };
    return base;
  });

  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items,
        onClick: (e) => {
          const [to, org] = e.key.split(":");
          route.mutate({ to: to as RouteTo, orgId: org ? Number(org) : undefined });
        },
      }}
    >
      <Button
        size={props.size ?? "small"}
        icon={<SendOutlined />}
        loading={route.isPending}
        data-testid="route-menu"
      >
        {t("inbox.route")} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

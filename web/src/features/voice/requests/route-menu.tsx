// 分派: one tap opens the list of who must act, a second tap routes it — without opening the item.
// The organisations come from the request's own route targets (asked when the menu opens), so a
// grid worker picks a co-building unit without reading the community's organisations; the estate's
// property company is the default of "property".
import { DownOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Dropdown, type MenuProps } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { useLabel } from "../../../shared/i18n/labels";
import { ROUTES, type RouteTo, routeRequest, useRouteTargets } from "./requests-api";

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
  const [opened, setOpened] = useState(false);
  const targets = useRouteTargets(props.communityId, props.requestId, opened);
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

  const loading = targets.isPending && opened;
  const items: MenuProps["items"] = ROUTES.map((to) => {
    const candidates = (targets.data ?? []).filter((o) => o.routeTo === to);
    const base = {
      key: to,
      label: label("routeTo", to),
      "data-testid": `route-${to}`,
      disabled: props.current === to && to !== "co_building_unit" && to !== "department",
    };
    const org = (o: (typeof candidates)[number]) => ({
      key: `${to}:${o.id}`,
      label: o.name,
      "data-testid": `route-org-${o.id}`,
    });
    if (to === "co_building_unit") {
      if (candidates.length === 0)
        return {
          ...base,
          disabled: true,
          label: `${label("routeTo", to)}（${loading ? t("common.loading") : t("inbox.noUnits")}）`,
        };
      return { ...base, children: candidates.map(org) };
    }
    // the estate's company is the default; without one, the community's companies are offered
    if (to === "property" && candidates.length > 0 && !candidates.some((o) => o.isDefault))
      return { ...base, children: candidates.map(org) };
    if ((to === "department" || to === "owners_committee") && candidates.length > 0)
      return {
        ...base,
        children: [{ key: to, label: t("inbox.anyOrg") }, ...candidates.map(org)],
      };
    return base;
  });

  return (
    <Dropdown
      trigger={["click"]}
      onOpenChange={(open) => open && setOpened(true)}
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

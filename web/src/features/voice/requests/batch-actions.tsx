// 批量签收 / 批量分派 on the selected rows of the inbox and the requests list. The server does each
// item on its own (authorised at its place, in its own transaction), so some may be refused while
// the others are done: the result says how many, and lists the refused ones with the reason.
import { CheckOutlined, DownOutlined, SendOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Dropdown, List, Modal, Popconfirm, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeError } from "../../../shared/api/client";
import { useLabel } from "../../../shared/i18n/labels";
import { type BatchResult, batchRoute, batchSign, ROUTES, type RouteTo } from "./requests-api";

// a co-building unit must be named per item (its route targets), so it is routed one by one
const BATCH_ROUTES = ROUTES.filter((r) => r !== "co_building_unit");

export function BatchActions(props: {
  communityId: number;
  ids: number[];
  /** how many of the selected are still 待签收 (for the sign button's count) */
  signable: number;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [refused, setRefused] = useState<BatchResult["results"] | null>(null);

  const after = (r: BatchResult, done: string) => {
    void qc.invalidateQueries({ queryKey: ["inbox"] });
    void qc.invalidateQueries({ queryKey: ["requests"] });
    if (r.errorCount === 0) message.success(done);
    else {
      message.warning(t("batch.partly", { ok: r.okCount, failed: r.errorCount }));
      setRefused(r.results.filter((x) => !x.ok));
    }
    props.onDone();
  };
  const sign = useMutation({
    mutationFn: () => batchSign(props.communityId, props.ids),
    onSuccess: (r) => after(r, t("batch.signedAll", { count: r.okCount })),
    onError: (err) => message.error(describeError(err)),
  });
  const route = useMutation({
    mutationFn: (to: RouteTo) => batchRoute(props.communityId, props.ids, { to }),
    onSuccess: (r) => after(r, t("batch.routedAll", { count: r.okCount })),
    onError: (err) => message.error(describeError(err)),
  });

  return (
    <>
      <Popconfirm
        title={t("batch.signConfirm", { count: props.ids.length })}
        onConfirm={() => sign.mutate()}
        okText={t("batch.sign")}
        cancelText={t("common.cancel")}
      >
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={sign.isPending}
          disabled={props.signable === 0}
          data-testid="batch-sign"
        >
          {t("batch.signCount", { count: props.signable })}
        </Button>
      </Popconfirm>
      <Dropdown
        trigger={["click"]}
        menu={{
          items: BATCH_ROUTES.map((to) => ({
            key: to,
            label: label("routeTo", to),
            "data-testid": `batch-route-${to}`,
          })),
          onClick: (e) => route.mutate(e.key as RouteTo),
        }}
      >
        <Button icon={<SendOutlined />} loading={route.isPending} data-testid="batch-route">
          {t("batch.route", { count: props.ids.length })} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={refused != null}
        title={t("batch.refusedTitle", { count: refused?.length ?? 0 })}
        onCancel={() => setRefused(null)}
        onOk={() => setRefused(null)}
        cancelButtonProps={{ style: { display: "none" } }}
        okText={t("common.close")}
      >
        <List
          size="small"
          dataSource={refused ?? []}
          data-testid="batch-refused"
          renderItem={(r) => (
            <List.Item>
              <Typography.Text strong>#{r.id}</Typography.Text>{" "}
              {i18n.language.startsWith("en") ? r.error?.message_en : r.error?.message_zh}
            </List.Item>
          )}
        />
      </Modal>
    </>
  );
}

import { Tag } from "antd-mobile";
import { useLabel } from "../../../shared/i18n/labels";
import type { Kind, Status } from "./requests-api";

const COLOR: Record<Status, string> = {
  submitted: "warning",
  signed: "primary",
  resolved: "#d46b08",
  closed: "success",
  merged: "default",
};

/** 待签收 / 办理中 / 待评价 / 已办结 / 已合并 as a coloured chip. */
export function StatusChip(props: { status: Status; testId?: string }) {
  const label = useLabel();
  return (
    <Tag
      color={COLOR[props.status]}
      className="m-chip"
      data-testid={props.testId ?? "status-chip"}
      data-status={props.status}
    >
      {label("reqStatus", props.status)}
    </Tag>
  );
}

const KIND_COLOR: Record<Kind, string> = { problem: "#cf1322", need: "#0958d9", wish: "#c41d7f" };

export function KindChip(props: { kind: Kind }) {
  const label = useLabel();
  return (
    <Tag color={KIND_COLOR[props.kind]} fill="outline" className="m-chip">
      {label("reqKind", props.kind)}
    </Tag>
  );
}

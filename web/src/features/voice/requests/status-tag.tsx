import { Tag } from "antd-mobile";
import { useLabel } from "../../../shared/i18n/labels";
import type { Kind, Status } from "./requests-api";

const COLOR: Record<Status, string> = {
  submitted: "warning",
  signed: "primary",
  resolved: "#7a4100",
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

// 7:1 and more on white: readable in the elderly mode too
const KIND_COLOR: Record<Kind, string> = { problem: "#a8071a", need: "#003eb3", wish: "#9e1068" };

export function KindChip(props: { kind: Kind }) {
  const label = useLabel();
  return (
    <Tag color={KIND_COLOR[props.kind]} fill="outline" className="m-chip">
      {label("reqKind", props.kind)}
    </Tag>
  );
}

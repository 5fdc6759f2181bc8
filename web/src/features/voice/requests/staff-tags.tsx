import { Tag } from "antd";
import { useLabel } from "../../../shared/i18n/labels";
import type { Kind, Status } from "./requests-api";

const STATUS_COLOR: Record<Status, string> = {
  submitted: "gold",
  signed: "blue",
  resolved: "orange",
  closed: "green",
  merged: "default",
};
const KIND_COLOR: Record<Kind, string> = { problem: "red", need: "geekblue", wish: "magenta" };

export function StaffStatusTag(props: { status: Status }) {
  const label = useLabel();
  return (
    <Tag color={STATUS_COLOR[props.status]} data-status={props.status}>
      {label("reqStatus", props.status)}
    </Tag>
  );
}

export function StaffKindTag(props: { kind: Kind }) {
  const label = useLabel();
  return (
    <Tag color={KIND_COLOR[props.kind]} bordered={false}>
      {label("reqKind", props.kind)}
    </Tag>
  );
}

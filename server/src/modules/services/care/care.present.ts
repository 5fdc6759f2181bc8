// Rows of the care module → API shapes. Phones masked (pii.present.ts).
import { maskPhone } from "../../core/privacy/pii.present.ts";
import type { AlertRow, CareListRow } from "./care.queries.ts";

export type CareState = "not_enrolled" | "checked_in" | "waiting" | "missed";

export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

export function careStateOf(deadline: number | null, checkedIn: boolean, nowMinutes: number): CareState {
  if (deadline == null) return "not_enrolled";
  if (checkedIn) return "checked_in";
  return nowMinutes >= deadline ? "missed" : "waiting";
}

export const placeText = (r: { building_name: string | null; room: string | null }) =>
  [r.building_name, r.room].filter(Boolean).join(" ") || "住址未登记";

export function presentCareRow(r: CareListRow) {
  const enrolled = r.deadline_minutes != null;
  return {
    residentId: r.resident_id,
    name: r.name,
    phone: maskPhone(r.phone) ?? "",
    place: placeText(r),
    careTags: r.care_tags as never[],
    lastVisitOn: r.last_visit,
    nextVisitDue: r.next_due,
    overdue: r.overdue,
    enrolled,
    deadline: enrolled ? hhmm(r.deadline_minutes!) : null,
    today: !enrolled
      ? ("not_enrolled" as const)
      : r.checked_in
        ? ("checked_in" as const)
        : r.past_deadline
          ? ("missed" as const)
          : ("waiting" as const),
    openAlertId: r.open_alert_id,
  };
}

export function presentAlert(a: AlertRow) {
  const answeredAt = a.acknowledged_at ?? a.closed_at;
  return {
    id: a.id,
    residentId: a.resident_id,
    name: a.name,
    place: placeText(a),
    day: a.day,
    raisedAt: a.raised_at,
    escalatedAt: a.escalated_at,
    acknowledgedAt: a.acknowledged_at,
    ackKind: a.ack_kind,
    closedAt: a.closed_at,
    minutesToAnswer: answeredAt
      ? Math.round((new Date(answeredAt).getTime() - new Date(a.raised_at).getTime()) / 60_000)
      : null,
  };
}

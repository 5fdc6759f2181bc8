// Canteen rows → API shapes. The resident's phone is always masked (the board needs the name and the
// address to deliver, not the number in full).
import { maskPhone } from "../../core/privacy/pii.present.ts";
import type { OrderViewRow } from "./canteen.queries.ts";

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

export function presentOrder(o: OrderViewRow, _full: boolean) {
  return {
    id: o.id,
    communityId: o.community_id,
    menuId: o.menu_id,
    day: String(o.day),
    meal: o.kind,
    dishes: Array.isArray(o.dishes) ? o.dishes.map(String) : [],
    residentId: o.resident_id,
    residentName: o.resident_name,
    phone: maskPhone(o.resident_phone),
    mode: o.mode,
    channel: o.channel,
    address: o.address,
    ruleName: o.rule_name,
    costFen: o.cost_fen,
    residentFen: o.resident_fen,
    communityFen: o.community_fen,
    discountFen: o.discount_fen,
    subsidyFen: o.subsidy_fen,
    status: o.status,
    paidHow: o.paid_how,
    paidAt: iso(o.paid_at),
    volunteerUserId: o.volunteer_user_id,
    volunteerName: o.volunteer_name,
    deliveredAt: iso(o.delivered_at),
    createdAt: iso(o.created_at)!,
  };
}

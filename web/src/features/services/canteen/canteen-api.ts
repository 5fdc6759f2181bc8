// The canteen (server/src/modules/services/canteen/canteen.schema.ts is the source of truth): the day's
// menus with the caller's price, orders, my orders and deliveries, the staff board, deliveries, the
// monthly subsidy report and the editors of the canteen, its rules and menus.
import type {
  TReport,
  ZCanteenDay,
  ZMine,
  ZOrderList,
  ZOrderResult,
  ZPlaceOrder,
  ZSetMenu,
  ZSetRules,
  ZSetupCanteen,
  ZVolunteers,
} from "@contract/services/canteen/canteen.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type CanteenDay = Reply<typeof ZCanteenDay>;
export type Menu = CanteenDay["menus"][number];
export type Order = Reply<typeof ZOrderResult>["order"];
export type OrderList = Reply<typeof ZOrderList>;
export type Report = TReport;
export type Mode = Order["mode"];
export type Meal = Order["meal"];

const C = (communityId: number) => `/communities/${communityId}/canteen`;
export const canteenKey = (communityId: number) => ["canteen", communityId] as const;

/** Today in Beijing (YYYY-MM-DD). */
export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
export const yuan = (fen: number) => (fen / 100).toFixed(2);

export function useCanteenDay(communityId: number | null, day: string, residentId?: number) {
  return useQuery({
    queryKey: [...canteenKey(communityId ?? 0), "day", day, residentId ?? null],
    queryFn: () => api.get<CanteenDay>(`${C(communityId!)}/day`, { day, residentId }),
    enabled: !!communityId,
  });
}
export const placeOrder = (communityId: number, body: Body<typeof ZPlaceOrder>) =>
  api.post<Reply<typeof ZOrderResult>>(`${C(communityId)}/orders`, body);
export const cancelOrder = (communityId: number, orderId: number) =>
  api.post<Reply<typeof ZOrderResult>>(`${C(communityId)}/orders/${orderId}/cancel`);
export const markDelivered = (communityId: number, orderId: number) =>
  api.post<Reply<typeof ZOrderResult>>(`${C(communityId)}/orders/${orderId}/delivered`);
export const recordPaid = (communityId: number, orderId: number) =>
  api.post<Reply<typeof ZOrderResult>>(`${C(communityId)}/orders/${orderId}/paid`);
export const assignDelivery = (communityId: number, orderId: number, volunteerUserId: number) =>
  api.post<Reply<typeof ZOrderResult>>(`${C(communityId)}/orders/${orderId}/assign`, { volunteerUserId });

export function useMyCanteen() {
  return useQuery({
    queryKey: ["canteen", "me"],
    queryFn: () => api.get<Reply<typeof ZMine>>("/me/canteen"),
  });
}

export interface BoardQuery {
  day: string;
  meal?: string;
  mode?: string;
  status?: string;
  q?: string;
}
export function useOrders(communityId: number, q: BoardQuery) {
  return useQuery({
    queryKey: [...canteenKey(communityId), "orders", q],
    queryFn: () => api.get<OrderList>(`${C(communityId)}/orders`, { ...q, limit: 500 }),
  });
}
export function useVolunteers(communityId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...canteenKey(communityId), "volunteers"],
    queryFn: () => api.get<Reply<typeof ZVolunteers>>(`${C(communityId)}/volunteers`),
    enabled,
  });
}
export function useReport(communityId: number, month: string) {
  return useQuery({
    queryKey: [...canteenKey(communityId), "report", month],
    queryFn: () => api.get<Report>(`${C(communityId)}/report`, { month }),
  });
}
export const reportPath = (communityId: number) => `${C(communityId)}/report`;
export const ordersExportPath = (communityId: number) => `${C(communityId)}/orders/export.xlsx`;

export const setupCanteen = (communityId: number, body: Body<typeof ZSetupCanteen>) =>
  api.put<{ id: number }>(C(communityId), body);
export const setRules = (communityId: number, body: Body<typeof ZSetRules>) =>
  api.put<{ rules: number }>(`${C(communityId)}/rules`, body);
export const setMenu = (communityId: number, body: Body<typeof ZSetMenu>) =>
  api.put<{ id: number }>(`${C(communityId)}/menus`, body);

// The points mall (server/src/modules/points/mall/mall.schema.ts is the source of truth): the shop, my
// exchanges, and the staff's items, donations, pickups and exchange days.
import type {
  ZDonations,
  ZExchangeResult,
  ZMallItem,
  ZMallItems,
  ZMallShop,
  ZMallWindow,
  ZMallWindows,
  ZMyExchanges,
  ZNewDonation,
  ZNewMallItem,
  ZNewWindow,
  ZPatchMallItem,
  ZPickupResult,
  ZStaffExchanges,
} from "@contract/points/mall/mall.schema";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type MallItem = Reply<typeof ZMallItem>;
export type Shop = Reply<typeof ZMallShop>;
export type ExchangeResult = Reply<typeof ZExchangeResult>;
export type MyExchange = Reply<typeof ZMyExchanges>["items"][number];
export type StaffExchange = Reply<typeof ZStaffExchanges>["items"][number];
export type Donation = Reply<typeof ZDonations>["items"][number];
export type MallWindow = Reply<typeof ZMallWindow>;
export type NewItem = Body<typeof ZNewMallItem>;
export type NewDonation = Body<typeof ZNewDonation>;
export type NewWindow = Body<typeof ZNewWindow>;
export type PatchItem = Body<typeof ZPatchMallItem>;

const base = (cid: number) => `/communities/${cid}/mall`;

export function useShop(cid: number | null) {
  return useQuery({
    queryKey: ["mall", cid, "shop"],
    queryFn: () => api.get<Shop>(`${base(cid!)}/shop`),
    enabled: cid != null,
  });
}

export function useMyExchanges(enabled: boolean) {
  return useQuery({
    queryKey: ["mall", "mine"],
    queryFn: () => api.get<Reply<typeof ZMyExchanges>>("/me/mall/exchanges"),
    enabled,
  });
}

export function useExchange(cid: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { itemId: number; idempotencyKey: string }) =>
      api.post<ExchangeResult>(`${base(cid)}/exchanges`, b),
    onSettled: () => qc.invalidateQueries({ queryKey: ["mall"] }),
  });
}

export function useItems(
  cid: number,
  f: { q?: string; status?: "active" | "withdrawn"; kind?: "goods" | "service" },
) {
  return useQuery({
    queryKey: ["mall", cid, "items", f],
    queryFn: () => api.get<Reply<typeof ZMallItems>>(`${base(cid)}/items`, f),
    placeholderData: keepPreviousData,
  });
}

export function useDonations(cid: number) {
  return useQuery({
    queryKey: ["mall", cid, "donations"],
    queryFn: () => api.get<Reply<typeof ZDonations>>(`${base(cid)}/donations`),
  });
}

export function useStaffExchanges(cid: number, status?: "open" | "collected" | "expired") {
  return useQuery({
    queryKey: ["mall", cid, "exchanges", status],
    queryFn: () => api.get<Reply<typeof ZStaffExchanges>>(`${base(cid)}/exchanges`, { status, limit: 200 }),
    placeholderData: keepPreviousData,
  });
}

export function useWindows(cid: number) {
  return useQuery({
    queryKey: ["mall", cid, "windows"],
    queryFn: () => api.get<Reply<typeof ZMallWindows>>(`${base(cid)}/windows`),
  });
}

export const createItem = (cid: number, b: NewItem) => api.post<MallItem>(`${base(cid)}/items`, b);
export const patchItem = (cid: number, id: number, b: PatchItem) =>
  api.patch<MallItem>(`${base(cid)}/items/${id}`, b);
export const addDonation = (cid: number, id: number, b: NewDonation) =>
  api.post<{ id: number; item: MallItem }>(`${base(cid)}/items/${id}/donations`, b);
export const pickup = (cid: number, code: string) =>
  api.post<Reply<typeof ZPickupResult>>(`${base(cid)}/pickups`, { code });
export const createWindow = (cid: number, b: NewWindow) => api.post<MallWindow>(`${base(cid)}/windows`, b);

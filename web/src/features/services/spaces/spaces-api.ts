// Spaces (server/src/modules/services/spaces/spaces.schema.ts is the source of truth): the community's
// spaces, a day of a space (bookings, free slots), booking, my bookings, cancel, rate; the staff list,
// decisions and the spaces' editor.
import type {
  ZBook,
  ZBookingList,
  ZBookingResult,
  ZCreateSpace,
  ZDecide,
  ZDecided,
  ZMine,
  ZRateBooking,
  ZSpaceDay,
  ZSpaceList,
  ZSpaceResult,
  ZUpdateSpace,
} from "@contract/services/spaces/spaces.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type Space = Reply<typeof ZSpaceList>["items"][number];
export type SpaceDay = Reply<typeof ZSpaceDay>;
export type Booking = Reply<typeof ZBookingResult>["booking"];
export type BookingList = Reply<typeof ZBookingList>;

const S = (communityId: number) => `/communities/${communityId}/spaces`;
const B = (communityId: number) => `/communities/${communityId}/space-bookings`;
export const spacesKey = (communityId: number) => ["spaces", communityId] as const;

/** Today in China (YYYY-MM-DD). */
export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
export const dayAfter = (day: string, n = 1) =>
  new Date(new Date(`${day}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);

export function useSpaces(communityId: number | null) {
  return useQuery({
    queryKey: [...spacesKey(communityId ?? 0), "list"],
    queryFn: () => api.get<Reply<typeof ZSpaceList>>(S(communityId!)),
    enabled: !!communityId,
  });
}
export function useSpaceDay(communityId: number | null, spaceId: number | null, day: string) {
  return useQuery({
    queryKey: [...spacesKey(communityId ?? 0), "day", spaceId, day],
    queryFn: () => api.get<SpaceDay>(`${S(communityId!)}/${spaceId}/day`, { day }),
    enabled: !!communityId && !!spaceId,
  });
}
export const bookSpace = (communityId: number, spaceId: number, body: Body<typeof ZBook>) =>
  api.post<Reply<typeof ZBookingResult>>(`${S(communityId)}/${spaceId}/bookings`, body);
export const cancelBooking = (communityId: number, id: number) =>
  api.post<Reply<typeof ZBookingResult>>(`${B(communityId)}/${id}/cancel`);
export const rateBooking = (communityId: number, id: number, body: Body<typeof ZRateBooking>) =>
  api.post<{ rating: string }>(`${B(communityId)}/${id}/rate`, body);

export function useMySpaces() {
  return useQuery({ queryKey: ["spaces", "me"], queryFn: () => api.get<Reply<typeof ZMine>>("/me/spaces") });
}

export interface BookingsQuery {
  spaceId?: number;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
}
export function useBookings(communityId: number, q: BookingsQuery) {
  return useQuery({
    queryKey: [...spacesKey(communityId), "bookings", q],
    queryFn: () => api.get<BookingList>(B(communityId), { ...q, limit: 500 }),
  });
}
export const bookingsExportPath = (communityId: number) => `${B(communityId)}/export.xlsx`;
export const decideBookings = (communityId: number, body: Body<typeof ZDecide>) =>
  api.post<Reply<typeof ZDecided>>(`${B(communityId)}/decide`, body);
export const createSpace = (communityId: number, body: Body<typeof ZCreateSpace>) =>
  api.post<Reply<typeof ZSpaceResult>>(S(communityId), body);
export const updateSpace = (communityId: number, spaceId: number, body: Body<typeof ZUpdateSpace>) =>
  api.patch<Reply<typeof ZSpaceResult>>(`${S(communityId)}/${spaceId}`, body);

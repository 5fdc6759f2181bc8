// The community a staff member is working on. The staff layout provides it; every console page
// reads it, so pages never guess ids.
import { createContext, useContext } from "react";

export interface CommunityOption {
  id: number;
  name: string;
  streetName: string;
  districtName: string;
}

export interface CommunityContextValue {
  communityId: number;
  community: CommunityOption;
  communities: CommunityOption[];
  setCommunityId: (id: number) => void;
}

export const CommunityContext = createContext<CommunityContextValue | null>(null);

export function useCommunity(): CommunityContextValue {
  const v = useContext(CommunityContext);
  if (!v) throw new Error("useCommunity outside the staff layout");
  return v;
}

// Places as the API shows them: the public division tree and a household in a list.
import type { DivisionRow, HouseholdListRow } from "./places.service.ts";
import { formatAddress } from "./places.service.ts";

/** District → street → community, from rows ordered by district and street. */
export function presentDivisions(rows: DivisionRow[]) {
  const districts = new Map<number, any>();
  for (const r of rows) {
    let d = districts.get(r.districtId);
    if (!d) {
      d = {
        id: r.districtId,
        code: r.districtCode,
        name: r.districtName,
        cityName: r.cityName,
        provinceName: r.provinceName,
        streets: [],
      };
      districts.set(r.districtId, d);
    }
    let s = d.streets.at(-1);
    if (!s || s.id !== r.streetId) {
      s = { id: r.streetId, code: r.streetCode, name: r.streetName, communities: [] };
      d.streets.push(s);
    }
    s.communities.push({
      id: r.communityId,
      code: r.communityCode,
      name: r.communityName,
      kind: r.communityKind,
    });
  }
  return [...districts.values()];
}

export function presentHouseholdRow(h: HouseholdListRow) {
  return {
    id: h.id,
    address: formatAddress(h),
    buildingId: h.building_id,
    unitId: h.unit_id,
    gridId: h.grid_id,
    gridName: h.gridName,
    floor: h.floor,
    room: h.room,
    areaM2: h.area_m2 == null ? null : Number(h.area_m2),
    memberCount: Number(h.memberCount),
  };
}

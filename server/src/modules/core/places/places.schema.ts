import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";

export const ZCommunityParams = z.object({ communityId: z.coerce.number().int().positive() });
export const ZHouseholdParams = ZCommunityParams.extend({ householdId: z.coerce.number().int().positive() });
export const ZBuildingParams = ZCommunityParams.extend({ buildingId: z.coerce.number().int().positive() });

export const ZDivisions = z.array(
  z.object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    cityName: z.string(),
    provinceName: z.string(),
    streets: z.array(
      z.object({
        id: z.number(),
        code: z.string().nullable(),
        name: z.string(),
        communities: z.array(
          z.object({ id: z.number(), code: z.string().nullable(), name: z.string(), kind: z.string() }),
        ),
      }),
    ),
  }),
);

export const ZTree = z.object({
  community: z.object({ id: z.number(), name: z.string(), streetName: z.string(), districtName: z.string() }),
  grids: z.array(
    z.object({ id: z.number(), name: z.string(), buildingCount: z.number(), householdCount: z.number() }),
  ),
  estates: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      propertyOrgName: z.string().nullable(),
      buildings: z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          gridId: z.number().nullable(),
          floors: z.number().nullable(),
          householdCount: z.number(),
          units: z.array(z.object({ id: z.number(), name: z.string() })),
        }),
      ),
    }),
  ),
});

const ZPlaceName = z.string().trim().min(1).max(60);
export const ZCreateGrid = z.object({ name: ZPlaceName });
export const ZCreateEstate = z.object({
  name: ZPlaceName,
  propertyOrgId: z.number().int().positive().nullable().optional(),
});
export const ZCreateBuilding = z.object({
  estateId: z.number().int().positive(),
  name: ZPlaceName,
  gridId: z.number().int().positive().nullable().optional(),
  floors: z.number().int().min(1).max(200).nullable().optional(),
});
export const ZUpdateBuilding = patchBody({
  name: ZPlaceName.optional(),
  gridId: z.number().int().positive().nullable().optional(),
});
export const ZCreateUnit = z.object({ buildingId: z.number().int().positive(), name: ZPlaceName });
export const ZCreated = z.object({ id: z.number() });

export const ZRoom = z.string().trim().min(1).max(20);
export const ZArea = z.number().positive().max(99999);
export const ZCreateHousehold = z.object({
  buildingId: z.number().int().positive(),
  unitId: z.number().int().positive().nullable().optional(),
  floor: z.number().int().min(-5).max(200).nullable().optional(),
  room: ZRoom,
  areaM2: ZArea.nullable().optional(),
});
export const ZUpdateHousehold = patchBody({
  floor: z.number().int().min(-5).max(200).nullable().optional(),
  areaM2: ZArea.nullable().optional(),
});

export const ZPage = z.object({
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export const ZHouseholdQuery = ZPage.extend({
  gridId: z.coerce.number().int().positive().optional(),
  buildingId: z.coerce.number().int().positive().optional(),
  estateId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(40).optional(),
});

export const ZHouseholdRow = z.object({
  id: z.number(),
  address: z.string(),
  buildingId: z.number(),
  unitId: z.number().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  floor: z.number().nullable(),
  room: z.string(),
  areaM2: z.number().nullable(),
  memberCount: z.number(),
});
export const ZHouseholdList = z.object({
  items: z.array(ZHouseholdRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export const ZMember = z.object({
  id: z.number(),
  name: z.string(),
  relation: z.string().nullable(),
  gender: z.string().nullable(),
  age: z.number().nullable(),
  phone: z.string().nullable().describe("masked"),
  careTags: z.array(z.string()),
});
export const ZHouseholdDetail = z.object({
  id: z.number(),
  communityId: z.number(),
  address: z.string(),
  floor: z.number().nullable(),
  room: z.string(),
  areaM2: z.number().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  estateName: z.string(),
  buildingName: z.string(),
  unitName: z.string().nullable(),
  members: z.array(ZMember),
});
export type THouseholdDetail = z.infer<typeof ZHouseholdDetail>;

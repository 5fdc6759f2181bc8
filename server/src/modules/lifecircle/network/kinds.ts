// The facility kinds of the complete community, as data: the defaults a district starts from (it may edit
// the target walking time, whether a kind is required, and add kinds) and how OpenStreetMap tags map to them.
// Targets follow GB 50180-2018 appendix B (5-minute circle ≈ 300 m: service station, canteen, activity
// space, kindergarten, nursery, elderly care, shops, waste points, parking; 10-minute ≈ 500 m: market,
// clinic, bus stop; 15-minute ≈ 800–1,000 m) and the 完整社区建设指南 (MOHURD 2021) list of required
// facilities; the 15-minute convenience-circle guide (商务部 2021) adds parcel lockers and EV charging.

export interface FacilityKind {
  code: string;
  nameZh: string;
  nameEn: string;
  /** the walk within which every home should reach one, in minutes */
  targetMinutes: number;
  /** part of the complete-community checklist */
  required: boolean;
  /** OSM tags that make a node or an area a facility of this kind: "key=value" or "key=*" */
  osm: readonly string[];
}

export const DEFAULT_KINDS: readonly FacilityKind[] = [
  {
    code: "service_station",
    nameZh: "社区综合服务站",
    nameEn: "Community service station",
    targetMinutes: 10,
    required: true,
    osm: ["amenity=townhall", "office=government"],
  },
  {
    code: "kindergarten",
    nameZh: "幼儿园",
    nameEn: "Kindergarten",
    targetMinutes: 5,
    required: true,
    osm: ["amenity=kindergarten"],
  },
  {
    code: "nursery",
    nameZh: "托儿所",
    nameEn: "Nursery (under 3)",
    targetMinutes: 5,
    required: true,
    osm: ["amenity=childcare"],
  },
  {
    code: "elderly_care",
    nameZh: "老年服务站",
    nameEn: "Elderly day care",
    targetMinutes: 5,
    required: true,
    osm: ["social_facility:for=senior", "amenity=nursing_home", "social_facility=nursing_home"],
  },
  {
    code: "canteen",
    nameZh: "社区食堂",
    nameEn: "Community canteen",
    targetMinutes: 5,
    required: true,
    osm: ["amenity=canteen", "amenity=food_court", "social_facility=soup_kitchen"],
  },
  {
    code: "clinic",
    nameZh: "社区卫生服务站",
    nameEn: "Clinic",
    targetMinutes: 10,
    required: true,
    osm: [
      "amenity=clinic",
      "amenity=doctors",
      "amenity=hospital",
      "healthcare=clinic",
      "healthcare=doctor",
      "healthcare=centre",
    ],
  },
  {
    code: "pharmacy",
    nameZh: "药店",
    nameEn: "Pharmacy",
    targetMinutes: 5,
    required: false,
    osm: ["amenity=pharmacy", "healthcare=pharmacy", "shop=chemist"],
  },
  {
    code: "convenience",
    nameZh: "便利店",
    nameEn: "Convenience store",
    targetMinutes: 5,
    required: true,
    osm: ["shop=convenience", "shop=kiosk"],
  },
  {
    code: "market",
    nameZh: "菜市场或生鲜超市",
    nameEn: "Market or fresh-food supermarket",
    targetMinutes: 10,
    required: true,
    osm: ["amenity=marketplace", "shop=supermarket", "shop=greengrocer"],
  },
  {
    code: "bus_stop",
    nameZh: "公交站",
    nameEn: "Bus stop",
    targetMinutes: 10,
    required: true,
    osm: ["highway=bus_stop", "amenity=bus_station"],
  },
  {
    code: "parking",
    nameZh: "停车场",
    nameEn: "Parking",
    targetMinutes: 5,
    required: false,
    osm: ["amenity=parking", "amenity=bicycle_parking"],
  },
  {
    code: "ev_charging",
    nameZh: "充电桩",
    nameEn: "EV charging",
    targetMinutes: 10,
    required: false,
    osm: ["amenity=charging_station"],
  },
  {
    code: "activity_space",
    nameZh: "文化活动站",
    nameEn: "Activity space",
    targetMinutes: 5,
    required: true,
    osm: ["amenity=community_centre", "amenity=social_centre", "leisure=playground"],
  },
  {
    code: "sports_ground",
    nameZh: "运动场地",
    nameEn: "Sports ground",
    targetMinutes: 10,
    required: true,
    osm: ["leisure=pitch", "leisure=sports_centre", "leisure=fitness_station", "leisure=fitness_centre"],
  },
  {
    code: "parcel_lockers",
    nameZh: "快递柜",
    nameEn: "Delivery lockers",
    targetMinutes: 5,
    required: false,
    osm: ["amenity=parcel_locker", "vending=parcel_pickup"],
  },
  {
    code: "waste_sorting",
    nameZh: "垃圾分类点",
    nameEn: "Waste sorting point",
    targetMinutes: 5,
    required: true,
    osm: ["amenity=recycling", "amenity=waste_disposal"],
  },
];

/** A matcher from OSM tags to the kinds they belong to (one feature may be several kinds). */
export function kindMatcher(kinds: readonly FacilityKind[]): (tags: Record<string, string>) => string[] {
  const exact = new Map<string, string[]>();
  const anyValue = new Map<string, string[]>();
  for (const k of kinds) {
    for (const t of k.osm) {
      const eq = t.indexOf("=");
      const key = t.slice(0, eq);
      const value = t.slice(eq + 1);
      const map = value === "*" ? anyValue : exact;
      const id = value === "*" ? key : t;
      const list = map.get(id) ?? [];
      if (!list.includes(k.code)) list.push(k.code);
      map.set(id, list);
    }
  }
  return (tags) => {
    let out: string[] | null = null;
    for (const key in tags) {
      const hit = exact.get(`${key}=${tags[key]}`) ?? anyValue.get(key);
      if (!hit) continue;
      out ??= [];
      for (const c of hit) if (!out.includes(c)) out.push(c);
    }
    return out ?? [];
  };
}

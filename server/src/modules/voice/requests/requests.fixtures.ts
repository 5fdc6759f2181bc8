// Test helpers for resident voice: images made with sharp (one with an EXIF GPS position), multipart
// bodies built with the platform's FormData, and a world of actors around createWorld().
import sharp from "sharp";
import {
  createResidentUser,
  createUser,
  createWorld,
  grant,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";

export type World = Awaited<ReturnType<typeof createWorld>>;

/** A small JPEG carrying a camera make and a GPS position (Wuhan) in its EXIF. */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "LinliTestCam" },
      // IFD3 is the GPS directory in libvips' naming
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "30/1 35/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "114/1 18/1 0/1",
      },
    })
    .toBuffer();
}

export const png = () =>
  sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 128, b: 255, alpha: 1 } } })
    .png()
    .toBuffer();
export const gif = () =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 0, b: 0 } } })
    .gif()
    .toBuffer();

/** True when an EXIF block with a GPS directory pointer (tag 0x8825) is present. */
export async function hasGps(bytes: Buffer | Uint8Array): Promise<boolean> {
  const exif = (await sharp(Buffer.from(bytes)).metadata()).exif;
  if (!exif) return false;
  return exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));
}

export interface FilePart {
  name?: string;
  filename: string;
  type?: string;
  bytes: Buffer;
}

/** A multipart/form-data body: the JSON `data` field and files (default field name `photos`). */
export async function multipart(data: unknown, files: FilePart[] = []) {
  const fd = new FormData();
  if (data !== undefined) fd.append("data", typeof data === "string" ? data : JSON.stringify(data));
  for (const f of files)
    fd.append(
      f.name ?? "photos",
      new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "image/jpeg" }),
      f.filename,
    );
  const req = new Request("http://localhost/", { method: "POST", body: fd });
  return {
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { "content-type": req.headers.get("content-type")! },
  };
}

export interface Person {
  id: number;
  cookie: string;
}

async function staffMember(
  t: TestApp,
  name: string,
  role: Parameters<typeof grant>[2],
  scopeType: Parameters<typeof grant>[3],
  scopeId: number | null,
  scopeCommunityId: number | null = null,
): Promise<Person> {
  const u = await createUser(t.db, name);
  await grant(t.db, u.id, role, scopeType, scopeId, scopeCommunityId);
  return { id: u.id, cookie: await sessionCookie(t, u.id) };
}

/**
 * Community A of createWorld with: residents in households 0 and 1 (grid 1) and 2 (grid 2), grid
 * workers of both grids, a building head of building 1, a community worker and secretary, the
 * property company's staff, a co-building unit with its representative, a street official and a
 * system admin.
 */
export async function voiceWorld(t: TestApp) {
  const w = await createWorld(t.db);
  const a = w.a;
  const resident = async (i: number, name: string) => {
    const r = await createResidentUser(t.db, a.id, a.households[i]!.id, name);
    return { ...r, householdId: a.households[i]!.id, cookie: await sessionCookie(t, r.id) };
  };
  const unit = await t.db
    .insertInto("organisation")
    .values({ kind: "co_building_unit", name: "区法院", home_community_id: a.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  const otherUnit = await t.db
    .insertInto("organisation")
    .values({ kind: "co_building_unit", name: "电视台", home_community_id: a.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return {
    w,
    a,
    A: `/api/communities/${a.id}`,
    unitId: unit.id,
    otherUnitId: otherUnit.id,
    r0: await resident(0, "王阿姨"),
    r1: await resident(1, "李师傅"),
    r2: await resident(2, "张大爷"),
    gw1: await staffMember(t, "网格员一", "grid_worker", "grid", a.grids[0]!, a.id),
    gw2: await staffMember(t, "网格员二", "grid_worker", "grid", a.grids[1]!, a.id),
    head: await staffMember(t, "楼栋长", "building_head", "building", a.buildings[0]!.id, a.id),
    worker: await staffMember(t, "社区干部", "community_worker", "community", a.id),
    secretary: await staffMember(t, "社区书记", "community_secretary", "community", a.id),
    property: await staffMember(t, "物业客服", "property_staff", "organisation", a.propertyOrgId),
    unitRep: await staffMember(t, "法院联络人", "unit_representative", "organisation", unit.id),
    otherUnitRep: await staffMember(t, "电视台联络人", "unit_representative", "organisation", otherUnit.id),
    street: await staffMember(t, "街道干部", "street_official", "street", w.streetA),
    admin: await staffMember(t, "系统管理员", "system_admin", "global", null),
  };
}
export type VoiceWorld = Awaited<ReturnType<typeof voiceWorld>>;

/** Calls the API with a session cookie (or none) and a JSON body. */
export function api(
  t: TestApp,
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  cookie?: string | null,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url,
    payload: payload as any,
    headers: cookie ? { cookie } : {},
  });
}

/** Submits through the API (JSON) and returns the new request's id; fails the test on an error. */
export async function submit(
  t: TestApp,
  A: string,
  cookie: string,
  body: Record<string, unknown>,
): Promise<number> {
  const res = await api(t, "POST", `${A}/requests`, cookie, {
    kind: "problem",
    categoryCode: "environment",
    title: "楼道灯不亮",
    place: { type: "household" },
    ...body,
  });
  if (res.statusCode !== 200) throw new Error(`submit failed: ${res.statusCode} ${res.body}`);
  return res.json().id as number;
}

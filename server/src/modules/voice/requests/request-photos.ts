// Photos of a request: checked by their content (not their name or declared type), decoded in full
// so that a truncated or corrupt file is refused, and re-encoded without metadata — which removes
// the EXIF GPS position — unless the resident chose to keep the location (then the original bytes
// are stored as sent).
import { createHash } from "node:crypto";
import sharp from "sharp";
import { AppError } from "../../../errors.ts";

export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Larger images are refused before decoding (a "decompression bomb" is small on disk). */
const MAX_PIXELS = 50_000_000;

const MIME = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" } as const;
type Format = keyof typeof MIME;

export interface PhotoUpload {
  bytes: Buffer;
  /** What the client called it, for error messages only. */
  filename?: string | undefined;
}

export interface CheckedPhoto {
  mime: (typeof MIME)[Format];
  bytes: Buffer;
  byteSize: number;
  sha256: string;
}

function unsupported(name: string, what: string): AppError {
  return new AppError("UNSUPPORTED_FILE", {
    zh: `照片“${name}”不是 JPEG、PNG 或 WebP 图片（${what}）`,
    en: `The photo "${name}" is not a JPEG, PNG or WebP image (${what})`,
    details: [{ field: "photos", message: what }],
  });
}

export function tooManyPhotos(): AppError {
  return new AppError("TOO_LARGE", {
    zh: `最多上传 ${MAX_PHOTOS} 张照片`,
    en: `Upload at most ${MAX_PHOTOS} photos`,
    details: [{ field: "photos", message: "too many files" }],
  });
}

export function photoTooLarge(name: string): AppError {
  return new AppError("TOO_LARGE", {
    zh: `照片“${name}”超过 5 MB`,
    en: `The photo "${name}" is larger than 5 MB`,
    details: [{ field: "photos", message: "larger than 5 MB" }],
  });
}

/** Checks one photo and returns what to store. Throws 415 for anything that is not a sound image. */
export async function checkPhoto(
  upload: PhotoUpload,
  keepLocation: boolean,
  index = 0,
): Promise<CheckedPhoto> {
  const name = upload.filename || `#${index + 1}`;
  if (upload.bytes.length === 0) throw unsupported(name, "empty file");
  if (upload.bytes.length > MAX_PHOTO_BYTES) throw photoTooLarge(name);
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await sharp(upload.bytes, { limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0) * (meta.pages ?? 1);
  } catch {
    throw unsupported(name, "not an image");
  }
  if (!format || !(format in MIME)) throw unsupported(name, `format ${format ?? "unknown"}`);
  if (pixels > MAX_PIXELS) {
    throw new AppError("TOO_LARGE", {
      zh: `照片“${name}”像素过多（上限 5000 万像素）`,
      en: `The photo "${name}" has too many pixels (at most 50 megapixels)`,
      details: [{ field: "photos", message: "too many pixels" }],
    });
  }
  const f = format as Format;
  let encoded: Buffer;
  try {
    // failOn "warning": a truncated or corrupt file fails here instead of being stored half-decoded.
    // rotate() applies the EXIF orientation before the metadata (with it) is dropped.
    const img = sharp(upload.bytes, { failOn: "warning", limitInputPixels: MAX_PIXELS }).rotate();
    encoded =
      f === "jpeg"
        ? await img.jpeg({ quality: 85, mozjpeg: true }).toBuffer()
        : f === "png"
          ? await img.png().toBuffer()
          : await img.webp({ quality: 85 }).toBuffer();
  } catch {
    throw unsupported(name, "damaged or incomplete image");
  }
  const bytes = keepLocation ? upload.bytes : encoded;
  return {
    mime: MIME[f],
    bytes,
    byteSize: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

export async function checkPhotos(uploads: PhotoUpload[], keepLocation: boolean): Promise<CheckedPhoto[]> {
  if (uploads.length > MAX_PHOTOS) throw tooManyPhotos();
  const out: CheckedPhoto[] = [];
  // one at a time: decoding several large photos at once would multiply the memory a request takes
  for (const [i, u] of uploads.entries()) out.push(await checkPhoto(u, keepLocation, i));
  return out;
}

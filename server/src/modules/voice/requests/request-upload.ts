// A request body that may come as JSON, or as multipart/form-data with the same JSON in the field
// `data` and up to 9 photos in the file field `photos` (5 MB each). The multipart limits are set per
// request here, tighter than the app-wide ones.
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { AppError, ERRORS } from "../../../errors.ts";
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  type PhotoUpload,
  photoTooLarge,
  tooManyPhotos,
} from "./request-photos.ts";

export function validationError(error: z.ZodError): AppError {
  const details = error.issues.map((i) => ({ field: i.path.join(".") || "body", message: i.message }));
  const fields = details.map((d) => `${d.field} (${d.message})`).join("; ");
  return new AppError("VALIDATION", {
    zh: `${ERRORS.VALIDATION.zh}：${fields}`,
    en: `${ERRORS.VALIDATION.en}: ${fields}`,
    details,
  });
}

const photosByRequest = new WeakMap<FastifyRequest, PhotoUpload[]>();

/** The photos a multipart request carried (none for JSON). */
export function uploadedPhotos(req: FastifyRequest): PhotoUpload[] {
  return photosByRequest.get(req) ?? [];
}

/**
 * preValidation hook: turns a multipart request into its JSON body (the field `data`, or the plain
 * fields) and keeps the photos aside, so that the route's zod body schema validates both kinds of
 * request alike. Runs after the access check, so nobody uploads photos before signing in.
 */
export async function multipartBody(req: FastifyRequest): Promise<void> {
  if (!req.isMultipart()) return;
  const fields: Record<string, unknown> = {};
  const photos: PhotoUpload[] = [];
  let lastName = "";
  try {
    for await (const part of req.parts({
      limits: { files: MAX_PHOTOS, fileSize: MAX_PHOTO_BYTES, fields: 20, fieldSize: 256 * 1024 },
    })) {
      if (part.type === "file") {
        lastName = part.filename;
        if (part.fieldname !== "photos") {
          await part.toBuffer().catch(() => undefined);
          throw new AppError("VALIDATION", {
            zh: "照片请放在字段 photos 中上传",
            en: "Upload photos in the field named photos",
            details: [{ field: part.fieldname, message: "unexpected file field" }],
          });
        }
        photos.push({ bytes: await part.toBuffer(), filename: part.filename });
      } else fields[part.fieldname] = part.value;
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "FST_FILES_LIMIT") throw tooManyPhotos();
    if (code === "FST_REQ_FILE_TOO_LARGE") throw photoTooLarge(lastName || `#${photos.length + 1}`);
    if (e instanceof AppError || (e as { statusCode?: number }).statusCode) throw e;
    // the parser's own errors (a body cut short, a part without a name) carry no status: the
    // upload is the caller's mistake, not a server fault
    throw new AppError("VALIDATION", {
      zh: "上传的内容不完整或格式不正确",
      en: "The upload is incomplete or malformed",
      details: [{ field: "body", message: (e as Error).message }],
    });
  }
  let body: unknown = fields;
  if (fields.data !== undefined) {
    if (typeof fields.data === "string") {
      try {
        body = JSON.parse(fields.data);
      } catch {
        throw new AppError("VALIDATION", {
          zh: "字段 data 不是有效的 JSON",
          en: "The field data is not valid JSON",
          details: [{ field: "data", message: "invalid JSON" }],
        });
      }
    } else body = fields.data;
  }
  req.body = body;
  photosByRequest.set(req, photos);
}

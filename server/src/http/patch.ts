import { z } from "zod";

// A PATCH whose body names nothing to change (`{}`, or only keys the schema strips) once reached the
// database as `UPDATE … SET WHERE` and answered 500. Every PATCH body is built here, and app.ts
// refuses to start when a PATCH route's body was not, so that class of fault cannot come back.
const patchBodies = new WeakSet<object>();

export const NOTHING_TO_CHANGE = "至少修改一项 (change at least one field)";

/** The body of a PATCH route: the fields that may change, of which at least one must be given. */
export function patchBody<T extends z.ZodRawShape>(shape: T) {
  const schema = z
    .object(shape)
    .refine((v) => Object.values(v).some((x) => x !== undefined), { message: NOTHING_TO_CHANGE });
  patchBodies.add(schema);
  return schema;
}

export const isPatchBody = (schema: unknown): boolean =>
  typeof schema === "object" && schema !== null && patchBodies.has(schema);

import { ApiError } from "./client";

/**
 * Show the server's field errors (`details: [{field, message}]`) beside the fields of an antd or
 * antd-mobile form. Returns true when at least one error landed on a field the form has.
 */
export function showFieldErrors<N extends string>(
  form: { setFields: (fields: { name: N; errors: string[] }[]) => void },
  err: unknown,
  fields: readonly N[],
): boolean {
  if (!(err instanceof ApiError)) return false;
  const byField = new Map<N, string[]>();
  for (const f of err.fieldErrors) {
    const name = fields.find((n) => n === f.field);
    if (name) byField.set(name, [...(byField.get(name) ?? []), f.message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return true;
}

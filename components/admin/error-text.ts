import type { AppError } from "@/lib/errors";

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Words an error; a role code in its params (三员 refusals name the role held) is worded too. */
export function errorText(t: Translate, error: AppError): string {
  const params = { ...error.params };
  if (typeof params.held === "string") params.held = t(`common.roles.${params.held}`);
  return t(error.code, params);
}

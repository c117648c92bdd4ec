import type { z } from "zod";

/**
 * Expected failures are returned, never thrown: a thrown error is a bug and becomes a logged 500.
 * Codes are `area.reason`; the UI and the API translate them through lib/i18n, so lib never returns prose.
 */
export type ErrorCode = `${string}.${string}`;

export interface AppError {
  code: ErrorCode;
  /** Field-level problems, keyed by the input path ("lines.0.debit"). Values are error codes. */
  fields?: Record<string, ErrorCode>;
  /** Values interpolated into the translated message. */
  params?: Record<string, string | number>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (
  code: ErrorCode,
  params?: AppError["params"],
  fields?: AppError["fields"],
): { ok: false; error: AppError } => ({ ok: false, error: { code, ...(params ? { params } : {}), ...(fields ? { fields } : {}) } });

/**
 * What a field's reader is told. zod reports an absent value, a word in a number field and a fraction where
 * a whole number belongs all as `invalid_type`, which reads "wrong format" beside a field left blank; its
 * message names what arrived ("received undefined" only for a value that is not there at all). A blank
 * text where one character is the least is required too, not "too short".
 */
function fieldCode(issue: z.core.$ZodIssue): ErrorCode {
  if (issue.code === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1) return "validation.required";
  if (issue.code === "invalid_type") {
    if (issue.message.endsWith("received undefined")) return "validation.required";
    if (issue.expected === "int") return "validation.not_an_integer";
    if (issue.expected === "number") return "validation.not_a_number";
  }
  return `validation.${issue.code}`;
}

/** Turns a zod failure into a validation error whose fields name each bad path. */
export function invalid(error: z.ZodError): { ok: false; error: AppError } {
  const fields: Record<string, ErrorCode> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_";
    fields[path] ??= fieldCode(issue);
  }
  return fail("validation.invalid_input", undefined, fields);
}

/**
 * The value of a result that must succeed, for scripted work with no one to answer (seeding the demo):
 * a failure there is a broken setup, thrown with what was being done and the code.
 */
export function orThrow<T>(result: Result<T>, doing: string): T {
  if (!result.ok) throw new Error(`${doing}: ${result.error.code}`);
  return result.value;
}

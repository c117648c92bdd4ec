import "server-only";
import { NextResponse } from "next/server";
import type { AppError, Result } from "@/lib/errors";
import { type Locale, DEFAULT_LOCALE } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";

// The one table from error code to HTTP status. Codes not listed are a 400 (the caller's input).
const STATUS: [RegExp, number][] = [
  [/^auth\.unauthenticated$/, 401],
  [/^oa\.(bad_signature|expired|replayed|decrypt_failed|wrong_receiver)$/, 401],
  [/^oa\.user_not_mapped$/, 403],
  [/^auth\.(forbidden|bad_api_key)$/, 403],
  [/^import\.api_key_invalid$/, 403],
  [/\.not_found$|_not_found$/, 404],
  [/_taken$|\.conflict|_conflict$|already_/, 409],
  [/^validation\./, 422],
  [/too_large$/, 413],
];

export const statusFor = (code: string) => STATUS.find(([re]) => re.test(code))?.[1] ?? 400;

function localeOf(req?: Request): Locale {
  const accept = req?.headers.get("accept-language") ?? "";
  return /^en\b/i.test(accept) ? "en" : DEFAULT_LOCALE;
}

/** A JSON error body with the code (for programs) and the message (for people), never internals. */
export function errorResponse(error: AppError, req?: Request, status = statusFor(error.code)) {
  return NextResponse.json(
    { error: { ...error, message: formatMessage(localeOf(req), error.code, error.params) } },
    { status },
  );
}

export function toResponse<T>(result: Result<T>, req?: Request, successStatus = 200) {
  return result.ok ? NextResponse.json(result.value, { status: successStatus }) : errorResponse(result.error, req);
}

export const unauthorized = (req?: Request) => errorResponse({ code: "auth.unauthenticated" }, req, 401);
export const forbiddenJson = (req?: Request) => errorResponse({ code: "auth.forbidden" }, req, 403);

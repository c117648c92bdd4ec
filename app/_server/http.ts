import "server-only";
import { NextResponse } from "next/server";
import type { AppError, Result } from "@/lib/errors";
import { statusFor } from "@/lib/http/status";
import { type Locale, DEFAULT_LOCALE } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";


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

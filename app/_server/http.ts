import "server-only";
import { NextResponse } from "next/server";
import type { AppError, Result } from "@/lib/errors";
import { statusFor } from "@/lib/http/status";
import { getEmbedContext } from "@/app/embed/_server/embed-session";
import { type Locale, DEFAULT_LOCALE } from "@/lib/i18n/config";
import { formatMessage } from "@/lib/i18n/load-messages";
import { apiLocale } from "@/lib/i18n/request-locale";
import { getActor } from "./context";
import { COMMAND_MAX_BYTES } from "./read-limited";

/** The reader's language for a route's words: see `apiLocale`. */
export function localeOf(req?: Request): Promise<Locale> {
  if (!req) return Promise.resolve(DEFAULT_LOCALE);
  // The frame session's cookie is sent under /embed only: elsewhere there is no embedded user to ask.
  const embedded = new URL(req.url).pathname.startsWith("/embed/");
  return apiLocale(req.headers, {
    ...(embedded ? { embedAccount: async () => (await getEmbedContext())?.actor.locale } : {}),
    sessionAccount: async () => (await getActor())?.locale,
  });
}

/** A JSON error body with the code (for programs) and the message (for people), never internals. */
export async function errorResponse(error: AppError, req?: Request, status = statusFor(error.code)) {
  return NextResponse.json(
    { error: { ...error, message: formatMessage(await localeOf(req), error.code, error.params) } },
    { status },
  );
}

export async function toResponse<T>(result: Result<T>, req?: Request, successStatus = 200) {
  return result.ok ? NextResponse.json(result.value, { status: successStatus }) : errorResponse(result.error, req);
}

export const unauthorized = (req?: Request) => errorResponse({ code: "auth.unauthenticated" }, req, 401);
export const forbiddenJson = (req?: Request) => errorResponse({ code: "auth.forbidden" }, req, 403);
export const bodyTooLarge = (maxBytes: number, req?: Request) => errorResponse(bodyTooLargeError(maxBytes), req);
export const bodyTooLargeError = (maxBytes: number) => ({ code: "request.body_too_large", params: { maxKiB: Math.floor(maxBytes / 1024) } }) as const;
export const commandTooLarge = (req?: Request) => bodyTooLarge(COMMAND_MAX_BYTES, req);

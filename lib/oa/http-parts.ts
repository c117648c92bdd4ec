import { createHash, timingSafeEqual } from "node:crypto";
import { fail, ok, type Result } from "@/lib/errors";
import type { OutboundRequest } from "./types";

/** Window in which a signed timestamp is accepted, in either direction (clock skew). */
export const CALLBACK_WINDOW_MS = 5 * 60 * 1000;

/** Vendors' callbacks are a few kilobytes; the body has to be read before its signature can be checked. */
export const CALLBACK_MAX_BYTES = 1024 * 1024;

/** The refusal of a callback body over CALLBACK_MAX_BYTES, which the route stops reading at. */
export const callbackTooLarge = () => fail("oa.body_too_large", { maxKiB: CALLBACK_MAX_BYTES / 1024 });

/** HTTP header names are case-insensitive (RFC 9110 §5.1); routes hand them over as received. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The first of `names` present in the query; vendors spell some parameters two ways. */
export function queryValue(url: string, ...names: string[]): string | undefined {
  const params = new URL(url, "http://callback.invalid").searchParams;
  for (const name of names) {
    const value = params.get(name);
    if (value !== null) return value;
  }
  return undefined;
}

export function checkWindow(sentAtMs: number, now: Date): Result<null> {
  return Math.abs(now.getTime() - sentAtMs) <= CALLBACK_WINDOW_MS ? ok(null) : fail("oa.expired");
}

/** Constant-time, so a forger cannot learn a signature byte by byte from response timing. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** Stable event id for vendors that send none: the same decrypted body always maps to the same id. */
export function bodyDigest(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function joinUrl(baseUrl: string, path: string, query?: Record<string, string>): string {
  const url = `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
  return query ? `${url}?${new URLSearchParams(query).toString()}` : url;
}

export function jsonPost(url: string, body: unknown, headers: Record<string, string> = {}): OutboundRequest {
  return {
    method: "POST",
    url,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(body),
  };
}

export function jsonReply(body: unknown): { status: number; headers: Record<string, string>; body: string } {
  return { status: 200, headers: { "Content-Type": "application/json; charset=utf-8" }, body: JSON.stringify(body) };
}

export function textReply(body: string): { status: number; headers: Record<string, string>; body: string } {
  return { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" }, body };
}

/** Unix milliseconds or seconds as sent by a vendor, to ISO 8601 UTC. */
export function epochToIso(value: string | number, unit: "s" | "ms"): string | undefined {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return new Date(unit === "s" ? n * 1000 : n).toISOString();
}

/**
 * Weaver and Seeyon store to-do times as zone-less `yyyy-MM-dd HH:mm:ss` wall-clock text shown to
 * users as is, so Acta's UTC instants are shifted to the OA server's offset (China: +08:00).
 */
export function toOaWallClock(instant: Date, utcOffsetMinutes: number): string {
  const shifted = new Date(instant.getTime() + utcOffsetMinutes * 60_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}`;
}

/**
 * Shared reading of a vendor reply: a body that is not JSON is `oa.bad_response`; the vendor's
 * own error code and message are kept as params so an admin can look them up in the vendor docs.
 */
export function parseVendorJson(status: number, body: string): Result<Record<string, unknown>> {
  const parsed = parseJson(body);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return status >= 200 && status < 300
      ? fail("oa.bad_response", { status })
      : vendorError(`http_${status}`, body.slice(0, 200));
  }
  return ok(parsed as Record<string, unknown>);
}

export function vendorError(vendorCode: string | number, vendorMessage: unknown) {
  return fail("oa.vendor_error", {
    vendorCode: String(vendorCode),
    vendorMessage: typeof vendorMessage === "string" ? vendorMessage : "",
  });
}

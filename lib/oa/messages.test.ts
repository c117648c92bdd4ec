import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const messagesDir = path.resolve(import.meta.dirname, "../i18n/messages");

/** Every `oa.*` code the OA layer can return, read from its sources so a new code cannot ship untranslated. */
function returnedCodes(): string[] {
  const sources = readdirSync(import.meta.dirname, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.includes("__fixtures__"))
    .map((file) => readFileSync(path.join(import.meta.dirname, file), "utf8"));
  const codes = sources.flatMap((text) => [...text.matchAll(/"oa\.([a-z_]+)"/g)].map((match) => match[1] ?? ""));
  return [...new Set(codes)].sort();
}

describe("OA messages", () => {
  it.each(["zh-CN", "en"])("has a %s message for every returned code", (locale) => {
    const messages = (JSON.parse(readFileSync(path.join(messagesDir, locale, "oa.json"), "utf8")) as { oa: Record<string, string> }).oa;
    const codes = returnedCodes();
    expect(codes).toContain("vendor_error");
    expect(Object.keys(messages).sort()).toEqual(codes);
  });
});

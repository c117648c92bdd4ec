import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config";
import { formatMessage } from "./load-messages";

const root = path.resolve(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.parentPath.includes("__fixtures__"))
    .map((e) => path.join(e.parentPath, e.name));
}

// Every code a service fails with reaches a person (the UI) or a program (the API's `message`) as words;
// the literal codes in lib/ and app/ are the ones that can.
const codes = [
  ...new Set(
    ["lib", "app"]
      .flatMap(sources)
      .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\bfail\("([a-z_]+\.[a-z_]+)"/g)].map((m) => m[1]!)),
  ),
].sort();

describe("error codes", () => {
  it("are found in the sources (the scan works)", () => {
    expect(codes).toEqual(expect.arrayContaining(["auth.forbidden", "decimal.invalid", "erp.file_too_large"]));
  });

  it.each(LOCALES)("each have a message in %s", (locale) => {
    expect(codes.filter((code) => formatMessage(locale, code) === code)).toEqual([]);
  });
});

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const lib = path.resolve(import.meta.dirname, "../..");

/** Every `<area>.*` code returned from the given folders' sources, so a new code cannot ship untranslated. */
function returnedCodes(area: string, folders: string[]): string[] {
  const codes = folders.flatMap((folder) =>
    readdirSync(path.join(lib, folder), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.includes("__fixtures__"))
      .flatMap((file) => [...readFileSync(path.join(lib, folder, file), "utf8").matchAll(new RegExp(`"${area}\\.([a-z_]+)"`, "g"))].map((m) => m[1] ?? "")),
  );
  return [...new Set(codes)].sort();
}

describe.each([
  ["package", ["erp/package", "files"], "unsafe_path"],
  ["einvoice", ["einvoice"], "no_invoice_data"],
])("%s messages", (area, folders, known) => {
  it.each(["zh-CN", "en"])("has a %s message for every returned code", (locale) => {
    const file = path.join(lib, "i18n", "messages", locale, `${area}.json`);
    const messages = (JSON.parse(readFileSync(file, "utf8")) as Record<string, Record<string, string>>)[area] ?? {};
    const codes = returnedCodes(area, folders);
    expect(codes).toContain(known);
    expect(Object.keys(messages).sort()).toEqual(codes);
  });
});
